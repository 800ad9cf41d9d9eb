import { html, raw } from 'hono/html';
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import type { RegionService } from '../regions/region-service.ts';
import { renderMarkdown } from '../banks/markdown.ts';
import { pick } from '../shared/language.ts';
import { layout, pageLang } from './layout.ts';
import { t, type Lang } from './messages.ts';
import { apiGet, liveRegions, loadContest, notFoundPage, SLUG, topbar } from './scheduled-page-kit.ts';
import { itemsOf, type ContestSummary } from './scheduled-contract.ts';
import { formatVietnamTime } from './vietnam-time.ts';
import { registerRankingsPage } from './scheduled-rankings-page.ts';
import { registerPracticePages } from './practice-pages.ts';
import { registerOrganiserPages } from './organiser-pages.ts';

/**
 * The participant pages of scheduled contests ("cuộc thi trực tuyến"):
 * `/contests` (open and upcoming), `/contests/{slug}` (rules, window in Vietnam
 * time, registration, resume by code), `/contests/{slug}/attempt` (the timed
 * attempt and its result) and `/privacy`. The server renders what the public
 * API says; the bundles (contest.page.ts, attempt.page.ts) do the rest.
 */

/** Grade bands of the digital-competence framework (docs/… frameworks): code → grades. */
export const GRADE_BANDS: ReadonlyArray<[string, string]> = [
  ['CB1', '1–3'],
  ['CB2', '4–5'],
  ['TC1', '6–7'],
  ['TC2', '8–9'],
  ['NC1', '10–12'],
];

export interface ScheduledPagesOptions {
  regions: RegionService;
}

export function scheduledPages(opts: ScheduledPagesOptions): (app: OpenAPIHono<AppEnv>) => void {
  return (app) => {
    registerContestPages(app, opts);
    registerRankingsPage(app);
    registerPracticePages(app);
    registerOrganiserPages(app);
  };
}

function windowLine(lang: Lang, c: ContestSummary) {
  return html`<p class="window">${t(lang, 'sched.window', { opens: formatVietnamTime(c.opensAt, lang), closes: formatVietnamTime(c.closesAt, lang) })}</p>`;
}

function stateBadge(lang: Lang, c: ContestSummary) {
  return html`<span class="badge state-${c.state}">${t(lang, `sched.state.${c.state}`)}</span>`;
}

function contestCard(lang: Lang, c: ContestSummary) {
  return html`<li class="card stack contest-card">
  <div class="row spread"><h3><a href="/contests/${c.slug}?lang=${lang}">${pick(c.title, lang)}</a></h3>${stateBadge(lang, c)}</div>
  ${windowLine(lang, c)}
  ${c.state === 'published' ? html`<a href="/contests/${c.slug}/rankings?lang=${lang}">${t(lang, 'sched.rankings')}</a>` : html`<a class="button" href="/contests/${c.slug}?lang=${lang}">${t(lang, 'sched.list.enter')}</a>`}
</li>`;
}

function listSection(lang: Lang, headingKey: 'sched.list.open' | 'sched.list.upcoming' | 'sched.list.published', items: ContestSummary[]) {
  if (items.length === 0) return '';
  return html`<section class="stack" aria-labelledby="h-${headingKey}"><h2 id="h-${headingKey}">${t(lang, headingKey)}</h2><ul class="contest-list stack">${items.map((c) => contestCard(lang, c))}</ul></section>`;
}

/** The districts (units directly under the province) of a region set, in the set's order. */
async function districtsOf(regions: RegionService, setCode: string): Promise<Array<{ code: string; name: string }>> {
  const set = await regions.getSet(setCode).catch(() => null);
  if (!set) return [];
  return set.units.filter((u) => u.parentCode === set.provinceCode && u.level !== 'province').map((u) => ({ code: u.code, name: u.fullName || u.name }));
}

/** Known schools of a region set for the picker (name and unit), without enrolment figures. */
async function schoolsOf(regions: RegionService, setCode: string): Promise<Array<{ name: string; district: string }>> {
  const rows = await regions.listSchools(setCode).catch(() => []);
  const seen = new Set<string>();
  const out: Array<{ name: string; district: string }> = [];
  for (const s of rows) {
    const key = `${s.regionCode}\u0000${s.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name: s.name, district: s.regionCode });
  }
  return out;
}

function registerContestPages(app: OpenAPIHono<AppEnv>, opts: ScheduledPagesOptions): void {
  app.get('/contests', async (c) => {
    const lang = pageLang(c);
    const answer = await apiGet<unknown>(app, c, '/api/scheduled-contests', lang);
    const all = itemsOf<ContestSummary>(answer.body);
    const by = (s: ContestSummary['state']) => all.filter((x) => x.state === s);
    const none = by('open').length + by('upcoming').length === 0;
    return c.html(
      layout(
        { lang, titleKey: 'sched.list.title', bodyClass: 'sched' },
        html`${topbar(c, lang, 'sched.list.title')}
<main class="stack contests">
  <h1>${t(lang, 'sched.list.title')}</h1>
  ${none ? html`<p class="card">${t(lang, 'sched.list.none')}</p>` : ''}
  ${listSection(lang, 'sched.list.open', by('open'))}
  ${listSection(lang, 'sched.list.upcoming', by('upcoming'))}
  ${listSection(lang, 'sched.list.published', by('published'))}
  <p><a href="/practice?lang=${lang}">${t(lang, 'home.practice')}</a></p>
</main>`,
      ),
    );
  });

  app.get('/contests/:slug', async (c) => {
    const lang = pageLang(c);
    const slug = c.req.param('slug');
    const contest = SLUG.test(slug) ? await loadContest(app, c, slug, lang) : null;
    if (!contest) return notFoundPage(c, lang);
    const districts = await districtsOf(opts.regions, contest.regionSet);
    const schools = await schoolsOf(opts.regions, contest.regionSet);
    const registering = contest.state === 'open' || contest.state === 'upcoming';
    const bands = contest.gradeBands && contest.gradeBands.length > 0 ? GRADE_BANDS.filter(([code]) => contest.gradeBands!.includes(code)) : GRADE_BANDS;
    const facts =
      typeof contest.questionsPerAttempt === 'number'
        ? t(lang, 'sched.facts', { questions: contest.questionsPerAttempt, minutes: contest.attemptMinutes, attempts: contest.maxAttempts })
        : t(lang, 'sched.facts.noCount', { minutes: contest.attemptMinutes, attempts: contest.maxAttempts });
    const data = { slug, state: contest.state, title: contest.title, districts, schools, maxAttempts: contest.maxAttempts };
    return c.html(
      layout(
        { lang, titleKey: 'sched.list.title', script: 'contest', bodyClass: 'sched contest-page', data },
        html`${topbar(c, lang, 'sched.list.title')}
<main id="app" class="stack contest" tabindex="-1">
  <p><a href="/contests?lang=${lang}">${t(lang, 'sched.back')}</a></p>
  <div class="row spread"><h1>${pick(contest.title, lang)}</h1>${stateBadge(lang, contest)}</div>
  ${windowLine(lang, contest)}
  <p>${facts}</p>
  ${contest.state === 'published' ? html`<p><a class="button secondary" href="/contests/${slug}/rankings?lang=${lang}">${t(lang, 'sched.rankings')}</a></p>` : ''}
  <section id="me" class="card stack" hidden aria-live="polite"></section>
  <details class="card rules" open>
    <summary><h2>${t(lang, 'sched.rules')}</h2></summary>
    <div class="markdown">${raw(renderMarkdown(pick(contest.rules, lang)))}</div>
  </details>
  ${registering ? registrationForm(lang, districts, schools, bands) : html`<p class="card">${t(lang, 'sched.register.closed')}</p>`}
  ${contest.state !== 'draft' ? resumeForm(lang) : ''}
  <noscript><p class="card">${t(lang, 'live.noscript')}</p></noscript>
</main>
${liveRegions}`,
      ),
    );
  });

  app.get('/contests/:slug/attempt', async (c) => {
    const lang = pageLang(c);
    const slug = c.req.param('slug');
    const contest = SLUG.test(slug) ? await loadContest(app, c, slug, lang) : null;
    if (!contest) return notFoundPage(c, lang);
    const data = { slug, title: contest.title, state: contest.state, prediction: contest.prediction ?? null, attemptMinutes: contest.attemptMinutes };
    return c.html(
      layout(
        { lang, titleKey: 'attempt.title', script: 'attempt', bodyClass: 'sched attempt-page', data },
        html`${topbar(c, lang, 'attempt.title')}
<main id="app" class="stack attempt" tabindex="-1">
  <p class="muted">${t(lang, 'attempt.loading')}</p>
  <noscript><p class="card">${t(lang, 'live.noscript')}</p></noscript>
</main>
${liveRegions}`,
      ),
    );
  });

  app.get('/privacy', (c) => {
    const lang = pageLang(c);
    return c.html(
      layout(
        { lang, titleKey: 'sched.privacy.title', bodyClass: 'sched' },
        html`${topbar(c, lang, 'sched.privacy.title')}
<main class="narrow stack privacy">
  <h1>${t(lang, 'sched.privacy.title')}</h1>
  <p>${t(lang, 'sched.privacy.intro')}</p>
  <ul>
    <li>${t(lang, 'sched.privacy.what')}</li>
    <li>${t(lang, 'sched.privacy.why')}</li>
    <li>${t(lang, 'sched.privacy.minors')}</li>
    <li>${t(lang, 'sched.privacy.public')}</li>
    <li>${t(lang, 'sched.privacy.keep')}</li>
    <li>${t(lang, 'sched.privacy.rights')}</li>
  </ul>
</main>`,
      ),
    );
  });
}

function optional(lang: Lang) {
  return html` <span class="hint">(${t(lang, 'sched.register.optional')})</span>`;
}

function registrationForm(lang: Lang, districts: Array<{ code: string; name: string }>, schools: Array<{ name: string; district: string }>, bands: ReadonlyArray<[string, string]>) {
  return html`<form id="register-form" class="card stack" method="post" novalidate aria-labelledby="register-h">
  <h2 id="register-h">${t(lang, 'sched.register.heading')}</h2>
  <label for="fullName">${t(lang, 'sched.register.fullName')}</label>
  <input id="fullName" name="fullName" autocomplete="name" maxlength="120" required>
  <label for="dateOfBirth">${t(lang, 'sched.register.dateOfBirth')}</label>
  <input id="dateOfBirth" name="dateOfBirth" type="date" min="1900-01-01" autocomplete="bday">
  <label for="gradeBand">${t(lang, 'sched.register.gradeBand')}</label>
  <select id="gradeBand" name="gradeBand">
    <option value="">${t(lang, 'sched.register.chooseGrade')}</option>
    ${bands.map(([code, grades]) => html`<option value="${code}">${t(lang, 'sched.register.gradeOption', { code, grades })}</option>`)}
  </select>
  <label for="district">${t(lang, 'sched.register.district')}</label>
  <select id="district" name="district" required>
    <option value="">${t(lang, 'sched.register.chooseDistrict')}</option>
    ${districts.map((d) => html`<option value="${d.code}">${d.name}</option>`)}
  </select>
  <label for="school">${t(lang, 'sched.register.school')}</label>
  <input id="school" name="school" list="school-list" maxlength="160" required autocomplete="off" aria-describedby="school-hint">
  <p id="school-hint" class="hint">${t(lang, 'sched.register.schoolHint')}</p>
  <datalist id="school-list">${schools.map((s) => html`<option value="${s.name}" data-district="${s.district}"></option>`)}</datalist>
  <label for="className">${t(lang, 'sched.register.className')}${optional(lang)}</label>
  <input id="className" name="className" maxlength="20" autocomplete="off">
  <label for="phone">${t(lang, 'sched.register.phone')}${optional(lang)}</label>
  <input id="phone" name="phone" type="tel" inputmode="tel" maxlength="20" autocomplete="tel">
  <label for="email">${t(lang, 'sched.register.email')}${optional(lang)}</label>
  <input id="email" name="email" type="email" maxlength="200" autocomplete="email">
  <div id="guardian-box" class="note stack">
    <p>${t(lang, 'sched.register.guardianNote')}</p>
    <label class="check"><input type="checkbox" id="guardianConsent" name="guardianConsent"> ${t(lang, 'sched.register.guardian')}</label>
  </div>
  <p class="hint">${raw(
    t(lang, 'sched.register.privacyAgree', { link: '\u0000' })
      .split('\u0000')
      .map((part) => escapeText(part))
      .join(`<a href="/privacy?lang=${lang}" target="_blank" rel="noopener">${escapeText(t(lang, 'sched.register.privacy'))}</a>`),
  )}</p>
  <p id="register-status" class="error" role="alert" hidden></p>
  <button class="button big" type="submit">${t(lang, 'sched.register.submit')}</button>
</form>`;
}

function resumeForm(lang: Lang) {
  return html`<form id="resume-form" class="card stack" method="post" novalidate aria-labelledby="resume-h">
  <h2 id="resume-h">${t(lang, 'sched.resume.heading')}</h2>
  <label for="resumeCode">${t(lang, 'sched.resume.code')}</label>
  <input id="resumeCode" name="resumeCode" autocomplete="off" autocapitalize="characters" maxlength="32" required class="code-input">
  <label for="resumeDob">${t(lang, 'sched.resume.dob')}</label>
  <input id="resumeDob" name="dateOfBirth" type="date" required>
  <p id="resume-status" class="error" role="alert" hidden></p>
  <button class="button secondary" type="submit">${t(lang, 'sched.resume.submit')}</button>
</form>`;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
