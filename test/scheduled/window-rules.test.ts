import { describe, expect, it } from 'vitest';
import { closeDue, contestState, mayRegister, startRefusal, type WindowFacts } from '../../src/scheduled/window-state.ts';
import { ANSWER_GRACE_MS, acceptsAnswers, autoEndAt, deadlineFor, durationMs, isOverdue, keysVisibleNow, pointsFor, remainingMs } from '../../src/scheduled/attempt-rules.ts';
import { lockedFields } from '../../src/scheduled/contest-schema.ts';
import { ProgressThrottle } from '../../src/scheduled/progress-throttle.ts';

const W: WindowFacts = { draft: false, opensAt: 1000, closesAt: 5000, closedAt: null, publishedAt: null };

describe('contest state', () => {
  it('upcoming before the window, open inside it (opensAt inclusive), closed from closesAt', () => {
    expect(contestState(W, 999)).toBe('upcoming');
    expect(contestState(W, 1000)).toBe('open');
    expect(contestState(W, 4999)).toBe('open');
    expect(contestState(W, 5000)).toBe('closed');
  });
  it('draft until announced; a draft past its window reads closed', () => {
    expect(contestState({ ...W, draft: true }, 2000)).toBe('draft');
    expect(contestState({ ...W, draft: true }, 6000)).toBe('closed');
  });
  it('closed early by the close step, published after', () => {
    expect(contestState({ ...W, closedAt: 2000 }, 2500)).toBe('closed');
    expect(contestState({ ...W, closedAt: 2000, publishedAt: 3000 }, 3500)).toBe('published');
  });
  it('registration while upcoming or open only', () => {
    expect([500, 1500, 5000].map((t) => mayRegister(W, t))).toEqual([true, true, false]);
    expect(mayRegister({ ...W, draft: true }, 1500)).toBe(false);
  });
  it('the close step is due once the window and the answer grace have passed', () => {
    expect(closeDue(W, 5000 + ANSWER_GRACE_MS - 1, ANSWER_GRACE_MS)).toBe(false);
    expect(closeDue(W, 5000 + ANSWER_GRACE_MS, ANSWER_GRACE_MS)).toBe(true);
    expect(closeDue({ ...W, closedAt: 5100 }, 99_999, ANSWER_GRACE_MS)).toBe(false);
  });
});

describe('starting an attempt', () => {
  const a = (used: number, max = 2, inProgress = false) => ({ used, max, inProgress });
  it('window first, then a running attempt, then the limit', () => {
    expect(startRefusal(W, 999, a(5))).toBe('CONTEST_NOT_OPEN');
    expect(startRefusal({ ...W, draft: true }, 2000, a(0))).toBe('CONTEST_NOT_OPEN');
    expect(startRefusal(W, 5000, a(0))).toBe('CONTEST_CLOSED');
    expect(startRefusal({ ...W, closedAt: 2000 }, 2500, a(0))).toBe('CONTEST_CLOSED');
    expect(startRefusal(W, 2000, a(1, 2, true))).toBe('ATTEMPT_IN_PROGRESS');
    expect(startRefusal(W, 2000, a(2, 2))).toBe('NO_ATTEMPTS_LEFT');
    expect(startRefusal(W, 2000, a(1, 2))).toBeNull();
  });
});

describe('attempt timing', () => {
  const min = 60_000;
  it('deadline = min(start + attemptMinutes, closesAt)', () => {
    expect(deadlineFor(0, 15, 10 * 24 * 60 * min)).toBe(15 * min);
    expect(deadlineFor(10 * min, 15, 20 * min)).toBe(20 * min);
  });
  const t = { startedAt: 0, deadline: 1000, endedAt: null };
  it('accepts saves up to the deadline plus grace, then is overdue', () => {
    expect(acceptsAnswers(t, 1000 + ANSWER_GRACE_MS)).toBe(true);
    expect(acceptsAnswers(t, 1001 + ANSWER_GRACE_MS)).toBe(false);
    expect(isOverdue(t, 1000 + ANSWER_GRACE_MS)).toBe(false);
    expect(isOverdue(t, 1001 + ANSWER_GRACE_MS)).toBe(true);
    expect(acceptsAnswers({ ...t, endedAt: 500 }, 600)).toBe(false);
    expect(isOverdue({ ...t, endedAt: 500 }, 99_999)).toBe(false);
  });
  it('remaining time counts down to 0 and is 0 once ended', () => {
    expect(remainingMs(t, 400)).toBe(600);
    expect(remainingMs(t, 4000)).toBe(0);
    expect(remainingMs({ ...t, endedAt: 300 }, 400)).toBe(0);
  });
  it('duration never counts the grace', () => {
    expect(durationMs(t, 700)).toBe(700);
    expect(durationMs(t, 1000 + ANSWER_GRACE_MS)).toBe(1000);
    expect(durationMs({ startedAt: 50, deadline: 1000 }, 10)).toBe(0);
  });
  it('automatic end: the deadline, or the early close if sooner', () => {
    expect(autoEndAt({ deadline: 1000 }, null)).toBe(1000);
    expect(autoEndAt({ deadline: 1000 }, 400)).toBe(400);
    expect(autoEndAt({ deadline: 1000 }, 4000)).toBe(1000);
  });
  it('keys: never while running; after submit only in afterSubmit mode; after close always', () => {
    expect(keysVisibleNow('afterSubmit', false, false)).toBe(false);
    expect(keysVisibleNow('afterSubmit', true, false)).toBe(true);
    expect(keysVisibleNow('afterClose', true, false)).toBe(false);
    expect(keysVisibleNow('afterClose', true, true)).toBe(true);
    expect(keysVisibleNow('afterClose', false, true)).toBe(false);
  });
  it('points: 10 for a full answer, the rounded share for a partial one', () => {
    expect([0, 0.24, 0.25, 0.5, 1, 1.5, -1].map(pointsFor)).toEqual([0, 2, 3, 5, 10, 10, 0]);
  });
});

describe('what may change once open', () => {
  const cur = { closesAt: Date.parse('2026-05-27T10:00:00Z') };
  it('anything before opening', () => {
    expect(lockedFields('upcoming', { attemptMinutes: 5, questionsPerAttempt: 3 }, cur)).toEqual([]);
    expect(lockedFields('draft', { bank: 'x' }, cur)).toEqual([]);
  });
  it('while open: texts, prizes, formula and a later close only', () => {
    expect(lockedFields('open', { title: { vi: 'a', en: 'b' }, prizes: { first: 1, second: 0, third: 0, consolation: 0 }, closesAt: '2026-05-28T10:00:00Z' }, cur)).toEqual([]);
    expect(lockedFields('open', { closesAt: '2026-05-26T10:00:00Z' }, cur)).toEqual(['closesAt']);
    expect(lockedFields('open', { attemptMinutes: 5, maxAttempts: 3, keysVisible: 'afterSubmit' }, cur)).toEqual(['attemptMinutes', 'maxAttempts', 'keysVisible']);
  });
  it('after close: texts only', () => {
    expect(lockedFields('closed', { rules: { vi: 'a', en: 'b' } }, cur)).toEqual([]);
    expect(lockedFields('published', { prizes: { first: 1, second: 0, third: 0, consolation: 0 } }, cur)).toEqual(['prizes']);
  });
});

describe('progress throttle', () => {
  it('pushes a changed contest at most once per interval, and only when changed', () => {
    const th = new ProgressThrottle(1000);
    expect(th.due(0)).toEqual([]);
    th.mark('c');
    th.mark('c');
    expect(th.due(0)).toEqual(['c']);
    th.mark('c');
    expect(th.due(999)).toEqual([]);
    expect(th.due(1000)).toEqual(['c']);
    expect(th.due(5000)).toEqual([]);
    th.mark('c');
    th.mark('d');
    expect(th.due(5001).sort()).toEqual(['c', 'd']);
  });
});
