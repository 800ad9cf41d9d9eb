import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { wakeAt } from '../../src/contests/deadline-timer.ts';

/**
 * The timer under the live engine's deadlines. Node timers and the contest clock
 * round differently, so a timer can wake while the clock still reads `at - 1`;
 * here the Node timers are faked and the contest clock is a separate variable, so
 * an early wake is reproduced exactly rather than waited for.
 */
describe('wakeAt', () => {
  let clock = 0;
  const now = () => clock;
  let handle: ReturnType<typeof setTimeout> | null = null;
  const arm = (h: ReturnType<typeof setTimeout>) => (handle = h);

  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
    handle = null;
  });
  afterEach(() => vi.useRealTimers());

  it('runs once the clock has reached the deadline', () => {
    const due = vi.fn();
    wakeAt(1000, now, due, arm);
    clock = 1000;
    vi.advanceTimersByTime(1000);
    expect(due).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(due).toHaveBeenCalledTimes(1);
  });

  it('a wake before the deadline re-arms for the rest instead of running early or never', () => {
    const due = vi.fn(() => expect(clock).toBeGreaterThanOrEqual(1000));
    wakeAt(1000, now, due, arm);
    const first = handle;
    // The Node timer fires while the contest clock still reads 999 (the 1-ms rounding gap).
    clock = 999;
    vi.advanceTimersByTime(1000);
    expect(due).not.toHaveBeenCalled();
    expect(handle).not.toBe(first);
    clock = 1000;
    vi.advanceTimersByTime(1);
    expect(due).toHaveBeenCalledTimes(1);
  });

  it('keeps re-arming while the clock lags far behind the timer', () => {
    const due = vi.fn();
    wakeAt(1000, now, due, arm);
    for (const c of [500, 800, 950, 999]) {
      clock = c;
      vi.advanceTimersByTime(1000);
      expect(due).not.toHaveBeenCalled();
    }
    clock = 1003;
    vi.advanceTimersByTime(1000);
    expect(due).toHaveBeenCalledTimes(1);
  });

  it('a deadline already passed runs on the next turn', () => {
    const due = vi.fn();
    clock = 5000;
    wakeAt(1000, now, due, arm);
    expect(due).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(due).toHaveBeenCalledTimes(1);
  });

  it('the latest handle cancels it, however many times it re-armed', () => {
    const due = vi.fn();
    wakeAt(1000, now, due, arm);
    clock = 990;
    vi.advanceTimersByTime(1000);
    clearTimeout(handle!);
    clock = 2000;
    vi.advanceTimersByTime(5000);
    expect(due).not.toHaveBeenCalled();
  });
});
