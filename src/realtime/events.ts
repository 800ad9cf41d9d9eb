/**
 * socket.io event maps for the default namespace, shared by server and clients.
 * Events are named `entity:verb`. Requests carry an acknowledgement callback that
 * always receives an `Ack`: `{ ok: true, data }` or `{ ok: false, error }`.
 * Contest namespaces add their own maps (see docs/protocol.md).
 */
export interface AckError {
  code: string;
  message: string;
  details?: unknown;
}
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };
export type AckFn<T> = (ack: Ack<T>) => void;

export interface Identity {
  kind: 'user' | 'guest';
  userId?: string;
  role?: string;
  displayName?: string;
}

export interface ClientToServerEvents {
  'session:whoami': (payload: Record<string, never>, ack: AckFn<Identity>) => void;
}

export interface ServerToClientEvents {
  'server:shutdown': (payload: { reason: string; reconnectAfterMs: number }) => void;
}

export interface InterServerEvents {}

export interface SocketData {
  identity: Identity;
  lang: 'vi' | 'en';
  /** The credential the socket was opened with (server memory only), re-checked on privileged events. */
  credential?: { kind: 'session' | 'token'; id: string; secret: string };
}
