import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../shared/logger.ts';
import { writeLiveContestFacts } from './live-fact-source.ts';

/**
 * The live engine's one call into reports when a contest ends. Never throws: a failed
 * fact write must not disturb the final screens; it is logged and the back-fill command
 * (`civiq reports backfill`) writes it later.
 */
export function liveContestEndedHook(db: Kysely<Database>, logger: Logger): (liveContestId: string) => Promise<void> {
  return async (liveContestId) => {
    try {
      await writeLiveContestFacts(db, liveContestId);
    } catch (err) {
      logger.error('report facts not written; run `civiq reports backfill`', { contestId: liveContestId, err });
    }
  };
}
