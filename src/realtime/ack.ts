import type { z } from 'zod';
import type { Ack, AckError } from './events.ts';
import type { Language } from '../shared/localized.ts';
import type { Logger } from '../shared/logger.ts';

/** An error a socket handler reports to its caller through the ack. */
export class SocketError extends Error {
  readonly code: string;
  readonly details: unknown;
  readonly localized: { vi: string; en: string } | undefined;
  constructor(code: string, opts: { details?: unknown; message?: { vi: string; en: string } } = {}) {
    super(code);
    this.code = code;
    this.details = opts.details;
    this.localized = opts.message;
  }
}

const MESSAGES: Record<string, { vi: string; en: string }> = {
  INVALID: { vi: 'Dữ liệu không hợp lệ.', en: 'Invalid data.' },
  UNAUTHENTICATED: { vi: 'Bạn cần đăng nhập.', en: 'You need to log in.' },
  FORBIDDEN: { vi: 'Bạn không có quyền thực hiện việc này.', en: 'You are not allowed to do this.' },
  RATE_LIMITED: { vi: 'Bạn gửi quá nhanh, vui lòng chờ.', en: 'Too fast; please wait.' },
  INTERNAL: { vi: 'Lỗi máy chủ. Vui lòng thử lại.', en: 'Server error. Please try again.' },
};

export function registerSocketMessages(messages: Record<string, { vi: string; en: string }>): void {
  Object.assign(MESSAGES, messages);
}

export function ackError(code: string, lang: Language, details?: unknown, localized?: { vi: string; en: string }): { ok: false; error: AckError } {
  const m = localized ?? MESSAGES[code] ?? MESSAGES.INTERNAL!;
  return { ok: false, error: { code, message: m[lang], ...(details === undefined ? {} : { details }) } };
}

/**
 * Wrap an event handler: validate the payload with zod, run the handler, and
 * answer through the ack whatever happens. A missing ack is tolerated (the
 * result is dropped), a throwing handler never reaches socket.io, and a bad
 * payload never reaches the handler.
 */
export function handleEvent<S extends z.ZodType, R>(
  schema: S,
  handler: (payload: z.infer<S>) => Promise<R> | R,
  ctx: { lang: () => Language; logger: Logger; onInvalid?: () => void },
): (payload: unknown, ack?: unknown) => void {
  return (payload, ack) => {
    const reply = typeof ack === 'function' ? (ack as (a: Ack<R>) => void) : () => {};
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      ctx.onInvalid?.();
      reply(ackError('INVALID', ctx.lang(), parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))));
      return;
    }
    Promise.resolve()
      .then(() => handler(parsed.data))
      .then(
        (data) => reply({ ok: true, data }),
        (err: unknown) => {
          if (err instanceof SocketError) reply(ackError(err.code, ctx.lang(), err.details, err.localized));
          else {
            ctx.logger.error('socket handler failed', { err });
            reply(ackError('INTERNAL', ctx.lang()));
          }
        },
      );
  };
}
