import type { LocalizedText } from '../../shared/localized.ts';
import type { RegistrationResult } from '../scheduled-contract.ts';
import { readPageData, translator } from './page-data.ts';
import { announce, h } from './dom.ts';
import { rememberLang } from './live-ui.ts';
import { callApi, loadParticipant, saveParticipant } from './scheduled-api.ts';
import { needsConsent, registrationBody, type RegistrationFields } from './registration-form.ts';
import { vietnamToday } from '../vietnam-time.ts';

/**
 * `/contests/{slug}`: registration and resume by code. The server rendered both
 * forms (they work as plain forms' markup with labels); this module sends them as
 * JSON, keeps the participant token in localStorage and shows "you are registered"
 * with the way into the attempt page.
 */

interface Data {
  lang: 'vi' | 'en';
  slug: string;
  state: 'draft' | 'upcoming' | 'open' | 'closed' | 'published';
  title: LocalizedText;
  districts: Array<{ code: string; name: string }>;
  schools: Array<{ name: string; district: string }>;
}

const data = readPageData<Data>();
const lang = data.lang;
const t = translator(lang);
rememberLang(lang);

const registerForm = document.getElementById('register-form') as HTMLFormElement | null;
const resumeForm = document.getElementById('resume-form') as HTMLFormElement | null;
const me = document.getElementById('me') as HTMLElement;

const input = (form: HTMLFormElement, name: string) => form.elements.namedItem(name) as HTMLInputElement;
const today = () => vietnamToday(Date.now());

function showStatus(id: string, text: string | null): void {
  const el = document.getElementById(id);
  if (!el) return;
  el.textContent = text ?? '';
  el.hidden = !text;
}

function attemptHref(): string {
  return `/contests/${data.slug}/attempt?lang=${lang}`;
}

/** The "you are registered" card; `resumeCode` is shown once, right after registering. */
function showMe(justRegistered: boolean): void {
  const p = loadParticipant(data.slug);
  if (!p) {
    me.hidden = true;
    if (registerForm) registerForm.hidden = false;
    if (resumeForm) resumeForm.hidden = false;
    return;
  }
  const open = data.state === 'open';
  const parts: Array<HTMLElement | null> = [
    h('h2', { tabindex: '-1', id: 'me-h' }, justRegistered ? t('sched.register.done') : t('sched.me.heading')),
    p.resumeCode ? h('p', {}, t('sched.register.codeIs'), ' ', h('strong', { class: 'resume-code' }, p.resumeCode)) : null,
    p.resumeCode ? h('p', { class: 'hint' }, t('sched.register.keepCode')) : null,
    open
      ? h('a', { class: 'button big', id: 'go-attempt', href: attemptHref() }, p.attempt ? t('sched.me.continue') : t('sched.me.start'))
      : h('p', { class: 'note' }, data.state === 'upcoming' ? t('sched.me.notOpen') : t('sched.register.closed')),
    h(
      'button',
      {
        type: 'button',
        class: 'button secondary small',
        onclick: () => {
          saveParticipant(data.slug, null);
          showMe(false);
        },
      },
      t('sched.me.forget'),
    ),
  ];
  const status = h('p', { id: 'me-status', class: 'hint' });
  parts.splice(1, 0, status);
  me.replaceChildren(...parts.filter((x): x is HTMLElement => x !== null));
  me.hidden = false;
  void showAttempts(p.participantToken, status);
  if (registerForm) registerForm.hidden = true;
  if (resumeForm) resumeForm.hidden = true;
  if (justRegistered) {
    (document.getElementById('me-h') as HTMLElement).focus();
    announce('announce', t('sched.register.done'));
  }
}

/** Attempts taken and left, and the best score so far, from `GET …/me` (a stale token forgets itself). */
async function showAttempts(token: string, into: HTMLElement): Promise<void> {
  const r = await callApi<{ attemptsLeft: number; attempts: Array<{ state: string; result: { score: number; maxScore: number } | null }> }>(`/api/scheduled-contests/${data.slug}/me`, { token, lang });
  if (!r.ok) {
    if (r.status === 401) {
      saveParticipant(data.slug, null);
      showMe(false);
    }
    return;
  }
  const used = r.data.attempts.length;
  const best = r.data.attempts.map((a) => a.result).filter((x): x is { score: number; maxScore: number } => x !== null).sort((a, b) => b.score - a.score)[0];
  into.textContent = [t('sched.me.attemptsLeft', { n: r.data.attemptsLeft, used }), best ? t('sched.me.best', { score: best.score, max: best.maxScore }) : ''].filter(Boolean).join(' ');
}

function fields(form: HTMLFormElement): RegistrationFields {
  const v = (n: string) => input(form, n)?.value ?? '';
  return {
    fullName: v('fullName'),
    dateOfBirth: v('dateOfBirth'),
    gradeBand: v('gradeBand'),
    district: v('district'),
    school: v('school'),
    className: v('className'),
    phone: v('phone'),
    email: v('email'),
    guardianConsent: input(form, 'guardianConsent')?.checked ?? false,
  };
}

/** The consent box shows only when it applies (no date of birth, or under 16). */
function syncConsent(form: HTMLFormElement): void {
  const box = document.getElementById('guardian-box');
  if (box) box.hidden = !needsConsent(input(form, 'dateOfBirth').value, today());
}

/** Offer the schools of the chosen district first (the datalist keeps them all otherwise). */
function syncSchools(form: HTMLFormElement): void {
  const list = document.getElementById('school-list');
  if (!list) return;
  const district = input(form, 'district').value;
  const schools = district ? data.schools.filter((s) => s.district === district) : data.schools;
  list.replaceChildren(...schools.map((s) => h('option', { value: s.name })));
}

async function register(form: HTMLFormElement): Promise<void> {
  const built = registrationBody(fields(form), today());
  if (!built.ok) {
    showStatus('register-status', t(built.error));
    input(form, built.field)?.focus();
    return;
  }
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  button.disabled = true;
  button.textContent = t('sched.register.busy');
  showStatus('register-status', null);
  const r = await callApi<RegistrationResult>(`/api/scheduled-contests/${data.slug}/register`, { method: 'POST', body: built.body, lang });
  button.disabled = false;
  button.textContent = t('sched.register.submit');
  if (!r.ok) {
    showStatus('register-status', r.code === 'NETWORK' ? t('attempt.error.NETWORK') : r.message || t('attempt.error.generic', { code: r.code }));
    return;
  }
  saveParticipant(data.slug, { participantId: r.data.participantId, participantToken: r.data.participantToken, resumeCode: r.data.resumeCode, attempt: null });
  showMe(true);
}

async function resume(form: HTMLFormElement): Promise<void> {
  const resumeCode = input(form, 'resumeCode').value.replace(/\s+/g, '').toUpperCase();
  const dateOfBirth = input(form, 'dateOfBirth').value;
  if (!resumeCode || !dateOfBirth) {
    showStatus('resume-status', t('sched.resume.failed'));
    return;
  }
  const r = await callApi<RegistrationResult>(`/api/scheduled-contests/${data.slug}/resume`, { method: 'POST', body: { resumeCode, dateOfBirth }, lang });
  if (!r.ok) {
    showStatus('resume-status', r.code === 'NETWORK' ? t('attempt.error.NETWORK') : r.status === 401 || r.status === 404 ? t('sched.resume.failed') : r.message || t('attempt.error.generic', { code: r.code }));
    return;
  }
  showStatus('resume-status', null);
  saveParticipant(data.slug, { participantId: r.data.participantId, participantToken: r.data.participantToken, resumeCode: r.data.resumeCode ?? resumeCode, attempt: null });
  showMe(false);
  (document.getElementById('me-h') as HTMLElement | null)?.focus();
}

if (registerForm) {
  registerForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void register(registerForm);
  });
  input(registerForm, 'dateOfBirth').addEventListener('input', () => syncConsent(registerForm));
  input(registerForm, 'district').addEventListener('change', () => syncSchools(registerForm));
  syncConsent(registerForm);
}
if (resumeForm) {
  resumeForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void resume(resumeForm);
  });
}
showMe(false);
