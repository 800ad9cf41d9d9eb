import { fold } from '../shared/text.ts';

/**
 * Registration rules (pure). Personal data of children needs a guardian's consent
 * under 16 (Decree 13/2023/NĐ-CP, Personal Data Protection Law 2025).
 */

export const CONSENT_AGE = 16;
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The calendar date in Vietnam (UTC+7, no daylight saving) of an instant, as YYYY-MM-DD. */
export function vietnamDate(instant: number): string {
  return new Date(instant + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole years between a YYYY-MM-DD birth date and a YYYY-MM-DD day (a 29 Feb birthday counts from 1 Mar). */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age;
}

/**
 * Whether a registration needs `guardianConsent: true`: anyone under 16 on the day of
 * registration (Vietnam time), and anyone who gives only a grade band — their age is
 * unknown, so the safe assumption is a child.
 */
export function needsGuardianConsent(dateOfBirth: string | null, now: number): boolean {
  if (dateOfBirth === null) return true;
  return ageOn(dateOfBirth, vietnamDate(now)) < CONSENT_AGE;
}

/** A birth date must be a real calendar day, in the past, and not absurdly old. */
export function isPlausibleBirthDate(dateOfBirth: string, now: number): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  if (!m) return false;
  const d = new Date(`${dateOfBirth}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== dateOfBirth) return false;
  const today = vietnamDate(now);
  return dateOfBirth <= today && ageOn(dateOfBirth, today) <= 120;
}

/** The key two registrations of one person share: folded name (no case, diacritics or extra spaces). */
export function nameKey(fullName: string): string {
  return fold(fullName);
}

/** Schools are typed by hand; "THCS Lê Lợi" and "thcs le loi" are one school. */
export function schoolKey(school: string): string {
  return fold(school);
}

/**
 * Two registrations are likely the same person when normalised name, date of birth
 * (or grade band when no date was given) and school agree. Flagged, never merged silently.
 */
export function identityKey(p: { fullName: string; dateOfBirth: string | null; gradeBand: string | null; school: string }): string {
  return [nameKey(p.fullName), p.dateOfBirth ?? `band:${p.gradeBand ?? ''}`, schoolKey(p.school)].join('\u0000');
}
