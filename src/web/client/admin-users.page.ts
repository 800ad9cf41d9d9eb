import { h, render } from './dom.ts';
import { api } from './api.ts';
import { authorPage, button, field, pageHeading, say, sayError, setFieldError, statusLine, type AuthorPageData } from './author-ui.ts';

/** /admin/users: create teachers, officials (with their region) and organisers; disable; reset a password. */

interface Account {
  id: string;
  email: string;
  displayName: string;
  role: 'admin' | 'teacher' | 'official';
  regionCode: string | null;
  organiser: boolean;
  disabled: boolean;
  createdAt: string;
}
interface Unit {
  code: string;
  fullName: string;
  level: string;
}

const { data, t, app } = authorPage<AuthorPageData>();
let users: Account[] = [];
let units: Unit[] = [];
let q = '';

/** A readable random password (no look-alike characters), for the admin to pass on. */
function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('').replace(/(.{4})(?!$)/g, '$1-');
}

function createForm(): HTMLElement {
  const status = statusLine('create-status');
  const email = h('input', { id: 'u-email', type: 'email', required: true, autocomplete: 'off' });
  const name = h('input', { id: 'u-name', maxlength: 200, autocomplete: 'off' });
  const role = h('select', { id: 'u-role' }, ...(['teacher', 'official', 'admin'] as const).map((r) => h('option', { value: r }, t(`admin.role.${r}`))));
  const region = h('input', { id: 'u-region', list: 'region-units', maxlength: 64, autocomplete: 'off' });
  const organiser = h('input', { id: 'u-organiser', type: 'checkbox' });
  const password = h('input', { id: 'u-password', type: 'text', minlength: 12, maxlength: 256, autocomplete: 'new-password' });
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    h('div', { class: 'filter-grid' },
      field(t('admin.users.email'), email),
      field(t('admin.users.name'), name),
      field(t('admin.users.role'), role),
      field(t('admin.users.region'), region, { hint: t('admin.users.regionHint') }),
      field(t('admin.users.password'), password, { hint: t('admin.users.passwordHint') }),
    ),
    h('datalist', { id: 'region-units' }, ...units.map((u) => h('option', { value: u.code }, u.fullName))),
    h('label', { class: 'check', for: 'u-organiser' }, organiser, t('admin.users.organiser')),
    h('button', { class: 'button', type: 'submit' }, t('admin.users.create')),
    status,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setFieldError(email, null);
    setFieldError(password, null);
    setFieldError(region, null);
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.value.trim())) {
      setFieldError(email, t('admin.users.emailInvalid'));
      email.focus();
      return say(status, t('admin.users.emailInvalid'), 'error');
    }
    if (password.value && password.value.length < 12) {
      setFieldError(password, t('admin.users.passwordShort'));
      password.focus();
      return say(status, t('admin.users.passwordShort'), 'error');
    }
    if (role.value === 'official' && !region.value.trim()) {
      setFieldError(region, t('admin.users.regionRequired'));
      region.focus();
      return say(status, t('admin.users.regionRequired'), 'error');
    }
    const pw = password.value || generatePassword();
    const r = await api<Account>('POST', '/api/users', {
      json: { email: email.value.trim(), password: pw, role: role.value, displayName: name.value.trim() || undefined, regionCode: region.value.trim() || undefined, organiser: organiser.checked },
    });
    if (!r.ok) {
      if (r.error.code === 'EMAIL_TAKEN') setFieldError(email, r.error.message);
      return sayError(status, r.error);
    }
    await load();
    draw();
    const done = document.getElementById('create-status');
    say(done, t('admin.users.created', { email: r.data.email }));
    if (!password.value) showPassword(r.data.email, pw);
  });
  return h('details', { class: 'card', open: true }, h('summary', {}, t('admin.users.createHeading')), form);
}

function showPassword(email: string, pw: string) {
  const box = document.getElementById('password-box');
  if (!box) return;
  box.replaceChildren(h('div', { class: 'note stack', role: 'status', tabindex: '-1', id: 'password-note' }, h('p', {}, t('admin.users.passwordOnce', { email })), h('p', {}, h('code', { class: 'password' }, pw))));
  box.hidden = false;
  (document.getElementById('password-note') as HTMLElement).focus();
}

async function patch(u: Account, body: Partial<Account>, done: string) {
  const r = await api<Account>('PATCH', `/api/users/${u.id}`, { json: body });
  if (!r.ok) return sayError(document.getElementById('list-status'), r.error);
  await load();
  draw();
  say(document.getElementById('list-status'), done);
}

async function reset(u: Account) {
  if (!confirm(t('admin.users.resetConfirm', { email: u.email }))) return;
  const r = await api<{ password?: string }>('POST', `/api/users/${u.id}/password`, { json: {} });
  if (!r.ok) return sayError(document.getElementById('list-status'), r.error);
  if (r.data.password) showPassword(u.email, r.data.password);
  say(document.getElementById('list-status'), t('admin.users.resetDone', { email: u.email }));
}

function roleSelect(u: Account, self: boolean): HTMLElement {
  const s = h('select', { id: `role-${u.id}`, 'aria-label': t('admin.users.roleOf', { email: u.email }), disabled: self, class: 'inline-select' }, ...(['teacher', 'official', 'admin'] as const).map((r) => h('option', { value: r, selected: u.role === r }, t(`admin.role.${r}`))));
  s.addEventListener('change', () => void patch(u, { role: s.value as Account['role'] }, t('admin.users.savedUser', { email: u.email })));
  return s;
}

function table(): HTMLElement {
  const shown = users;
  return h(
    'table',
    { class: 'data users' },
    h('caption', { class: 'visually-hidden' }, t('admin.users.listHeading')),
    h('thead', {}, h('tr', {}, ...['admin.users.email', 'admin.users.name', 'admin.users.role', 'admin.users.region', 'admin.users.status', 'admin.users.actions'].map((k) => h('th', { scope: 'col' }, t(k as never))))),
    h(
      'tbody',
      {},
      ...shown.map((u) => {
        const self = u.id === data.me.id;
        return h(
          'tr',
          { class: u.disabled ? 'disabled' : '' },
          h('th', { scope: 'row' }, u.email),
          h('td', {}, u.displayName || '—'),
          h('td', {}, roleSelect(u, self), u.organiser ? ` · ${t('admin.users.organiserShort')}` : ''),
          h('td', {}, u.regionCode ?? '—'),
          h('td', {}, u.disabled ? t('admin.users.disabled') : t('admin.users.active')),
          h(
            'td',
            { class: 'row nowrap' },
            button(u.disabled ? t('admin.users.enable') : t('admin.users.disable'), {
              'aria-label': `${u.disabled ? t('admin.users.enable') : t('admin.users.disable')} ${u.email}`,
              disabled: self,
              onclick: () => void patch(u, { disabled: !u.disabled }, t(u.disabled ? 'admin.users.enabled' : 'admin.users.disabledDone', { email: u.email })),
            }),
            button(u.organiser ? t('admin.users.organiserOff') : t('admin.users.organiserOn'), { 'aria-label': `${u.organiser ? t('admin.users.organiserOff') : t('admin.users.organiserOn')} ${u.email}`, onclick: () => void patch(u, { organiser: !u.organiser }, t('admin.users.savedUser', { email: u.email })) }),
            button(t('admin.users.reset'), { 'aria-label': `${t('admin.users.reset')} ${u.email}`, onclick: () => void reset(u) }),
          ),
        );
      }),
    ),
  );
}

async function load() {
  const r = await api<{ users: Account[] }>('GET', `/api/users${q ? `?q=${encodeURIComponent(q)}` : ''}`);
  users = r.ok ? r.data.users : [];
}

function draw() {
  const search = h('input', { id: 'user-q', type: 'search', value: q, autocomplete: 'off' });
  const searchForm = h('form', { class: 'row', role: 'search', novalidate: true }, field(t('admin.users.search'), search), h('button', { class: 'button', type: 'submit' }, t('author.banks.searchSubmit')));
  searchForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    q = search.value;
    await load();
    draw();
  });
  render(
    app,
    [
      pageHeading(t('admin.users.title')),
      h('div', { id: 'password-box', hidden: true }),
      createForm(),
      h('section', { class: 'card stack', 'aria-labelledby': 'list-h' }, h('h2', { id: 'list-h' }, t('admin.users.listHeading', { n: users.length })), searchForm, statusLine('list-status'), table()),
    ],
    true,
  );
}

void (async () => {
  const [, sets] = await Promise.all([load(), api<{ sets: Array<{ code: string; isDefault: boolean }> }>('GET', '/api/region-sets')]);
  const def = sets.ok ? (sets.data.sets.find((s) => s.isDefault) ?? sets.data.sets[0]) : undefined;
  if (def) {
    const set = await api<{ units: Unit[] }>('GET', `/api/region-sets/${def.code}`);
    units = set.ok ? set.data.units : [];
  }
  draw();
})();
