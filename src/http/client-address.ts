import { BlockList, isIP } from 'node:net';

/**
 * The client's address for rate limits and logs. Behind a reverse proxy every
 * peer address is the proxy's, so a whole deployment would share one limit;
 * `X-Forwarded-For` fixes that but is a header anyone can send. It is read only
 * when the peer is a configured proxy (`TRUST_PROXY`), and then from the right:
 * the first address that is not a trusted proxy is the client (the proxies
 * append; whatever the client wrote sits further left and is ignored).
 */
export type AddressResolver = (peer: string | undefined, forwardedFor: string | undefined) => string;

const unmap = (a: string) => (a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a);

export function parseTrustedProxies(value: string | undefined): { ok: true; list: BlockList; empty: boolean } | { ok: false; bad: string } {
  const list = new BlockList();
  const parts = (value ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  for (const part of parts) {
    if (part === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [addr, bits, extra] = part.split('/');
    const kind = addr ? isIP(addr) : 0;
    if (!addr || kind === 0 || extra !== undefined) return { ok: false, bad: part };
    const type = kind === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(addr, type);
    else {
      const n = Number(bits);
      if (!/^\d+$/.test(bits) || n > (kind === 4 ? 32 : 128)) return { ok: false, bad: part };
      list.addSubnet(addr, n, type);
    }
  }
  return { ok: true, list, empty: parts.length === 0 };
}

export function createAddressResolver(trustProxy: string | undefined): AddressResolver {
  const parsed = parseTrustedProxies(trustProxy);
  if (!parsed.ok) throw new Error(`TRUST_PROXY: not an address or range: ${parsed.bad}`);
  const trusted = (a: string) => {
    const kind = isIP(a);
    return kind !== 0 && parsed.list.check(a, kind === 4 ? 'ipv4' : 'ipv6');
  };
  return (rawPeer, forwardedFor) => {
    const peer = rawPeer ? unmap(rawPeer) : 'unknown';
    if (parsed.empty || !trusted(peer) || !forwardedFor) return peer;
    const hops = forwardedFor.split(',').map((h) => unmap(h.trim())).filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!;
      if (isIP(hop) === 0) return peer; // a malformed chain: fall back to the proxy's own address
      if (!trusted(hop)) return hop;
    }
    return hops[0] ?? peer;
  };
}
