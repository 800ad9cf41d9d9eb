import { describe, expect, it } from 'vitest';
import { needsConsent, registrationBody, type RegistrationFields } from '../../src/web/client/registration-form.ts';

const TODAY = '2026-12-07';
const base: RegistrationFields = { fullName: '  Nguyễn   Văn An ', dateOfBirth: '2008-01-15', gradeBand: '', district: 'krong-pac', school: 'THCS Lê Lợi', className: '', phone: '', email: '', guardianConsent: false };

describe('registration form', () => {
  it('asks a guardian for anyone under 16 and anyone without a date of birth', () => {
    expect(needsConsent('2010-12-07', TODAY)).toBe(false); // 16 today
    expect(needsConsent('2010-12-08', TODAY)).toBe(true); // 16 tomorrow
    expect(needsConsent('', TODAY)).toBe(true);
    expect(needsConsent('bad', TODAY)).toBe(true);
  });

  it('builds the body with tidy NFC text and only the optional fields given', () => {
    const decomposed = 'Nguye\u0302\u0303n An';
    const r = registrationBody({ ...base, fullName: decomposed, className: ' 9A ', email: 'an@example.vn' }, TODAY);
    expect(r).toEqual({ ok: true, body: { fullName: 'Nguyễn An', dateOfBirth: '2008-01-15', district: 'krong-pac', school: 'THCS Lê Lợi', className: '9A', email: 'an@example.vn' } });
    expect(registrationBody(base, TODAY)).toMatchObject({ ok: true, body: { fullName: 'Nguyễn Văn An' } });
  });

  it('needs a name, a date of birth or grade band, a district and a school', () => {
    expect(registrationBody({ ...base, fullName: '  ' }, TODAY)).toEqual({ ok: false, error: 'sched.register.fullName', field: 'fullName' });
    expect(registrationBody({ ...base, dateOfBirth: '' }, TODAY)).toEqual({ ok: false, error: 'sched.register.dobOrGrade', field: 'dateOfBirth' });
    expect(registrationBody({ ...base, district: '' }, TODAY)).toMatchObject({ ok: false, field: 'district' });
    expect(registrationBody({ ...base, school: ' ' }, TODAY)).toMatchObject({ ok: false, field: 'school' });
  });

  it('refuses a child without consent and sends consent when given', () => {
    const child = { ...base, dateOfBirth: '2013-03-01' };
    expect(registrationBody(child, TODAY)).toEqual({ ok: false, error: 'sched.register.needConsent', field: 'guardianConsent' });
    expect(registrationBody({ ...child, guardianConsent: true }, TODAY)).toMatchObject({ ok: true, body: { guardianConsent: true, dateOfBirth: '2013-03-01' } });
    const bandOnly = { ...base, dateOfBirth: '', gradeBand: 'TC2', guardianConsent: true };
    expect(registrationBody(bandOnly, TODAY)).toEqual({ ok: true, body: { fullName: 'Nguyễn Văn An', gradeBand: 'TC2', district: 'krong-pac', school: 'THCS Lê Lợi', guardianConsent: true } });
    // An adult's consent box is ignored even if ticked.
    expect(registrationBody({ ...base, guardianConsent: true }, TODAY)).toMatchObject({ ok: true, body: { dateOfBirth: '2008-01-15' } });
    expect((registrationBody({ ...base, guardianConsent: true }, TODAY) as { body: object }).body).not.toHaveProperty('guardianConsent');
  });
});
