import { ageOn } from '../vietnam-time.ts';
import type { MessageKey } from '../messages.ts';

/**
 * The registration form's rules on the page (the server checks them again):
 * a date of birth or a grade band; a guardian's consent for anyone under 16, and
 * for anyone who gives only a grade band (age unknown: assume a child). Pure.
 */

export const CONSENT_AGE = 16;

export interface RegistrationFields {
  fullName: string;
  dateOfBirth: string;
  gradeBand: string;
  district: string;
  school: string;
  className: string;
  phone: string;
  email: string;
  guardianConsent: boolean;
}

export interface RegistrationBody {
  fullName: string;
  dateOfBirth?: string;
  gradeBand?: string;
  district: string;
  school: string;
  className?: string;
  phone?: string;
  email?: string;
  guardianConsent?: boolean;
}

/** Whether the consent box applies: no date of birth, or under 16 on `today` (Vietnam date, YYYY-MM-DD). */
export function needsConsent(dateOfBirth: string, today: string): boolean {
  if (!dateOfBirth) return true;
  const age = ageOn(dateOfBirth, today);
  return age === null || age < CONSENT_AGE;
}

/** The request body, or the message key of the first problem (the field to focus with it). */
export function registrationBody(f: RegistrationFields, today: string): { ok: true; body: RegistrationBody } | { ok: false; error: MessageKey; field: keyof RegistrationFields } {
  const clean = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
  const fullName = clean(f.fullName);
  const school = clean(f.school);
  if (!fullName) return { ok: false, error: 'sched.register.fullName', field: 'fullName' };
  if (!f.dateOfBirth && !f.gradeBand) return { ok: false, error: 'sched.register.dobOrGrade', field: 'dateOfBirth' };
  if (!f.district) return { ok: false, error: 'sched.register.district', field: 'district' };
  if (!school) return { ok: false, error: 'sched.register.school', field: 'school' };
  const consent = needsConsent(f.dateOfBirth, today);
  if (consent && !f.guardianConsent) return { ok: false, error: 'sched.register.needConsent', field: 'guardianConsent' };
  const body: RegistrationBody = { fullName, district: f.district, school };
  if (f.dateOfBirth) body.dateOfBirth = f.dateOfBirth;
  else body.gradeBand = f.gradeBand;
  if (f.gradeBand && f.dateOfBirth) body.gradeBand = f.gradeBand;
  for (const k of ['className', 'phone', 'email'] as const) {
    const v = clean(f[k]);
    if (v) body[k] = v;
  }
  if (consent) body.guardianConsent = true;
  return { ok: true, body };
}
