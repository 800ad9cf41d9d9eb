/**
 * Contest times are stored in UTC and shown in Vietnam time (Asia/Ho_Chi_Minh,
 * UTC+7 all year: Vietnam has no daylight saving). Shared by the server pages and
 * the browser bundles.
 */

export const VIETNAM_TZ = 'Asia/Ho_Chi_Minh';
const OFFSET_MS = 7 * 3600_000;

/** "09:00 thứ Hai, 7 tháng 12, 2026" / "Monday 7 December 2026 at 09:00" in Vietnam time. */
export function formatVietnamTime(t: string | number | Date, lang: 'vi' | 'en'): string {
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: VIETNAM_TZ, dateStyle: 'full', timeStyle: 'short' }).format(d);
}

/** A short form for tables: "07/12/2026 09:00" in Vietnam time. */
export function formatVietnamShort(t: string | number | Date): string {
  const local = isoToVietnamLocal(t);
  if (!local) return '';
  const [date, time] = local.split('T') as [string, string];
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y} ${time}`;
}

/** What an `<input type="datetime-local">` holds ("2026-12-07T09:00") read as Vietnam time → ISO 8601 UTC, or null. */
export function vietnamLocalToIso(local: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - OFFSET_MS;
  const back = new Date(ms + OFFSET_MS);
  // Reject dates that rolled over (31 February and the like).
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return new Date(ms).toISOString();
}

/** An instant → the `datetime-local` value in Vietnam time ("2026-12-07T09:00"), or '' when invalid. */
export function isoToVietnamLocal(t: string | number | Date): string {
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return '';
  return new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 16);
}

/** "12 phút 5 giây" / "12 min 5 s" for durations in rankings and results. */
export function formatDuration(ms: number, lang: 'vi' | 'en'): string {
  const total = Math.round(Math.max(0, ms) / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  if (lang === 'vi') return m > 0 ? `${m} phút ${s} giây` : `${s} giây`;
  return m > 0 ? `${m} min ${s} s` : `${s} s`;
}

/** Age in whole years on `on` (both YYYY-MM-DD), or null for a malformed date. */
export function ageOn(dateOfBirth: string, on: string): number | null {
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  const o = /^(\d{4})-(\d{2})-(\d{2})$/.exec(on);
  if (!b || !o) return null;
  const [by, bm, bd] = [Number(b[1]), Number(b[2]), Number(b[3])];
  const [oy, om, od] = [Number(o[1]), Number(o[2]), Number(o[3])];
  if (bm < 1 || bm > 12 || bd < 1 || bd > 31) return null;
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}

/** Today's date in Vietnam as YYYY-MM-DD. */
export function vietnamToday(now: number): string {
  return isoToVietnamLocal(now).slice(0, 10);
}
