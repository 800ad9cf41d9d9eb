import { z } from 'zod';

/**
 * Settings of one live contest. The HTTP shell validates the teacher's request
 * with this schema (defaults applied) and the state machine reads the parsed
 * value; nothing else interprets these fields.
 */
/** The largest contest one node is sized for (BENCHMARKS.md: 25,000 players on a 2-core machine). */
export const MAX_PLAYERS_CEILING = 50_000;

export const LiveSettingsSchema = z.strictObject({
  /** Default answer window; a question's own `timeLimitSec` wins (see `planQuestions`). */
  timeLimitSec: z.number().int().min(5).max(240).default(20),
  /** Time between a question appearing and answers opening, so everyone reads it first. */
  readingDelayMs: z.number().int().min(0).max(30_000).default(3000),
  /** Off: a correct answer earns the full points whatever its speed. */
  speedScoring: z.boolean().default(true),
  streakBonus: z.boolean().default(true),
  /** Each player sees the options in their own order (the shell builds the views). */
  shuffleOptions: z.boolean().default(true),
  maxPlayers: z.number().int().min(1).max(MAX_PLAYERS_CEILING).default(2000),
  /** Players may join until question index `lateJoinUntil` starts; 0 means in the lobby only. */
  lateJoinUntil: z.number().int().min(0).max(10_000).default(0),
  mode: z.enum(['classic', 'elimination']).default('classic'),
  /** Leave the reveal on the server's timer after `revealDurationMs` instead of waiting for the host. */
  autoAdvance: z.boolean().default(false),
  revealDurationMs: z.number().int().min(1000).max(120_000).default(10_000),
  /** Subtract half the measured round trip (capped) from the answer time; see docs/scoring.md. */
  latencyFair: z.boolean().default(true),
  latencyCapMs: z.number().int().min(0).max(1000).default(300),
  /** Answers this long after the deadline are still accepted (scored as if at the deadline). */
  graceMs: z.number().int().min(0).max(2000).default(250),
  /** Show district standings (and school standings where players gave a school). */
  teamScoring: z.boolean().default(true),
  /**
   * How many players the host expects (a province-wide final: 25,000). The join flood
   * lock scales with it (live-join-gate.ts); without it `maxPlayers` is the expected size.
   */
  expectedPlayers: z.number().int().min(1).max(MAX_PLAYERS_CEILING).optional(),
});

/** Parsed settings, defaults applied. */
export type LiveSettings = z.output<typeof LiveSettingsSchema>;
export type LiveSettingsInput = z.input<typeof LiveSettingsSchema>;

export const CONTEST_MODES = ['classic', 'elimination'] as const;
export type ContestMode = (typeof CONTEST_MODES)[number];
