import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../shared/logger.ts';
import type { AuthService, CredentialEnded } from './auth-service.ts';

/**
 * Carries "this credential ended" (logout, token revoked, account disabled) to
 * every node, so each closes the sockets it holds for it (socket-server.ts
 * listens to `auth.onCredentialEnded`). A local end is published on a Redis
 * channel; a message from another node is announced locally as `'remote'`, which
 * this relay does not publish again. Pub/sub needs its own connection (a
 * subscribed connection can do nothing else): a duplicate of the runtime's client.
 *
 * When Redis is down the local node still closes its own sockets at once; other
 * nodes' sockets stay until their next privileged event, which re-checks the
 * credential in the database (`credentialStillValid`).
 */
const CredentialEndedSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('session'), id: z.string().min(1).max(100) }),
  z.object({ kind: z.literal('token'), id: z.string().min(1).max(100) }),
  z.object({ kind: z.literal('user'), userId: z.string().min(1).max(100) }),
]);
const MessageSchema = z.object({ node: z.string().min(1).max(100), event: CredentialEndedSchema });

export interface CredentialRelayOptions {
  auth: Pick<AuthService, 'onCredentialEnded' | 'announceEnded'>;
  /** The runtime's client: publishes, and is duplicated for the subscription. */
  redis: Redis;
  channel: string;
  logger: Logger;
  /** How long start-up waits for the subscription before going on (it completes when Redis comes back). */
  readyTimeoutMs?: number;
}

export interface CredentialRelay {
  readonly nodeId: string;
  close(): Promise<void>;
}

export async function relayCredentialEnded(opts: CredentialRelayOptions): Promise<CredentialRelay> {
  const { redis, channel, logger } = opts;
  const nodeId = randomUUID();
  // Queues the SUBSCRIBE until connected and re-subscribes after a reconnect (ioredis autoResubscribe).
  const subscriber = redis.duplicate({ lazyConnect: false, enableOfflineQueue: true, maxRetriesPerRequest: null });
  subscriber.on('error', (err: Error) => logger.warn('credential relay: redis error', { err: err.message }));
  subscriber.on('message', (ch: string, raw: string) => {
    if (ch !== channel) return;
    let parsed: z.infer<typeof MessageSchema>;
    try {
      const r = MessageSchema.safeParse(JSON.parse(raw));
      if (!r.success) return void logger.warn('credential relay: ignored a malformed message');
      parsed = r.data;
    } catch {
      return void logger.warn('credential relay: ignored a malformed message');
    }
    if (parsed.node === nodeId) return; // this node closed its sockets when it published
    opts.auth.announceEnded(parsed.event as CredentialEnded, 'remote');
  });

  opts.auth.onCredentialEnded((event, source) => {
    if (source !== 'local') return;
    redis.publish(channel, JSON.stringify({ node: nodeId, event })).catch((err: Error) => {
      logger.warn('credential relay: could not tell the other nodes; their sockets close on the next privileged event', { err: err.message, kind: event.kind });
    });
  });

  const subscribed = subscriber.subscribe(channel);
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), opts.readyTimeoutMs ?? 2000).unref?.());
  const first = await Promise.race([subscribed.then(() => 'ok' as const, (err: Error) => err), timeout]);
  if (first !== 'ok') logger.warn('credential relay: not subscribed yet; other nodes\u2019 logouts reach this node once Redis answers', { err: first === 'timeout' ? 'timeout' : first.message });

  return {
    nodeId,
    close: async () => {
      // QUIT would wait in the offline queue while Redis is unreachable.
      if (subscriber.status === 'ready') await subscriber.quit().catch(() => subscriber.disconnect());
      else subscriber.disconnect();
    },
  };
}
