import { memoryFailureCounter, type FailureCounter, type FailureLimit } from '../shared/limits/failure-counter.ts';
import { createAttemptService } from './attempt-service.ts';
import { createContestCloser } from './close-service.ts';
import { createScheduledContext, type ScheduledDeps } from './context.ts';
import { createDuplicatesService } from './duplicates-service.ts';
import { createOrganiserService } from './organiser-service.ts';
import { createParticipantService } from './participant-service.ts';
import { createPracticeService } from './practice-service.ts';
import { createRankingsService } from './rankings-service.ts';

export const MAX_FAILED_RESUMES_PER_ADDRESS = 30;

/** The resume-code limit as the shared limits take it (src/limits.ts). */
export const FAILED_RESUMES_LIMIT: FailureLimit = { limit: MAX_FAILED_RESUMES_PER_ADDRESS, windowSec: 60 };

/** Every service of scheduled contests, built once by the composition root. */
export function createScheduledModule(deps: ScheduledDeps & { resumeFailures?: FailureCounter }) {
  const listeners = new Set<(contestId: string) => void>();
  const ctx = createScheduledContext({
    ...deps,
    onActivity: (id) => {
      deps.onActivity?.(id);
      for (const l of listeners) l(id);
    },
  });
  const closer = createContestCloser(ctx);
  return {
    ctx,
    /** Close hooks (e.g. the reports' fact writer): push before the server starts. */
    onContestClosed: ctx.hooks,
    organiser: createOrganiserService(ctx),
    participants: createParticipantService(ctx),
    attempts: createAttemptService(ctx, closer),
    closer,
    rankings: createRankingsService(ctx, closer),
    duplicates: createDuplicatesService(ctx),
    practice: createPracticeService(ctx),
    /** Failed resume-code look-ups per network address and minute (a school behind one NAT still has room). */
    resumeFailures: deps.resumeFailures ?? memoryFailureCounter(FAILED_RESUMES_LIMIT, ctx.now),
    /** Listen to registrations, attempt starts, submits and closes (live progress); returns the unsubscribe. */
    onActivity(listener: (contestId: string) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type ScheduledModule = ReturnType<typeof createScheduledModule>;
