import type { Socket } from 'socket.io';
import type { Language } from '../shared/localized.ts';
import { ackError, registerSocketMessages } from './ack.ts';

registerSocketMessages({ UNKNOWN_EVENT: { vi: 'Yêu cầu không được hỗ trợ.', en: 'Unknown request.' } });

/**
 * Every packet a client sends passes through here (`socket.use`), before any
 * handler: a token bucket per socket (steady play needs a few events a second),
 * unknown event names refused, and strikes — for floods, unknown events and
 * invalid payloads — that disconnect a repeat offender. Nothing a client sends
 * is buffered or dispatched once it is refused, so a flood costs no memory.
 */
export interface PacketGuardOptions {
  eventsPerSec: number;
  burst: number;
  strikesBeforeDisconnect: number;
  now?: () => number;
}

export const DEFAULT_PACKET_GUARD: PacketGuardOptions = { eventsPerSec: 10, burst: 30, strikesBeforeDisconnect: 50 };

export interface PacketGuard {
  /** Count a strike (e.g. a payload that failed validation); disconnects at the limit. */
  strike(): void;
  readonly strikes: number;
}

export function guardPackets(socket: Socket, known: ReadonlySet<string>, lang: () => Language, opts: PacketGuardOptions = DEFAULT_PACKET_GUARD): PacketGuard {
  const now = opts.now ?? Date.now;
  let tokens = opts.burst;
  let at = now();
  let strikes = 0;
  const strike = () => {
    strikes += 1;
    if (strikes >= opts.strikesBeforeDisconnect && socket.connected) socket.disconnect(true);
  };
  socket.use((packet, next) => {
    const [event] = packet;
    const ack = packet.length > 1 && typeof packet[packet.length - 1] === 'function' ? (packet[packet.length - 1] as (a: unknown) => void) : null;
    const t = now();
    tokens = Math.min(opts.burst, tokens + ((t - at) / 1000) * opts.eventsPerSec);
    at = t;
    if (tokens < 1) {
      strike();
      ack?.(ackError('RATE_LIMITED', lang()));
      return;
    }
    tokens -= 1;
    if (typeof event !== 'string' || !known.has(event)) {
      strike();
      ack?.(ackError('UNKNOWN_EVENT', lang()));
      return;
    }
    next();
  });
  return {
    strike,
    get strikes() {
      return strikes;
    },
  };
}
