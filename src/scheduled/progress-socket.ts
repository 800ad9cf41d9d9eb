import type { Socket } from 'socket.io';
import { z } from 'zod';
import type { Principal } from '../auth/auth-service.ts';
import type { Role } from '../db/schema.ts';
import { handleEvent, SocketError } from '../realtime/ack.ts';
import type { Identity } from '../realtime/events.ts';
import { handshakeAuth, type CiviqServer } from '../realtime/socket-server.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { Logger } from '../shared/logger.ts';
import type { Language } from '../shared/localized.ts';
import { contestProgress, type ContestProgress } from './progress.ts';
import { ProgressThrottle } from './progress-throttle.ts';
import type { ScheduledModule } from './scheduled-module.ts';

/**
 * Live progress for organisers over socket.io, namespace `/scheduled` (docs/scheduled.md):
 * - `progress:subscribe` `{slug}` → ack `{ok, data: ContestProgress}` and joins the contest's room;
 * - `progress:unsubscribe` `{slug}` → ack `{ok, data: {}}`;
 * - server → client `progress:update` ContestProgress, at most once a second per contest,
 *   only after something changed (registration, attempt start, save-free: starts, submits, closes).
 */
export const SCHEDULED_NAMESPACE = '/scheduled';
export const PROGRESS_INTERVAL_MS = 1000;

export interface ScheduledClientEvents {
  'progress:subscribe': (payload: { slug: string }, ack: (a: unknown) => void) => void;
  'progress:unsubscribe': (payload: { slug: string }, ack: (a: unknown) => void) => void;
}
export interface ScheduledServerEvents {
  'progress:update': (payload: ContestProgress) => void;
}

const SlugPayload = z.object({ slug: z.string().min(1).max(64) }).strict();
const room = (contestId: string) => `progress:${contestId}`;

export function registerScheduledNamespace(deps: { module: ScheduledModule; auth: AuthService; logger: Logger; now?: () => number }): { attach: (io: CiviqServer) => void; stop: () => void } {
  const throttle = new ProgressThrottle(PROGRESS_INTERVAL_MS);
  let timer: NodeJS.Timeout | null = null;
  const unsubscribe = deps.module.onActivity((id) => throttle.mark(id));
  return {
    attach: (io) => {
      const nsp = io.of(SCHEDULED_NAMESPACE) as unknown as import('socket.io').Namespace<ScheduledClientEvents, ScheduledServerEvents>;
      (nsp as unknown as { use: (fn: ReturnType<typeof handshakeAuth>) => void }).use(handshakeAuth(deps));
      timer = setInterval(() => {
        const now = (deps.now ?? Date.now)();
        for (const contestId of throttle.due(now)) {
          const watchers = nsp.adapter.rooms.get(room(contestId));
          if (!watchers || watchers.size === 0) {
            throttle.forget(contestId);
            continue;
          }
          void deps.module.ctx.db
            .selectFrom('scheduled_contests')
            .selectAll()
            .where('id', '=', contestId)
            .executeTakeFirst()
            .then(async (row) => {
              if (row) nsp.to(room(contestId)).emit('progress:update', await contestProgress(deps.module.ctx, row));
            })
            .catch((err: unknown) => deps.logger.warn('progress push failed', { err }));
        }
      }, PROGRESS_INTERVAL_MS / 4);
      timer.unref();

      nsp.on('connection', (raw) => {
        const socket = raw as unknown as Socket & { data: { identity: Identity; lang: Language } };
        const lang = () => socket.data.lang ?? 'vi';
        const organiserOf = async (slug: string) => {
          const id = socket.data.identity;
          if (id.kind !== 'user' || !id.userId) throw new SocketError('UNAUTHENTICATED');
          const p = { userId: id.userId, role: id.role as Role, email: '', displayName: id.displayName ?? '', regionCode: null, via: 'session' } satisfies Principal;
          return deps.module.ctx.organised(p, slug).catch(() => {
            throw new SocketError('FORBIDDEN');
          });
        };
        socket.on(
          'progress:subscribe',
          handleEvent(
            SlugPayload,
            async ({ slug }) => {
              const row = await organiserOf(slug);
              await socket.join(room(row.id));
              return contestProgress(deps.module.ctx, row);
            },
            { lang, logger: deps.logger },
          ),
        );
        socket.on(
          'progress:unsubscribe',
          handleEvent(
            SlugPayload,
            async ({ slug }) => {
              const row = await organiserOf(slug);
              await socket.leave(room(row.id));
              return {};
            },
            { lang, logger: deps.logger },
          ),
        );
      });
    },
    stop: () => {
      if (timer) clearInterval(timer);
      unsubscribe();
    },
  };
}
