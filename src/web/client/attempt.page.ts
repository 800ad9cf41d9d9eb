import type { LocalizedText } from '../../shared/localized.ts';
import type { PlayerResponse } from '../../banks/responses.ts';
import { readPageData, translator } from './page-data.ts';
import { announce, h, render, type Child } from './dom.ts';
import { pickText, rememberLang, showNet } from './live-ui.ts';
import { callApi, loadParticipant, saveParticipant } from './scheduled-api.ts';
import { questionInput, questionPrompt } from './question-input.ts';
import { revealBlock } from './reveal-view.ts';
import type { PlayerReveal } from '../../banks/player-view.ts';
import { formatDuration } from '../vietnam-time.ts';
import {
  attemptFromServer,
  attemptReducer,
  canSubmit,
  formatRemaining,
  predictionValue,
  questionMarks,
  readServerAttempt,
  remainingMs,
  retryDelayMs,
  saveIndicator,
  shownDraft,
  toStoredAttempt,
  unansweredCount,
  type AttemptAction,
  type AttemptResult,
  type AttemptState,
  type StoredAttempt,
} from './attempt-state.ts';

/**
 * `/contests/{slug}/attempt`: start or resume the participant's attempt, answer
 * with autosave (queued and retried through network drops), a timer on the
 * server's clock, question navigation with answered marks, the prediction and a
 * submit confirmation, then the result. The token and the unsent answers live in
 * localStorage, so a reload (or a crash) loses nothing.
 */

interface Data {
  lang: 'vi' | 'en';
  slug: string;
  title: LocalizedText;
  state: 'draft' | 'upcoming' | 'open' | 'closed' | 'published';
  prediction: { prompt: LocalizedText } | null;
  attemptMinutes: number;
}

const data = readPageData<Data>();
const lang = data.lang;
const t = translator(lang);
rememberLang(lang);
const root = document.getElementById('app') as HTMLElement;

type Screen = 'loading' | 'none' | 'start' | 'attempt' | 'result' | 'error';
let screen: Screen = 'loading';
let rendered: Screen | null = null;
let participant = loadParticipant(data.slug);
let state: AttemptState | null = null;
let result: AttemptResult | null = null;
/** Keys and explanations, when the contest's `keysVisible` allows them (after submit, or after close). */
let reveals: Array<PlayerReveal & { questionId: string }> | null = null;
const readReveals = (body: unknown) => {
  const list = (body as { reveals?: unknown })?.reveals;
  return Array.isArray(list) ? (list as Array<PlayerReveal & { questionId: string }>) : null;
};
let message: string | null = null;
let busy = false;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let timeUpHandled = false;
/** Short answers being typed, kept across redraws (a save acknowledgement redraws the page). */
const typed = new Map<string, string>();

const token = () => participant?.participantToken ?? null;

function errorMessage(r: { code: string; message: string }): string {
  return r.code === 'NETWORK' ? t('attempt.error.NETWORK') : r.message || t('attempt.error.generic', { code: r.code });
}

function persist(): void {
  if (!participant || !state) return;
  const stored = toStoredAttempt(state);
  participant = { ...participant, attempt: stored, ...(stored ? {} : { lastAttemptId: state.attemptId }) };
  saveParticipant(data.slug, participant);
}

function dispatch(action: AttemptAction): void {
  if (!state) return;
  const before = state;
  state = attemptReducer(state, action);
  if (state === before) return;
  persist();
  if (state.phase === 'finished' && before.phase !== 'finished') finish();
  draw();
}

// ---------- saving ----------

function pump(): void {
  if (!state || state.inFlight || state.queue.length === 0 || retryTimer) return;
  dispatch({ type: 'save-started' });
  const current = state as AttemptState;
  const item = current.inFlight;
  if (!item) return;
  void callApi<unknown>(`/api/attempts/${current.attemptId}/answers/${encodeURIComponent(item.questionId)}`, { method: 'PUT', body: { response: item.response }, token: token(), lang }).then((r) => {
    if (r.ok) dispatch({ type: 'save-ok', seq: item.seq });
    else dispatch({ type: 'save-failed', seq: item.seq, code: r.code, transient: r.transient });
    showNet(t, r.ok || r.code !== 'NETWORK');
    if (!r.ok && r.transient && state) {
      retryTimer = setTimeout(() => {
        retryTimer = null;
        pump();
      }, retryDelayMs(state.failures));
    } else pump();
  });
}

window.addEventListener('online', () => {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  dispatch({ type: 'connection', online: true });
  pump();
});
window.addEventListener('offline', () => dispatch({ type: 'connection', online: false }));

// ---------- loading, starting, submitting ----------

async function load(attemptId: string, stored: StoredAttempt | null | undefined): Promise<boolean> {
  const sent = Date.now();
  const r = await callApi<unknown>(`/api/attempts/${attemptId}`, { token: token(), lang });
  const received = Date.now();
  if (!r.ok) {
    if (r.code === 'NETWORK' || r.transient) {
      message = errorMessage(r);
      screen = 'error';
      return true;
    }
    if (r.status === 401) {
      // The token is no longer valid (merged away by an organiser, or a stale copy): register or resume again.
      participant = null;
      saveParticipant(data.slug, null);
      screen = 'none';
      return true;
    }
    return false;
  }
  const a = readServerAttempt(r.data);
  if (!a) return false;
  reveals = readReveals(r.data);
  state = attemptFromServer(a, { clientSentAt: sent, clientReceivedAt: received }, stored ?? null);
  if (state.phase === 'finished') {
    result = state.result;
    screen = 'result';
  } else screen = 'attempt';
  persist();
  pump();
  return true;
}

async function boot(): Promise<void> {
  if (!participant) {
    screen = 'none';
    return draw();
  }
  const stored = participant.attempt;
  if (stored && (await load(stored.attemptId, stored))) return draw();
  if (!participant) return draw();
  // Resumed on another device: an attempt may be running there.
  if (await resumeRunning()) return draw();
  if (participant.lastAttemptId && (await load(participant.lastAttemptId, null))) return draw();
  screen = 'start';
  draw();
}

async function start(): Promise<void> {
  if (busy) return;
  busy = true;
  message = null;
  draw();
  const sent = Date.now();
  const r = await callApi<unknown>(`/api/scheduled-contests/${data.slug}/attempts`, { method: 'POST', body: {}, token: token(), lang });
  const received = Date.now();
  busy = false;
  const a = r.ok ? readServerAttempt(r.data) : null;
  if (!r.ok && r.code === 'ATTEMPT_IN_PROGRESS' && (await resumeRunning())) return draw();
  if (!a) {
    message = r.ok ? t('attempt.error.generic', { code: 'BAD_RESPONSE' }) : errorMessage(r);
    return draw();
  }
  state = attemptFromServer(a, { clientSentAt: sent, clientReceivedAt: received });
  timeUpHandled = false;
  warned = Infinity;
  result = null;
  screen = 'attempt';
  persist();
  draw();
}

/** An attempt started elsewhere (another device, a lost tab) is still running: carry on with it. */
async function resumeRunning(): Promise<boolean> {
  const me = await callApi<{ attempts?: Array<{ id: string; state: string }> }>(`/api/scheduled-contests/${data.slug}/me`, { token: token(), lang });
  const running = me.ok ? me.data.attempts?.find((x) => x.state === 'running') : undefined;
  return running ? load(running.id, null) : false;
}

async function submit(): Promise<void> {
  if (!state || !canSubmit(state)) return;
  const prediction = predictionValue(state)!;
  dispatch({ type: 'submit-started' });
  const r = await callApi<AttemptResult>(`/api/attempts/${state.attemptId}/submit`, { method: 'POST', body: { prediction }, token: token(), lang });
  if (r.ok) {
    reveals = readReveals(r.data);
    dispatch({ type: 'submitted', result: r.data });
  }
  else dispatch({ type: 'submit-failed', code: r.code, transient: r.transient });
}

/** The attempt ended (submitted, or closed by the server): show the result, fetching it when the end was a refusal. */
function finish(): void {
  if (!state) return;
  if (state.result) {
    result = state.result;
    screen = 'result';
    announce('announce', t('attempt.result.heading'));
    return;
  }
  // Closed by the deadline: the server closes it lazily on read, after its grace.
  const id = state.attemptId;
  const fetchResult = async (tries: number): Promise<void> => {
    const r = await callApi<unknown>(`/api/attempts/${id}`, { token: token(), lang });
    const a = r.ok ? readServerAttempt(r.data) : null;
    if (a?.finished) {
      result = a.result ?? null;
      reveals = readReveals(r.ok ? r.data : null);
      screen = 'result';
      draw();
    } else if (tries > 0) setTimeout(() => void fetchResult(tries - 1), 2000);
  };
  message = t('attempt.timeUp');
  screen = 'result';
  void fetchResult(10);
}

/** At zero: stop taking answers, let queued saves go (the server has a short grace), then ask for the result. */
function timeUp(): void {
  if (!state || timeUpHandled || state.phase === 'finished') return;
  timeUpHandled = true;
  announce('alert', t('attempt.timeUp'));
  const id = state.attemptId;
  setTimeout(async () => {
    if (!state || state.attemptId !== id || state.phase === 'finished') return;
    const r = await callApi<unknown>(`/api/attempts/${id}`, { token: token(), lang });
    const a = r.ok ? readServerAttempt(r.data) : null;
    if (a?.finished && state.attemptId === id) {
      state = { ...state, phase: 'finished', queue: [], inFlight: null, result: a.result ?? null };
      persist();
      finish();
      draw();
    } else {
      timeUpHandled = false;
    }
  }, 6000);
  draw();
}

// ---------- views ----------

const timerEl = h('span', { class: 'timer', role: 'timer', 'aria-live': 'off' });
const timerBox = h('div', { class: 'timer-box' }, h('span', { class: 'visually-hidden' }, t('attempt.timeLeft')), timerEl);

/** Screen readers hear the time at 5 minutes and 1 minute left (the timer itself is not a live region). */
let warned = Infinity;
function tick(): void {
  if (!state || screen !== 'attempt') return;
  const left = remainingMs(state, Date.now());
  timerEl.textContent = formatRemaining(left);
  for (const mark of [5, 1]) {
    if (left <= mark * 60_000 && left > (mark - 1) * 60_000 && warned > mark) {
      warned = mark;
      announce('announce', t('attempt.minutesLeft', { n: mark }));
    }
  }
  timerBox.classList.toggle('low', left <= 60_000);
  if (left <= 0) timeUp();
}
setInterval(tick, 250);

function indicator(s: AttemptState): HTMLElement {
  const i = saveIndicator(s);
  const text = i === 'saved' ? t('attempt.saved') : i === 'saving' ? t('attempt.saving') : i === 'offline' ? t('attempt.offline') : t('attempt.idle');
  return h('p', { class: `save-state ${i}`, role: 'status', 'aria-live': 'polite', 'data-state': i }, i === 'saved' ? '✓ ' : '', text);
}

function navigation(s: AttemptState): HTMLElement {
  return h(
    'nav',
    { class: 'q-nav', 'aria-label': t('attempt.nav') },
    h(
      'ol',
      {},
      questionMarks(s).map((m) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: `q-dot${m.answered ? ' answered' : ''}${m.index === s.current ? ' current' : ''}`,
              'data-key': `nav-${m.index}`,
              'data-answered': String(m.answered),
              'aria-current': m.index === s.current ? 'step' : null,
              'aria-label': t(m.answered ? 'attempt.nav.answered' : 'attempt.nav.unanswered', { n: m.index + 1 }),
              onclick: () => dispatch({ type: 'go', index: m.index }),
            },
            String(m.index + 1),
          ),
        ),
      ),
    ),
  );
}

function questionArea(s: AttemptState): Child {
  const q = s.questions[s.current];
  if (!q) return null;
  const disabled = s.phase !== 'answering';
  return h(
    'section',
    { class: 'card stack question', 'aria-labelledby': 'q-h' },
    h('h2', { id: 'q-h', class: 'q-count', tabindex: '-1' }, t('attempt.question', { n: s.current + 1, total: s.questions.length })),
    questionPrompt(q.view, lang),
    questionInput({
      t,
      lang,
      questionId: q.id,
      view: q.view,
      answer: s.answers[q.id],
      draft: shownDraft(s, q.id),
      disabled,
      onAnswer: (response: PlayerResponse) => {
        dispatch({ type: 'answer', questionId: q.id, response });
        pump();
      },
      onDraft: (choice) => {
        dispatch({ type: 'draft', questionId: q.id, choice });
        pump();
      },
      onClearDraft: () => dispatch({ type: 'draft-clear', questionId: q.id }),
      typed: typed.get(q.id),
      onType: (text) => typed.set(q.id, text),
    }),
    h(
      'div',
      { class: 'row spread' },
      h('button', { type: 'button', class: 'button secondary', 'data-key': 'prev', disabled: s.current === 0, onclick: () => dispatch({ type: 'go', index: s.current - 1 }) }, t('attempt.prev')),
      s.current < s.questions.length - 1
        ? h('button', { type: 'button', class: 'button', 'data-key': 'next', onclick: () => dispatch({ type: 'go', index: s.current + 1 }) }, t('attempt.next'))
        : h('button', { type: 'button', class: 'button', 'data-key': 'finish-last', onclick: () => dispatch({ type: 'confirm', open: true }) }, t('attempt.finish')),
    ),
  );
}

/** The prediction input is built once and kept, so typing is never interrupted by a redraw. */
let predictionInput: HTMLInputElement | null = null;
function predictionField(s: AttemptState): HTMLInputElement {
  if (!predictionInput) {
    predictionInput = h('input', { id: 'prediction', name: 'prediction', 'data-key': 'prediction', inputmode: 'numeric', pattern: '[0-9]*', autocomplete: 'off', maxlength: 9, 'aria-describedby': 'prediction-hint', required: true });
    predictionInput.addEventListener('input', () => dispatch({ type: 'prediction', value: predictionInput!.value }));
  }
  if (predictionInput.value !== s.prediction) predictionInput.value = s.prediction;
  return predictionInput;
}

function confirmPanel(s: AttemptState): HTMLElement {
  const missing = unansweredCount(s);
  const waiting = s.queue.length > 0 || s.inFlight !== null;
  const needPrediction = predictionValue(s) === null;
  return h(
    'section',
    { class: 'card stack confirm', role: 'region', 'aria-labelledby': 'confirm-h' },
    h('h2', { id: 'confirm-h', tabindex: '-1', 'data-autofocus': true }, t('attempt.confirm.heading')),
    h('p', { class: missing > 0 ? 'note' : '' }, missing > 0 ? t('attempt.confirm.unanswered', { n: missing }) : t('attempt.confirm.allAnswered')),
    h('label', { for: 'prediction' }, t('attempt.prediction'), data.prediction ? `: ${pickText(data.prediction.prompt, lang)}` : ''),
    predictionField(s),
    h('p', { id: 'prediction-hint', class: 'hint' }, t('attempt.predictionHint')),
    waiting ? h('p', { class: 'hint', role: 'status' }, t('attempt.confirm.waitSave')) : null,
    needPrediction ? h('p', { class: 'hint' }, t('attempt.confirm.needPrediction')) : null,
    s.error ? h('p', { class: 'error', role: 'alert' }, s.error === 'NETWORK' ? t('attempt.error.NETWORK') : t('attempt.error.generic', { code: s.error })) : null,
    h(
      'div',
      { class: 'row spread' },
      h('button', { type: 'button', class: 'button secondary', 'data-key': 'back', onclick: () => dispatch({ type: 'confirm', open: false }) }, t('attempt.confirm.back')),
      h('button', { type: 'button', class: 'button big', id: 'submit-attempt', 'data-key': 'submit', disabled: !canSubmit(s), onclick: () => void submit() }, s.phase === 'submitting' ? t('attempt.submitting') : t('attempt.confirm.submit')),
    ),
  );
}

function attemptView(s: AttemptState): Child {
  const answered = s.questions.length - unansweredCount(s);
  return h(
    'div',
    { class: 'stack attempt-body' },
    h('h1', { class: 'visually-hidden', tabindex: '-1', 'data-autofocus': true }, pickText(data.title, lang)),
    h('div', { class: 'attempt-bar row spread' }, timerBox, indicator(s), h('span', { class: 'answered-count' }, t('attempt.answered', { n: answered, total: s.questions.length }))),
    navigation(s),
    s.phase === 'confirm' || s.phase === 'submitting' ? confirmPanel(s) : questionArea(s),
    s.phase === 'answering' ? h('button', { type: 'button', class: 'button big secondary', id: 'open-confirm', 'data-key': 'open-confirm', onclick: () => dispatch({ type: 'confirm', open: true }) }, t('attempt.finish')) : null,
    s.error && s.phase === 'answering' ? h('p', { class: 'error', role: 'alert' }, t('attempt.error.generic', { code: s.error })) : null,
  );
}

/** Each question with the participant's answer marked and the key, once keys may be shown. */
function reviewList(): Child {
  if (!reveals || !state) return null;
  const byId = new Map(reveals.map((r) => [r.questionId, r]));
  return h(
    'ol',
    { class: 'stack review' },
    state.questions.map((q, i) => {
      const r = byId.get(q.id);
      return h('li', { class: 'card stack' }, h('h3', {}, t('attempt.question', { n: i + 1, total: state!.questions.length })), questionPrompt(q.view, lang), r ? revealBlock(t, lang, q.view, r, null) : null);
    }),
  );
}

function resultView(): Child {
  const r = result;
  return h(
    'section',
    { class: 'card stack result', 'aria-labelledby': 'result-h' },
    h('h1', { id: 'result-h', tabindex: '-1', 'data-autofocus': true }, t('attempt.result.heading')),
    message ? h('p', { class: 'note' }, message) : null,
    r
      ? [
          h('p', { class: 'big-score', id: 'result-score' }, t('attempt.result.score', { score: r.score, max: r.maxScore })),
          h('p', {}, t('attempt.result.correct', { n: r.correctCount })),
          h('p', {}, t('attempt.result.duration', { time: formatDuration(r.durationMs, lang) })),
        ]
      : h('p', {}, t('attempt.result.pending')),
    h('p', { class: 'hint' }, t('attempt.result.official')),
    reviewList(),
    data.state === 'open' ? h('button', { type: 'button', class: 'button', id: 'again', onclick: () => void start() }, t('attempt.result.again')) : null,
    h('a', { href: `/contests/${data.slug}?lang=${lang}` }, t('attempt.toContest')),
    data.state === 'published' ? h('a', { href: `/contests/${data.slug}/rankings?lang=${lang}` }, t('sched.rankings')) : null,
  );
}

function content(): Child {
  switch (screen) {
    case 'loading':
      return h('p', { class: 'muted' }, t('attempt.loading'));
    case 'none':
      return h('section', { class: 'card stack' }, h('h1', { tabindex: '-1', 'data-autofocus': true }, pickText(data.title, lang)), h('p', {}, t('attempt.noParticipant')), h('a', { class: 'button', href: `/contests/${data.slug}?lang=${lang}` }, t('attempt.toContest')));
    case 'error':
      return h('section', { class: 'card stack' }, h('p', { class: 'error', role: 'alert' }, message ?? ''), h('button', { type: 'button', class: 'button', onclick: () => void boot() }, t('attempt.start.button')));
    case 'start':
      return h(
        'section',
        { class: 'card stack start' },
        h('h1', { tabindex: '-1', 'data-autofocus': true }, pickText(data.title, lang)),
        h('h2', {}, t('attempt.start.heading')),
        h('p', {}, t('attempt.start.info')),
        message ? h('p', { class: 'error', role: 'alert' }, message) : null,
        h('button', { type: 'button', class: 'button big', id: 'start-attempt', disabled: busy, onclick: () => void start() }, t('attempt.start.button')),
        h('a', { href: `/contests/${data.slug}?lang=${lang}` }, t('attempt.toContest')),
      );
    case 'attempt':
      return state ? attemptView(state) : null;
    case 'result':
      return resultView();
  }
}

/**
 * Redraw; controls keep focus by `data-key`, a new screen focuses its heading,
 * moving to another question focuses that question's heading, opening the
 * confirmation focuses its heading.
 */
let lastQuestion = -1;
let lastPhase: AttemptState['phase'] | null = null;
function draw(): void {
  const sameScreen = rendered === screen && screen === 'attempt' && state !== null;
  const questionMoved = sameScreen && state!.current !== lastQuestion;
  const confirmOpened = sameScreen && state!.phase === 'confirm' && lastPhase !== 'confirm' && lastPhase !== 'submitting';
  render(root, content(), rendered !== screen);
  if (confirmOpened) document.getElementById('confirm-h')?.focus();
  else if (questionMoved) document.getElementById('q-h')?.focus();
  rendered = screen;
  lastQuestion = state?.current ?? -1;
  lastPhase = state?.phase ?? null;
  root.dataset.screen = screen;
  if (state) root.dataset.phase = state.phase;
  tick();
}

void boot();
