/**
 * Live progress of a scheduled contest for organisers, as the socket sends it:
 * totals and one row per district. The namespace and event names are the
 * backend's (docs/scheduled.md); the reader accepts the payload defensively.
 */

export const SCHEDULED_SOCKET = '/scheduled';
export const SCHEDULED_WATCH_EVENT = 'progress:subscribe';
export const SCHEDULED_PROGRESS_EVENT = 'progress:update';

export interface DistrictProgress {
  district: string;
  participants: number;
  attempts: number;
  inProgress: number;
  submitted: number;
}

export interface Progress {
  participants: number;
  attempts: number;
  inProgress: number;
  districts: DistrictProgress[];
}

const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Read a progress payload; totals default to the sums of the districts. Null when it is not one. */
export function readProgress(payload: unknown): Progress | null {
  if (!isObj(payload)) return null;
  const list = Array.isArray(payload.districts) ? payload.districts : Array.isArray(payload.byDistrict) ? payload.byDistrict : null;
  if (!list) return null;
  const districts = list
    .filter(isObj)
    .map((d) => ({ district: String(d.district ?? d.code ?? ''), participants: n(d.participants), attempts: n(d.attempts), inProgress: n(d.inProgress ?? d.running), submitted: n(d.submitted ?? d.ended ?? d.finished) }))
    .filter((d) => d.district !== '');
  const sum = (k: keyof Omit<DistrictProgress, 'district'>) => districts.reduce((s, d) => s + d[k], 0);
  const totals = isObj(payload.totals) ? payload.totals : payload;
  return {
    participants: typeof totals.participants === 'number' ? n(totals.participants) : sum('participants'),
    attempts: typeof totals.attempts === 'number' ? n(totals.attempts) : sum('attempts'),
    inProgress: typeof (totals.inProgress ?? totals.running) === 'number' ? n(totals.inProgress ?? totals.running) : sum('inProgress'),
    districts,
  };
}
