import { io, type Socket } from 'socket.io-client';

/**
 * A PIN scanner for `bench:live --flood`: from its own source address (a second
 * loopback address, 127.0.0.2, so the server sees another client than the bots
 * on 127.0.0.1), it opens sockets to every node in turn and sends `player:join`
 * with wrong PINs as fast as the acks come back, reconnecting whenever a socket
 * is cut, until stopped. The server should refuse it (`RATE_LIMITED`) after 60
 * failed look-ups a minute for that address — on every node, since the count is
 * shared in Redis — while the real players keep joining.
 */
export interface FloodReport {
  source: string;
  attempts: number;
  /** Acks by error code (`OK` would be a join that got in: there must be none). */
  byCode: Record<string, number>;
  /** Sockets the server cut. */
  cut: number;
}

export function startJoinFlood(urls: string[], opts: { source?: string; sockets?: number } = {}) {
  const source = opts.source ?? '127.0.0.2';
  const report: FloodReport = { source, attempts: 0, byCode: {}, cut: 0 };
  let on = true;
  let next = 0;
  const open = new Set<Socket>();
  const wrongPin = () => String(1_000_000 + Math.floor(Math.random() * 8_999_999));

  async function worker(): Promise<void> {
    while (on) {
      const url = urls[next++ % urls.length]!;
      const socket = io(`${url}/live`, { transports: ['websocket'], reconnection: false, forceNew: true, localAddress: source } as Parameters<typeof io>[1]);
      open.add(socket);
      const connected = await new Promise<boolean>((resolve) => {
        socket.once('connect', () => resolve(true));
        socket.once('connect_error', () => resolve(false));
      });
      while (on && connected && socket.connected) {
        report.attempts++;
        const ack = (await socket
          .timeout(5000)
          .emitWithAck('player:join', { pin: wrongPin(), nickname: 'Quét Mã', district: 'x' })
          .catch(() => null)) as { ok: boolean; error?: { code: string } } | null;
        const code = ack === null ? 'NO_ACK' : ack.ok ? 'OK' : (ack.error?.code ?? '?');
        report.byCode[code] = (report.byCode[code] ?? 0) + 1;
        // Once limited, a scanner keeps trying at a steady pace (it does not know why it is refused).
        if (code === 'RATE_LIMITED') await new Promise((r) => setTimeout(r, 20));
      }
      if (connected && !socket.connected) report.cut++;
      open.delete(socket);
      socket.close();
    }
  }

  const workers = Array.from({ length: opts.sockets ?? 4 }, () => worker());
  return {
    report,
    async stop(): Promise<FloodReport> {
      on = false;
      for (const s of open) s.close();
      await Promise.all(workers);
      return report;
    },
  };
}
