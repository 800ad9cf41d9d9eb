import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../../src/contests/protocol.ts';
import { api, closeAll, codeOf, connectLive, createContest, FAST_SETTINGS, okData, signIn, type Account, type LiveConn } from '../support/live-bots.ts';
import { startInProcess, type InProcessServer } from './in-process.ts';

/** Finding 3: sockets must not outlive logout, token revocation or a disabled account. */
let srv: InProcessServer;
const conns: LiveConn[] = [];
beforeAll(async () => {
  srv = await startInProcess();
});
afterAll(async () => {
  closeAll(conns);
  await srv?.close();
});

let n = 0;
async function teacher(): Promise<{ account: Account; id: string; password: string }> {
  const email = `host${++n}@sec.test.vn`;
  const password = 'teacher password 123456';
  const r = await api<{ id: string }>(srv.url, 'POST', '/api/users', { account: srv.admin, body: { email, password, role: 'teacher' } });
  expect(r.status).toBe(201);
  return { account: await signIn(srv.url, email, password), id: r.json.id, password };
}
const contestOf = (owner: Account) => createContest(srv.url, owner, { title: 'Phiên', bank: srv.bank.slug, version: srv.bank.version, questionCount: 1, settings: FAST_SETTINGS });
async function hostSocket(as: { token?: string; cookie?: string }, contestId: string) {
  const s = await connectLive(srv.url, as);
  conns.push(s);
  okData(await s.request<HostSnapshot>('host:attach', { contestId }));
  return s;
}

describe('sockets end with their credential', () => {
  it('logout disconnects the sockets opened with that session cookie, and only those', async () => {
    const t = await teacher();
    const contest = await contestOf(t.account);
    const viaCookie = await hostSocket({ cookie: t.account.cookie! }, contest.id);
    const viaToken = await hostSocket({ token: t.account.token }, contest.id);
    const out = await fetch(`${srv.url}/api/auth/logout`, { method: 'POST', headers: { Cookie: t.account.cookie! } });
    expect(out.status).toBe(204);
    expect(await viaCookie.waitFor('$disconnect', undefined, { timeoutMs: 5000 })).toBe('io server disconnect');
    expect(viaToken.socket.connected).toBe(true);
    expect(codeOf(await viaToken.request('lobby:lock', { locked: true }))).toBe('OK');
  });

  it('revoking an API token disconnects its sockets', async () => {
    const t = await teacher();
    const contest = await contestOf(t.account);
    const tokens = await api<{ tokens: Array<{ id: string }> }>(srv.url, 'GET', '/api/auth/tokens', { account: t.account });
    const s = await hostSocket({ token: t.account.token }, contest.id);
    for (const tok of tokens.json.tokens) expect((await api(srv.url, 'DELETE', `/api/auth/tokens/${tok.id}`, { account: { ...t.account, headers: { Cookie: t.account.cookie! } } })).status).toBe(204);
    expect(await s.waitFor('$disconnect', undefined, { timeoutMs: 5000 })).toBe('io server disconnect');
    await expect(connectLive(srv.url, { token: t.account.token })).rejects.toThrow();
  });

  it('disabling an account disconnects all its sockets and refuses its sign-in', async () => {
    const t = await teacher();
    const contest = await contestOf(t.account);
    const a = await hostSocket({ cookie: t.account.cookie! }, contest.id);
    const b = await hostSocket({ token: t.account.token }, contest.id);
    const r = await api<{ disabled: boolean }>(srv.url, 'PATCH', `/api/users/${t.id}`, { account: srv.admin, body: { disabled: true } });
    expect(r.status).toBe(200);
    expect(r.json.disabled).toBe(true);
    await a.waitFor('$disconnect', undefined, { timeoutMs: 5000 });
    await b.waitFor('$disconnect', undefined, { timeoutMs: 5000 });
    const login = await api(srv.url, 'POST', '/api/auth/login', { body: { email: t.account.email, password: t.password } });
    expect(login.status).toBe(401);
  });

  it('privileged events re-check the credential (a session ended elsewhere, e.g. on another node)', async () => {
    const t = await teacher();
    const contest = await contestOf(t.account);
    const s = await hostSocket({ cookie: t.account.cookie! }, contest.id);
    // End the session behind the process's back: no event reaches the socket server.
    await srv.runtime.database.db.deleteFrom('sessions').where('user_id', '=', t.id).execute();
    expect(codeOf(await s.request('lobby:lock', { locked: true }))).toBe('UNAUTHENTICATED');
    await s.waitFor('$disconnect', undefined, { timeoutMs: 5000 });
    const again = await connectLive(srv.url, { cookie: t.account.cookie! });
    conns.push(again);
    expect(codeOf(await again.request('host:attach', { contestId: contest.id }))).toBe('UNAUTHENTICATED');
  });

  it('only admins disable accounts', async () => {
    const t = await teacher();
    const other = await teacher();
    expect((await api(srv.url, 'PATCH', `/api/users/${other.id}`, { account: t.account, body: { disabled: true } })).status).toBe(403);
  });
});
