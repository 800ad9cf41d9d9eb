import type { PlayerResponse } from '../../banks/responses.ts';
import type { DistrictStanding, QuestionReveal, QuestionView } from '../../contests/protocol.ts';
import { createLiveClient, LiveError, memoryTokenStore, newAnswerId, storageTokenStore, type LiveClient, type TokenStore } from '../../contests/live-client.ts';
import { renderMarkdown } from '../../banks/markdown.ts';
import { readPageData, translator } from './page-data.ts';
import { announce, h, markdownBlock, render, type Child } from './dom.ts';
import { errorText, formatNumber, formatPercent, pickText, rememberLang, showNet } from './live-ui.ts';
import { optionBadge } from './option-faces.ts';
import { countdownView } from './countdown-view.ts';
import { explanationBlock, podium, questionBlock, correctIndices } from './boards-view.ts';
import { registerPlayOffline } from './offline.ts';
import { matchingInput, numericInput, typedReveal } from './answer-inputs.ts';
import { initialPlayState, playReducer, selectionResponse, type ContestLookup, type PlayAction, type PlayScreen, type PlayState, type Profile } from './play-state.ts';

/** The student's page: PIN → profile → lobby → questions → results, resuming after a reload or a network drop. */

const data = readPageData<{ lang: 'vi' | 'en'; pin: string | null; contest: ContestLookup | null; notFound: boolean }>();
const lang = data.lang;
const t = translator(lang);
rememberLang(lang);
const root = document.getElementById('app') as HTMLElement;

/** sessionStorage can be missing or throw (privacy modes): the player then just cannot resume after a reload. */
function tabTokens(): TokenStore {
  try {
    return storageTokenStore(window.sessionStorage);
  } catch {
    return memoryTokenStore();
  }
}
const tokens = tabTokens();

let state: PlayState = initialPlayState({ pin: data.pin, contest: data.contest, hasToken: Boolean(data.pin && tokens.get(data.pin)), notFound: data.notFound });
let rendered: PlayScreen | null = null;
let client: LiveClient | null = null;

const countdown = countdownView({ t, serverNow: () => client?.clock.serverNow() ?? Date.now(), announce: true, onPhase: () => queueMicrotask(draw) });
/** Typed short answer, kept across re-renders (a pause or the answers opening redraws the screen). */
let shortDraft = '';

function dispatch(action: PlayAction, redraw = true): void {
  state = playReducer(state, action);
  if (redraw) draw();
}

function districtName(code: string): string {
  const list = state.info?.districts ?? state.contest?.districts ?? [];
  return list.find((d) => d.code === code)?.name ?? code;
}

function connect(): LiveClient {
  const c = createLiveClient(location.origin, { tokens, ...(state.pin ? { pin: state.pin } : {}) });
  c.on('status', (s) => {
    // `closed` is on purpose (kicked, left): nothing to warn about.
    showNet(t, s !== 'reconnecting');
    if (s === 'connected' || s === 'reconnecting') dispatch({ type: 'connection', online: s === 'connected' });
  });
  c.on('snapshot', (snapshot) => dispatch({ type: 'state', snapshot }));
  c.on('resume-failed', ({ error, final }) => dispatch({ type: 'resume-failed', code: error.code, final }));
  const s = c.socket;
  s.on('contest:state', (snapshot) => dispatch({ type: 'state', snapshot }));
  s.on('lobby:update', (u) => dispatch({ type: 'lobby', playerCount: u.playerCount, locked: u.locked }));
  s.on('question:show', (show) => dispatch({ type: 'question', show }));
  s.on('question:timing', (x) => dispatch({ type: 'timing', index: x.index, timing: x.timing }));
  s.on('question:reveal', (reveal) => dispatch({ type: 'reveal', reveal }));
  s.on('leaderboard:update', (leaderboard) => dispatch({ type: 'leaderboard', leaderboard }));
  s.on('contest:ended', (final) => dispatch({ type: 'ended', final }));
  s.on('player:kicked', (k) => {
    dispatch({ type: 'kicked', reason: k.reason });
    c.close();
  });
  return c;
}

async function call<R>(fn: (c: LiveClient) => Promise<R>): Promise<R | null> {
  try {
    return await fn(client ?? (client = connect()));
  } catch (err) {
    dispatch({ type: 'request-failed', code: err instanceof LiveError ? err.code : 'INTERNAL' });
    return null;
  }
}

// ---------- actions ----------

async function suggest(): Promise<void> {
  if (!state.pin) return;
  dispatch({ type: 'suggest-started' });
  const r = await call((c) => c.request('nickname:suggest', { pin: state.pin!, lang }, { timeoutMs: 5000, retries: 1 }));
  if (r) dispatch({ type: 'suggested', nickname: r.nickname, remaining: r.remaining });
}

async function join(): Promise<void> {
  const p = state.profile;
  if (!state.pin) return;
  if (!p.district) return dispatch({ type: 'request-failed', code: 'DISTRICT_REQUIRED' });
  if (state.contest?.rosterMode && !p.rosterCode.trim()) return dispatch({ type: 'request-failed', code: 'ROSTER_CODE_REQUIRED' });
  dispatch({ type: 'join-started' });
  const payload = {
    pin: state.pin,
    district: p.district,
    lang,
    ...(p.nickname.trim() ? { nickname: p.nickname.trim() } : {}),
    ...(p.school.trim() ? { school: p.school.trim() } : {}),
    ...(p.rosterCode.trim() ? { rosterCode: p.rosterCode.trim() } : {}),
  };
  const result = await call((c) => c.join(payload));
  if (result) dispatch({ type: 'joined', result });
}

async function leave(): Promise<void> {
  await client?.leave().catch(() => undefined);
  // A fresh connection for the next join: the server ties a socket to the player it joined as.
  client?.close();
  client = null;
  dispatch({ type: 'left' });
}

async function submit(response: PlayerResponse): Promise<void> {
  const q = state.question;
  if (!q || !client || countdown.phase() !== 'open') return;
  const answerId = newAnswerId();
  dispatch({ type: 'answer-sent', answerId, response });
  try {
    await client.submitAnswer(q.question.index, response, answerId);
    dispatch({ type: 'answer-acked', answerId });
    announce('announce', t('play.answered.received'));
  } catch (err) {
    dispatch({ type: 'answer-failed', answerId, code: err instanceof LiveError ? err.code : 'INTERNAL' });
  }
}

// ---------- screens ----------

function heading(text: string, cls = '') {
  return h('h1', { tabindex: '-1', 'data-autofocus': true, class: cls || null }, text);
}

function errorLine() {
  return state.error ? h('p', { class: 'error', role: 'alert' }, errorText(t, 'play.error', state.error)) : null;
}

function meStrip() {
  const me = state.me;
  if (!me) return null;
  return h('p', { class: 'me-strip' }, h('strong', {}, me.nickname), h('span', {}, districtName(me.district)), h('span', { class: 'me-points' }, t('play.points', { n: formatNumber(me.points, lang) })));
}

function pinScreen() {
  return h(
    'form',
    { class: 'card stack pin-form', method: 'get', action: '/play' },
    heading(t('play.pin.heading')),
    h('label', { for: 'pin' }, t('play.pin.label')),
    h('input', { id: 'pin', name: 'pin', inputmode: 'numeric', autocomplete: 'off', maxlength: 12, required: true, class: 'pin-input', value: state.pin ?? '' }),
    errorLine(),
    h('input', { type: 'hidden', name: 'lang', value: lang }),
    h('button', { class: 'button big', type: 'submit' }, t('play.pin.submit')),
  );
}

function profileScreen() {
  const c = state.contest;
  if (!c) return pinScreen();
  const edit = (field: keyof Profile) => (e: Event) => dispatch({ type: 'profile-edited', field, value: (e.target as HTMLInputElement).value }, false);
  const p = state.profile;
  const spins = state.spinsLeft;
  return h(
    'form',
    {
      class: 'card stack profile-form',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        void join();
      },
    },
    heading(c.title),
    h('p', { class: 'muted' }, t('play.profile.pin', { pin: c.pin })),
    h('label', { for: 'district' }, t('play.profile.district'), h('span', { class: 'req' }, ` (${t('play.profile.required')})`)),
    h(
      'select',
      { id: 'district', required: true, 'data-key': 'district', onchange: edit('district'), 'aria-invalid': state.error === 'DISTRICT_REQUIRED' ? 'true' : null },
      h('option', { value: '' }, t('play.profile.chooseDistrict')),
      c.districts.map((d) => h('option', { value: d.code, selected: d.code === p.district }, d.name)),
    ),
    h('label', { for: 'school' }, t('play.profile.school'), h('span', { class: 'muted' }, ` (${t('play.profile.optional')})`)),
    h('input', { id: 'school', maxlength: 120, autocomplete: 'organization', value: p.school, 'data-key': 'school', oninput: edit('school') }),
    c.rosterMode
      ? [h('label', { for: 'roster' }, t('play.profile.rosterCode')), h('input', { id: 'roster', maxlength: 32, autocomplete: 'off', value: p.rosterCode, 'data-key': 'roster', oninput: edit('rosterCode') })]
      : null,
    h('label', { for: 'nickname' }, t('play.profile.nickname'), h('span', { class: 'muted' }, ` (${t('play.profile.nicknameHint')})`)),
    h(
      'div',
      { class: 'row nowrap' },
      h('input', { id: 'nickname', maxlength: 40, autocomplete: 'nickname', value: p.nickname, 'data-key': 'nickname', oninput: edit('nickname') }),
      h(
        'button',
        { type: 'button', class: 'button secondary', 'data-key': 'suggest', disabled: state.busy || spins === 0, onclick: () => void suggest() },
        spins === null ? t('play.profile.suggest') : t('play.profile.respin', { n: spins }),
      ),
    ),
    errorLine(),
    h('button', { type: 'submit', class: 'button big', disabled: state.busy, 'data-key': 'join' }, state.busy ? t('play.profile.joining') : t('play.profile.join')),
  );
}

function lobbyScreen() {
  return h(
    'section',
    { class: 'card stack center lobby' },
    heading(t('play.lobby.heading')),
    h('p', { class: 'big-name' }, state.me?.nickname ?? ''),
    h('p', {}, districtName(state.me?.district ?? '')),
    h('p', { class: 'muted', role: 'status' }, t('play.lobby.players', { n: formatNumber(state.playerCount, lang) })),
    h('p', {}, t('play.lobby.wait')),
    state.locked ? h('p', { class: 'muted' }, t('play.lobby.locked')) : null,
    h('button', { type: 'button', class: 'button secondary', onclick: () => void leave() }, t('play.lobby.leave')),
  );
}

function questionHeader(q: QuestionView) {
  return h(
    'div',
    { class: 'q-head' },
    h('span', { class: 'q-count' }, t('live.questionOf', { n: q.index + 1, total: q.total })),
    q.points === 2 ? h('span', { class: 'badge' }, t('live.double')) : q.points === 0 ? h('span', { class: 'badge' }, t('live.practice')) : null,
    countdown.el,
  );
}

function prompt(q: QuestionView) {
  return [markdownBlock('div', 'prompt', renderMarkdown(pickText(q.prompt, lang))), q.image ? h('img', { class: 'q-image', src: q.image.url, alt: pickText(q.image.alt, lang) }) : null];
}

function answerControls(q: QuestionView): Child {
  const phase = countdown.phase();
  const closed = phase !== 'open' || state.paused;
  const note = state.paused ? t('play.question.paused') : phase === 'reading' ? t('play.question.reading') : null;
  const opt = (i: number, text: string, extra: Record<string, string | boolean | null> = {}, onclick?: () => void) =>
    h('button', { type: 'button', class: `option opt-${i % 8}`, 'data-key': `opt-${i}`, 'aria-disabled': closed ? 'true' : null, onclick: () => !closed && onclick?.(), ...extra }, optionBadge(i), h('span', { class: 'opt-text' }, text));
  let body: Child;
  if (q.type === 'single_choice') {
    body = h('div', { class: 'options grid' }, (q.options ?? []).map((o) => opt(o.index, pickText(o.text, lang), {}, () => void submit({ type: 'single_choice', choice: o.index }))));
  } else if (q.type === 'true_false') {
    const tf = (value: boolean) =>
      h('button', { type: 'button', class: `option ${value ? 'tf-true' : 'tf-false'}`, 'data-key': `tf-${value}`, 'aria-disabled': closed ? 'true' : null, onclick: () => !closed && void submit({ type: 'true_false', value }) }, h('span', { class: 'opt-badge', 'aria-hidden': 'true' }, value ? '✓' : '✗'), h('span', { class: 'opt-text' }, t(value ? 'live.true' : 'live.false')));
    body = h('div', { class: 'options grid two' }, tf(true), tf(false));
  } else if (q.type === 'short_answer') {
    body = h(
      'form',
      {
        class: 'stack short-answer',
        onsubmit: (e: Event) => {
          e.preventDefault();
          const text = ((e.target as HTMLFormElement).elements.namedItem('answer') as HTMLInputElement).value.trim();
          if (text && !closed) void submit({ type: 'short_answer', text });
        },
      },
      h('label', { for: 'answer' }, t('play.question.typeAnswer')),
      h('input', { id: 'answer', name: 'answer', maxlength: 200, autocomplete: 'off', 'data-key': 'answer', value: shortDraft, oninput: (e: Event) => (shortDraft = (e.target as HTMLInputElement).value) }),
      h('button', { type: 'submit', class: 'button big', 'aria-disabled': closed ? 'true' : null }, t('play.question.submit')),
    );
  } else if (q.type === 'numerical') {
    body = numericInput({ t, lang, q, closed, onSubmit: (value) => void submit({ type: 'numerical', value }) });
  } else if (q.type === 'matching') {
    body = matchingInput({ t, lang, q, closed, redraw: draw, onSubmit: (pairs) => void submit({ type: 'matching', pairs }) });
  } else {
    // Multiple choice (a set) and ordering (a sequence) are built by taps, then sent.
    const ordering = q.type === 'ordering';
    const response = selectionResponse(q, state.selection);
    body = [
      h('p', { class: 'hint' }, ordering ? t('play.question.orderHint') : t('play.question.chooseN', { n: q.count ?? 1 })),
      h(
        'div',
        { class: 'options grid' },
        (q.options ?? []).map((o) => {
          const pos = state.selection.indexOf(o.index);
          const b = opt(o.index, pickText(o.text, lang), ordering ? {} : { 'aria-pressed': String(pos >= 0) }, () => dispatch({ type: 'toggle-choice', choice: o.index }));
          if (pos >= 0) b.append(h('span', { class: 'opt-pick' }, ordering ? t('play.question.position', { n: pos + 1 }) : '✓'));
          if (pos >= 0) b.classList.add('picked');
          return b;
        }),
      ),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'button', class: 'button secondary', 'data-key': 'clear', disabled: state.selection.length === 0, onclick: () => dispatch({ type: 'clear-selection' }) }, t('play.question.clear')),
        h('button', { type: 'button', class: 'button big grow', 'data-key': 'send', disabled: !response || closed, onclick: () => response && void submit(response) }, t('play.question.submit')),
      ),
    ];
  }
  return [note ? h('p', { class: 'note', role: 'status' }, note) : null, body];
}

function questionScreen() {
  const q = state.question!.question;
  return h('section', { class: 'stack question' }, questionHeader(q), h('h1', { class: 'visually-hidden', tabindex: '-1', 'data-autofocus': true }, t('live.questionOf', { n: q.index + 1, total: q.total })), prompt(q), errorLine(), answerControls(q), meStrip());
}

function answeredScreen() {
  const q = state.question?.question;
  const status = state.answer?.status ?? 'received';
  const text = status === 'sending' ? t('play.answered.sending') : status === 'late' ? t('play.answered.late') : t('play.answered.received');
  return h(
    'section',
    { class: 'stack question answered' },
    q ? questionHeader(q) : null,
    h('div', { class: `answered-box ${status}` }, heading(text), status === 'received' ? h('p', {}, t('play.answered.wait')) : null),
    meStrip(),
  );
}

/** The right answer in words, for types whose options are not shown as a list. */
function rightAnswer(r: QuestionReveal, q: QuestionView | undefined): Child {
  if (r.correct.value !== undefined) return h('p', { class: 'right-answer' }, t('play.reveal.answerIs', { answer: t(r.correct.value ? 'live.true' : 'live.false') }));
  if (r.correct.accepted) return h('p', { class: 'right-answer' }, t('play.reveal.accepted', { answers: r.correct.accepted.join(' · ') }));
  if (r.correct.numbers || r.correct.pairs) return typedReveal(t, lang, q, r.correct);
  if (r.correct.order && q?.options) {
    return h('div', {}, h('p', {}, t('play.reveal.order')), h('ol', { class: 'right-order' }, r.correct.order.map((i) => h('li', {}, pickText(q.options?.[i]?.text, lang)))));
  }
  return q ? questionBlock(t, lang, q, correctIndices(r.correct)) : null;
}

function rankLine() {
  const me = state.leaderboard?.me;
  return me ? h('p', { class: 'rank-line' }, t('play.rank', { rank: me.rank, districtRank: me.districtRank })) : null;
}

function revealScreen() {
  const r = state.reveal!;
  const mine = r.me;
  const q = state.question?.question;
  const verdict = !mine || !mine.answered ? 'none' : mine.correct ? 'ok' : 'bad';
  const title = verdict === 'ok' ? t('play.reveal.correct') : verdict === 'bad' ? t('play.reveal.wrong') : t('play.reveal.noAnswer');
  return h(
    'section',
    { class: 'stack reveal' },
    h('div', { class: `verdict ${verdict}` }, h('span', { class: 'verdict-icon', 'aria-hidden': 'true' }, verdict === 'ok' ? '✓' : verdict === 'bad' ? '✗' : '–'), heading(title)),
    mine
      ? h(
          'dl',
          { class: 'stats' },
          h('div', {}, h('dt', {}, t('play.reveal.points')), h('dd', {}, `+${formatNumber(mine.points, lang)}`)),
          h('div', {}, h('dt', {}, t('play.reveal.total')), h('dd', {}, formatNumber(mine.totalPoints, lang))),
          h('div', {}, h('dt', {}, t('play.reveal.streak')), h('dd', {}, String(mine.streak))),
        )
      : null,
    mine?.eliminated ? h('p', { class: 'error' }, t('play.reveal.eliminated')) : null,
    rankLine(),
    rightAnswer(r, q),
    explanationBlock(t, lang, r.explanation),
    state.leaderboard ? h('button', { type: 'button', class: 'button big', onclick: () => dispatch({ type: 'view', screen: 'leaderboard' }) }, t('play.reveal.toBoard')) : h('p', { class: 'muted' }, t('play.reveal.waitNext')),
  );
}

/** Rank overall, rank in the district and points: the board and the final screen show the same three figures. */
function rankStats(me: { rank: number; districtRank: number; points: number }, ...extra: Child[]) {
  return h(
    'dl',
    { class: 'stats' },
    h('div', {}, h('dt', {}, t('play.board.overall')), h('dd', {}, `#${me.rank}`)),
    h('div', {}, h('dt', {}, t('play.board.inDistrict')), h('dd', {}, `#${me.districtRank}`)),
    h('div', {}, h('dt', {}, t('play.reveal.total')), h('dd', {}, formatNumber(me.points, lang))),
    ...extra,
  );
}

function leaderboardScreen() {
  const lb = state.leaderboard!;
  const me = lb.me;
  return h(
    'section',
    { class: 'stack leaderboard' },
    heading(t('play.board.heading')),
    me ? rankStats(me) : null,
    lb.district ? boardList(t('play.board.myDistrict', { district: districtName(lb.district.code) }), lb.district.top) : null,
    boardList(t('play.board.top'), lb.overall.slice(0, 10)),
    lb.districts.length > 0 ? districtList(lb.districts) : null,
    h('button', { type: 'button', class: 'button secondary', onclick: () => dispatch({ type: 'view', screen: 'reveal' }) }, t('play.board.back')),
  );
}

function boardList(caption: string, rows: Array<{ rank: number; nickname: string; points: number; district: string }>) {
  return h(
    'section',
    { class: 'board-list' },
    h('h2', {}, caption),
    h(
      'ol',
      { class: 'ranks' },
      rows.map((r) =>
        h('li', { class: r.nickname === state.me?.nickname ? 'mine' : null, value: r.rank }, h('span', { class: 'r' }, `#${r.rank}`), h('span', { class: 'n' }, r.nickname), h('span', { class: 'p' }, formatNumber(r.points, lang))),
      ),
    ),
  );
}

/** District standings as a list: a five-column table does not fit a 360 px phone. */
function districtList(rows: DistrictStanding[]) {
  return h(
    'section',
    { class: 'board-list' },
    h('h2', {}, t('board.districts')),
    h(
      'ol',
      { class: 'ranks' },
      rows.map((r) =>
        h(
          'li',
          { class: r.district === state.me?.district ? 'mine' : null, value: r.rank },
          h('span', { class: 'r' }, `#${r.rank}`),
          h('span', { class: 'n' }, r.name, h('br'), h('span', { class: 'm' }, `${t('board.players')}: ${formatNumber(r.players, lang)} · ${t('board.correctRate')}: ${formatPercent(r.correctRate, lang)}`)),
          h('span', { class: 'p' }, formatNumber(r.teamScore, lang)),
        ),
      ),
    ),
  );
}

function finalScreen() {
  const f = state.final!;
  const me = f.me;
  return h(
    'section',
    { class: 'stack final' },
    heading(t('play.final.heading')),
    me
      ? rankStats(me, h('div', {}, h('dt', {}, t('play.final.correct')), h('dd', {}, `${me.correct}/${me.total}`)))
      : null,
    f.podium.length > 0 ? podium(t, lang, f.podium, districtName) : null,
    f.districts.length > 0 ? districtList(f.districts) : null,
    me && me.review.length > 0
      ? h(
          'section',
          { class: 'review' },
          h('h2', {}, t('play.final.review')),
          h(
            'ol',
            {},
            me.review.map((item) =>
              h(
                'li',
                { class: item.correct ? 'ok' : 'bad', value: item.index + 1 },
                h('span', { class: 'mark' }, item.correct ? `✓ ${t('play.reveal.correct')}` : `✗ ${t('play.reveal.wrong')}`),
                markdownBlock('div', 'md', renderMarkdown(pickText(item.prompt, lang))),
                item.explanation ? h('details', {}, h('summary', {}, t('live.explanation')), markdownBlock('div', 'md', renderMarkdown(pickText(item.explanation, lang)))) : null,
              ),
            ),
          ),
        )
      : null,
    h('a', { class: 'button secondary', href: '/play' }, t('play.final.again')),
  );
}

function watchingScreen() {
  const q = state.question?.question;
  return h(
    'section',
    { class: 'stack eliminated' },
    heading(t('play.eliminated.heading')),
    h('p', {}, t('play.eliminated.body')),
    q ? questionHeader(q) : null,
    state.reveal ? rightAnswer(state.reveal, q) : q ? prompt(q) : null,
    meStrip(),
  );
}

function messageScreen(title: string, body: string, action?: Child) {
  return h('section', { class: 'card stack center' }, heading(title), h('p', {}, body), action);
}

function screenContent(): Child {
  switch (state.screen) {
    case 'pin':
      return pinScreen();
    case 'profile':
      return profileScreen();
    case 'lobby':
      return lobbyScreen();
    case 'question':
      return state.question ? questionScreen() : lobbyScreen();
    case 'answered':
      return answeredScreen();
    case 'reveal':
      return state.reveal ? revealScreen() : answeredScreen();
    case 'leaderboard':
      return state.leaderboard ? leaderboardScreen() : revealScreen();
    case 'final':
      return finalScreen();
    case 'eliminated':
      return watchingScreen();
    case 'reconnecting':
      return messageScreen(t('play.reconnecting.heading'), t('play.reconnecting.body'));
    case 'kicked':
      return messageScreen(t('play.kicked.heading'), t(state.kicked === 'banned' ? 'play.kicked.banned' : 'play.kicked.body'), h('a', { class: 'button', href: '/play' }, t('play.final.again')));
    case 'ended':
      return messageScreen(t('play.ended.heading'), t('play.ended.body'), h('a', { class: 'button', href: '/play' }, t('play.final.again')));
    case 'error':
      return messageScreen(t('play.errorScreen.heading'), errorText(t, 'play.error', state.error ?? 'INTERNAL'), h('button', { type: 'button', class: 'button', onclick: () => location.reload() }, t('play.errorScreen.retry')));
  }
}

function draw(): void {
  const q = state.question;
  countdown.set(q && (state.screen === 'question' || state.screen === 'answered' || state.screen === 'eliminated') && !state.reveal ? q.timing : null, q?.question.index ?? -1);
  // The first paint keeps the browser's focus; later screen changes move it to the new heading.
  const changed = rendered !== null && rendered !== state.screen;
  if (state.screen === 'question' && rendered !== 'question') shortDraft = '';
  rendered = state.screen;
  root.dataset.screen = state.screen;
  render(root, screenContent(), changed);
}

draw();
registerPlayOffline();
// A PIN from the address bar (QR code) or a reload: connect now, to resume or to be ready to join.
if (state.screen !== 'pin') client = connect();
