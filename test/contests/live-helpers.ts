import { expect } from 'vitest';
import type { Grade } from '../../src/banks/grading.ts';
import type { OriginalResponse } from '../../src/banks/responses.ts';
import { apply } from '../../src/contests/live-machine.ts';
import { createLiveState } from '../../src/contests/live-state.ts';
import type { Command, LiveState, QuestionPlan, Step } from '../../src/contests/live-state.ts';
import { LiveSettingsSchema } from '../../src/contests/settings.ts';
import type { LiveSettingsInput } from '../../src/contests/settings.ts';

export const RIGHT: Grade = { correct: true, fraction: 1 };
export const WRONG: Grade = { correct: false, fraction: 0 };
export const PICK_A: OriginalResponse = { type: 'single_choice', optionId: 'a' };

/**
 * Timeline used throughout: the contest starts at T0 = 1000, so question 0 is
 * shown at 1000, opens at 4000 (3 s reading) and closes at 24000 (20 s); with
 * 250 ms grace the last accepted instant is 24250 and the close timer is 24251.
 */
export const T0 = 1000;
export const OPENS = 4000;
export const CLOSES = 24_000;
export const DEADLINE = 24_250;

export function plans(n: number, multiplier: 0 | 1 | 2 = 1, timeLimitMs = 20_000): QuestionPlan[] {
  return Array.from({ length: n }, () => ({ timeLimitMs, multiplier }));
}

export function newContest(settings: LiveSettingsInput = {}, questions: QuestionPlan[] = plans(3)): LiveState {
  return createLiveState(LiveSettingsSchema.parse({ latencyFair: false, ...settings }), questions);
}

/** Apply and expect success. */
export function ok(state: LiveState, cmd: Command, now: number): Step {
  const step = apply(state, cmd, now);
  expect(step.error).toBeNull();
  return step;
}

/** Apply and return the error code. */
export function err(state: LiveState, cmd: Command, now: number): string | null {
  return apply(state, cmd, now).error;
}

/** Join players named p1…pn (nicknames "Player A", "Player B"…) at time 0, districts alternating D1/D2. */
export function joinPlayers(state: LiveState, n: number, now = 0): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `p${i + 1}`;
    ok(state, { type: 'join', playerId: id, nickname: `Player ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? 'x'.repeat(Math.floor(i / 26)) : ''}`, district: i % 2 === 0 ? 'D1' : 'D2' }, now);
    ids.push(id);
  }
  return ids;
}

export function answer(playerId: string, questionIndex: number, grade: Grade | null = RIGHT, rttMs?: number): Command {
  return { type: 'answer', playerId, questionIndex, grade, response: PICK_A, ...(rttMs === undefined ? {} : { rttMs }) };
}

export function kinds(step: Step): string[] {
  return step.effects.map((e) => e.kind);
}
