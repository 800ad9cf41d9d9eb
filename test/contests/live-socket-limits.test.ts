import { describe, expect, it } from 'vitest';
import { AddressLimiter } from '../../src/contests/address-limiter.ts';
import { protocolCode } from '../../src/contests/live-engine.ts';

describe('AddressLimiter', () => {
  it('blocks an address after the limit within the window, and frees it after', () => {
    const l = new AddressLimiter(3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(l.blocked('10.0.0.1', 1000 + i)).toBe(false);
      l.record('10.0.0.1', 1000 + i);
    }
    expect(l.blocked('10.0.0.1', 2000)).toBe(true);
    expect(l.blocked('10.0.0.2', 2000)).toBe(false);
    expect(l.blocked('10.0.0.1', 61_003)).toBe(false);
  });
});

describe('protocolCode', () => {
  it('answers unknown, locked, full and ended contests alike', () => {
    expect(new Set(['LOCKED', 'ENDED', 'FULL', 'LATE_JOIN_CLOSED'].map((e) => protocolCode(e as never)))).toEqual(new Set(['CONTEST_UNAVAILABLE']));
  });
  it('folds every nickname rule into NICKNAME_INVALID', () => {
    for (const e of ['TOO_SHORT', 'TOO_LONG', 'FORBIDDEN_CHARS', 'GLITCH_TEXT', 'NO_LETTERS', 'PROFANITY']) expect(protocolCode(e as never)).toBe('NICKNAME_INVALID');
    expect(protocolCode('BANNED')).toBe('NICKNAME_BANNED');
    expect(protocolCode('TOO_LATE')).toBe('TOO_LATE');
  });
});
