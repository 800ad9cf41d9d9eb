import type { LocalizedText } from '../../shared/localized.ts';
import type { PlayerReveal } from '../../banks/player-view.ts';
import { readPageData, translator } from './page-data.ts';
import { announce, h, render, type Child } from './dom.ts';
import { pickText, rememberLang } from './live-ui.ts';
import { callApi } from './scheduled-api.ts';
import { questionInput, questionPrompt } from './question-input.ts';
import { revealBlock } from './reveal-view.ts';
import { formatRemaining, readServerAttempt } from './attempt-state.ts';
import { competencePercent, initialPracticeState, practiceReducer, practiceRemainingMs, type PracticeAction, type PracticeState, type PracticeSummary } from './practice-state.ts';
import { PRACTICE_ANSWER, PRACTICE_FINISH, PRACTICE_START } from './practice-routes.ts';

/**
 * `/practice/{bank}`: choose how many questions and whether to time them, answer
 * one at a time with the explanation after each, then a summary by competence.
 * No registration; nothing is stored in the browser.
 */

const data = readPageData<{ lang: 'vi' | 'en'; bank: string; title: LocalizedText }>();
const lang = data.lang;
const t = translator(lang);
rememberLang(lang);
const root = document.getElementById('app') as HTMLElement;

let state: PracticeState = initialPracticeState();
let settings = { count: 10, timed: false, minutes: 10 };
let rendered: string | null = null;
let typed = '';

function dispatch(a: PracticeAction): void {
  const before = state;
  state = practiceReducer(state, a);
  if (state !== before) draw();
  if (state.phase === 'finishing' && before.phase !== 'finishing') void finish();
}

const failText = (code: string) => (code === 'NETWORK' ? t('attempt.error.NETWORK') : t('attempt.error.generic', { code }));

async function start(): Promise<void> {
  dispatch({ type: 'start-requested' });
  const r = await callApi<unknown>(PRACTICE_START(data.bank), { method: 'POST', body: { questionCount: settings.count, minutes: settings.timed ? settings.minutes : null }, lang });
  const clientNow = Date.now();
  const a = r.ok ? readServerAttempt({ ...(r.data as object), deadline: (r.data as { deadline?: unknown }).deadline ?? 0 }) : null;
  if (!r.ok || !a) return dispatch({ type: 'failed', code: r.ok ? 'BAD_RESPONSE' : r.code });
  const deadline = (r.data as { deadline?: string | null }).deadline ?? null;
  dispatch({ type: 'started', id: a.id, questions: a.questions, deadline, serverNow: a.serverNow, clientNow });
}

async function check(): Promise<void> {
  const q = state.questions[state.index];
  if (!q || !state.response || !state.attemptId) return;
  const response = state.response;
  dispatch({ type: 'check-requested' });
  const r = await callApi<{ correct: boolean; reveal?: PlayerReveal }>(PRACTICE_ANSWER(state.attemptId, q.id), { method: 'PUT', body: { response }, lang });
  if (!r.ok) return dispatch({ type: 'failed', code: r.code });
  dispatch({ type: 'checked', questionId: q.id, correct: r.data.correct, reveal: r.data.reveal ?? null });
  announce('announce', r.data.correct ? t('practice.right') : t('practice.wrong'));
}

async function finish(): Promise<void> {
  if (!state.attemptId) return;
  const r = await callApi<PracticeSummary>(PRACTICE_FINISH(state.attemptId), { method: 'POST', body: {}, lang });
  if (!r.ok) return dispatch({ type: 'failed', code: r.code });
  dispatch({ type: 'finished', summary: r.data });
}

const timerEl = h('span', { class: 'timer', role: 'timer' });
function tick(): void {
  const left = practiceRemainingMs(state, Date.now());
  if (left === null || (state.phase !== 'question' && state.phase !== 'feedback' && state.phase !== 'checking')) return;
  timerEl.textContent = formatRemaining(left);
  if (left <= 0) dispatch({ type: 'finish-requested' });
}
setInterval(tick, 250);

function setupView(): Child {
  const form = h(
    'form',
    { class: 'card stack', onsubmit: (e: Event) => (e.preventDefault(), void start()) },
    h('p', {}, t('practice.intro')),
    h('label', { for: 'count' }, t('practice.count')),
    h('input', { id: 'count', name: 'count', type: 'number', min: 1, max: 100, value: settings.count, inputmode: 'numeric', onchange: (e: Event) => (settings.count = Math.max(1, Math.min(100, Number((e.target as HTMLInputElement).value) || 10))) }),
    h(
      'fieldset',
      {},
      h('legend', {}, t('practice.timed')),
      h('label', { class: 'check' }, h('input', { type: 'radio', name: 'timed', value: 'no', checked: !settings.timed, onchange: () => ((settings.timed = false), draw()) }), ' ', t('practice.untimed')),
      h('label', { class: 'check' }, h('input', { type: 'radio', name: 'timed', value: 'yes', checked: settings.timed, onchange: () => ((settings.timed = true), draw()) }), ' ', t('practice.timed')),
    ),
    settings.timed ? [h('label', { for: 'minutes' }, t('practice.minutes')), h('input', { id: 'minutes', type: 'number', min: 1, max: 180, value: settings.minutes, inputmode: 'numeric', onchange: (e: Event) => (settings.minutes = Math.max(1, Math.min(180, Number((e.target as HTMLInputElement).value) || 10))) })] : null,
    state.error ? h('p', { class: 'error', role: 'alert' }, failText(state.error)) : null,
    h('button', { type: 'submit', class: 'button big', id: 'start-practice', disabled: state.phase === 'starting' }, t('practice.start')),
  );
  return form;
}

function questionView(): Child {
  const q = state.questions[state.index]!;
  const checked = state.checked[q.id];
  const locked = state.phase !== 'question';
  const last = state.index + 1 >= state.questions.length;
  return h(
    'section',
    { class: 'card stack question' },
    h('div', { class: 'row spread' }, h('h2', { id: 'q-h', tabindex: '-1', 'data-autofocus': true }, t('attempt.question', { n: state.index + 1, total: state.questions.length })), state.deadline !== null ? timerEl : null),
    questionPrompt(q.view, lang),
    questionInput({
      t,
      lang,
      questionId: q.id,
      view: q.view,
      answer: state.response ?? undefined,
      draft: state.draft,
      disabled: locked,
      onAnswer: (response) => dispatch({ type: 'choose', response }),
      onDraft: (choice) => dispatch({ type: 'tap', choice }),
      onClearDraft: () => undefined,
      typed,
      onType: (text) => {
        typed = text;
        if (text.trim()) dispatch({ type: 'choose', response: { type: 'short_answer', text: text.trim() } });
      },
    }),
    state.error ? h('p', { class: 'error', role: 'alert' }, failText(state.error)) : null,
    state.phase === 'question' ? h('button', { type: 'button', class: 'button big', id: 'check', 'data-key': 'check', disabled: !state.response, onclick: () => void check() }, t('practice.check')) : null,
    checked?.reveal ? revealBlock(t, lang, q.view, checked.reveal, checked.correct) : checked ? h('p', { class: `feedback ${checked.correct ? 'right' : 'wrong'}` }, checked.correct ? t('practice.right') : t('practice.wrong')) : null,
    state.phase === 'feedback'
      ? h('button', { type: 'button', class: 'button big', id: 'next', 'data-key': 'next', onclick: () => ((typed = ''), dispatch({ type: 'next' })) }, last ? t('practice.finish') : t('practice.next'))
      : null,
  );
}

function summaryView(): Child {
  const s = state.summary;
  if (!s) return h('p', { class: 'muted' }, t('live.loading'));
  return h(
    'section',
    { class: 'card stack summary' },
    h('h2', { tabindex: '-1', 'data-autofocus': true }, t('practice.summary')),
    h('p', { class: 'big-score' }, t('practice.summaryScore', { correct: s.correctCount, total: state.questions.length })),
    s.byCompetence.length > 0
      ? h(
          'table',
          { class: 'board' },
          h('caption', {}, t('practice.byCompetence')),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('practice.competence')), h('th', { scope: 'col', class: 'num' }, t('practice.summaryScore', { correct: '✓', total: 'n' })), h('th', { scope: 'col', class: 'num' }, '%'))),
          h('tbody', {}, s.byCompetence.map((c) => h('tr', {}, h('th', { scope: 'row' }, c.competence), h('td', { class: 'num' }, `${c.correct}/${c.questions}`), h('td', { class: 'num' }, `${competencePercent(c)} %`)))),
        )
      : null,
    h('button', { type: 'button', class: 'button', onclick: () => dispatch({ type: 'restart' }) }, t('practice.again')),
  );
}

function draw(): void {
  const screen = state.phase === 'setup' || state.phase === 'starting' ? 'setup' : state.phase === 'summary' || state.phase === 'finishing' ? 'summary' : `q${state.index}`;
  render(root, [h('h1', {}, t('practice.heading', { bank: pickText(data.title, lang) })), screen === 'setup' ? setupView() : screen === 'summary' ? summaryView() : questionView()], rendered !== screen);
  rendered = screen;
  root.dataset.phase = state.phase;
  tick();
}

draw();
