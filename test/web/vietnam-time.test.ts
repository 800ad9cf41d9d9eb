import { describe, expect, it } from 'vitest';
import { ageOn, formatDuration, formatVietnamShort, formatVietnamTime, isoToVietnamLocal, vietnamLocalToIso, vietnamToday } from '../../src/web/vietnam-time.ts';

describe('Vietnam time', () => {
  it('shows a UTC instant in Asia/Ho_Chi_Minh (UTC+7)', () => {
    const iso = '2026-12-07T02:00:00.000Z';
    expect(isoToVietnamLocal(iso)).toBe('2026-12-07T09:00');
    expect(formatVietnamShort(iso)).toBe('07/12/2026 09:00');
    expect(formatVietnamTime(iso, 'en')).toContain('09:00');
    expect(formatVietnamTime(iso, 'en')).toContain('7 December 2026');
    expect(formatVietnamTime(iso, 'vi')).toContain('09:00');
    expect(formatVietnamTime('nope', 'vi')).toBe('');
    // 20:00 UTC is already the next day in Vietnam.
    expect(isoToVietnamLocal('2026-12-31T20:00:00Z')).toBe('2027-01-01T03:00');
  });

  it('reads a datetime-local value as Vietnam time', () => {
    expect(vietnamLocalToIso('2026-12-07T09:00')).toBe('2026-12-07T02:00:00.000Z');
    expect(vietnamLocalToIso('2026-01-01T03:30:15')).toBe('2025-12-31T20:30:15.000Z');
    expect(vietnamLocalToIso('2026-02-31T09:00')).toBeNull();
    expect(vietnamLocalToIso('2026-12-07T24:00')).toBeNull();
    expect(vietnamLocalToIso('07/12/2026 09:00')).toBeNull();
    expect(isoToVietnamLocal(vietnamLocalToIso('2026-05-20T07:30')!)).toBe('2026-05-20T07:30');
  });

  it('formats durations in both languages', () => {
    expect(formatDuration(0, 'vi')).toBe('0 giây');
    expect(formatDuration(61_400, 'vi')).toBe('1 phút 1 giây');
    expect(formatDuration(61_600, 'en')).toBe('1 min 2 s');
  });

  it('computes age on a date, birthday included', () => {
    expect(ageOn('2010-12-07', '2026-12-07')).toBe(16);
    expect(ageOn('2010-12-08', '2026-12-07')).toBe(15);
    expect(ageOn('2011-01-01', '2026-12-07')).toBe(15);
    expect(ageOn('2010-13-01', '2026-12-07')).toBeNull();
    expect(ageOn('', '2026-12-07')).toBeNull();
    expect(vietnamToday(Date.parse('2026-12-07T18:00:00Z'))).toBe('2026-12-08');
  });
});
