import { h, render } from './dom.ts';
import { api } from './api.ts';
import { authorPage, button, field, pageHeading, say, sayError, statusLine, type AuthorPageData } from './author-ui.ts';
import { typeLabel } from './author-labels.ts';
import { questionPreview } from './question-preview.ts';
import type { EditorQuestion } from './editor-model.ts';

/**
 * /banks/{slug}/review: the review state; authors submit the draft, reviewers
 * comment on each question and approve or request changes.
 */

interface Data extends AuthorPageData {
  slug: string;
}
interface Review {
  required: boolean;
  state: string;
  comments: Array<{ id: string; questionId: string | null; kind: string; body: string; author: string | null; createdAt: string }>;
}
interface Bank {
  title: { vi: string; en: string };
  access: string;
  archived: boolean;
}

const { data, t, app } = authorPage<Data>();
const { slug, lang } = data;
const base = `/api/banks/${slug}`;
let review: Review;
let bank: Bank;
let questions: EditorQuestion[] = [];

const canEdit = () => ['owner', 'editor'].includes(bank.access) && data.me.role !== 'official' && !bank.archived;
const canReview = () => ['owner', 'reviewer'].includes(bank.access) && data.me.role !== 'official';
const canComment = () => canEdit() || canReview();
const when = (iso: string) => new Date(iso).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');

function commentList(items: Review['comments']): HTMLElement | null {
  if (items.length === 0) return null;
  return h(
    'ul',
    { class: 'comments' },
    ...items.map((c) => h('li', { class: `comment kind-${c.kind}` }, h('p', { class: 'comment-meta' }, `${c.author ?? '—'} · ${when(c.createdAt)} · ${t(`author.review.kind.${c.kind}` as never)}`), c.body ? h('p', {}, c.body) : null)),
  );
}

function commentForm(questionId: string | null): HTMLElement {
  const id = questionId ? `comment-${questionId}` : 'comment-bank';
  const body = h('textarea', { id, rows: 2, maxlength: 4000 });
  const status = statusLine(`${id}-status`);
  const form = h('form', { class: 'stack comment-form', novalidate: true }, field(questionId ? t('author.review.commentOn', { id: questionId }) : t('author.review.commentBank'), body), h('button', { type: 'submit', class: 'button small' }, t('author.review.comment')), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!body.value.trim()) return say(status, t('author.review.commentEmpty'), 'error'), body.focus();
    const r = await api<Review>('POST', `${base}/review/comments`, { json: { body: body.value, ...(questionId ? { questionId } : {}) } });
    if (!r.ok) return sayError(status, r.error);
    review = r.data;
    draw();
    say(document.getElementById(`${id}-status`), t('author.review.commented'));
    document.getElementById(id)?.focus();
  });
  return form;
}

function actions(): HTMLElement {
  const status = statusLine('review-status');
  const note = h('textarea', { id: 'review-note', rows: 2, maxlength: 4000 });
  const box = h('div', { class: 'stack' });
  const act = async (url: string, json: unknown, done: string) => {
    const r = await api<Review>('POST', url, { json });
    if (!r.ok) return sayError(document.getElementById('review-status'), r.error);
    review = r.data;
    draw();
    say(document.getElementById('review-status'), done);
    (document.querySelector('h1') as HTMLElement | null)?.focus();
  };
  if (review.state === 'in_review') {
    if (canReview()) {
      box.append(
        field(t('author.review.decisionNote'), note),
        h(
          'div',
          { class: 'row' },
          button(t('author.review.approve'), { class: 'button', id: 'approve', onclick: () => void act(`${base}/review/decision`, { decision: 'approve', comment: note.value }, t('author.review.approved')) }),
          button(t('author.review.requestChanges'), { class: 'button secondary', id: 'request-changes', onclick: () => void act(`${base}/review/decision`, { decision: 'request_changes', comment: note.value }, t('author.review.changesRequested')) }),
        ),
      );
    } else box.append(h('p', { class: 'muted' }, t('author.review.waiting')));
  } else if (canEdit()) {
    box.append(field(t('author.review.submitNote'), note), button(t('author.review.submit'), { class: 'button', id: 'submit-review', onclick: () => void act(`${base}/review/submit`, { note: note.value }, t('author.review.submitted')) }));
  }
  box.append(status);
  return box;
}

function draw() {
  const general = review.comments.filter((c) => !c.questionId);
  render(
    app,
    [
      h('p', { class: 'crumbs' }, h('a', { href: `/banks?lang=${lang}` }, t('author.nav.banks')), ' › ', h('a', { href: `/banks/${slug}?lang=${lang}` }, slug), ' › ', t('author.review.title')),
      pageHeading(t('author.review.heading', { title: lang === 'en' ? bank.title.en || bank.title.vi : bank.title.vi || bank.title.en })),
      h('p', { class: 'review-state', id: 'review-state' }, `${t('author.review.state')}: `, h('strong', {}, t(`author.review.state.${review.state}` as never)), review.required ? ` · ${t('author.review.required')}` : ` · ${t('author.review.optional')}`),
      h('section', { class: 'card stack', 'aria-labelledby': 'actions-h' }, h('h2', { id: 'actions-h' }, t('author.review.actions')), actions()),
      h('section', { class: 'card stack', 'aria-labelledby': 'general-h' }, h('h2', { id: 'general-h' }, t('author.review.general')), commentList(general), canComment() ? commentForm(null) : null),
      h(
        'section',
        { 'aria-labelledby': 'questions-h' },
        h('h2', { id: 'questions-h' }, t('author.review.questions', { n: questions.length })),
        ...questions.map((q, i) =>
          h(
            'article',
            { class: 'card review-q', 'aria-labelledby': `rq-${q.id}` },
            h('h3', { id: `rq-${q.id}` }, `${i + 1}. ${q.id} · ${typeLabel(t, q.type)}`),
            h('div', { class: 'preview-panes' }, questionPreview(q, 'vi', t), questionPreview(q, 'en', t)),
            commentList(review.comments.filter((c) => c.questionId === q.id)),
            canComment() ? commentForm(q.id!) : null,
          ),
        ),
      ),
    ],
    true,
  );
}

void (async () => {
  const [b, r, q] = await Promise.all([api<Bank>('GET', base), api<Review>('GET', `${base}/review`), api<{ questions: EditorQuestion[] }>('GET', `${base}/questions`)]);
  if (!b.ok || !r.ok) return render(app, [pageHeading(t('author.review.title')), h('p', { class: 'error', role: 'alert' }, (!b.ok ? b.error : !r.ok ? r.error : null)?.message ?? '')], true);
  bank = b.data;
  review = r.data;
  questions = q.ok ? q.data.questions : [];
  draw();
})();
