import type { Timing } from '../../contests/protocol.ts';
import { announcement, countdownAt, displaySeconds, fractionLeft, type CountdownPhase } from './countdown.ts';
import { announce, h } from './dom.ts';
import type { T } from './live-ui.ts';

/**
 * The countdown element: one persistent node that screens re-insert on every
 * render, so its state (and the announcements already made) survive re-renders.
 * Digits are tabular and the box has a fixed size: nothing moves as they change.
 */
export interface CountdownView {
  el: HTMLElement;
  /** Follow new timestamps; `index` tells a new question (announce afresh) from a clock change. */
  set(timing: Timing | null, index: number): void;
  /** The current phase, or null without timing. */
  phase(): CountdownPhase | null;
}

/** `serverNow`: the live client's estimate of the server clock (`client.clock.serverNow`). */
export function countdownView(opts: { t: T; serverNow: () => number; announce: boolean; onPhase?: (p: CountdownPhase) => void }): CountdownView {
  const { t } = opts;
  const label = h('span', { class: 'cd-label' });
  const digits = h('span', { class: 'cd-digits' });
  const fill = h('span', { class: 'cd-fill' });
  const el = h('div', { class: 'countdown', role: 'timer', 'aria-live': 'off' }, label, digits, h('span', { class: 'cd-track', 'aria-hidden': 'true' }, fill));
  let timing: Timing | null = null;
  let index = -1;
  let last: { phase: CountdownPhase; seconds: number } | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;

  const say = (a: NonNullable<ReturnType<typeof announcement>>) => {
    if (a.kind === 'seconds') return announce('announce', t('countdown.say.left', { s: a.seconds }));
    const key = ({ reading: 'countdown.say.reading', open: 'countdown.say.open', closed: 'countdown.say.closed', paused: 'countdown.say.paused' } as const)[a.phase];
    announce('announce', t(key, { s: a.seconds }));
  };

  function tick(): void {
    if (!timing) {
      el.hidden = true;
      return;
    }
    el.hidden = false;
    const c = countdownAt(timing, opts.serverNow(), 0);
    const seconds = displaySeconds(c.phase === 'reading' ? c.untilOpenMs : c.remainingMs);
    digits.textContent = String(seconds);
    label.textContent = t(`countdown.${c.phase}`);
    fill.style.transform = `scaleX(${c.phase === 'reading' ? 1 : fractionLeft(c)})`;
    el.dataset.phase = c.phase;
    // Announce with the answer time (not the reading time) when answers open.
    const spoken = { phase: c.phase, seconds: c.phase === 'reading' ? displaySeconds(c.untilOpenMs) : seconds };
    const a = announcement(last, spoken);
    last = spoken;
    if (a && opts.announce) say(a);
    if (a?.kind === 'phase') opts.onPhase?.(c.phase);
    if (c.phase === 'closed' && timer) {
      clearInterval(timer);
      timer = null;
    }
  }

  return {
    el,
    set(next, nextIndex) {
      if (nextIndex !== index) last = null;
      index = nextIndex;
      timing = next;
      if (!timer && next) timer = setInterval(tick, 200);
      if (!next && timer) {
        clearInterval(timer);
        timer = null;
      }
      tick();
    },
    phase: () => (timing ? countdownAt(timing, opts.serverNow(), 0).phase : null),
  };
}
