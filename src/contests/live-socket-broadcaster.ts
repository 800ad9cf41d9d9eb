import type { Namespace } from 'socket.io';
import type { LiveClientToServer, LiveServerToClient } from './protocol.ts';
import type { Broadcaster } from './live-ports.ts';

export type LiveNamespace = Namespace<LiveClientToServer, LiveServerToClient>;

/**
 * The Broadcaster port over a socket.io namespace. A room emit is encoded once by
 * socket.io and written to every socket in the rooms; with a socket.io adapter for
 * several nodes (the Redis Streams adapter) the same calls reach the other nodes.
 */
export function socketBroadcaster(nsp: () => LiveNamespace): Broadcaster {
  return {
    emit(rooms, event, payload) {
      const io = nsp();
      let op = io.to(rooms[0]!);
      for (let i = 1; i < rooms.length; i++) op = op.to(rooms[i]!);
      (op.emit as (ev: string, p: unknown) => boolean)(event, payload);
    },
    disconnect(room) {
      nsp().in(room).disconnectSockets(true);
    },
  };
}
