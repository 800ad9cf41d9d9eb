import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSocketServer, type CiviqServer } from '../../src/realtime/socket-server.ts';
import { registerScheduledNamespace, SCHEDULED_NAMESPACE } from '../../src/scheduled/progress-socket.ts';
import { OPENS, contestBody, createWorld, json, register, takeAttempt, type U, type World } from './helpers.ts';

/** Live progress for organisers on a real socket.io server and client. */
let w: World;
let http: HttpServer;
let ioServer: CiviqServer;
let stop: () => void;
let url: string;
let stranger: U;
const sockets: Socket[] = [];

beforeAll(async () => {
  w = await createWorld();
  stranger = await w.t.user('teacher');
  await json(w.t.call('POST', '/api/scheduled-contests', { headers: w.admin.headers, body: contestBody() }), 201);
  http = createAdaptorServer({ fetch: w.t.app.fetch }) as HttpServer;
  const ns = registerScheduledNamespace({ module: w.t.runtime.services.scheduled, auth: w.t.runtime.deps.auth, logger: w.t.runtime.logger });
  stop = ns.stop;
  ioServer = createSocketServer(http, { auth: w.t.runtime.deps.auth, logger: w.t.runtime.logger, metrics: w.t.runtime.deps.metrics, namespaces: [ns.attach] });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  stop?.();
  await new Promise<void>((resolve) => ioServer.close(() => resolve()));
  await w.t.close();
});

function connect(token?: string): Promise<Socket> {
  const s = io(`${url}${SCHEDULED_NAMESPACE}`, { transports: ['websocket'], forceNew: true, ...(token ? { auth: { token } } : {}) });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}
const request = (s: Socket, event: string, payload: unknown) => new Promise<any>((resolve) => s.emit(event, payload, resolve));

describe('progress over socket.io (/scheduled)', () => {
  it('organisers subscribe and get per-district figures, pushed after changes; others are refused through the ack', async () => {
    const guest = await connect();
    expect(await request(guest, 'progress:subscribe', { slug: 'thi-an-toan-mang' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const other = await connect(stranger.token);
    expect(await request(other, 'progress:subscribe', { slug: 'thi-an-toan-mang' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await request(other, 'progress:subscribe', { slug: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID' } });

    const host = await connect(w.admin.token);
    const first = await request(host, 'progress:subscribe', { slug: 'thi-an-toan-mang' });
    expect(first).toMatchObject({ ok: true, data: { contest: 'thi-an-toan-mang', participants: 0, attempts: 0 } });
    expect(first.data.districts).toHaveLength(15);

    const updates: any[] = [];
    host.on('progress:update', (u) => updates.push(u));
    const waitFor = (pred: (u: any) => boolean) =>
      new Promise<any>((resolve) => {
        const hit = updates.find(pred);
        if (hit) return resolve(hit);
        const on = (u: any) => pred(u) && (host.off('progress:update', on), resolve(u));
        host.on('progress:update', on);
      });

    const a = await register(w, 'thi-an-toan-mang', { district: 'Ea Kar' });
    const b = await register(w, 'thi-an-toan-mang', { district: 'Lắk', fullName: 'Trần Thị Bình' });
    w.clock.set(OPENS);
    await takeAttempt(w, 'thi-an-toan-mang', a.headers, 5);
    await takeAttempt(w, 'thi-an-toan-mang', b.headers, 5, { submit: false });
    const u = await waitFor((x) => x.participants === 2 && x.attempts === 2 && x.finished === 1);
    expect(u.districts.find((d: any) => d.code === 'ea-kar')).toMatchObject({ participants: 1, attempts: 1, finished: 1, inProgress: 0 });
    expect(u.districts.find((d: any) => d.code === 'lak')).toMatchObject({ participants: 1, attempts: 1, finished: 0, inProgress: 1 });
    // The at-most-once-a-second rule is ProgressThrottle's, unit-tested on a clock in window-rules.test.ts.
    expect(await request(host, 'progress:unsubscribe', { slug: 'thi-an-toan-mang' })).toEqual({ ok: true, data: {} });
  });
});
