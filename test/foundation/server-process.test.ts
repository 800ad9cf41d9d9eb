import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

const ADMIN_PASSWORD = 'first admin password 123';
let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess({ ADMIN_EMAIL: 'admin@so.daklak.vn', ADMIN_PASSWORD });
}, 90_000);
afterAll(() => server.cleanup());

describe('the real server process', () => {
  let cookie = '';

  it('serves health, the OpenAPI document and the docs page over HTTP', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${server.url}/openapi.json`)).status).toBe(200);
    expect((await fetch(`${server.url}/docs`)).status).toBe(200);
  });

  it('created the first admin, who can sign in and read /api/me', async () => {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'admin@so.daklak.vn', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const me = await fetch(`${server.url}/api/me`, { headers: { Cookie: cookie } });
    expect(await me.json()).toMatchObject({ email: 'admin@so.daklak.vn', role: 'admin' });
  });

  it('accepts socket.io on the same port and authenticates from the session cookie', async () => {
    const socket: Socket = connect(server.url, { transports: ['websocket'], extraHeaders: { Cookie: cookie }, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', () => resolve());
        socket.on('connect_error', reject);
      });
      const ack = await socket.timeout(5000).emitWithAck('session:whoami', {});
      expect(ack).toMatchObject({ ok: true, data: { kind: 'user', role: 'admin' } });
      const guest = connect(server.url, { transports: ['websocket'], reconnection: false });
      await new Promise((r) => guest.on('connect', () => r(null)));
      expect(await guest.timeout(5000).emitWithAck('session:whoami', {})).toEqual({ ok: true, data: { kind: 'guest' } });
      // A bad payload gets an error ack, and the connection survives.
      expect(await guest.timeout(5000).emitWithAck('session:whoami', { extra: '__proto__' })).toMatchObject({ ok: false, error: { code: 'INVALID' } });
      expect(guest.connected).toBe(true);
      guest.close();
    } finally {
      socket.close();
    }
  });

  it('refuses a socket handshake with a forged token or a foreign Origin', async () => {
    const forged = connect(server.url, { transports: ['websocket'], auth: { token: 'civiq_forged' }, reconnection: false });
    const err = await new Promise<Error>((resolve) => forged.on('connect_error', resolve));
    expect(err.message).toBe('UNAUTHENTICATED');
    forged.close();
    const foreign = connect(server.url, { transports: ['websocket'], extraHeaders: { Origin: 'https://evil.example' }, reconnection: false });
    await new Promise<Error>((resolve) => foreign.on('connect_error', resolve));
    expect(foreign.connected).toBe(false);
    foreign.close();
  });

  it('shuts down cleanly on SIGTERM: tells sockets why, finishes, exits 0', async () => {
    const socket = connect(server.url, { transports: ['websocket'], reconnection: false });
    await new Promise((r) => socket.on('connect', () => r(null)));
    const told = new Promise<{ reason: string }>((resolve) => socket.on('server:shutdown', resolve));
    const code = await server.stop('SIGTERM');
    expect(code).toBe(0);
    expect((await told).reason).toBe('SIGTERM');
    expect(server.stdout()).toContain('"msg":"stopped"');
    socket.close();
  });
});
