/**
 * Wake once the contest clock has reached `at`.
 *
 * A Node timer measures its delay on the event loop's monotonic millisecond clock,
 * while contest deadlines are instants of the contest clock (`Date.now()` unless a
 * clock is injected). The two round differently, so a timer armed for
 * `at - now()` ms regularly wakes when `now()` is still `at - 1` (about 1 in 100
 * timers on this project's CI machine), and an injected or slewed clock can lag
 * further. The state machine, told "tick" before the deadline, rightly does
 * nothing — and if nobody re-armed the timer, an auto-advancing reveal or an
 * unanswered question would wait forever. So an early wake re-arms for the rest
 * and `due` runs only once `now() >= at`.
 *
 * `arm` receives every handle as it is created, so the owner always holds the
 * current one and can cancel it with `clearTimeout`.
 */
export function wakeAt(at: number, now: () => number, due: () => void, arm: (handle: ReturnType<typeof setTimeout>) => void): void {
  const check = () => {
    const left = at - now();
    if (left > 0) arm(setTimeout(check, left));
    else due();
  };
  arm(setTimeout(check, Math.max(0, at - now())));
}
