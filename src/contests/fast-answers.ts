/**
 * Inhumanly fast answers. A person needs time to see the options and tap one:
 * simple visual reaction alone takes about 200–250 ms, and choosing among
 * options takes longer. An answer that reaches the server sooner than
 * `HUMAN_FLOOR_MS` after the options opened — after the player's whole measured
 * round trip is subtracted, which favours the player — was not typed by a
 * person watching the screen (a script, or a leaked key). Such answers are kept
 * and scored (the score rules stay simple and auditable), but flagged: the host
 * sees them live (`answer:flagged`), the results list them per player
 * (`flaggedAnswers`, also in the CSV), and organisers decide. Documented in
 * docs/security.md.
 */
export const HUMAN_FLOOR_MS = 200;

export interface FastAnswerInput {
  receivedAt: number;
  opensAt: number | null;
  /** The player's measured round trip, if any; unknown counts as 0. */
  rttMs: number | null | undefined;
}

/** Milliseconds a person had to answer, at most: time since opening minus the round trip. */
export function humanTimeMs(a: FastAnswerInput): number | null {
  if (a.opensAt === null) return null;
  const rtt = a.rttMs !== null && a.rttMs !== undefined && Number.isFinite(a.rttMs) && a.rttMs > 0 ? a.rttMs : 0;
  return a.receivedAt - a.opensAt - rtt;
}

export function isInhumanlyFast(a: FastAnswerInput, floorMs = HUMAN_FLOOR_MS): boolean {
  const t = humanTimeMs(a);
  return t !== null && t < floorMs;
}
