import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { liveContestsToBackfill, writeLiveContestFacts } from './live-fact-source.ts';
import { scheduledContestsToBackfill, writeScheduledContestFacts } from './scheduled-fact-source.ts';
import type { ContestKind } from './tables.ts';

/** Where facts come from, per contest kind: which contests lack them, and how to write one. */
export interface FactSource {
  kind: ContestKind;
  pending(db: Kysely<Database>, all: boolean): Promise<string[]>;
  write(db: Kysely<Database>, id: string): Promise<string | null>;
}

export const FACT_SOURCES: FactSource[] = [
  { kind: 'live', pending: liveContestsToBackfill, write: writeLiveContestFacts },
  { kind: 'scheduled', pending: scheduledContestsToBackfill, write: writeScheduledContestFacts },
];

export interface BackfillReport {
  kind: ContestKind;
  written: number;
  failed: Array<{ id: string; error: string }>;
}

/**
 * Write facts for contests that ended before reports existed (or whose end-time write
 * failed). Each contest is its own transaction, so a failure leaves the others written;
 * re-running is harmless (a contest's facts are replaced, not duplicated).
 */
export async function backfillFacts(db: Kysely<Database>, opts: { all?: boolean; kinds?: ContestKind[]; onProgress?: (kind: ContestKind, id: string) => void } = {}): Promise<BackfillReport[]> {
  const out: BackfillReport[] = [];
  for (const source of FACT_SOURCES) {
    if (opts.kinds && !opts.kinds.includes(source.kind)) continue;
    const report: BackfillReport = { kind: source.kind, written: 0, failed: [] };
    for (const id of await source.pending(db, opts.all ?? false)) {
      try {
        if (await source.write(db, id)) report.written++;
        opts.onProgress?.(source.kind, id);
      } catch (err) {
        report.failed.push({ id, error: (err as Error).message });
      }
    }
    out.push(report);
  }
  return out;
}
