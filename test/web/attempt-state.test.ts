import { describe, expect, it } from 'vitest';
import type { PlayerQuestion } from '../../src/banks/player-view.ts';
import {
  attemptFromServer,
  attemptReducer,
  canSubmit,
  clockOffset,
  draftResponse,
  formatRemaining,
  nextDraft,
  parseStoredParticipant,
  predictionValue,
  readServerAttempt,
  questionMarks,
  remainingMs,
  retryDelayMs,
  saveIndicator,
  shownDraft,
  toStoredAttempt,
  unansweredCount,
  type AttemptAction,
  type AttemptState,
  type ServerAttempt,
} from '../../src/web/client/attempt-state.ts';

const T0 = Date.parse('2026-12-07T02:00:00Z');
const opts = (n: number) => Array.from({ length: n }, (_, i) => ({ index: i, text: { vi: `Ý ${i}`, en: `Option ${i}` } }));
const single: PlayerQuestion = { type: 'single_choice', prompt: { vi: 'Câu 1', en: 'Q1' }, options: opts(4) };
const multi: PlayerQuestion = { type: 'multiple_choice', prompt: { vi: 'Câu 2', en: 'Q2' }, options: opts(4), count: 2 };
const order: PlayerQuestion = { type: 'ordering', prompt: { vi: 'Câu 3', en: 'Q3' }, options: opts(3) };
const tf: PlayerQuestion = { type: 'true_false', prompt: { vi: 'Câu 4', en: 'Q4' } };

const server: ServerAttempt = {
  id: 'att-1',
  questions: [
    { id: 'q1', view: single },
    { id: 'q2', view: multi },
    { id: 'q3', view: order },
    { id: 'q4', view: tf },
  ],
  deadline: new Date(T0 + 30 * 60_000).toISOString(),
  serverNow: new Date(T0).toISOString(),
};

/** The phone's clock is 90 s behind the server; the request took 200 ms. */
const timing = { clientSentAt: T0 - 90_000 - 100, clientReceivedAt: T0 - 90_000 + 100 };
const fresh = () => attemptFromServer(server, timing);
const run = (s: AttemptState, ...actions: AttemptAction[]) => actions.reduce(attemptReducer, s);
const pick = (questionId: string, choice: number): AttemptAction => ({ type: 'answer', questionId, response: { type: 'single_choice', choice } });

describe('server clock', () => {
  it('takes the middle of the round trip as the server time', () => {
    expect(clockOffset(T0, 1000, 1200)).toBe(T0 - 1100);
    expect(clockOffset(new Date(T0).toISOString(), 1000, 1000)).toBe(T0 - 1000);
    // A receive time before the send (clock stepped back) counts as no delay.
    expect(clockOffset(T0, 1000, 900)).toBe(T0 - 1000);
  });

  it('counts time left on the server clock, not the phone clock', () => {
    const s = fresh();
    expect(s.offsetMs).toBe(90_000);
    // The phone reads T0 − 90 s: that is T0 on the server, 30 minutes left.
    expect(remainingMs(s, T0 - 90_000)).toBe(30 * 60_000);
    expect(remainingMs(s, T0 - 90_000 + 29 * 60_000)).toBe(60_000);
    expect(remainingMs(s, T0 + 60 * 60_000)).toBe(0);
  });

  it('formats time left rounding up, with hours when needed', () => {
    expect(formatRemaining(0)).toBe('0:00');
    expect(formatRemaining(-5)).toBe('0:00');
    expect(formatRemaining(1)).toBe('0:01');
    expect(formatRemaining(59_001)).toBe('1:00');
    expect(formatRemaining(30 * 60_000)).toBe('30:00');
    expect(formatRemaining(3_600_000 + 61_000)).toBe('1:01:01');
  });
});

describe('autosave queue', () => {
  it('queues an answer, sends one at a time and marks it saved when acknowledged', () => {
    let s = run(fresh(), pick('q1', 2));
    expect(saveIndicator(s)).toBe('saving');
    expect(questionMarks(s)[0]).toEqual({ index: 0, answered: true, unsaved: true });
    s = run(s, { type: 'answer', questionId: 'q4', response: { type: 'true_false', value: true } });
    s = run(s, { type: 'save-started' });
    expect(s.inFlight?.questionId).toBe('q1');
    // A second start while one is in flight does nothing.
    expect(run(s, { type: 'save-started' })).toBe(s);
    s = run(s, { type: 'save-ok', seq: s.inFlight!.seq }, { type: 'save-started' });
    expect(s.inFlight?.questionId).toBe('q4');
    expect(s.inFlight?.response).toEqual({ type: 'true_false', value: true });
    s = run(s, { type: 'save-ok', seq: s.inFlight!.seq });
    expect(saveIndicator(s)).toBe('saved');
    expect(questionMarks(s).map((m) => [m.answered, m.unsaved])).toEqual([
      [true, false],
      [false, false],
      [false, false],
      [true, false],
    ]);
    expect(unansweredCount(s)).toBe(2);
  });

  it('keeps only the latest answer per question in the queue (last write wins)', () => {
    const s = run(fresh(), pick('q1', 0), pick('q1', 3), pick('q1', 1));
    expect(s.queue).toHaveLength(1);
    expect(s.queue[0]!.response).toEqual({ type: 'single_choice', choice: 1 });
    expect(s.answers.q1).toEqual({ type: 'single_choice', choice: 1 });
  });

  it('a newer answer given while the older is in flight is sent after it', () => {
    let s = run(fresh(), pick('q1', 0), { type: 'save-started' });
    const first = s.inFlight!.seq;
    s = run(s, pick('q1', 3));
    s = run(s, { type: 'save-ok', seq: first });
    expect(saveIndicator(s)).toBe('saving');
    expect(questionMarks(s)[0]!.unsaved).toBe(true);
    s = run(s, { type: 'save-started' });
    expect(s.inFlight?.response).toEqual({ type: 'single_choice', choice: 3 });
  });

  it('ignores a stale acknowledgement', () => {
    const s = run(fresh(), pick('q1', 0), { type: 'save-started' });
    expect(run(s, { type: 'save-ok', seq: s.inFlight!.seq + 5 })).toBe(s);
    expect(run(s, { type: 'save-failed', seq: 99, code: 'NETWORK', transient: true })).toBe(s);
  });

  it('puts a save that failed on the network back at the head and shows offline until it goes through', () => {
    let s = run(fresh(), pick('q1', 0), { type: 'answer', questionId: 'q4', response: { type: 'true_false', value: false } }, { type: 'save-started' });
    s = run(s, { type: 'save-failed', seq: s.inFlight!.seq, code: 'NETWORK', transient: true });
    expect(s.online).toBe(false);
    expect(s.failures).toBe(1);
    expect(saveIndicator(s)).toBe('offline');
    expect(s.queue.map((q) => q.questionId)).toEqual(['q1', 'q4']);
    s = run(s, { type: 'save-started' });
    s = run(s, { type: 'save-failed', seq: s.inFlight!.seq, code: 'INTERNAL', transient: true });
    expect(s.failures).toBe(2);
    s = run(s, { type: 'save-started' }, { type: 'connection', online: true });
    s = run(s, { type: 'save-ok', seq: s.inFlight!.seq });
    expect(s.failures).toBe(0);
    expect(s.queue.map((q) => q.questionId)).toEqual(['q4']);
  });

  it('drops a failed save when a newer answer to that question is already queued', () => {
    let s = run(fresh(), pick('q1', 0), { type: 'save-started' }, pick('q1', 2));
    s = run(s, { type: 'save-failed', seq: s.inFlight!.seq, code: 'NETWORK', transient: true });
    expect(s.queue).toHaveLength(1);
    expect(s.queue[0]!.response).toEqual({ type: 'single_choice', choice: 2 });
  });

  it('drops an answer the server refuses for good and says why', () => {
    let s = run(fresh(), pick('q1', 0), { type: 'save-started' });
    s = run(s, { type: 'save-failed', seq: s.inFlight!.seq, code: 'VALIDATION_FAILED', transient: false });
    expect(s.inFlight).toBeNull();
    expect(s.queue).toEqual([]);
    expect(s.error).toBe('VALIDATION_FAILED');
    expect(s.phase).toBe('answering');
  });

  it('ends the attempt when the server says it is closed', () => {
    let s = run(fresh(), pick('q1', 0), { type: 'save-started' });
    s = run(s, { type: 'save-failed', seq: s.inFlight!.seq, code: 'ATTEMPT_CLOSED', transient: false });
    expect(s.phase).toBe('finished');
    expect(s.queue).toEqual([]);
    expect(s.error).toBe('ATTEMPT_CLOSED');
    // Nothing more is taken.
    expect(run(s, pick('q1', 1))).toBe(s);
  });

  it('backs off 1, 2, 4 … 15 s between retries', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(retryDelayMs)).toEqual([0, 1000, 2000, 4000, 8000, 15_000, 15_000]);
  });

  it('ignores answers to questions not in the attempt', () => {
    const s = fresh();
    expect(run(s, pick('nope', 1))).toBe(s);
  });
});

describe('multiple choice and ordering drafts', () => {
  it('toggles choices and saves every non-empty set, sorted', () => {
    let s = run(fresh(), { type: 'draft', questionId: 'q2', choice: 3 });
    expect(s.queue.at(-1)?.response).toEqual({ type: 'multiple_choice', choices: [3] });
    s = run(s, { type: 'draft', questionId: 'q2', choice: 1 });
    expect(s.queue).toHaveLength(1);
    expect(s.queue[0]!.response).toEqual({ type: 'multiple_choice', choices: [1, 3] });
    s = run(s, { type: 'draft', questionId: 'q2', choice: 3 });
    expect(shownDraft(s, 'q2')).toEqual([1]);
    expect(s.answers.q2).toEqual({ type: 'multiple_choice', choices: [1] });
  });

  it('saves an ordering only once every item is placed; tapping a placed item takes it and the later ones back', () => {
    let s = run(fresh(), { type: 'draft', questionId: 'q3', choice: 2 }, { type: 'draft', questionId: 'q3', choice: 0 });
    expect(s.queue).toEqual([]);
    expect(shownDraft(s, 'q3')).toEqual([2, 0]);
    s = run(s, { type: 'draft', questionId: 'q3', choice: 1 });
    expect(s.queue[0]!.response).toEqual({ type: 'ordering', order: [2, 0, 1] });
    s = run(s, { type: 'draft', questionId: 'q3', choice: 0 });
    expect(shownDraft(s, 'q3')).toEqual([2]);
    // The saved answer stays until a new complete order replaces it.
    expect(s.answers.q3).toEqual({ type: 'ordering', order: [2, 0, 1] });
    s = run(s, { type: 'draft-clear', questionId: 'q3' });
    expect(shownDraft(s, 'q3')).toEqual([]);
  });

  it('shows the saved answer as the draft after a reload', () => {
    const s = attemptFromServer({ ...server, answers: { q2: { type: 'multiple_choice', choices: [0, 2] }, q3: { type: 'ordering', order: [1, 2, 0] } } }, timing);
    expect(shownDraft(s, 'q2')).toEqual([0, 2]);
    expect(shownDraft(s, 'q3')).toEqual([1, 2, 0]);
    expect(shownDraft(s, 'q1')).toEqual([]);
  });

  it('ignores drafts on single-answer questions', () => {
    const s = fresh();
    expect(run(s, { type: 'draft', questionId: 'q1', choice: 1 })).toBe(s);
    expect(nextDraft(single, [], 1)).toEqual([1]);
    expect(draftResponse(single, [1])).toBeNull();
    expect(draftResponse(order, [0, 1])).toBeNull();
  });
});

describe('navigation, prediction and submit', () => {
  it('moves between questions within bounds', () => {
    const s = fresh();
    expect(run(s, { type: 'go', index: 2 }).current).toBe(2);
    expect(run(s, { type: 'go', index: 9 }).current).toBe(3);
    expect(run(s, { type: 'go', index: -1 }).current).toBe(0);
  });

  it('keeps digits only in the prediction and needs one to submit', () => {
    let s = run(fresh(), { type: 'confirm', open: true });
    expect(canSubmit(s)).toBe(false);
    s = run(s, { type: 'prediction', value: ' 1.234 người' });
    expect(s.prediction).toBe('1234');
    expect(predictionValue(s)).toBe(1234);
    expect(canSubmit(s)).toBe(true);
    expect(predictionValue(run(s, { type: 'prediction', value: '' }))).toBeNull();
    expect(run(s, { type: 'prediction', value: '1'.repeat(20) }).prediction).toHaveLength(9);
  });

  it('waits for unsaved answers before allowing submit', () => {
    let s = run(fresh(), pick('q1', 1), { type: 'prediction', value: '500' }, { type: 'confirm', open: true });
    expect(canSubmit(s)).toBe(false);
    s = run(s, { type: 'save-started' });
    expect(canSubmit(s)).toBe(false);
    s = run(s, { type: 'save-ok', seq: s.inFlight!.seq });
    expect(canSubmit(s)).toBe(true);
  });

  it('goes back to the confirmation on a failed submit, and ends on a closed one', () => {
    const s = run(fresh(), { type: 'prediction', value: '5' }, { type: 'confirm', open: true }, { type: 'submit-started' });
    expect(s.phase).toBe('submitting');
    const failed = run(s, { type: 'submit-failed', code: 'NETWORK', transient: true });
    expect(failed.phase).toBe('confirm');
    expect(failed.online).toBe(false);
    expect(failed.error).toBe('NETWORK');
    expect(run(s, { type: 'submit-failed', code: 'ATTEMPT_CLOSED', transient: false }).phase).toBe('finished');
    expect(run(s, { type: 'confirm', open: false }).phase).toBe('answering');
  });

  it('keeps the result once submitted', () => {
    const result = { score: 7, maxScore: 10, correctCount: 7, durationMs: 61_000 };
    const s = run(fresh(), { type: 'confirm', open: true }, { type: 'submit-started' }, { type: 'submitted', result });
    expect(s.phase).toBe('finished');
    expect(s.result).toEqual(result);
    expect(toStoredAttempt(s)).toBeNull();
  });
});

describe('surviving a reload', () => {
  it('stores unsent answers (in flight first), the question and the prediction', () => {
    let s = run(fresh(), pick('q1', 1), { type: 'answer', questionId: 'q4', response: { type: 'true_false', value: true } }, { type: 'save-started' }, { type: 'go', index: 3 }, { type: 'prediction', value: '42' });
    s = run(s, pick('q1', 2));
    expect(toStoredAttempt(s)).toEqual({
      attemptId: 'att-1',
      current: 3,
      prediction: '42',
      queue: [
        { questionId: 'q1', response: { type: 'single_choice', choice: 1 } },
        { questionId: 'q4', response: { type: 'true_false', value: true } },
        { questionId: 'q1', response: { type: 'single_choice', choice: 2 } },
      ],
    });
  });

  it('merges the server answers with the unsent ones, which are newer', () => {
    const stored = {
      attemptId: 'att-1',
      current: 2,
      prediction: '42',
      queue: [
        { questionId: 'q1', response: { type: 'single_choice' as const, choice: 1 } },
        { questionId: 'q1', response: { type: 'single_choice' as const, choice: 2 } },
        { questionId: 'gone', response: { type: 'true_false' as const, value: true } },
      ],
    };
    const s = attemptFromServer({ ...server, answers: { q1: { type: 'single_choice', choice: 0 }, q4: { type: 'true_false', value: false }, other: { type: 'true_false', value: true } } }, timing, stored);
    expect(s.answers).toEqual({ q1: { type: 'single_choice', choice: 2 }, q4: { type: 'true_false', value: false } });
    expect(s.current).toBe(2);
    expect(s.prediction).toBe('42');
    // Both queued saves for q1 replay in order (the server keeps the last).
    expect(s.queue.map((q) => q.response)).toEqual([
      { type: 'single_choice', choice: 1 },
      { type: 'single_choice', choice: 2 },
    ]);
    expect(s.queue.map((q) => q.seq)).toEqual([1, 2]);
    expect(saveIndicator(s)).toBe('saving');
  });

  it('ignores what was stored for another attempt, and a finished attempt queues nothing', () => {
    const stored = { attemptId: 'att-0', current: 3, prediction: '9', queue: [{ questionId: 'q1', response: { type: 'single_choice' as const, choice: 1 } }] };
    const s = attemptFromServer(server, timing, stored);
    expect(s.queue).toEqual([]);
    expect(s.current).toBe(0);
    expect(s.prediction).toBe('');
    const done = attemptFromServer({ ...server, finished: true, result: { score: 1, maxScore: 4, correctCount: 1, durationMs: 5 } }, timing, { ...stored, attemptId: 'att-1' });
    expect(done.phase).toBe('finished');
    expect(done.queue).toEqual([]);
    expect(done.result?.score).toBe(1);
  });

  it('clamps a stored question index to the attempt', () => {
    const s = attemptFromServer(server, timing, { attemptId: 'att-1', current: 40, prediction: '', queue: [] });
    expect(s.current).toBe(3);
  });

  it('reads back stored participants and drops malformed parts', () => {
    const token = 't'.repeat(32);
    expect(parseStoredParticipant(null)).toBeNull();
    expect(parseStoredParticipant('{nope')).toBeNull();
    expect(parseStoredParticipant('[]')).toBeNull();
    expect(parseStoredParticipant(JSON.stringify({ participantId: 'p', participantToken: 'short' }))).toBeNull();
    expect(parseStoredParticipant(JSON.stringify({ participantId: 'p', participantToken: token, resumeCode: 'ABC123', lastAttemptId: 'a0' }))).toEqual({ participantId: 'p', participantToken: token, resumeCode: 'ABC123', lastAttemptId: 'a0' });
    const parsed = parseStoredParticipant(
      JSON.stringify({
        participantId: 'p',
        participantToken: token,
        attempt: { attemptId: 'a', current: 1.5, prediction: '12x', queue: [{ questionId: 'q1', response: { type: 'single_choice', choice: 1 } }, { questionId: 'q2', response: { type: 'evil' } }, 'junk'] },
      }),
    );
    expect(parsed?.attempt).toEqual({ attemptId: 'a', current: 0, prediction: '12', queue: [{ questionId: 'q1', response: { type: 'single_choice', choice: 1 } }] });
  });
});

describe('reading the server attempt', () => {
  it('reads a started attempt', () => {
    const a = readServerAttempt({ ...server, extra: 1 });
    expect(a).toMatchObject({ id: 'att-1', finished: false, result: null, answers: {} });
    expect(a?.questions).toHaveLength(4);
  });

  it('reads saved answers as a record or a list, dropping malformed ones', () => {
    const list = readServerAttempt({ ...server, answers: [{ questionId: 'q1', response: { type: 'single_choice', choice: 1 } }, { questionId: 'q2', response: { type: 'nope' } }, 7] });
    expect(list?.answers).toEqual({ q1: { type: 'single_choice', choice: 1 } });
    const record = readServerAttempt({ ...server, answers: { q4: { type: 'true_false', value: true }, q1: null } });
    expect(record?.answers).toEqual({ q4: { type: 'true_false', value: true } });
  });

  it('sees the end in any of its spellings, with the result', () => {
    expect(readServerAttempt({ ...server, state: 'submitted', score: 30, maxScore: 40, correctCount: 3, durationMs: 1000 })).toMatchObject({ finished: true, result: { score: 30, maxScore: 40, correctCount: 3, durationMs: 1000 } });
    expect(readServerAttempt({ ...server, status: 'closed', result: { score: 1, maxScore: 2 } })).toMatchObject({ finished: true, result: { score: 1, maxScore: 2, correctCount: 0, durationMs: 0 } });
    expect(readServerAttempt({ ...server, endedAt: '2026-12-07T02:10:00Z' })?.finished).toBe(true);
    expect(readServerAttempt({ ...server, state: 'ended', result: { score: 2, maxScore: 2, correctCount: 2, durationMs: 9 } })?.finished).toBe(true);
    expect(readServerAttempt({ ...server, state: 'running', score: 5, maxScore: 10 })).toMatchObject({ finished: false, result: null });
    expect(readServerAttempt({ ...server, state: 'running', endedAt: null })?.finished).toBe(false);
  });

  it('refuses what is not an attempt', () => {
    expect(readServerAttempt(null)).toBeNull();
    expect(readServerAttempt({ id: 'x' })).toBeNull();
    expect(readServerAttempt({ ...server, deadline: undefined })).toBeNull();
  });
});
