import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSnapshot, JoinResult } from '../../src/contests/protocol.ts';
import { FAST_SETTINGS, api, botNicknames, closeAll, codeOf, connectLive, createContest, okData, startLiveServer, type LiveConn, type LiveServer } from '../support/live-bots.ts';

/** Roster mode (per-student codes) and the per-contest join-flood lock, against the real server. */
let srv: LiveServer;
beforeAll(async () => {
  srv = await startLiveServer();
}, 90_000);
afterAll(() => srv?.server.cleanup());

/** District codes players may choose: the default region set's units (what contests use unless told otherwise). */
const districtsOf = async () => {
  const sets = (await api<{ sets: Array<{ code: string }> }>(srv.url, 'GET', '/api/region-sets')).json;
  const set = (await api<{ units: Array<{ code: string; level: string }> }>(srv.url, 'GET', `/api/region-sets/${sets.sets[0]!.code}`)).json;
  return set.units.filter((u) => u.level !== 'province').map((u) => u.code);
};

describe('roster mode', () => {
  it('admits only players with an unused code issued by the teacher', async () => {
    const contest = await createContest(srv.url, srv.admin, { title: 'Thi chính thức', bank: srv.bank.slug, version: srv.bank.version, questionCount: 2, rosterMode: true, settings: FAST_SETTINGS });
    const issued = await api<{ codes: Array<{ label: string; code: string }> }>(srv.url, 'POST', `/api/live-contests/${contest.id}/roster`, {
      account: srv.admin,
      body: { students: [{ label: 'Nguyễn Văn An – 8A' }, { label: 'Trần Thị Hoa – 8A' }] },
    });
    expect(issued.status).toBe(201);
    const [an, hoa] = issued.json.codes;
    expect(an!.code).toMatch(/^[A-Z2-9]{8}$/);
    expect(an!.code).not.toBe(hoa!.code);
    const csv = await fetch(`${srv.url}/api/live-contests/${contest.id}/roster?format=csv`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${srv.admin.token}` },
      body: JSON.stringify({ students: [{ label: 'Lê Minh – 8B', district: 'lak' }] }),
    });
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain('Lê Minh – 8B,lak,');

    const [district] = await districtsOf();
    const conns: LiveConn[] = [];
    const join = async (rosterCode?: string) => {
      const c = await connectLive(srv.url);
      conns.push(c);
      return c.request<JoinResult>('player:join', { pin: contest.pin, district, nickname: `Học sinh ${'abcdefgh'[conns.length]}`, ...(rosterCode !== undefined ? { rosterCode } : {}) });
    };
    try {
      expect(codeOf(await join())).toBe('ROSTER_CODE_INVALID');
      expect(codeOf(await join('ZZZZZZZZ'))).toBe('ROSTER_CODE_INVALID');
      okData(await join(an!.code.toLowerCase())); // codes are not case-sensitive to type
      expect(codeOf(await join(an!.code))).toBe('ROSTER_CODE_INVALID'); // used once already
      okData(await join(hoa!.code));
    } finally {
      closeAll(conns);
    }
  });

  it('refuses roster codes for a contest not in roster mode', async () => {
    const contest = await createContest(srv.url, srv.admin, { title: 'Thi thường', bank: srv.bank.slug, version: srv.bank.version, questionCount: 1, settings: FAST_SETTINGS });
    const r = await api(srv.url, 'POST', `/api/live-contests/${contest.id}/roster`, { account: srv.admin, body: { students: [{ label: 'x' }] } });
    expect(r.status).toBe(409);
  });
});

describe('join flood', () => {
  it('locks the lobby when joins arrive faster than a contest accepts, and the host can unlock it', async () => {
    const contest = await createContest(srv.url, srv.admin, { title: 'Chống tràn', bank: srv.bank.slug, version: srv.bank.version, questionCount: 1, settings: { ...FAST_SETTINGS, maxPlayers: 5000 } });
    const host = await connectLive(srv.url, { token: srv.admin.token });
    okData(await host.request<HostSnapshot>('host:attach', { contestId: contest.id }));
    const districts = await districtsOf();
    const n = 320; // above the burst of 200, all at once
    // 250 distinct test names; the rest ask the server to generate one.
    const names = botNicknames(250);
    const conns = await Promise.all(Array.from({ length: n }, () => connectLive(srv.url)));
    try {
      const acks = await Promise.all(
        conns.map((c, i) => c.request<JoinResult>('player:join', { pin: contest.pin, district: districts[i % districts.length], ...(names[i] ? { nickname: names[i] } : {}) }, 20_000)),
      );
      const joined = acks.filter((a) => a.ok).length;
      const refused = acks.filter((a) => !a.ok).map(codeOf);
      expect(joined).toBeGreaterThan(0);
      expect(joined).toBeLessThan(n);
      // Refused joins look like an unknown PIN; once one address has been refused 60 times in a
      // minute (all these bots share 127.0.0.1) the address limiter answers RATE_LIMITED instead.
      expect(refused).toContain('CONTEST_UNAVAILABLE');
      expect(refused.filter((c) => c !== 'CONTEST_UNAVAILABLE' && c !== 'RATE_LIMITED')).toEqual([]);
      const locked = await host.waitFor<HostSnapshot>('host:state', (h) => h.lobbyLocked, { timeoutMs: 5000 });
      expect(locked.players.length).toBe(joined);
      expect(okData(await host.request<{ locked: boolean }>('lobby:lock', { locked: false }))).toEqual({ locked: false });
      const unlocked = await host.waitFor<HostSnapshot>('host:state', (h) => !h.lobbyLocked, { timeoutMs: 5000 });
      expect(unlocked.lobbyLocked).toBe(false);
    } finally {
      closeAll([...conns, host]);
    }
  });
});
