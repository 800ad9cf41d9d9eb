import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { SocketError } from '../../realtime/ack.ts';
import type { Logger } from '../../shared/logger.ts';

/**
 * Requests between civiq nodes over Redis pub/sub: each node listens on its own
 * channel (`<prefix>:node:<id>`) and on one shared channel for notices to every
 * node. A request carries an id and the caller's node; the reply goes to the
 * caller's channel. Pub/sub delivers at most once: a request lost with its node
 * (killed mid-call) times out and the caller answers UNAVAILABLE, which clients
 * retry (answers with the same answerId, so a retry never counts twice).
 *
 * Errors cross as their stable code and details (`SocketError`), so a client
 * gets the same error ack whichever node carried its request.
 */

export type RpcHandler = (op: string, args: unknown[], from: string) => Promise<unknown>;
export type NoticeHandler = (kind: string, body: unknown, from: string) => void;

type Wire =
  | { t: 'req'; id: string; from: string; op: string; args: unknown[] }
  | { t: 'res'; id: string; ok: true; value: unknown }
  | { t: 'res'; id: string; ok: false; code: string; details?: unknown }
  | { t: 'note'; from: string; kind: string; body: unknown };

export interface NodeRpc {
  readonly nodeId: string;
  /** Ask another node; rejects with SocketError (the remote one, or UNAVAILABLE on silence). */
  call<T>(node: string, op: string, args: unknown[], timeoutMs?: number): Promise<T>;
  /** A fire-and-forget notice to every node (this one included). */
  notify(kind: string, body: unknown): void;
  serve(handler: RpcHandler): void;
  onNotice(handler: NoticeHandler): void;
  close(): Promise<void>;
}

export async function redisNodeRpc(opts: { pub: Redis; sub: Redis; nodeId: string; prefix: string; logger: Logger; defaultTimeoutMs?: number }): Promise<NodeRpc> {
  const { pub, sub, nodeId, logger } = opts;
  const own = `${opts.prefix}:node:${nodeId}`;
  const all = `${opts.prefix}:nodes`;
  const pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: ReturnType<typeof setTimeout> }>();
  let handler: RpcHandler = async () => {
    throw new SocketError('UNAVAILABLE');
  };
  const noticeHandlers: NoticeHandler[] = [];
  const send = (channel: string, message: Wire) => pub.publish(channel, JSON.stringify(message));

  async function onRequest(m: Extract<Wire, { t: 'req' }>) {
    let reply: Wire;
    try {
      reply = { t: 'res', id: m.id, ok: true, value: await handler(m.op, m.args, m.from) };
    } catch (err) {
      if (err instanceof SocketError) reply = { t: 'res', id: m.id, ok: false, code: err.code, ...(err.details !== undefined ? { details: err.details } : {}) };
      else {
        logger.error('node request failed', { op: m.op, err });
        reply = { t: 'res', id: m.id, ok: false, code: 'INTERNAL' };
      }
    }
    await send(`${opts.prefix}:node:${m.from}`, reply).catch((err) => logger.warn('node reply not sent', { err: (err as Error).message }));
  }

  sub.on('message', (channel: string, text: string) => {
    let m: Wire;
    try {
      m = JSON.parse(text) as Wire;
    } catch {
      return;
    }
    if (m.t === 'req' && channel === own) void onRequest(m);
    else if (m.t === 'res' && channel === own) {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.ok) p.resolve(m.value);
      else p.reject(new SocketError(m.code, m.details !== undefined ? { details: m.details } : {}));
    } else if (m.t === 'note' && channel === all) {
      for (const h of noticeHandlers) {
        try {
          h(m.kind, m.body, m.from);
        } catch (err) {
          logger.error('node notice failed', { kind: m.kind, err });
        }
      }
    }
  });
  await sub.subscribe(own, all);

  return {
    nodeId,
    call<T>(node: string, op: string, args: unknown[], timeoutMs = opts.defaultTimeoutMs ?? 5000): Promise<T> {
      const id = randomUUID();
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new SocketError('UNAVAILABLE'));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        send(`${opts.prefix}:node:${node}`, { t: 'req', id, from: nodeId, op, args })
          .then((receivers) => {
            // Nobody listens on that node's channel: it is gone; do not wait for the timeout.
            if (receivers === 0 && pending.delete(id)) {
              clearTimeout(timer);
              reject(new SocketError('UNAVAILABLE'));
            }
          })
          .catch(() => {
            if (pending.delete(id)) {
              clearTimeout(timer);
              reject(new SocketError('UNAVAILABLE'));
            }
          });
      });
    },
    notify(kind, body) {
      send(all, { t: 'note', from: nodeId, kind, body }).catch((err) => logger.warn('node notice not sent', { kind, err: (err as Error).message }));
    },
    serve(h) {
      handler = h;
    },
    onNotice(h) {
      noticeHandlers.push(h);
    },
    async close() {
      for (const p of pending.values()) {
        clearTimeout(p.timer);
        p.reject(new SocketError('UNAVAILABLE'));
      }
      pending.clear();
      await sub.unsubscribe().catch(() => {});
    },
  };
}
