import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { PlayerResponse } from '../banks/responses.ts';
import type { JoinResult, LiveClientToServer, LiveErrorCode, LiveServerToClient, PlayerSnapshot } from './protocol.ts';
import { addSample, bestEstimate, offsetFromServerStamp, type ClockSample } from './clock-offset.ts';

/**
 * The typed client of the live-contest socket protocol (src/contests/protocol.ts),
 * for the web pages and for Node (bots, tests). It turns acknowledgements into
 * promises, retries idempotent requests, estimates the server clock and resumes
 * a player after every reconnection.
 *
 * Only types are imported from protocol.ts: a value import would pull zod into
 * the browser bundles.
 */

/** Same as `LIVE_NAMESPACE` in protocol.ts. */
const NAMESPACE = '/live';

export type LiveSocket = Socket<LiveServerToClient, LiveClientToServer>;
export type LiveRequest = keyof LiveClientToServer;
export type LivePayload<E extends LiveRequest> = Parameters<LiveClientToServer[E]>[0];
type AckOf<E extends LiveRequest> = Parameters<Parameters<LiveClientToServer[E]>[1]>[0];
export type LiveData<E extends LiveRequest> = Extract<AckOf<E>, { ok: true }>['data'];

/** Codes a request may fail with: the server's, or `TIMEOUT` when no acknowledgement came back in time. */
export type LiveClientErrorCode = LiveErrorCode | 'TIMEOUT';

/** A refused or unanswered request. */
export class LiveError extends Error {
  readonly code: LiveClientErrorCode;
  constructor(code: LiveClientErrorCode, message: string) {
    super(message);
    this.name = 'LiveError';
    this.code = code;
  }
}

/** Where a player's reconnect token is kept, by PIN: the browser uses the tab's sessionStorage, Node memory. */
export interface TokenStore {
  get(pin: string): string | null;
  set(pin: string, token: string): void;
  clear(pin: string): void;
}

/** Tokens in memory (Node, tests). */
export function memoryTokenStore(): TokenStore {
  const tokens = new Map<string, string>();
  return { get: (pin) => tokens.get(pin) ?? null, set: (pin, token) => void tokens.set(pin, token), clear: (pin) => void tokens.delete(pin) };
}

/**
 * Tokens in a Web Storage area. Use `sessionStorage`: it survives a reload but
 * belongs to one tab, so two players on one device (two tabs) stay two players.
 * Storage may throw (private mode, quota): the player then merely cannot resume.
 */
export function storageTokenStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>, prefix = 'civiq.live.'): TokenStore {
  const attempt = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch {
      return fallback;
    }
  };
  return {
    get: (pin) => attempt(() => storage.getItem(prefix + pin), null),
    set: (pin, token) => attempt(() => storage.setItem(prefix + pin, token), undefined),
    clear: (pin) => attempt(() => storage.removeItem(prefix + pin), undefined),
  };
}

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** Events the client raises itself (server events are on `client.socket`). */
export interface LiveClientEvents {
  status: (s: ConnectionStatus) => void;
  /** After every (re)connection, before any resume: hosts and screens re-attach here. */
  connected: () => void;
  /** A resume on (re)connection succeeded: the player's full state. */
  snapshot: (s: PlayerSnapshot) => void;
  /** A resume failed; `final` when the token was refused (and dropped), not merely unanswered. */
  'resume-failed': (e: { error: LiveError; final: boolean }) => void;
  /** A new clock estimate. */
  clock: (c: { offsetMs: number; rttMs: number | null }) => void;
}

export interface RequestOptions {
  /** Per attempt. */
  timeoutMs?: number;
  /** Further attempts, with the same payload, after a timeout or `UNAVAILABLE`. */
  retries?: number;
}

export interface LiveClientOptions {
  /** Reconnect tokens by PIN (default: memory). */
  tokens?: TokenStore;
  /** The contest PIN whose token to resume with (a page reloaded mid-contest). */
  pin?: string;
  /** A monotonic clock in ms since epoch; the default is unaffected by the device changing its wall clock. */
  now?: () => number;
  /** In [0, 1): jitter for reconnecting after a server restart. */
  random?: () => number;
  /** `time:sync` round trips per synchronisation. */
  syncSamples?: number;
  /** Per request attempt (default 5 s; joins get twice as long). */
  timeoutMs?: number;
  /** Passed to socket.io-client (e.g. `extraHeaders` with a session cookie in Node). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
}

export interface LiveClient {
  readonly socket: LiveSocket;
  /** The PIN the client plays (set by `join`). */
  readonly pin: string | null;
  request<E extends LiveRequest>(event: E, payload: LivePayload<E>, opts?: RequestOptions): Promise<LiveData<E>>;
  on<K extends keyof LiveClientEvents>(event: K, handler: LiveClientEvents[K]): () => void;
  clock: {
    /** The server's clock now, as well as the client can tell. */
    serverNow(): number;
    readonly offsetMs: number;
    readonly rttMs: number | null;
    /** Run a few `time:sync` round trips and keep the best; resolves even if they fail. */
    sync(samples?: number): Promise<void>;
    /** A server timestamp on a pushed message: used only until a sync has answered. */
    noteServerTime(serverNow: number): void;
  };
  /** Join a contest; the reconnect token is stored for the PIN. */
  join(payload: LivePayload<'player:join'>): Promise<JoinResult>;
  /** Resume with the stored token; null without one. Raises `snapshot` or `resume-failed`. */
  resume(): Promise<JoinResult | null>;
  /** Submit an answer; retried with the same `answerId`, so a retry cannot answer twice. */
  submitAnswer(questionIndex: number, response: PlayerResponse, answerId?: string): Promise<LiveData<'answer:submit'>>;
  /** Leave the contest and forget the token. */
  leave(): Promise<void>;
  close(): void;
}

/** Errors after which the token is useless. */
const TOKEN_REFUSED: ReadonlySet<string> = new Set(['RESUME_INVALID', 'CONTEST_UNAVAILABLE', 'NOT_IN_CONTEST', 'FORBIDDEN']);

/** A random id for an answer; `crypto.getRandomValues` also works on plain-http school networks, unlike `randomUUID`. */
export function newAnswerId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const monotonicNow = () => performance.timeOrigin + performance.now();

/**
 * Connect to `url` + `/live` over WebSocket only (no long-polling: no sticky
 * sessions needed behind a load balancer).
 */
export function createLiveClient(url: string, opts: LiveClientOptions = {}): LiveClient {
  const tokens = opts.tokens ?? memoryTokenStore();
  const now = opts.now ?? monotonicNow;
  const random = opts.random ?? Math.random;
  const defaultTimeout = opts.timeoutMs ?? 5000;
  const socket: LiveSocket = io(url.replace(/\/$/, '') + NAMESPACE, { transports: ['websocket'], ...opts.socketOptions });
  const handlers = new Map<keyof LiveClientEvents, Set<(...args: never[]) => void>>();
  let pin = opts.pin ?? null;
  let samples: ClockSample[] = [];
  let stampOffset: number | null = null;
  let shutdownReconnectMs: number | null = null;
  let closed = false;

  const raise = <K extends keyof LiveClientEvents>(event: K, ...args: Parameters<LiveClientEvents[K]>) => {
    for (const h of handlers.get(event) ?? []) (h as (...a: Parameters<LiveClientEvents[K]>) => void)(...args);
  };

  const emitOnce = (event: string, payload: unknown, timeoutMs: number) =>
    new Promise<{ ok: true; data: unknown } | { ok: false; error: { code: string; message: string } }>((resolve, reject) => {
      // The typed emit cannot be expressed for a generic event name; the public `request` keeps the types.
      (socket.timeout(timeoutMs) as unknown as { emit: (e: string, p: unknown, cb: (err: unknown, ack: never) => void) => void }).emit(
        event,
        payload,
        (err, ack) => (err ? reject(new LiveError('TIMEOUT', `no answer to ${event} within ${timeoutMs} ms`)) : resolve(ack)),
      );
    });

  async function request<E extends LiveRequest>(event: E, payload: LivePayload<E>, ro: RequestOptions = {}): Promise<LiveData<E>> {
    const retries = ro.retries ?? 0;
    for (let attempt = 0; ; attempt++) {
      let failure: LiveError;
      try {
        const ack = await emitOnce(event, payload, ro.timeoutMs ?? defaultTimeout);
        if (ack.ok) return ack.data as LiveData<E>;
        failure = new LiveError(ack.error.code as LiveErrorCode, ack.error.message);
      } catch (err) {
        failure = err instanceof LiveError ? err : new LiveError('INTERNAL', String(err));
      }
      const retryable = failure.code === 'TIMEOUT' || failure.code === 'UNAVAILABLE';
      if (!retryable || attempt >= retries || closed) throw failure;
      if (failure.code === 'UNAVAILABLE') await new Promise((r) => setTimeout(r, 250 * (attempt + 1)));
    }
  }

  const clock: LiveClient['clock'] = {
    serverNow: () => now() + clock.offsetMs,
    get offsetMs() {
      return bestEstimate(samples)?.offsetMs ?? stampOffset ?? 0;
    },
    get rttMs() {
      return bestEstimate(samples)?.rttMs ?? null;
    },
    async sync(n = opts.syncSamples ?? 4) {
      for (let i = 0; i < n && socket.connected; i++) {
        const clientSentAt = now();
        try {
          const r = await request('time:sync', { clientSentAt });
          samples = addSample(samples, { clientSentAt, serverNow: r.serverNow, clientReceivedAt: now() });
        } catch {
          break; // a slow network gives bad samples anyway; keep what we have
        }
      }
      raise('clock', { offsetMs: clock.offsetMs, rttMs: clock.rttMs });
    },
    noteServerTime(serverNow) {
      if (samples.length === 0) stampOffset = offsetFromServerStamp(serverNow, now());
    },
  };

  async function resume(): Promise<JoinResult | null> {
    const token = pin ? tokens.get(pin) : null;
    if (!pin || !token) return null;
    try {
      const result = await request('player:resume', { reconnectToken: token }, { retries: 2 });
      tokens.set(pin, result.reconnectToken);
      raise('snapshot', result.snapshot);
      return result;
    } catch (err) {
      const error = err instanceof LiveError ? err : new LiveError('INTERNAL', String(err));
      const final = TOKEN_REFUSED.has(error.code);
      if (final) tokens.clear(pin);
      raise('resume-failed', { error, final });
      return null;
    }
  }

  socket.on('connect', () => {
    shutdownReconnectMs = null;
    raise('status', 'connected');
    raise('connected');
    void resume().then(() => clock.sync());
  });
  socket.on('disconnect', (reason) => {
    if (closed) return raise('status', 'closed');
    raise('status', 'reconnecting');
    // socket.io does not reconnect by itself after a server-side disconnect (a restart, a flood cut-off):
    // we do, spread out so a restarted server is not hit by every phone at once. A kicked player has closed first.
    if (reason === 'io server disconnect') {
      setTimeout(() => !closed && socket.connect(), (shutdownReconnectMs ?? 3000) + random() * 2000);
    }
  });
  socket.on('connect_error', () => raise('status', 'reconnecting'));
  socket.on('server:shutdown', (s) => (shutdownReconnectMs = s.reconnectAfterMs));
  socket.on('question:show', (q) => clock.noteServerTime(q.timing.serverNow));
  socket.on('question:timing', (t) => clock.noteServerTime(t.timing.serverNow));
  // The server times its own round trip to us (latency-fair scoring); we only answer.
  socket.on('time:ping', (_p, ack) => ack());
  socket.on('player:kicked', () => {
    if (pin) tokens.clear(pin);
  });

  return {
    socket,
    get pin() {
      return pin;
    },
    request,
    on(event, handler) {
      let set = handlers.get(event);
      if (!set) handlers.set(event, (set = new Set()));
      set.add(handler as never);
      return () => void set.delete(handler as never);
    },
    clock,
    async join(payload) {
      // Not retried: a second join after a lost acknowledgement would find its own nickname taken.
      const result = await request('player:join', payload, { timeoutMs: defaultTimeout * 2 });
      pin = payload.pin;
      tokens.set(pin, result.reconnectToken);
      return result;
    },
    resume,
    submitAnswer: (questionIndex, response, answerId = newAnswerId()) =>
      request('answer:submit', { questionIndex, answerId, response }, { retries: 3 }),
    async leave() {
      try {
        await request('player:leave', {});
      } finally {
        if (pin) tokens.clear(pin);
      }
    },
    close() {
      closed = true;
      socket.close();
    },
  };
}
