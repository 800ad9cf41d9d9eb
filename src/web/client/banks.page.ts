import { h, render } from './dom.ts';
import { api } from './api.ts';
import { authorPage, field, say, sayError, statusLine, pageHeading, type AuthorPageData } from './author-ui.ts';
import { competenceOptions, gradeBandOptions, typeLabel } from './author-labels.ts';
import type { Framework } from './author-labels.ts';

/** /banks: the caller's banks and the public ones; search across banks and questions; create a bank. */

interface Data extends AuthorPageData {
  framework: Framework;
  types: string[];
}
interface BankSummary {
  slug: string;
  title: { vi: string; en: string };
  visibility: string;
  access: string;
  questionCount: number;
  latestVersion: number | null;
  reviewState: string;
  reviewRequired: boolean;
}
interface Found {
  bank: string;
  question: { id: string; type: string; prompt: { vi: string; en: string }; difficulty: number; competences: string[] };
}

const { data, t, app } = authorPage<Data>();
const lang = data.lang;
const loc = (l: { vi: string; en: string }) => (lang === 'en' ? l.en || l.vi : l.vi || l.en);
const canCreate = data.me.role !== 'official';

const params = new URLSearchParams(location.search);
const filter = { q: params.get('q') ?? '', competence: params.get('competence') ?? '', difficulty: params.get('difficulty') ?? '', type: params.get('type') ?? '', gradeBand: params.get('gradeBand') ?? '' };

function select(id: string, name: string, value: string, options: Array<[string, string]>): HTMLSelectElement {
  const s = h('select', { id, name }, ...options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  return s;
}

function searchForm(): HTMLElement {
  const q = h('input', { id: 'q', name: 'q', type: 'search', value: filter.q, autocomplete: 'off' });
  return h(
    'form',
    { class: 'card filters', role: 'search', method: 'get', action: '/banks', 'aria-label': t('author.banks.search') },
    h('div', { class: 'filter-grid' },
      field(t('author.banks.searchLabel'), q, { hint: t('author.banks.searchHint') }),
      field(t('author.filter.competence'), select('competence', 'competence', filter.competence, [['', t('author.filter.any')], ...competenceOptions(data.framework, lang)])),
      field(t('author.filter.difficulty'), select('difficulty', 'difficulty', filter.difficulty, [['', t('author.filter.any')], ['1', t('author.difficulty.1')], ['2', t('author.difficulty.2')], ['3', t('author.difficulty.3')]])),
      field(t('author.filter.type'), select('type', 'type', filter.type, [['', t('author.filter.any')], ...data.types.map((ty): [string, string] => [ty, typeLabel(t, ty)])])),
      field(t('author.filter.gradeBand'), select('gradeBand', 'gradeBand', filter.gradeBand, [['', t('author.filter.any')], ...gradeBandOptions(data.framework, lang)])),
    ),
    h('input', { type: 'hidden', name: 'lang', value: lang }),
    h('div', { class: 'row' }, h('button', { class: 'button', type: 'submit' }, t('author.banks.searchSubmit')), h('a', { href: `/banks?lang=${lang}` }, t('author.filter.clear'))),
  );
}

function createForm(): HTMLElement {
  const status = statusLine('create-status');
  const slug = h('input', { id: 'new-slug', name: 'slug', required: true, pattern: '[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?', maxlength: 64, autocomplete: 'off' });
  const vi = h('input', { id: 'new-title-vi', name: 'titleVi', required: true, maxlength: 200, lang: 'vi' });
  const en = h('input', { id: 'new-title-en', name: 'titleEn', maxlength: 200, lang: 'en' });
  const visibility = select('new-visibility', 'visibility', 'private', [['private', t('author.visibility.private')], ['unit', t('author.visibility.unit')], ['public', t('author.visibility.public')]]);
  const review = h('input', { id: 'new-review', type: 'checkbox', name: 'reviewRequired' });
  // The slug follows the Vietnamese title until the teacher types one.
  let slugTouched = false;
  slug.addEventListener('input', () => (slugTouched = true));
  vi.addEventListener('input', () => {
    if (!slugTouched) slug.value = slugify(vi.value);
  });
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    h('div', { class: 'two-col' }, field(t('author.bank.titleVi'), vi), field(t('author.bank.titleEn'), en)),
    field(t('author.bank.slug'), slug, { hint: t('author.bank.slugHint') }),
    field(t('author.bank.visibility'), visibility),
    h('label', { class: 'check', for: 'new-review' }, review, t('author.bank.reviewRequired')),
    h('button', { class: 'button', type: 'submit' }, t('author.banks.create')),
    status,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!vi.value.trim()) return say(status, t('author.bank.titleRequired'), 'error'), vi.focus();
    if (!slug.checkValidity()) return say(status, t('author.bank.slugHint'), 'error'), slug.focus();
    const r = await api<{ slug: string }>('POST', '/api/banks', {
      json: { slug: slug.value, title: { vi: vi.value, en: en.value }, visibility: visibility.value, reviewRequired: review.checked },
    });
    if (!r.ok) return sayError(status, r.error);
    say(status, t('author.banks.created'));
    location.assign(`/banks/${r.data.slug}?lang=${lang}`);
  });
  return h('details', { class: 'card create' }, h('summary', {}, t('author.banks.createHeading')), form);
}

/** "Mật khẩu an toàn" → "mat-khau-an-toan". */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

function bankCard(b: BankSummary): HTMLElement {
  return h(
    'li',
    { class: 'card bank-card' },
    h('h3', {}, h('a', { href: `/banks/${b.slug}?lang=${lang}` }, loc(b.title))),
    h('p', { class: 'muted' }, b.slug),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('author.bank.questions')), h('dd', {}, String(b.questionCount)),
      h('dt', {}, t('author.bank.latestVersion')), h('dd', {}, b.latestVersion ? `v${b.latestVersion}` : t('author.bank.unpublished')),
      h('dt', {}, t('author.bank.visibility')), h('dd', {}, t(`author.visibility.${b.visibility}` as never)),
      h('dt', {}, t('author.bank.access')), h('dd', {}, t(`author.access.${b.access}` as never)),
      ...(b.reviewRequired ? [h('dt', {}, t('author.review.state')), h('dd', {}, t(`author.review.state.${b.reviewState}` as never))] : []),
    ),
  );
}

async function main() {
  const searching = Object.values(filter).some(Boolean);
  const qs = new URLSearchParams(Object.entries(filter).filter(([, v]) => v));
  const [banks, found] = await Promise.all([
    api<{ banks: BankSummary[] }>('GET', `/api/banks${filter.q ? `?q=${encodeURIComponent(filter.q)}` : ''}`),
    searching ? api<{ total: number; items: Found[] }>('GET', `/api/questions?${qs.toString()}&pageSize=50`) : Promise.resolve(null),
  ]);
  const mine = banks.ok ? banks.data.banks.filter((b) => b.access !== 'reader') : [];
  const others = banks.ok ? banks.data.banks.filter((b) => b.access === 'reader') : [];
  const list = (items: BankSummary[]) => (items.length === 0 ? h('p', { class: 'muted' }, t('author.banks.none')) : h('ul', { class: 'bank-grid' }, ...items.map(bankCard)));
  render(
    app,
    [
      pageHeading(t('author.banks.title')),
      canCreate ? createForm() : null,
      searchForm(),
      banks.ok ? null : h('p', { class: 'error', role: 'alert' }, banks.error.message),
      found && found.ok
        ? h(
            'section',
            { 'aria-labelledby': 'found-h' },
            h('h2', { id: 'found-h' }, t('author.banks.found', { n: found.data.total })),
            found.data.items.length === 0
              ? h('p', { class: 'muted' }, t('author.banks.noneFound'))
              : h(
                  'ul',
                  { class: 'found-list' },
                  ...found.data.items.map((f) =>
                    h('li', {}, h('a', { href: `/banks/${f.bank}/questions/${f.question.id}?lang=${lang}` }, loc(f.question.prompt)), ' ', h('span', { class: 'muted' }, `${f.bank} · ${typeLabel(t, f.question.type)}`)),
                  ),
                ),
          )
        : null,
      h('section', { 'aria-labelledby': 'mine-h' }, h('h2', { id: 'mine-h' }, t('author.banks.mine')), list(mine)),
      h('section', { 'aria-labelledby': 'others-h' }, h('h2', { id: 'others-h' }, t('author.banks.others')), list(others)),
    ],
    true,
  );
}

void main();
