import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../../src/contests/protocol.ts';
import { MAX_FAILED_JOINS_PER_ADDRESS } from '../../src/contests/address-limiter.ts';
import { closeAll, codeOf, connectLive, createContest, FAST_SETTINGS, okData, type LiveConn } from '../support/live-bots.ts';
import { districtCodes, startInProcess, type InProcessServer } from './in-process.ts';

/** Finding 2: PIN scanning through nickname:suggest, and contests that answer differently from unknown PINs. */
let srv: InProcessServer;
const conns: LiveConn[] = [];
beforeAll(async () => {
  srv = await startInProcess();
});
afterAll(async () => {
  closeAll(conns);
  await srv?.close();
});
const live = async () => {
  const c = await connectLive(srv.url);
  conns.push(c);
  return c;
};
const unusedPin = async () => {
  for (;;) {
    const pin = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
    const row = await srv.runtime.database.db.selectFrom('live_contests').select('id').where('pin', '=', pin).executeTakeFirst();
    if (!row) return pin;
  }
};
/** A page with the PIN itself blanked out: what is left must not depend on whether the PIN exists. */
const playPage = async (pin: string) => (await (await fetch(`${srv.url}/play?pin=${pin}`)).text()).replaceAll(pin, 'PIN');

describe('unknown, locked and full contests answer alike', () => {
  it('a locked contest: nickname:suggest, player:join and /play?pin= answer as for an unknown PIN', async () => {
    const contest = await createContest(srv.url, srv.admin, { title: 'Bí mật: Thi khu vực', bank: srv.bank.slug, version: srv.bank.version, questionCount: 1, settings: FAST_SETTINGS });
    const [district] = await districtCodes(srv.url);
    const open = await live();
    expect(codeOf(await open.request('nickname:suggest', { pin: contest.pin }))).toBe('OK');
    expect(await playPage(contest.pin)).toContain('Bí mật: Thi khu vực');

    const host = await connectLive(srv.url, { token: srv.admin.token });
    conns.push(host);
    okData(await host.request<HostSnapshot>('host:attach', { contestId: contest.id }));
    okData(await host.request('lobby:lock', { locked: true }));

    const unknown = await unusedPin();
    const a = await live();
    const b = await live();
    const lockedSuggest = await a.request('nickname:suggest', { pin: contest.pin });
    const unknownSuggest = await b.request('nickname:suggest', { pin: unknown });
    expect(lockedSuggest).toEqual(unknownSuggest);
    expect(codeOf(lockedSuggest)).toBe('CONTEST_UNAVAILABLE');
    const lockedJoin = await a.request('player:join', { pin: contest.pin, district, nickname: 'Lan Anh' });
    const unknownJoin = await b.request('player:join', { pin: unknown, district, nickname: 'Lan Anh' });
    expect(lockedJoin).toEqual(unknownJoin);

    const lockedPage = await playPage(contest.pin);
    expect(lockedPage).not.toContain('Bí mật');
    expect(lockedPage).toBe(await playPage(unknown));
  });

  it('a full contest answers like an unknown PIN too', async () => {
    const contest = await createContest(srv.url, srv.admin, { title: 'Đầy chỗ', bank: srv.bank.slug, version: srv.bank.version, questionCount: 1, settings: { ...FAST_SETTINGS, maxPlayers: 1 } });
    const [district] = await districtCodes(srv.url);
    const first = await live();
    okData(await first.request('player:join', { pin: contest.pin, district, nickname: 'Người Đầu' }));
    const late = await live();
    expect(codeOf(await late.request('nickname:suggest', { pin: contest.pin }))).toBe('CONTEST_UNAVAILABLE');
    expect(await playPage(contest.pin)).toBe(await playPage(await unusedPin()));
  });
});

describe('every PIN look-up shares the failed-join accounting', () => {
  it('PIN guesses through nickname:suggest block the address: the live PIN is then refused to it', async () => {
    const contest = await createContest(srv.url, srv.admin, { title: 'Mục tiêu', bank: srv.bank.slug, version: srv.bank.version, questionCount: 1, settings: FAST_SETTINGS });
    const [district] = await districtCodes(srv.url);
    // A scanner guessing through suggestions, opening a fresh socket every few guesses.
    let guesses = 0;
    while (guesses < MAX_FAILED_JOINS_PER_ADDRESS) {
      const s = await live();
      for (let i = 0; i < 4 && guesses < MAX_FAILED_JOINS_PER_ADDRESS; i++, guesses++) {
        await s.request('nickname:suggest', { pin: await unusedPin() });
      }
      s.close();
    }
    const found = await live();
    expect(codeOf(await found.request('nickname:suggest', { pin: contest.pin }))).toBe('RATE_LIMITED');
    expect(codeOf(await found.request('player:join', { pin: contest.pin, district, nickname: 'Kẻ Dò' }))).toBe('RATE_LIMITED');
    expect(await playPage(contest.pin)).not.toContain('Mục tiêu');
  });
});
