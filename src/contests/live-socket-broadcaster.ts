import type { Namespace } from 'socket.io';
import type { LiveClientToServer, LiveServerToClient } from './protocol.ts';
import { jsonPart, type Broadcaster, type SharedPart, type SplicedMessage } from './live-ports.ts';

export type LiveNamespace = Namespace<LiveClientToServer, LiveServerToClient>;

/**
 * The Broadcaster port over a socket.io namespace. A room emit is encoded once by
 * socket.io and written to every socket in the rooms; with a socket.io adapter for
 * several nodes (the Redis Streams adapter) the same calls reach the other nodes.
 *
 * `emitSpliced` (the per-player messages of a question, a reveal, the lobby)
 * writes each player's packet as bytes: the packet head per event, the personal
 * members (a few dozen bytes, `JSON.stringify`) and the shared members, encoded to
 * UTF-8 once per shared part and copied, never re-serialised. The frame goes to
 * the socket's engine.io connection exactly as socket.io's own room broadcast
 * writes a pre-encoded frame, so a client's standard decoder sees an ordinary
 * event packet. A player's messages of one call (a reveal and its board) go out
 * as WebSocket frames back to back in one socket write when the transport is a
 * plain WebSocket (one syscall per player instead of one per message).
 *
 * These messages skip socket.io's connection-state-recovery buffer: a player's
 * client resumes on every reconnection (`player:resume`) and gets the same
 * content in its snapshot, and 25,000 personal packets per reveal held for two
 * minutes would be most of the server's memory. A player room with no socket on
 * this node goes, with several nodes, into one batch per slice for the other
 * nodes (`createSpliceRelay`); on one node it gets an ordinary `emit`.
 */
export function socketBroadcaster(nsp: () => LiveNamespace): Broadcaster & { attached(io: LiveNamespace, opts: { relay: boolean }): void } {
  const splicer = createSplicer();
  let relay: SpliceRelay | null = null;
  return {
    emit(rooms, event, payload) {
      const io = nsp();
      let op = io.to(rooms[0]!);
      for (let i = 1; i < rooms.length; i++) op = op.to(rooms[i]!);
      (op.emit as (ev: string, p: unknown) => boolean)(event, payload);
    },
    emitSpliced(room, messages) {
      const io = nsp();
      const sids = io.adapter.rooms.get(room);
      if (sids && sids.size > 0) return splicer.splice(io, sids, messages);
      // Several nodes: the other nodes splice it for their own sockets, from one batch per node.
      if (relay) return relay.add(room, messages);
      // Not on this node (or gone): the ordinary path.
      for (const m of messages) (io.to(room).emit as (ev: string, p: unknown) => boolean)(m.event, { ...m.shared.value, ...m.personal });
    },
    disconnect(room) {
      nsp().in(room).disconnectSockets(true);
    },
    /** The namespace is ready; with several nodes (`relay`), spliced messages for other nodes' sockets travel in batches. */
    attached(io, opts) {
      if (opts.relay && !relay) relay = createSpliceRelay(io);
    },
  };
}

/**
 * Spliced messages across nodes. A player's room with no socket here belongs to a
 * socket on another node: instead of one adapter message per player (each node
 * would decode every player's message to find its own), the messages are
 * gathered while the runner's slice lasts and sent as one batch per slice through
 * the adapter's own stream (`serverSideEmit`, so they stay in order with the
 * room broadcasts): the shared parts once, each player's personal part as JSON
 * text. Every other node splices the batch for the rooms it holds and ignores
 * the rest (a player with no socket anywhere resumes with a snapshot).
 */
export const SPLICE_RELAY_EVENT = 'live:spliced';

interface SpliceBatch {
  shared: string[];
  /** [room, [[event, shared index, personal JSON], …]] */
  items: Array<[string, Array<[string, number, string]>]>;
}

interface SpliceRelay {
  add(room: string, messages: readonly SplicedMessage[]): void;
}

function createSpliceRelay(io: LiveNamespace): SpliceRelay {
  let batch: { index: Map<SharedPart, number>; body: SpliceBatch } | null = null;
  const flush = () => {
    const b = batch;
    batch = null;
    if (b) (io.serverSideEmit as (ev: string, ...args: unknown[]) => boolean)(SPLICE_RELAY_EVENT, b.body);
  };
  const receiver = createSplicer();
  (io.on as (ev: string, fn: (b: SpliceBatch) => void) => void)(SPLICE_RELAY_EVENT, (b) => {
    if (!b || !Array.isArray(b.shared) || !Array.isArray(b.items)) return;
    const parts = b.shared.map((json) => jsonPart(json));
    for (const [room, list] of b.items) {
      const sids = io.adapter.rooms.get(room);
      if (!sids || sids.size === 0) continue;
      const messages = list.map(([event, i, personal]) => ({ event, shared: parts[i]!, personal: JSON.parse(personal) as object })) as unknown as SplicedMessage[];
      receiver.splice(io, sids, messages);
    }
  });
  return {
    add(room, messages) {
      if (!batch) {
        batch = { index: new Map(), body: { shared: [], items: [] } };
        setImmediate(flush);
      }
      const b = batch;
      b.body.items.push([
        room,
        messages.map((m) => {
          let i = b.index.get(m.shared);
          if (i === undefined) {
            i = b.body.shared.push(m.shared.json) - 1;
            b.index.set(m.shared, i);
          }
          return [m.event, i, JSON.stringify(m.personal)];
        }),
      ]);
    },
  };
}

/** Writes spliced packets to this node's sockets of one room (caches per shared part). */
function createSplicer() {
  const heads = new Map<string, { text: string; bytes: Buffer }>();
  const tails = new WeakMap<SharedPart, { text: string; bytes: Buffer }>();

  function headOf(io: LiveNamespace, event: string) {
    let head = heads.get(`${io.name}\u0000${event}`);
    if (!head) {
      // socket.io-parser's EVENT packet: type 2, the namespace unless it is "/", then the JSON array.
      const text = `2${io.name === '/' ? '' : `${io.name},`}[${JSON.stringify(event)},{`;
      head = { text, bytes: Buffer.from('4' + text) }; // "4": engine.io's message packet
      heads.set(`${io.name}\u0000${event}`, head);
    }
    return head;
  }

  function tailOf(shared: SharedPart) {
    let tail = tails.get(shared);
    if (!tail) {
      const text = `${shared.json.slice(1, -1)}}]`;
      tail = { text, bytes: Buffer.from(text) };
      tails.set(shared, tail);
    }
    return tail;
  }

  const wholes = new WeakMap<SharedPart, Map<string, { text: string; header: Buffer; data: Buffer }>>();
  function wholeOf(io: LiveNamespace, event: string, shared: SharedPart, head: { text: string; bytes: Buffer }, tail: { text: string; bytes: Buffer }) {
    let byEvent = wholes.get(shared);
    if (!byEvent) wholes.set(shared, (byEvent = new Map()));
    const key = `${io.name}\u0000${event}`;
    let whole = byEvent.get(key);
    if (!whole) {
      const data = Buffer.concat([head.bytes, tail.bytes]);
      byEvent.set(key, (whole = { text: head.text + tail.text, header: wsFrameHeader(data.length), data }));
    }
    return whole;
  }

  return {
    splice(io: LiveNamespace, sids: ReadonlySet<string>, messages: readonly SplicedMessage[]): void {
      const packets = messages.map((m) => {
        const head = headOf(io, m.event);
        const tail = tailOf(m.shared);
        const own = JSON.stringify(m.personal);
        if (own === '{}') return wholeOf(io, m.event, m.shared, head, tail); // nothing personal: one packet for all
        const members = own.length > 2 ? own.slice(1, -1) + (tail.text.length > 2 ? ',' : '') : '';
        const mid = Buffer.from(members);
        const data = Buffer.concat([head.bytes, mid, tail.bytes], head.bytes.length + mid.length + tail.bytes.length);
        // `text`: the packet for a transport that encodes it itself (polling, compression).
        return { text: head.text + members + tail.text, header: wsFrameHeader(data.length), data };
      });
      // Several messages: their frames back to back in one write (one syscall per player, not one per message).
      let together: Buffer[] | null = null;
      for (const sid of sids) {
        const socket = io.sockets.get(sid);
        if (!socket) continue;
        const client = socket.client as unknown as EngineClient;
        if (packets.length > 1) {
          together ??= [Buffer.concat(packets.flatMap((p, i) => (i < packets.length - 1 ? [p.header, p.data] : [p.header]))), packets[packets.length - 1]!.data];
          const opts = { preEncoded: true, wsPreEncodedFrame: together };
          if (client.conn.transport._canSendPreEncodedFrame?.({ options: opts }) === true) {
            client.writeToEngine(packets[0]!.text, opts);
            continue;
          }
        }
        for (const p of packets) client.writeToEngine(p.text, { preEncoded: true, wsPreEncodedFrame: [p.header, p.data] });
      }
    },
  };
}

/**
 * socket.io's Client#writeToEngine, which its adapter uses for pre-encoded
 * broadcasts, and engine.io's check that the transport will write such a frame
 * as is (a WebSocket without compression).
 */
interface EngineClient {
  writeToEngine(packet: string, opts: { preEncoded: boolean; wsPreEncodedFrame: Buffer[] }): void;
  conn: { transport: { _canSendPreEncodedFrame?: (packet: { options: { wsPreEncodedFrame: Buffer[] } }) => boolean } };
}

/** The header of an unmasked, final WebSocket text frame (RFC 6455 §5.2) of `length` payload bytes. */
export function wsFrameHeader(length: number): Buffer {
  if (length < 126) return Buffer.from([0x81, length]);
  if (length < 65536) {
    const h = Buffer.allocUnsafe(4);
    h[0] = 0x81;
    h[1] = 126;
    h.writeUInt16BE(length, 2);
    return h;
  }
  const h = Buffer.allocUnsafe(10);
  h[0] = 0x81;
  h[1] = 127;
  h.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
  h.writeUInt32BE(length >>> 0, 6);
  return h;
}
