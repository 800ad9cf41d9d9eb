import type { ScreenSnapshot } from '../../contests/protocol.ts';
import { createLiveClient, LiveError } from '../../contests/live-client.ts';
import { readPageData, translator } from './page-data.ts';
import { h, render, type Child } from './dom.ts';
import { errorText, formatNumber, rememberLang, showNet } from './live-ui.ts';
import { countdownView } from './countdown-view.ts';
import { matchesBlock, typedReveal } from './answer-inputs.ts';
import { correctIndices, distributionChart, districtTable, explanationBlock, playerTable, podium, questionBlock } from './boards-view.ts';

/**
 * The projector at a bridge point: the district's board, the province standings,
 * the current question and its countdown, in type readable from the back of a hall.
 * Read-only: it attaches with the screen token and never answers.
 */

const data = readPageData<{ lang: 'vi' | 'en'; pin: string; district: string | null; token: string | null }>();
const lang = data.lang;
const t = translator(lang);
rememberLang(lang);
const root = document.getElementById('app') as HTMLElement;

/**
 * The token arrives in the link; it is moved into the tab's storage and out of the
 * address bar, so it does not end up on a photo of the projected page.
 */
function screenToken(): string | null {
  const key = `civiq.screen.${data.pin}`;
  try {
    if (data.token) sessionStorage.setItem(key, data.token);
    const token = data.token ?? sessionStorage.getItem(key);
    if (data.token) {
      const url = new URL(location.href);
      url.searchParams.delete('token');
      history.replaceState(null, '', url);
    }
    return token;
  } catch {
    return data.token;
  }
}

const token = screenToken();
let snap: ScreenSnapshot | null = null;
let error: string | null = token ? null : 'TOKEN_MISSING';
let rendered: string | null = null;
const client = token ? createLiveClient(location.origin) : null;
const countdown = countdownView({ t, serverNow: () => client?.clock.serverNow() ?? Date.now(), announce: false });

function districtName(code: string): string {
  return snap?.contest.districts.find((d) => d.code === code)?.name ?? code;
}

function patch(p: Partial<ScreenSnapshot>): void {
  if (snap) snap = { ...snap, ...p };
  draw();
}

if (client && token) {
  client.on('status', (s) => showNet(t, s !== 'reconnecting'));
  client.on('connected', async () => {
    try {
      snap = await client.request('screen:attach', { pin: data.pin, screenToken: token, ...(data.district ? { district: data.district } : {}) }, { timeoutMs: 8000, retries: 2 });
      error = null;
    } catch (err) {
      error = err instanceof LiveError ? err.code : 'INTERNAL';
    }
    draw();
  });
  const s = client.socket;
  s.on('lobby:update', (u) => patch({ playerCount: u.playerCount }));
  s.on('question:show', (question) => patch({ question, phase: 'question', paused: question.timing.pausedRemainingMs !== null }));
  s.on('question:timing', (x) => {
    if (snap?.question?.question.index === x.index) patch({ question: { ...snap.question, timing: x.timing }, paused: x.timing.pausedRemainingMs !== null });
  });
  s.on('question:reveal', (reveal) => patch({ reveal, phase: 'reveal' }));
  s.on('leaderboard:update', (leaderboard) => patch({ leaderboard }));
  s.on('contest:ended', (final) => patch({ final, phase: 'ended' }));
}

/** Where phones join: the server's network address (the projector's own `localhost` is no use to them). */
function joinAddress(s: ScreenSnapshot): string {
  return s.joinUrl ? s.joinUrl.replace(/^https?:\/\//, '').replace(/\?.*$/, '') : `${location.host}/play`;
}

function header(s: ScreenSnapshot): Child {
  return h(
    'header',
    { class: 'screen-head' },
    h('h1', { tabindex: '-1', 'data-autofocus': true }, s.district ? s.district.name : s.contest.title),
    h('p', { class: 'screen-sub' }, s.district ? `${s.contest.title} · ` : '', t('screen.joinAt'), ' ', h('strong', { class: 'join-address' }, joinAddress(s)), ' · PIN ', h('strong', { class: 'pin' }, data.pin)),
  );
}

/**
 * The district board and the province standings, or null before there are any.
 * Both together do not fit a projector's height (10 + 15 rows), so on a district's
 * screen they take turns (BOARD_TURN_MS each); a province screen shows its one table.
 */
const BOARD_TURN_MS = 10_000;
let boardTurn = 0;
setInterval(() => {
  boardTurn++;
  if (snap && (snap.phase === 'reveal' || snap.phase === 'ended' || snap.phase === 'question')) draw();
}, BOARD_TURN_MS);

function boardsColumn(s: ScreenSnapshot): HTMLElement | null {
  const lb = s.leaderboard;
  const districtTop = lb?.district?.top ?? [];
  const provinceStandings = s.final?.districts ?? lb?.districts ?? [];
  const tables: Array<{ key: string; el: HTMLElement }> = [];
  if (s.district && districtTop.length > 0) tables.push({ key: 'district', el: playerTable(t, lang, t('screen.districtBoard', { district: s.district.name }), districtTop.slice(0, 10), districtName, null, { district: false }) });
  if (provinceStandings.length > 0) tables.push({ key: 'province', el: districtTable(t, lang, provinceStandings, s.district?.code) });
  if (tables.length === 0) return null;
  const shown = tables[boardTurn % tables.length]!;
  return h(
    'div',
    { class: 'screen-boards', 'data-board': shown.key },
    shown.el,
    tables.length > 1 ? h('p', { class: 'board-turns', 'aria-hidden': 'true' }, `${(boardTurn % tables.length) + 1}/${tables.length}`) : null,
  );
}

function mainColumn(s: ScreenSnapshot): Child {
  if (s.phase === 'lobby') {
    return h(
      'div',
      { class: 'screen-lobby' },
      h('p', { class: 'huge' }, data.pin),
      h('img', { class: 'screen-qr', src: `/join-qr/${encodeURIComponent(data.pin)}.svg`, alt: t('host.lobby.qrAlt', { url: joinAddress(s) }), width: 260, height: 260 }),
      h('p', {}, t('screen.waiting')),
      h('p', { class: 'big-count' }, t('screen.players', { n: formatNumber(s.playerCount, lang) })),
    );
  }
  if (s.phase === 'ended') {
    return h('div', { class: 'screen-final' }, h('h2', {}, t('screen.final')), s.final ? podium(t, lang, s.final.podium, districtName) : null);
  }
  const q = s.question;
  if (!q) return null;
  const reveal = s.phase === 'reveal' ? s.reveal : undefined;
  return h(
    'div',
    { class: reveal ? 'screen-question revealed' : 'screen-question' },
    s.phase === 'question' ? countdown.el : null,
    // At the reveal the chart names every option with its count and marks the right ones: no second list of options.
    questionBlock(t, lang, reveal && reveal.distribution.options ? { ...q.question, options: undefined } : q.question, reveal ? correctIndices(reveal.correct) : undefined),
    matchesBlock(t, lang, q.question),
    reveal ? typedReveal(t, lang, q.question, reveal.correct) : null,
    reveal ? distributionChart(t, lang, q.question, reveal) : null,
    reveal ? explanationBlock(t, lang, reveal.explanation) : null,
  );
}

function draw(): void {
  const q = snap?.question;
  countdown.set(snap?.phase === 'question' && q ? q.timing : null, q?.question.index ?? -1);
  const key = snap ? snap.phase : (error ?? 'loading');
  const changed = rendered !== null && rendered !== key;
  rendered = key;
  let content: Child;
  if (!snap) {
    content = error
      ? h('section', { class: 'card stack' }, h('h1', { tabindex: '-1', 'data-autofocus': true }, t('screen.error.heading')), h('p', {}, error === 'TOKEN_MISSING' ? t('screen.error.token') : errorText(t, 'host.error', error)))
      : h('p', { class: 'muted', role: 'status' }, t('live.loading'));
  } else {
    const boards = boardsColumn(snap);
    content = [header(snap), h('div', { class: boards ? 'screen-grid' : 'screen-grid solo' }, h('div', { class: 'screen-main' }, mainColumn(snap)), boards)];
  }
  render(root, content, changed);
}

draw();
