import { describe, expect, it } from 'vitest';
import { ageOn, identityKey, isPlausibleBirthDate, needsGuardianConsent, vietnamDate } from '../../src/scheduled/registration.ts';
import { publicName } from '../../src/scheduled/rankings-service.ts';

describe('consent rule (under 16 needs a guardian)', () => {
  const now = Date.parse('2026-05-20T03:00:00Z');
  it('counts whole years on the Vietnam calendar day', () => {
    expect(ageOn('2010-05-20', '2026-05-20')).toBe(16);
    expect(ageOn('2010-05-21', '2026-05-20')).toBe(15);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    // 23:30 UTC on the 19th is already the 20th in Vietnam.
    expect(vietnamDate(Date.parse('2026-05-19T23:30:00Z'))).toBe('2026-05-20');
  });
  it('needs consent below 16, not from the 16th birthday; and when only a grade band is given', () => {
    expect(needsGuardianConsent('2010-05-21', now)).toBe(true);
    expect(needsGuardianConsent('2010-05-20', now)).toBe(false);
    expect(needsGuardianConsent('1990-01-01', now)).toBe(false);
    expect(needsGuardianConsent(null, now)).toBe(true);
  });
  it('refuses impossible or future birth dates', () => {
    expect(isPlausibleBirthDate('2010-02-30', now)).toBe(false);
    expect(isPlausibleBirthDate('2030-01-01', now)).toBe(false);
    expect(isPlausibleBirthDate('1800-01-01', now)).toBe(false);
    expect(isPlausibleBirthDate('2010-02-28', now)).toBe(true);
  });
});

describe('duplicate identity', () => {
  it('ignores case, diacritics, spacing and NFD input; keeps date and school apart', () => {
    const a = identityKey({ fullName: 'Nguyễn Văn  An', dateOfBirth: '2010-01-02', gradeBand: null, school: 'THCS Lê Lợi' });
    expect(identityKey({ fullName: 'nguyen van an'.normalize('NFD'), dateOfBirth: '2010-01-02', gradeBand: null, school: 'thcs le loi' })).toBe(a);
    expect(identityKey({ fullName: 'Nguyễn Văn An', dateOfBirth: '2010-01-03', gradeBand: null, school: 'THCS Lê Lợi' })).not.toBe(a);
    expect(identityKey({ fullName: 'Nguyễn Văn An', dateOfBirth: '2010-01-02', gradeBand: null, school: 'THCS Lê Lai' })).not.toBe(a);
  });
});

describe('public names', () => {
  it('keeps the given name and initials of the others', () => {
    expect(publicName('Nguyễn Văn An')).toBe('N. V. An');
    expect(publicName('Đặng  Thị Ánh Tuyết')).toBe('Đ. T. Á. Tuyết');
    expect(publicName('H’Hen')).toBe('H’Hen');
  });
});
