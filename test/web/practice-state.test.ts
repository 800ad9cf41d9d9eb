import { describe, expect, it } from 'vitest';
import type { PlayerQuestion } from '../../src/banks/player-view.ts';
import { competencePercent, initialPracticeState, practiceReducer, practiceRemainingMs, type PracticeAction, type PracticeState } from '../../src/web/client/practice-state.ts';

const opts = (n: number) => Array.from({ length: n }, (_, i) => ({ index: i, text: { vi: `Ý ${i}`, en: `Option ${i}` } }));
const single: PlayerQuestion = { type: 'single_choice', prompt: { vi: 'A', en: 'A' }, options: opts(3) };
const order: PlayerQuestion = { type: 'ordering', prompt: { vi: 'B', en: 'B' }, options: opts(2) };
const T0 = Date.parse('2026-12-07T02:00:00Z');
const run = (s: PracticeState, ...a: PracticeAction[]) => a.reduce(practiceReducer, s);
const started = (deadline: string | null = null) =>
  run(initialPracticeState(), { type: 'start-requested' }, { type: 'started', id: 'p1', questions: [{ id: 'q1', view: single }, { id: 'q2', view: order }], deadline, serverNow: new Date(T0).toISOString(), clientNow: T0 - 5000 });

describe('practice flow', () => {
  it('starts, checks each answer, shows feedback, then asks for the summary', () => {
    let s = started();
    expect(s.phase).toBe('question');
    expect(practiceRemainingMs(s, T0)).toBeNull();
    // Nothing to check before an answer.
    expect(run(s, { type: 'check-requested' })).toBe(s);
    s = run(s, { type: 'choose', response: { type: 'single_choice', choice: 2 } }, { type: 'check-requested' });
    expect(s.phase).toBe('checking');
    s = run(s, { type: 'checked', questionId: 'q1', correct: true, reveal: { type: 'single_choice', correct: [2], explanation: { vi: 'Vì', en: 'Because' } } });
    expect(s.phase).toBe('feedback');
    expect(s.checked.q1?.correct).toBe(true);
    s = run(s, { type: 'next' });
    expect(s).toMatchObject({ phase: 'question', index: 1, response: null, draft: [] });
    s = run(s, { type: 'tap', choice: 1 });
    expect(s.response).toBeNull();
    s = run(s, { type: 'tap', choice: 0 });
    expect(s.response).toEqual({ type: 'ordering', order: [1, 0] });
    s = run(s, { type: 'check-requested' }, { type: 'checked', questionId: 'q2', correct: false, reveal: null }, { type: 'next' });
    expect(s.phase).toBe('finishing');
    const summary = { score: 10, maxScore: 20, correctCount: 1, answered: 2, byCompetence: [{ competence: '4.2', questions: 2, answered: 2, correct: 1 }] };
    s = run(s, { type: 'finished', summary });
    expect(s.phase).toBe('summary');
    expect(competencePercent(summary.byCompetence[0]!)).toBe(50);
    expect(run(s, { type: 'restart' })).toEqual(initialPracticeState());
  });

  it('counts time on the server clock when timed', () => {
    const s = started(new Date(T0 + 60_000).toISOString());
    expect(s.offsetMs).toBe(5000);
    expect(practiceRemainingMs(s, T0 - 5000)).toBe(60_000);
    expect(practiceRemainingMs(s, T0 + 60_000)).toBe(0);
  });

  it('goes back a step on a failure, and to the summary when the time is up', () => {
    const s = run(started(), { type: 'choose', response: { type: 'single_choice', choice: 0 } }, { type: 'check-requested' });
    expect(run(s, { type: 'failed', code: 'NETWORK' })).toMatchObject({ phase: 'question', error: 'NETWORK' });
    expect(run(s, { type: 'failed', code: 'ATTEMPT_CLOSED' }).phase).toBe('finishing');
    const setup = run(initialPracticeState(), { type: 'start-requested' }, { type: 'failed', code: 'NOT_FOUND' });
    expect(setup).toMatchObject({ phase: 'setup', error: 'NOT_FOUND' });
    expect(run(started(), { type: 'finish-requested' }).phase).toBe('finishing');
    expect(competencePercent({ competence: 'x', questions: 0, answered: 0, correct: 0 })).toBe(0);
  });

  it('ignores stray actions', () => {
    const s = initialPracticeState();
    expect(run(s, { type: 'choose', response: { type: 'true_false', value: true } })).toBe(s);
    expect(run(s, { type: 'tap', choice: 1 })).toBe(s);
    expect(run(s, { type: 'checked', questionId: 'q', correct: true, reveal: null })).toBe(s);
    expect(run(s, { type: 'finish-requested' })).toBe(s);
  });
});
