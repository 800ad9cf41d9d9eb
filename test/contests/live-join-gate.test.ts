import { describe, expect, it } from 'vitest';
import { joinAllowed, joinLimits, takeJoinToken } from '../../src/contests/live-join-gate.ts';
import { pickFreeNickname } from '../../src/contests/nickname-picker.ts';
import { validateNickname } from '../../src/contests/nickname.ts';
import { seededRandom } from '../../src/shared/random.ts';

describe('join gate sized to the contest', () => {
  it('keeps 100/s and a burst of 200 for classes, and grows with the expected field', () => {
    expect(joinLimits({ maxPlayers: 40 })).toEqual({ ratePerSec: 100, burst: 200 });
    expect(joinLimits({ maxPlayers: 5000 })).toEqual({ ratePerSec: 167, burst: 200 });
    expect(joinLimits({ maxPlayers: 30_000, expectedPlayers: 25_000 })).toEqual({ ratePerSec: 834, burst: 834 });
    // The host's expectation wins over the ceiling.
    expect(joinLimits({ maxPlayers: 25_000, expectedPlayers: 300 })).toEqual({ ratePerSec: 100, burst: 200 });
  });

  it('lets 25,000 players in within a minute at a steady 500/s, and refuses a flood beyond the rate', () => {
    const settings = { maxPlayers: 25_000, expectedPlayers: 25_000 };
    const bucket = { joinTokens: joinLimits(settings).burst, joinRefillAt: 0 };
    let admitted = 0;
    for (let i = 0; i < 25_000; i++) {
      const at = i * 2; // 500 a second
      if (joinAllowed(bucket, settings, at)) {
        takeJoinToken(bucket);
        admitted++;
      }
    }
    expect(admitted).toBe(25_000);
    // 5,000 at once from a flooder: the burst passes, the rest is refused.
    let flood = 0;
    for (let i = 0; i < 5000; i++) if (joinAllowed(bucket, settings, 60_000)) (takeJoinToken(bucket), flood++);
    expect(flood).toBe(834);
  });
});

describe('server-picked nicknames', () => {
  it('are valid and avoid every taken key, adding a number once the two-word names run out', () => {
    const taken = new Set<string>();
    const rng = seededRandom('nicknames');
    for (let i = 0; i < 5000; i++) {
      const name = pickFreeNickname(rng, i % 2 ? 'en' : 'vi', (k) => taken.has(k));
      expect(name).not.toBeNull();
      const checked = validateNickname(name!);
      expect(checked.ok).toBe(true);
      if (!checked.ok) continue;
      expect(taken.has(checked.key)).toBe(false);
      taken.add(checked.key);
    }
  });

  it('gives up (null) only when every attempt is taken', () => {
    expect(pickFreeNickname(seededRandom('x'), 'vi', () => true, 10)).toBeNull();
  });
});
