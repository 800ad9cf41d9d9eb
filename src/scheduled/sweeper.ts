import type { Logger } from '../shared/logger.ts';
import type { ScheduledModule } from './scheduled-module.ts';

/** How often the sweeper looks for attempts past their deadline and contests past their window. */
export const SWEEP_INTERVAL_MS = 15_000;

/**
 * The background half of "no attempt stays open": every SWEEP_INTERVAL_MS, close
 * overdue attempts and due contests, and purge old practice attempts. Reads close
 * lazily too, so a stopped sweeper delays nothing a participant can see.
 * Returns the stop function.
 */
export function startSweeper(m: ScheduledModule, logger: Logger, intervalMs = SWEEP_INTERVAL_MS): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await m.closer.sweep();
      await m.practice.purge();
      if (r.attempts > 0 || r.contests.length > 0) logger.info('scheduled sweep', r);
    } catch (err) {
      logger.warn('scheduled sweep failed', { err });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
