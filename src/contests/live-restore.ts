import { catchUp, clockEffect, countPending, pushTimer } from './live-machine.ts';
import { answerDeadline, createLiveState, joiningPlayer } from './live-state.ts';
import type { AnswerRecord, Effect, EndReason, LiveState, Phase, PlayerState, QuestionPlan, QuestionTally, Step } from './live-state.ts';
import type { LiveSettings } from './settings.ts';

/** A join as stored in its own row, the moment it was accepted. */
export interface StoredJoin {
  id: string;
  nickname: string;
  nicknameKey: string;
  district: string;
  school: string | null;
  joinOrder: number;
  joinedAt: number;
  kicked: boolean;
}

/**
 * Players whose join was stored (their row is written before the join is
 * acknowledged) but who are missing from the state: they joined after its last
 * save (joins coalesce the save for up to 5 s), and the node died or restarted
 * before it. They are put back as they joined, at the restored phase (a join in
 * the lobby, or a late join during the question on screen), so they can resume
 * with their token and nobody can take their nickname. Returns how many.
 */
export function addStoredJoins(state: LiveState, rows: readonly StoredJoin[]): number {
  let added = 0;
  for (const row of [...rows].sort((a, b) => a.joinOrder - b.joinOrder)) {
    // Join orders are never reused, a kicked player's included.
    state.nextJoinOrder = Math.max(state.nextJoinOrder, row.joinOrder + 1);
    if (row.kicked || state.players.has(row.id) || state.keys.has(row.nicknameKey)) continue;
    state.players.set(row.id, joiningPlayer(state, { id: row.id, nickname: row.nickname, key: row.nicknameKey, district: row.district, school: row.school, joinOrder: row.joinOrder, joinedAt: row.joinedAt }));
    state.keys.set(row.nicknameKey, row.id);
    added++;
  }
  return added;
}

/** A player as persisted: everything but the connection, which does not survive a restart. */
export type PlayerRecord = Omit<PlayerState, 'connected'>;

/**
 * What the shell stores and reads back to resume a contest after a restart:
 * plain JSON. Totals in `players` must be consistent with `tallies` (the shell
 * writes a question's close in one transaction); `settledThrough` keeps a close
 * that was saved but not followed by its phase change from counting twice.
 */
export interface LiveSnapshot {
  settings: LiveSettings;
  questions: QuestionPlan[];
  phase: Phase;
  index: number;
  locked: boolean;
  shownAt: number | null;
  opensAt: number | null;
  closesAt: number | null;
  advanceAt: number | null;
  pausedAt: number | null;
  reviveUsed: boolean;
  endReason: EndReason | null;
  nextJoinOrder: number;
  banned: string[];
  players: PlayerRecord[];
  /** Every accepted answer, all questions (rows of the answers table). */
  answers: AnswerRecord[];
  tallies: (QuestionTally | null)[];
  /** When the shell last saved (a heartbeat); a restore without auto-advance pauses with the time left at that moment. */
  savedAt?: number;
}

/** The persistable form of a state. */
export function toSnapshot(state: LiveState, savedAt?: number): LiveSnapshot {
  const answers: AnswerRecord[] = [];
  for (const byPlayer of state.answers) for (const a of byPlayer.values()) answers.push({ ...a });
  return { ...snapshotHead(state, savedAt), players: playerRecords(state), answers };
}

/** Every player as persisted (copies, so later changes to the state do not reach them). */
export function playerRecords(state: LiveState): PlayerRecord[] {
  const players: PlayerRecord[] = [];
  for (const { connected: _connected, ...rest } of state.players.values()) players.push({ ...rest });
  return players;
}

/** The snapshot without its players and answers: O(questions), for a shell that serialises the players apart (in slices). */
export function snapshotHead(state: LiveState, savedAt?: number): Omit<LiveSnapshot, 'players' | 'answers'> {
  return {
    settings: state.settings,
    questions: [...state.questions],
    phase: state.phase,
    index: state.index,
    locked: state.locked,
    shownAt: state.shownAt,
    opensAt: state.opensAt,
    closesAt: state.closesAt,
    advanceAt: state.advanceAt,
    pausedAt: state.pausedAt,
    reviveUsed: state.reviveUsed,
    endReason: state.endReason,
    nextJoinOrder: state.nextJoinOrder,
    banned: [...state.banned],
    tallies: state.tallies.map((t) => (t ? { ...t } : null)),
    ...(savedAt === undefined ? {} : { savedAt }),
  };
}

/**
 * Rebuild a contest after a restart. Every player is presumed connected (their
 * sockets reconnect on their own); the shell reports `disconnect` for those who
 * do not come back within its reconnect window.
 *
 * Mid-question: with auto-advance the original deadline stands (already passed:
 * the question closes now); without it the question is paused with the time that
 * was left at `savedAt` (or `now`), for the host to resume — unless `keepDeadline`
 * (another node taking over within seconds, most players never disconnected: the
 * question runs on to its deadline). Accepted answers are
 * kept, so a retry gets `ALREADY_ANSWERED` and nothing is scored twice.
 */
export function restore(snapshot: LiveSnapshot, now: number, opts: { keepDeadline?: boolean; stored?: readonly StoredJoin[] } = {}): Step {
  const state = createLiveState(snapshot.settings, snapshot.questions);
  Object.assign(state, {
    phase: snapshot.phase,
    index: snapshot.index,
    locked: snapshot.locked,
    shownAt: snapshot.shownAt,
    opensAt: snapshot.opensAt,
    closesAt: snapshot.closesAt,
    advanceAt: snapshot.advanceAt,
    pausedAt: snapshot.pausedAt,
    reviveUsed: snapshot.reviveUsed,
    endReason: snapshot.endReason,
    nextJoinOrder: snapshot.nextJoinOrder,
  });
  snapshot.tallies.forEach((t, i) => {
    if (i < state.tallies.length) state.tallies[i] = t ? { ...t } : null;
  });
  for (const key of snapshot.banned) state.banned.add(key);
  for (const record of [...snapshot.players].sort((a, b) => a.joinOrder - b.joinOrder)) {
    state.players.set(record.id, { ...record, connected: true });
    state.keys.set(record.key, record.id);
    state.nextJoinOrder = Math.max(state.nextJoinOrder, record.joinOrder + 1);
  }
  addStoredJoins(state, opts.stored ?? []);
  for (const a of snapshot.answers) {
    if (!state.players.has(a.playerId) || state.tallies[a.questionIndex]?.voided) continue;
    state.answers[a.questionIndex]?.set(a.playerId, { ...a });
  }

  const effects: Effect[] = [];
  if (state.phase === 'question') {
    state.pending = countPending(state);
    const deadline = answerDeadline(state);
    if (state.pausedAt === null && !state.settings.autoAdvance && !opts.keepDeadline && deadline !== null) {
      const at = Math.min(snapshot.savedAt ?? now, now);
      if (at <= deadline) {
        state.pausedAt = at;
        effects.push({ kind: 'cancel-timer' }, clockEffect(state));
      }
    }
  }
  catchUp(state, now, effects);
  if (effects.length === 0) {
    if (state.pausedAt !== null) effects.push({ kind: 'cancel-timer' }, clockEffect(state));
    else pushTimer(state, effects);
  }
  return { state, effects, error: null };
}
