import { nfc } from '../shared/text.ts';
import { validateNickname } from './nickname.ts';
import { answerPoints, effectiveElapsedMs, isFullyCorrect, streakBonus } from './scoring.ts';
import { answerDeadline, joiningPlayer, survivorCount } from './live-state.ts';
import type { AnswerRecord, Command, Effect, EndReason, LiveError, LiveState, Step } from './live-state.ts';

/**
 * The live-contest state machine: `apply(state, command, now)`.
 *
 * - Deterministic: time is the `now` argument (ms); nothing reads the clock or
 *   draws random numbers.
 * - Mutates `state` in place and returns it: an answer costs O(1), not a copy of
 *   2,000 players. The shell owns one state per contest and serialises commands.
 * - Before every command the machine first honours overdue deadlines (closing the
 *   question or leaving the reveal at `now`), so a late timer never lets a late
 *   answer in, and at most one such transition happens per call.
 * - Points are computed when an answer is accepted (its speed is known then) but
 *   added to the player's total, with the streak bonus, when the question closes;
 *   streaks and eliminations are settled at close, where missing answers count.
 */
export function apply(state: LiveState, command: Command, now: number): Step {
  const effects: Effect[] = [];
  catchUp(state, now, effects);
  const error = run(state, command, now, effects);
  return { state, effects, error };
}

/** Process a deadline that has passed: close the question, or leave the reveal under auto-advance. */
export function catchUp(state: LiveState, now: number, effects: Effect[]): void {
  if (state.pausedAt !== null) return;
  const deadline = answerDeadline(state);
  if (state.phase === 'question' && deadline !== null && now > deadline) closeQuestion(state, now, effects);
  else if (state.phase === 'reveal' && state.settings.autoAdvance && state.advanceAt !== null && now >= state.advanceAt) advance(state, now, effects);
}

function run(state: LiveState, cmd: Command, now: number, effects: Effect[]): LiveError | null {
  switch (cmd.type) {
    case 'tick':
      return null;
    case 'join':
      return join(state, cmd, now, effects);
    case 'leave':
    case 'disconnect':
      return setConnected(state, cmd.playerId, false, now, effects);
    case 'reconnect':
      return setConnected(state, cmd.playerId, true, now, effects);
    case 'answer':
      return answer(state, cmd, now, effects);
    case 'lock':
    case 'unlock': {
      const locked = cmd.type === 'lock';
      if (state.phase === 'ended') return 'WRONG_PHASE';
      if (state.locked !== locked) {
        state.locked = locked;
        effects.push({ kind: 'lobby-locked', locked });
      }
      return null;
    }
    case 'kick':
      return kick(state, cmd.playerId, cmd.ban === true, now, effects);
    case 'start':
      if (state.phase !== 'lobby') return 'WRONG_PHASE';
      if (state.players.size === 0) return 'NO_PLAYERS';
      if (state.questions.length === 0) {
        end(state, 'completed', effects);
        return null;
      }
      showQuestion(state, 0, now, effects);
      return null;
    case 'next':
      if (state.phase === 'question') closeQuestion(state, now, effects);
      else if (state.phase === 'reveal') advance(state, now, effects);
      else return 'WRONG_PHASE';
      return null;
    case 'skip':
      if (state.phase !== 'question') return 'WRONG_PHASE';
      voidQuestion(state, effects);
      advance(state, now, effects);
      return null;
    case 'pause':
      return pause(state, now, effects);
    case 'resume':
      return resume(state, now, effects);
    case 'extend':
      return extend(state, cmd.seconds, effects);
    case 'end':
      if (state.phase === 'ended') return 'WRONG_PHASE';
      if (state.phase === 'question') voidQuestion(state, effects);
      end(state, 'host', effects);
      return null;
    case 'revive':
      return revive(state, effects);
  }
}

function join(state: LiveState, cmd: Extract<Command, { type: 'join' }>, now: number, effects: Effect[]): LiveError | null {
  if (state.players.has(cmd.playerId)) return 'ALREADY_JOINED';
  if (state.phase === 'ended') return 'ENDED';
  if (state.locked) return 'LOCKED';
  if (state.phase !== 'lobby' && state.index >= state.settings.lateJoinUntil) return 'LATE_JOIN_CLOSED';
  if (state.players.size >= state.settings.maxPlayers) return 'FULL';
  const district = nfc(cmd.district).trim();
  if (district === '') return 'INVALID';
  const checked = validateNickname(cmd.nickname);
  if (!checked.ok) return checked.code;
  if (state.banned.has(checked.key)) return 'BANNED';
  if (state.keys.has(checked.key)) return 'NICKNAME_TAKEN';
  const school = cmd.school == null ? '' : nfc(cmd.school).trim();
  const player = joiningPlayer(state, {
    id: cmd.playerId,
    nickname: checked.nickname,
    key: checked.key,
    district,
    school: school === '' ? null : school,
    joinOrder: state.nextJoinOrder++,
    joinedAt: now,
  });
  state.players.set(player.id, player);
  state.keys.set(player.key, player.id);
  if (state.phase === 'question') state.pending++;
  effects.push({ kind: 'player-joined', playerId: player.id });
  return null;
}

function setConnected(state: LiveState, playerId: string, connected: boolean, now: number, effects: Effect[]): LiveError | null {
  const player = state.players.get(playerId);
  if (!player) return 'NOT_IN_CONTEST';
  if (player.connected === connected) return null;
  player.connected = connected;
  if (state.phase === 'question' && !player.eliminated && !state.answers[state.index]?.has(playerId)) {
    state.pending += connected ? 1 : -1;
    if (!connected) closeIfAllAnswered(state, now, effects);
  }
  return null;
}

function kick(state: LiveState, playerId: string, ban: boolean, now: number, effects: Effect[]): LiveError | null {
  const player = state.players.get(playerId);
  if (!player) return 'NOT_IN_CONTEST';
  const wasPending = state.phase === 'question' && player.connected && !player.eliminated && !state.answers[state.index]?.has(playerId);
  state.players.delete(playerId);
  state.keys.delete(player.key);
  for (const answers of state.answers) answers.delete(playerId);
  if (ban) state.banned.add(player.key);
  effects.push({ kind: 'player-kicked', playerId, banned: ban });
  if (wasPending) {
    state.pending--;
    closeIfAllAnswered(state, now, effects);
  }
  return null;
}

function answer(state: LiveState, cmd: Extract<Command, { type: 'answer' }>, now: number, effects: Effect[]): LiveError | null {
  const player = state.players.get(cmd.playerId);
  if (!player) return 'NOT_IN_CONTEST';
  if (state.answers[cmd.questionIndex]?.has(cmd.playerId)) return 'ALREADY_ANSWERED';
  if (player.eliminated) return 'ELIMINATED';
  if (state.phase !== 'question' || cmd.questionIndex !== state.index) return 'TOO_LATE';
  if (state.pausedAt !== null) return 'PAUSED';
  const { opensAt, closesAt } = state;
  const plan = state.questions[state.index];
  const answers = state.answers[state.index];
  if (opensAt === null || closesAt === null || !plan || !answers) return 'TOO_LATE';
  if (now < opensAt) return 'TOO_EARLY';
  if (now > closesAt + state.settings.graceMs) return 'TOO_LATE';
  const { grade, response } = cmd;
  if (!grade || !response || !Number.isFinite(grade.fraction)) return 'INVALID';
  const rttMs = cmd.rttMs !== undefined && Number.isFinite(cmd.rttMs) && cmd.rttMs >= 0 ? cmd.rttMs : null;
  const elapsedMs = effectiveElapsedMs({
    receivedAt: now,
    opensAt,
    closesAt,
    timeLimitMs: plan.timeLimitMs,
    rttMs: rttMs ?? undefined,
    latencyFair: state.settings.latencyFair,
    latencyCapMs: state.settings.latencyCapMs,
  });
  const fraction = Math.min(1, Math.max(0, grade.fraction));
  const record: AnswerRecord = {
    playerId: player.id,
    questionIndex: state.index,
    receivedAt: now,
    rttMs,
    elapsedMs,
    correct: isFullyCorrect({ correct: grade.correct, fraction }),
    fraction,
    points: answerPoints({ multiplier: plan.multiplier, fraction, elapsedMs, timeLimitMs: plan.timeLimitMs, speedScoring: state.settings.speedScoring }),
    bonus: 0,
    response,
  };
  answers.set(player.id, record);
  effects.push({ kind: 'answer-recorded', answer: record });
  if (player.connected) {
    state.pending--;
    closeIfAllAnswered(state, now, effects);
  }
  return null;
}

function closeIfAllAnswered(state: LiveState, now: number, effects: Effect[]): void {
  // An empty room is not "everyone answered": wait for at least one answer.
  if (state.phase === 'question' && state.pausedAt === null && state.pending <= 0 && (state.answers[state.index]?.size ?? 0) > 0) {
    closeQuestion(state, now, effects);
  }
}

function showQuestion(state: LiveState, index: number, now: number, effects: Effect[]): void {
  const plan = state.questions[index];
  if (!plan) return;
  state.phase = 'question';
  state.index = index;
  state.shownAt = now;
  state.opensAt = now + state.settings.readingDelayMs;
  state.closesAt = state.opensAt + plan.timeLimitMs;
  state.advanceAt = null;
  state.pausedAt = null;
  state.pending = countPending(state);
  effects.push({ kind: 'question', index, shownAt: state.shownAt, opensAt: state.opensAt, closesAt: state.closesAt });
  effects.push({ kind: 'schedule', at: state.closesAt + state.settings.graceMs + 1, reason: 'close' });
}

/** Connected, non-eliminated players without an answer to the current question. O(N): once per question or restore. */
export function countPending(state: LiveState): number {
  const answers = state.answers[state.index];
  let n = 0;
  for (const p of state.players.values()) if (p.connected && !p.eliminated && !answers?.has(p.id)) n++;
  return n;
}

/** Settle the current question and show its reveal. */
export function closeQuestion(state: LiveState, now: number, effects: Effect[]): void {
  const eliminated = settle(state);
  state.phase = 'reveal';
  state.pausedAt = null;
  state.pending = 0;
  effects.push({ kind: 'reveal', index: state.index });
  if (eliminated.length > 0) effects.push({ kind: 'eliminated', index: state.index, playerIds: eliminated });
  if (state.settings.autoAdvance) {
    state.advanceAt = now + state.settings.revealDurationMs;
    effects.push({ kind: 'schedule', at: state.advanceAt, reason: 'advance' });
  } else {
    state.advanceAt = null;
    effects.push({ kind: 'cancel-timer' });
  }
}

/** Fold the current question into every player's totals; returns the players eliminated by it. */
function settle(state: LiveState): string[] {
  const i = state.index;
  const plan = state.questions[i];
  const answers = state.answers[i];
  const eliminated: string[] = [];
  if (!plan || !answers) return eliminated;
  const tally = { voided: false, due: 0, answered: 0, correct: 0 };
  for (const p of state.players.values()) {
    if (p.settledThrough >= i) continue;
    p.settledThrough = i;
    if (p.eliminated) continue;
    const a = answers.get(p.id);
    if (!a && p.firstIndex > i) continue;
    tally.due++;
    p.dueCount++;
    if (a) {
      tally.answered++;
      p.answeredCount++;
    }
    const full = a?.correct === true;
    if (a && full) {
      tally.correct++;
      p.correctCount++;
      p.correctTimeMs += a.elapsedMs;
    }
    // A practice question (multiplier 0) is outside the game: no points, streak or elimination.
    if (plan.multiplier === 0) continue;
    if (a && full) {
      p.streak++;
      p.bestStreak = Math.max(p.bestStreak, p.streak);
      a.bonus = streakBonus(p.streak, state.settings.streakBonus);
    } else {
      p.streak = 0;
    }
    p.points += a ? a.points + a.bonus : 0;
    if (state.settings.mode === 'elimination' && !full) {
      p.eliminated = true;
      p.eliminatedAt = i;
      eliminated.push(p.id);
    }
  }
  state.tallies[i] = tally;
  return eliminated;
}

/** Drop the current question: its answers are discarded and nobody's totals change. */
function voidQuestion(state: LiveState, effects: Effect[]): void {
  state.answers[state.index]?.clear();
  state.tallies[state.index] = { voided: true, due: 0, answered: 0, correct: 0 };
  effects.push({ kind: 'voided', index: state.index });
}

/** From a reveal (or a voided question): the next question, or the end. */
function advance(state: LiveState, now: number, effects: Effect[]): void {
  if (state.settings.mode === 'elimination' && state.index >= 0 && survivorCount(state) <= 1) end(state, 'last-standing', effects);
  else if (state.index + 1 >= state.questions.length) end(state, 'completed', effects);
  else showQuestion(state, state.index + 1, now, effects);
}

function end(state: LiveState, reason: EndReason, effects: Effect[]): void {
  state.phase = 'ended';
  state.endReason = reason;
  state.pausedAt = null;
  state.advanceAt = null;
  state.pending = 0;
  effects.push({ kind: 'cancel-timer' });
  effects.push({ kind: 'ended', reason });
}

/** A pause freezes the current phase's clock; the remaining time is kept. Pausing twice is a no-op. */
function pause(state: LiveState, now: number, effects: Effect[]): LiveError | null {
  if (state.phase !== 'question' && state.phase !== 'reveal') return 'WRONG_PHASE';
  if (state.pausedAt !== null) return null;
  state.pausedAt = now;
  effects.push({ kind: 'cancel-timer' });
  effects.push(clockEffect(state));
  return null;
}

/** Shift every pending deadline by the length of the pause. Resuming while running is a no-op. */
function resume(state: LiveState, now: number, effects: Effect[]): LiveError | null {
  if (state.phase !== 'question' && state.phase !== 'reveal') return 'WRONG_PHASE';
  if (state.pausedAt === null) return null;
  const shift = Math.max(0, now - state.pausedAt);
  state.pausedAt = null;
  if (state.phase === 'question' && state.shownAt !== null && state.opensAt !== null && state.closesAt !== null) {
    state.shownAt += shift;
    state.opensAt += shift;
    state.closesAt += shift;
  }
  if (state.advanceAt !== null) state.advanceAt += shift;
  effects.push(clockEffect(state));
  pushTimer(state, effects);
  return null;
}

function extend(state: LiveState, seconds: number, effects: Effect[]): LiveError | null {
  if (state.phase !== 'question' || state.closesAt === null) return 'WRONG_PHASE';
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 600) return 'INVALID';
  state.closesAt += seconds * 1000;
  effects.push(clockEffect(state));
  if (state.pausedAt === null) pushTimer(state, effects);
  return null;
}

function revive(state: LiveState, effects: Effect[]): LiveError | null {
  if (state.settings.mode !== 'elimination') return 'NOT_ELIMINATION';
  if (state.phase !== 'question' && state.phase !== 'reveal') return 'WRONG_PHASE';
  if (state.reviveUsed) return 'REVIVE_USED';
  const revived: string[] = [];
  for (const p of state.players.values()) {
    if (!p.eliminated) continue;
    p.eliminated = false;
    p.eliminatedAt = null;
    // Brought back mid-question, a player may answer it but owes nothing for it.
    if (state.phase === 'question') p.firstIndex = Math.max(p.firstIndex, state.index + 1);
    revived.push(p.id);
  }
  if (revived.length === 0) return 'NOTHING_TO_REVIVE';
  state.reviveUsed = true;
  if (state.phase === 'question') state.pending = countPending(state);
  effects.push({ kind: 'revived', playerIds: revived });
  return null;
}

export function clockEffect(state: LiveState): Effect {
  return {
    kind: 'clock',
    index: state.index,
    paused: state.pausedAt !== null,
    opensAt: state.phase === 'question' ? state.opensAt : null,
    closesAt: state.phase === 'question' ? state.closesAt : null,
    advanceAt: state.phase === 'reveal' ? state.advanceAt : null,
  };
}

/** The timer the current phase needs, if any. The close fires 1 ms after the last accepted instant. */
export function pushTimer(state: LiveState, effects: Effect[]): void {
  const deadline = answerDeadline(state);
  if (state.phase === 'question' && deadline !== null) effects.push({ kind: 'schedule', at: deadline + 1, reason: 'close' });
  else if (state.phase === 'reveal' && state.advanceAt !== null) effects.push({ kind: 'schedule', at: state.advanceAt, reason: 'advance' });
  else effects.push({ kind: 'cancel-timer' });
}
