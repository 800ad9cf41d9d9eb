import type { HostPlayer, HostSnapshot, Leaderboard, QuestionReveal } from '../../contests/protocol.ts';
import { createLiveClient, LiveError, type LiveClient, type LivePayload, type LiveRequest } from '../../contests/live-client.ts';
import type { MessageKey } from '../messages.ts';
import { readPageData, translator } from './page-data.ts';
import { h, render, type Child } from './dom.ts';
import { errorText, formatNumber, pickText, rememberLang, showNet } from './live-ui.ts';
import { countdownView } from './countdown-view.ts';
import { optionLetter } from './option-faces.ts';
import { HUMAN_FLOOR_MS } from '../../contests/fast-answers.ts';
import { matchesBlock, typedReveal } from './answer-inputs.ts';
import { distributionChart, districtTable, explanationBlock, playerTable, podium, questionBlock, correctIndices } from './boards-view.ts';
import { joinAddressPicker } from './join-address-picker.ts';

/**
 * The teacher's console: create a contest from a bank, then run it over the
 * socket (`host:attach`). `?contest=<id>` re-attaches after a reload.
 */

interface Defaults {
  timeLimitSec: number;
  readingDelayMs: number;
  speedScoring: boolean;
  streakBonus: boolean;
  shuffleOptions: boolean;
  maxPlayers: number;
  lateJoinUntil: number;
  mode: 'classic' | 'elimination';
  autoAdvance: boolean;
}
interface Bank {
  slug: string;
  title: { vi: string; en: string };
  latestVersion: number | null;
}
interface Version {
  version: number;
  questionCount: number;
}
interface RegionSetOption {
  code: string;
  label: string;
  isDefault: boolean;
}

const data = readPageData<{ lang: 'vi' | 'en'; defaults: Defaults }>();
const lang = data.lang;
const t = translator(lang);
rememberLang(lang);
const root = document.getElementById('app') as HTMLElement;
const HOST_ROLES = ['admin', 'teacher'];

let view: 'loading' | 'denied' | 'setup' | 'live' = 'loading';
let banks: Bank[] = [];
let versions: Version[] = [];
let regionSets: RegionSetOption[] | null = null;
let formError: string | null = null;
let busy = false;
let contestId: string | null = new URLSearchParams(location.search).get('contest');
let snap: HostSnapshot | null = null;
let progress: { answered: number; players: number } | null = null;
/** Answers faster than the human floor (src/contests/fast-answers.ts), per question index. */
let flaggedNotes: Array<{ index: number; nickname: string }> = [];
let actionError: string | null = null;
let client: LiveClient | null = null;
let rendered: string | null = null;

const countdown = countdownView({ t, serverNow: () => client?.clock.serverNow() ?? Date.now(), announce: false, onPhase: () => queueMicrotask(draw) });

async function api<T>(path: string, init: RequestInit = {}): Promise<{ ok: true; data: T } | { ok: false; status: number; message: string }> {
  try {
    const res = await fetch(path, { ...init, headers: { Accept: 'application/json', 'Accept-Language': lang, ...(init.body ? { 'Content-Type': 'application/json' } : {}) } });
    const body = (await res.json().catch(() => null)) as (T & { error?: { message?: string; details?: unknown } }) | null;
    if (res.ok) return { ok: true, data: body as T };
    const details = Array.isArray(body?.error?.details) ? (body.error.details as Array<{ path?: string; message?: string }>).map((d) => `${d.path ?? ''}: ${d.message ?? ''}`).join('; ') : '';
    return { ok: false, status: res.status, message: [body?.error?.message ?? `HTTP ${res.status}`, details].filter(Boolean).join(' — ') };
  } catch {
    return { ok: false, status: 0, message: t('host.error.network') };
  }
}

// ---------- setup ----------

async function start(): Promise<void> {
  const me = await api<{ role: string }>('/api/me');
  if (!me.ok && me.status === 401) return location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
  if (!me.ok || !HOST_ROLES.includes(me.data.role)) {
    view = 'denied';
    return draw();
  }
  void addresses.load();
  if (contestId) return goLive(contestId);
  const [b, r] = await Promise.all([api<{ banks: Bank[] }>('/api/banks'), api<unknown>('/api/region-sets')]);
  banks = b.ok ? b.data.banks.filter((x) => x.latestVersion !== null) : [];
  if (!b.ok) formError = b.message;
  regionSets = r.ok ? regionSetOptions(r.data) : null;
  view = 'setup';
  draw();
  refreshSetup();
  if (banks[0]) await loadVersions(banks[0].slug);
}

/** Region sets in whatever list shape the route returns (`{regionSets: […]}`, `{sets: […]}` or a bare array). */
function regionSetOptions(body: unknown): RegionSetOption[] | null {
  const o = body as { regionSets?: unknown; sets?: unknown };
  const list = Array.isArray(body) ? body : Array.isArray(o?.regionSets) ? o.regionSets : Array.isArray(o?.sets) ? o.sets : null;
  if (!list) return null;
  const out = list
    .map((x: { code?: unknown; name?: unknown; isDefault?: unknown }) => ({
      code: String(x.code ?? ''),
      label: typeof x.name === 'string' ? x.name : pickText(x.name as { vi: string; en: string }, lang) || String(x.code ?? ''),
      isDefault: x.isDefault === true,
    }))
    .filter((x) => x.code);
  return out.length > 0 ? out : null;
}

async function loadVersions(slug: string): Promise<void> {
  const r = await api<{ versions: Version[] }>(`/api/banks/${encodeURIComponent(slug)}/versions`);
  versions = r.ok ? r.data.versions : [];
  refreshSetup();
}

function field<T extends HTMLElement = HTMLInputElement>(form: HTMLFormElement, name: string): T {
  return form.elements.namedItem(name) as unknown as T;
}

async function create(form: HTMLFormElement): Promise<void> {
  const num = (name: string) => Number(field(form, name).value);
  const checked = (name: string) => field(form, name).checked;
  const count = num('count');
  const body = {
    title: field(form, 'title').value.trim(),
    bank: field<HTMLSelectElement>(form, 'bank').value,
    version: num('version'),
    questionCount: count,
    random: field<HTMLSelectElement>(form, 'pick').value === 'random',
    settings: {
      timeLimitSec: num('timeLimitSec'),
      readingDelayMs: Math.round(num('readingDelaySec') * 1000),
      speedScoring: checked('speedScoring'),
      streakBonus: checked('streakBonus'),
      shuffleOptions: checked('shuffleOptions'),
      mode: field<HTMLSelectElement>(form, 'mode').value,
      autoAdvance: checked('autoAdvance'),
      maxPlayers: num('maxPlayers'),
      lateJoinUntil: num('lateJoinUntil'),
    },
    ...(regionSets && field<HTMLSelectElement>(form, 'regionSet')?.value ? { regionSet: field<HTMLSelectElement>(form, 'regionSet').value } : {}),
  };
  busy = true;
  formError = null;
  refreshSetup();
  const r = await api<{ id: string }>('/api/live-contests', { method: 'POST', body: JSON.stringify(body) });
  busy = false;
  if (!r.ok) {
    formError = r.message;
    return refreshSetup();
  }
  goLive(r.data.id);
}

/**
 * The form is built once and kept: redrawing it would throw away what the
 * teacher typed. Later changes (versions loaded, errors, busy) patch it in place.
 */
let setupForm: HTMLFormElement | null = null;

function setupView(): HTMLFormElement {
  return (setupForm ??= buildSetupForm());
}

function refreshSetup(): void {
  const form = setupForm;
  if (!form) return;
  const select = field<HTMLSelectElement>(form, 'version');
  select.replaceChildren(...versions.map((v) => h('option', { value: v.version }, t('host.setup.versionOption', { v: v.version, n: v.questionCount }))));
  fitCount(form);
  const error = form.querySelector<HTMLElement>('.form-error')!;
  error.textContent = formError ?? '';
  error.hidden = !formError;
  const submit = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  submit.disabled = busy || banks.length === 0;
  submit.textContent = busy ? t('host.setup.creating') : t('host.setup.create');
}

/** Cap the question count at the chosen version's size. */
function fitCount(form: HTMLFormElement): void {
  const chosen = versions.find((v) => String(v.version) === field<HTMLSelectElement>(form, 'version').value);
  const max = Math.min(200, chosen?.questionCount ?? 200);
  const count = field(form, 'count');
  count.max = String(max);
  if (Number(count.value) > max) count.value = String(max);
}

function buildSetupForm(): HTMLFormElement {
  const d = data.defaults;
  const num = (name: string, labelKey: MessageKey, value: number, min: number, max: number, hintKey?: MessageKey) => [
    h('label', { for: name }, t(labelKey)),
    h('input', { id: name, name, type: 'number', inputmode: 'numeric', min, max, step: 1, value, required: true, 'aria-describedby': hintKey ? `${name}-hint` : null }),
    hintKey ? h('p', { id: `${name}-hint`, class: 'hint' }, t(hintKey)) : null,
  ];
  const check = (name: string, labelKey: MessageKey, on: boolean) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name, checked: on }), ' ', t(labelKey));
  return h(
    'form',
    {
      class: 'stack setup card',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const form = e.target as HTMLFormElement;
        if (form.reportValidity()) void create(form);
      },
    },
    h('h1', { tabindex: '-1', 'data-autofocus': true }, t('host.setup.heading')),
    banks.length === 0 ? h('p', { class: 'error', role: 'alert' }, t('host.setup.noBanks')) : null,
    h('label', { for: 'title' }, t('host.setup.title')),
    h('input', { id: 'title', name: 'title', required: true, maxlength: 200, value: t('host.setup.defaultTitle') }),
    h(
      'fieldset',
      {},
      h('legend', {}, t('host.setup.questions')),
      h('label', { for: 'bank' }, t('host.setup.bank')),
      h('select', { id: 'bank', name: 'bank', required: true, onchange: (e: Event) => void loadVersions((e.target as HTMLSelectElement).value) }, banks.map((b) => h('option', { value: b.slug }, pickText(b.title, lang)))),
      h('label', { for: 'version' }, t('host.setup.version')),
      h('select', { id: 'version', name: 'version', required: true, onchange: (e: Event) => fitCount((e.target as HTMLSelectElement).form!) }),
      h('label', { for: 'pick' }, t('host.setup.pick')),
      h('select', { id: 'pick', name: 'pick' }, h('option', { value: 'first' }, t('host.setup.pickFirst')), h('option', { value: 'random' }, t('host.setup.pickRandom'))),
      num('count', 'host.setup.count', 10, 1, 200),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('host.setup.settings')),
      num('timeLimitSec', 'host.setup.timeLimit', d.timeLimitSec, 5, 240),
      num('readingDelaySec', 'host.setup.readingDelay', d.readingDelayMs / 1000, 0, 30),
      h('label', { for: 'mode' }, t('host.setup.mode')),
      h('select', { id: 'mode', name: 'mode' }, (['classic', 'elimination'] as const).map((m) => h('option', { value: m, selected: m === d.mode }, t(m === 'classic' ? 'host.setup.modeClassic' : 'host.setup.modeElimination')))),
      check('speedScoring', 'host.setup.speedScoring', d.speedScoring),
      check('streakBonus', 'host.setup.streakBonus', d.streakBonus),
      check('shuffleOptions', 'host.setup.shuffle', d.shuffleOptions),
      check('autoAdvance', 'host.setup.autoAdvance', d.autoAdvance),
      num('maxPlayers', 'host.setup.maxPlayers', d.maxPlayers, 1, 10000),
      num('lateJoinUntil', 'host.setup.lateJoin', d.lateJoinUntil, 0, 10000, 'host.setup.lateJoinHint'),
      regionSets
        ? [h('label', { for: 'regionSet' }, t('host.setup.regionSet')), h('select', { id: 'regionSet', name: 'regionSet' }, regionSets.map((r) => h('option', { value: r.code, selected: r.isDefault }, r.label)))]
        : null,
    ),
    h('p', { class: 'error form-error', role: 'alert', hidden: true }),
    h('button', { type: 'submit', class: 'button big', disabled: banks.length === 0 }, t('host.setup.create')),
  );
}

// ---------- live ----------

function goLive(id: string): void {
  contestId = id;
  const query = `?contest=${encodeURIComponent(id)}`;
  history.replaceState(null, '', query);
  // The language link was rendered for the setup page: point it at this contest.
  const langLink = document.querySelector<HTMLAnchorElement>('header .lang');
  if (langLink) langLink.href = `${query}&lang=${lang === 'vi' ? 'en' : 'vi'}`;
  view = 'live';
  draw();
  client = createLiveClient(location.origin);
  client.on('status', (s) => showNet(t, s !== 'reconnecting'));
  client.on('connected', () => void attach());
  const s = client.socket;
  s.on('host:state', (next) => setSnap(next));
  s.on('question:progress', (p) => {
    if (snap && p.index === snap.questionIndex) progress = { answered: p.answered, players: p.players };
    draw();
  });
  s.on('answer:flagged', (f) => {
    flaggedNotes = [...flaggedNotes.filter((n) => n.index >= f.index - 1), { index: f.index, nickname: f.nickname }].slice(-50);
    draw();
  });
  s.on('question:timing', (x) => {
    if (snap?.question && snap.question.question.index === x.index) snap = { ...snap, question: { ...snap.question, timing: x.timing }, paused: x.timing.pausedRemainingMs !== null };
    draw();
  });
  s.on('question:reveal', (reveal) => patch({ reveal, phase: 'reveal' }));
  s.on('leaderboard:update', (leaderboard: Leaderboard) => patch({ leaderboard }));
  s.on('contest:ended', (final) => patch({ final, phase: 'ended' }));
}

async function attach(): Promise<void> {
  if (!client || !contestId) return;
  try {
    setSnap(await client.request('host:attach', { contestId }, { timeoutMs: 8000, retries: 2 }));
  } catch (err) {
    actionError = err instanceof LiveError ? err.code : 'INTERNAL';
    draw();
  }
}

function setSnap(next: HostSnapshot): void {
  if (snap?.questionIndex !== next.questionIndex || next.phase !== 'question') progress = null;
  snap = next;
  draw();
}

function patch(p: Partial<HostSnapshot>): void {
  if (snap) snap = { ...snap, ...p };
  draw();
}

async function command(run: (c: LiveClient) => Promise<unknown>): Promise<void> {
  if (!client) return;
  actionError = null;
  try {
    await run(client);
  } catch (err) {
    actionError = err instanceof LiveError ? err.code : 'INTERNAL';
  }
  draw();
}

/** A click handler that sends one host command. */
function send<E extends LiveRequest>(event: E, payload: LivePayload<E>): () => void {
  return () => void command((c) => c.request(event, payload, { timeoutMs: 8000 }));
}

function button(labelKey: MessageKey, onclick: () => void, cls = 'button', disabled = false) {
  return h('button', { type: 'button', class: cls, 'data-key': labelKey, disabled, onclick }, t(labelKey));
}

function districtName(code: string): string {
  return snap?.contest.districts.find((d) => d.code === code)?.name ?? code;
}

/** The key's display indices, whatever shape the server gives it: indices, `{choices}`/`{correct}`, or a reveal-like object. */
function keyIndices(key: unknown): Set<number> {
  if (Array.isArray(key)) return new Set(key.filter((x): x is number => typeof x === 'number'));
  if (typeof key === 'number') return new Set([key]);
  const o = key as { choices?: unknown; correct?: unknown } | null;
  if (o && typeof o === 'object') return keyIndices(o.choices ?? o.correct ?? []);
  return new Set();
}

/** The key in words, for types without options to mark. */
function keyText(key: unknown): string | null {
  const o = key as { value?: unknown; accepted?: unknown; order?: unknown } | null;
  if (Array.isArray(o?.order)) return `${t('play.reveal.order')} ${o.order.map((i) => optionLetter(Number(i))).join(' → ')}`;
  const value = typeof key === 'boolean' ? key : typeof o?.value === 'boolean' ? o.value : null;
  if (value !== null) return t('play.reveal.answerIs', { answer: t(value ? 'live.true' : 'live.false') });
  const accepted = Array.isArray(o?.accepted) ? o.accepted : Array.isArray(key) && key.every((k) => typeof k === 'string') ? key : null;
  return accepted ? t('play.reveal.accepted', { answers: accepted.join(' · ') }) : null;
}

/** "123 456", "123 4567", "1234 5678": two groups are easier to read aloud and copy from a wall. */
function groupPin(pin: string): string {
  const cut = pin.length <= 7 ? 3 : 4;
  return `${pin.slice(0, cut)} ${pin.slice(cut)}`;
}

const addresses = joinAddressPicker({ t, lang, onChange: () => draw() });

function lobbyPanel(s: HostSnapshot): Child {
  // The server's reachable address (or the host's choice among several); a bare path only when it sent one.
  const chosen = addresses.current();
  const sent = s.contest.joinUrl.startsWith('/') ? location.origin + s.contest.joinUrl : s.contest.joinUrl;
  const joinUrl = chosen ? `${chosen}/play?pin=${s.contest.pin}` : sent;
  const qrVersion = addresses.version();
  const byDistrict = new Map<string, HostPlayer[]>();
  for (const p of s.players) byDistrict.set(p.district, [...(byDistrict.get(p.district) ?? []), p]);
  const screenUrl = (code: string) => `/screen/${s.contest.pin}?district=${encodeURIComponent(code)}&token=${encodeURIComponent(s.contest.screenToken)}`;
  return [
    h(
      'section',
      { class: 'join-panel card' },
      h('div', { class: 'join-text' }, h('p', {}, t('host.lobby.joinAt')), h('p', { class: 'join-url' }, h('a', { href: joinUrl }, joinUrl.replace(/\?.*$/, ''))), h('p', { class: 'pin-label' }, t('host.lobby.pin')), h('p', { class: 'big-pin' }, groupPin(s.contest.pin))),
      h('img', { class: 'qr', src: `/api/live-contests/${encodeURIComponent(s.contest.id)}/qr.svg${qrVersion > 0 ? `?v=${qrVersion}` : ''}`, alt: t('host.lobby.qrAlt', { url: joinUrl }), width: 240, height: 240 }),
    ),
    addresses.el(),
    h('p', {}, h('a', { class: 'button secondary', href: `/host/sheets/${encodeURIComponent(s.contest.id)}`, target: '_blank', rel: 'noopener', 'data-key': 'sheets' }, t('sheets.open'))),
    h(
      'div',
      { class: 'row' },
      button('host.control.start', send('contest:start', {}), 'button big', s.players.length === 0),
      button(s.lobbyLocked ? 'host.control.unlock' : 'host.control.lock', send('lobby:lock', { locked: !s.lobbyLocked }), 'button secondary'),
    ),
    h('h2', {}, t('host.lobby.players', { n: s.players.length })),
    s.players.length === 0 ? h('p', { class: 'muted' }, t('host.lobby.empty')) : null,
    [...byDistrict.entries()].map(([code, players]) =>
      h(
        'section',
        { class: 'district-group' },
        h('h3', {}, `${districtName(code)} (${players.length})`),
        h(
          'ul',
          { class: 'player-list' },
          players.map((p) =>
            h(
              'li',
              { class: p.connected ? null : 'offline' },
              h('span', { class: 'n' }, p.nickname),
              p.school ? h('span', { class: 'muted' }, ` · ${p.school}`) : null,
              p.connected ? null : h('span', { class: 'muted' }, ` (${t('host.lobby.offline')})`),
              h(
                'span',
                { class: 'row' },
                h('button', { type: 'button', class: 'button small secondary', 'data-key': `kick-${p.id}`, 'aria-label': t('host.control.kickWho', { name: p.nickname }), onclick: send('player:kick', { playerId: p.id, ban: false }) }, t('host.control.kick')),
                h('button', { type: 'button', class: 'button small danger', 'data-key': `ban-${p.id}`, 'aria-label': t('host.control.banWho', { name: p.nickname }), onclick: send('player:kick', { playerId: p.id, ban: true }) }, t('host.control.ban')),
              ),
            ),
          ),
        ),
      ),
    ),
    h(
      'details',
      { class: 'screens' },
      h('summary', {}, t('host.lobby.screens')),
      h('ul', {}, s.contest.districts.map((d) => h('li', {}, h('a', { href: screenUrl(d.code), target: '_blank', rel: 'noopener' }, d.name)))),
    ),
  ];
}

function controls(s: HostSnapshot): Child {
  const c: Child[] = [];
  if (s.phase === 'question') {
    c.push(button('host.control.close', send('contest:next', { expect: { index: s.questionIndex, phase: 'question' } }), 'button big'));
    c.push(s.paused ? button('host.control.resume', send('contest:resume', {})) : button('host.control.pause', send('contest:pause', {}), 'button secondary'));
    c.push(button('host.control.extend', send('contest:extend', { seconds: 10 }), 'button secondary'));
    c.push(button('host.control.skip', send('contest:skip', { expect: { index: s.questionIndex, phase: 'question' } }), 'button secondary'));
  }
  if (s.phase === 'reveal') c.push(button(s.questionIndex + 1 >= s.contest.questionCount ? 'host.control.finish' : 'host.control.next', send('contest:next', { expect: { index: s.questionIndex, phase: 'reveal' } }), 'button big'));
  if (s.reviveAvailable && s.contest.mode === 'elimination') c.push(button('host.control.revive', send('players:revive', {}), 'button secondary'));
  if (s.phase !== 'ended') c.push(button('host.control.end', () => confirm(t('host.control.endConfirm')) && send('contest:end', {})(), 'button danger'));
  return h('div', { class: 'row controls', role: 'group', 'aria-label': t('host.control.group') }, c);
}

function questionPanel(s: HostSnapshot): Child {
  const q = s.question;
  if (!q) return null;
  const reveal: QuestionReveal | undefined = s.phase === 'reveal' ? s.reveal : undefined;
  const correct = reveal ? correctIndices(reveal.correct) : keyIndices(q.key);
  const answered = progress?.answered ?? s.answered;
  const total = progress?.players ?? s.players.filter((p) => p.connected && !p.eliminated).length;
  const meter = h('span', { class: 'meter-fill' });
  meter.style.transform = `scaleX(${total > 0 ? Math.min(1, answered / total) : 0})`;
  return h(
    'section',
    { class: 'stack host-question' },
    s.phase === 'question' ? h('div', { class: 'row spread' }, countdown.el, h('p', { class: 'answered-count' }, t('host.question.answered', { n: formatNumber(answered, lang), total: formatNumber(total, lang) })), h('span', { class: 'meter', 'aria-hidden': 'true' }, meter)) : null,
    flaggedNote(q.question.index),
    questionBlock(t, lang, q.question, correct),
    matchesBlock(t, lang, q.question),
    h('p', { class: 'key-text' }, keyText(reveal ? reveal.correct : q.key)),
    typedReveal(t, lang, q.question, reveal ? reveal.correct : { ...(q.key.numbers ? { numbers: q.key.numbers } : {}), ...(q.key.pairs ? { pairs: q.key.pairs } : {}) }),
    reveal ? distributionChart(t, lang, q.question, reveal) : null,
    explanationBlock(t, lang, reveal?.explanation ?? (s.phase === 'reveal' ? q.explanation : undefined)),
  );
}

function flaggedNote(index: number): Child {
  const names = flaggedNotes.filter((n) => n.index === index).map((n) => n.nickname);
  if (names.length === 0) return null;
  return h('p', { class: 'flagged', role: 'status' }, t('host.flagged', { floor: HUMAN_FLOOR_MS, names: names.join(', ') }));
}

function boards(s: HostSnapshot): Child {
  const lb = s.leaderboard;
  if (!lb) return null;
  return h('section', { class: 'boards' }, lb.districts.length > 0 ? districtTable(t, lang, lb.districts) : null, playerTable(t, lang, t('board.top'), lb.overall.slice(0, 10), districtName));
}

function endedPanel(s: HostSnapshot): Child {
  const f = s.final;
  return [
    h('p', {}, h('a', { class: 'button big', href: `/api/live-contests/${encodeURIComponent(s.contest.id)}/results?format=csv`, download: true }, t('host.ended.csv'))),
    f ? podium(t, lang, f.podium, districtName) : null,
    f && f.districts.length > 0 ? districtTable(t, lang, f.districts) : null,
    h('p', {}, h('a', { href: '/host' }, t('host.ended.new'))),
  ];
}

function liveView(): Child {
  const s = snap;
  if (!s) return h('p', { class: 'muted', role: 'status' }, actionError ? errorText(t, 'host.error', actionError) : t('live.loading'));
  const phaseKey = ({ lobby: 'host.phase.lobby', question: 'host.phase.question', reveal: 'host.phase.reveal', ended: 'host.phase.ended' } as const)[s.phase];
  return h(
    'div',
    { class: 'stack host-live' },
    h('div', { class: 'host-head' }, h('h1', { tabindex: '-1', 'data-autofocus': true }, s.contest.title), h('p', { class: 'muted' }, `${t(phaseKey)} · PIN ${s.contest.pin} · ${t('host.lobby.players', { n: s.players.length })}${s.paused ? ` · ${t('countdown.paused')}` : ''}`)),
    actionError ? h('p', { class: 'error', role: 'alert' }, errorText(t, 'host.error', actionError)) : null,
    s.phase === 'lobby' ? lobbyPanel(s) : null,
    s.phase === 'question' || s.phase === 'reveal' ? [controls(s), questionPanel(s), s.phase === 'reveal' ? boards(s) : null] : null,
    s.phase === 'ended' ? [h('h2', {}, t('host.ended.heading')), endedPanel(s)] : null,
  );
}

function draw(): void {
  const q = snap?.question;
  countdown.set(view === 'live' && snap?.phase === 'question' && q ? q.timing : null, q?.question.index ?? -1);
  const key = view === 'live' ? `live-${snap?.phase ?? ''}` : view;
  const changed = rendered !== null && rendered !== key;
  rendered = key;
  let content: Child;
  if (view === 'loading') content = h('p', { class: 'muted', role: 'status' }, t('live.loading'));
  else if (view === 'denied') content = h('section', { class: 'card stack' }, h('h1', { tabindex: '-1', 'data-autofocus': true }, t('host.denied.heading')), h('p', {}, t('host.denied.body')));
  else if (view === 'setup') content = setupView();
  else content = liveView();
  render(root, content, changed);
}

draw();
void start();
