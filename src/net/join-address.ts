import type { NetworkInterfaceInfo } from 'node:os';

/**
 * The address phones use to join. On a bridge-point laptop the teacher's browser
 * says `localhost`, which no phone can open; when PUBLIC_URL is unset and the
 * server listens on every interface, the join address is built from the laptop's
 * own network addresses instead. Pure: the caller passes `os.networkInterfaces()`.
 */

export interface LanAddress {
  address: string;
  /** Interface name (`wlan0`, `Wi-Fi`, `en0`…), shown to the host to choose from. */
  interface: string;
}

export interface JoinBase {
  /** `http://192.168.1.23:3000`: no trailing slash. */
  url: string;
  /** Interface name, or `PUBLIC_URL` / `HOST` when the address was configured. */
  source: string;
}

/** Interfaces of virtual machines, containers and VPNs: phones on the hall's Wi-Fi cannot reach them. */
const VIRTUAL = /^(docker|br-|veth|virbr|vboxnet|vmnet|lxc|lxd|cni|flannel|podman|tun|tap|utun|wg|tailscale|zt|ham|vethernet|vEthernet)/i;

/** RFC 1918 private ranges: what a school router hands out. */
export function isPrivateIPv4(a: string): boolean {
  const p = a.split('.').map(Number);
  if (p.length !== 4 || p.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return false;
  return p[0] === 10 || (p[0] === 172 && p[1]! >= 16 && p[1]! <= 31) || (p[0] === 192 && p[1] === 168);
}

function rank(a: LanAddress): number {
  const virtual = VIRTUAL.test(a.interface);
  const priv = isPrivateIPv4(a.address);
  // Private addresses on real interfaces first (the hall's Wi-Fi), then other real ones, virtual ones last.
  return (virtual ? 2 : 0) + (priv ? 0 : 1);
}

/**
 * IPv4 addresses other devices may reach, best first: no loopback, no link-local
 * (169.254.x.x: no DHCP answered), private ranges on real interfaces before
 * virtual ones. IPv6 is left out: phones type and scan IPv4 addresses.
 */
export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): LanAddress[] {
  const out: LanAddress[] = [];
  for (const [name, list] of Object.entries(interfaces)) {
    for (const info of list ?? []) {
      const family = String(info.family);
      if (family !== 'IPv4' && family !== '4') continue;
      if (info.internal || info.address.startsWith('127.') || info.address.startsWith('169.254.')) continue;
      if (out.some((o) => o.address === info.address)) continue;
      out.push({ address: info.address, interface: name });
    }
  }
  // Stable: equal ranks keep the system's interface order.
  return out.map((a, i) => ({ a, i })).sort((x, y) => rank(x.a) - rank(y.a) || x.i - y.i).map((x) => x.a);
}

export function listensOnAllInterfaces(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '' || host === '[::]';
}

/**
 * The join bases, best first. PUBLIC_URL wins alone; a server listening on all
 * interfaces offers its network addresses (then `localhost`, for a phone-less
 * rehearsal on the laptop itself); a server bound to one address offers that one.
 */
export function joinBases(opts: { publicUrl?: string | undefined; host: string; port: number; interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> }): JoinBase[] {
  if (opts.publicUrl) return [{ url: opts.publicUrl.replace(/\/+$/, ''), source: 'PUBLIC_URL' }];
  if (!listensOnAllInterfaces(opts.host)) {
    const host = opts.host.includes(':') && !opts.host.startsWith('[') ? `[${opts.host}]` : opts.host;
    return [{ url: `http://${host}:${opts.port}`, source: 'HOST' }];
  }
  const lan = lanAddresses(opts.interfaces).map((a) => ({ url: `http://${a.address}:${opts.port}`, source: a.interface }));
  return [...lan, { url: `http://localhost:${opts.port}`, source: 'localhost' }];
}

/** The lines printed at start: where students join, in Vietnamese first. */
export function joinBanner(bases: JoinBase[]): string {
  const [best, ...others] = bases;
  if (!best) return '';
  const lines = [`  Học sinh vào thi tại ${best.url}/play`, `  Students join at ${best.url}/play`];
  const reachable = others.filter((b) => b.source !== 'localhost');
  if (reachable.length > 0) lines.push(`  Địa chỉ khác / other addresses: ${reachable.map((b) => `${b.url}/play (${b.source})`).join(', ')}`);
  if (best.source === 'localhost') lines.push('  Chưa có mạng: nối máy vào Wi-Fi của phòng thi rồi khởi động lại (docs/event-day.md).', '  No network found: join the hall Wi-Fi and restart (docs/event-day.md).');
  return `${lines.join('\n')}\n`;
}

/**
 * The server's join addresses, filled in once it listens (the port is known then).
 * The host may pick another of them when the laptop has several networks; the
 * choice holds for the whole server (one laptop serves one hall).
 */
export class JoinAddresses {
  private bases: JoinBase[] = [];
  private chosen: string | null = null;

  set(bases: JoinBase[]): void {
    this.bases = bases;
    if (this.chosen && !bases.some((b) => b.url === this.chosen)) this.chosen = null;
  }

  list(): JoinBase[] {
    return [...this.bases];
  }

  /** The base for join links and QR codes, or undefined before the server listens. */
  current(): string | undefined {
    return this.chosen ?? this.bases[0]?.url;
  }

  /** Choose one of the listed bases; false for anything else (no open redirect into QR codes). */
  choose(url: string): boolean {
    const found = this.bases.find((b) => b.url === url.replace(/\/+$/, ''));
    if (!found) return false;
    this.chosen = found.url;
    return true;
  }
}
