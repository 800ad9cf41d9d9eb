import { describe, expect, it } from 'vitest';
import { createBody, emptyForm, formFromContest, patchBody, type ContestFormFields, type OrganiserContest } from '../../src/web/client/contest-form.ts';

const NOW = Date.parse('2026-12-07T02:20:00Z');

function filled(over: Partial<ContestFormFields> = {}): ContestFormFields {
  return { ...emptyForm(NOW, 'daklak-2021'), slug: 'ky-nang-so-2026', titleVi: 'Kỹ năng số 2026', titleEn: 'Digital skills 2026', rulesVi: '**Thể lệ**', rulesEn: '**Rules**', bank: 'phishing-scams', version: '1', ...over };
}

const contest: OrganiserContest = {
  slug: 'ky-nang-so-2026',
  title: { vi: 'Kỹ năng số 2026', en: 'Digital skills 2026' },
  rules: { vi: 'Thể lệ', en: 'Rules' },
  bank: 'phishing-scams',
  version: 2,
  questionsPerAttempt: 25,
  attemptMinutes: 30,
  maxAttempts: 2,
  opensAt: '2026-12-10T00:30:00.000Z',
  closesAt: '2026-12-20T10:00:00.000Z',
  regionSet: 'daklak-2021',
  gradeBands: ['TC1', 'TC2'],
  prediction: { prompt: { vi: 'Bao nhiêu người?', en: 'How many?' }, scoredAgainst: 'perfectScores' },
  keysVisible: 'afterSubmit',
  prizes: { first: 1, second: 5, third: 10, consolation: 20 },
  unitFormula: { participationWeight: 1, prizePoints: { first: 10, second: 8, third: 6, consolation: 2 } },
  draft: false,
};

describe('organiser contest form', () => {
  it('starts a new contest at the next full hour for a week, in Vietnam time', () => {
    const f = emptyForm(NOW);
    expect(f.opensAt).toBe('2026-12-07T10:00'); // 03:00 UTC
    expect(f.closesAt).toBe('2026-12-14T10:00');
    expect(f.keysVisible).toBe('afterClose');
  });

  it('builds the create body with UTC times, numbers and tidy grade bands', () => {
    const r = createBody(filled({ gradeBands: 'tc1, TC2;tc1', participationWeight: '1,5' }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.body).toMatchObject({
      slug: 'ky-nang-so-2026',
      version: 1,
      questionsPerAttempt: 20,
      attemptMinutes: 30,
      maxAttempts: 1,
      opensAt: '2026-12-07T03:00:00.000Z',
      closesAt: '2026-12-14T03:00:00.000Z',
      gradeBands: ['TC1', 'TC2'],
      prediction: { prompt: { vi: 'Có bao nhiêu người tham gia cuộc thi?', en: 'How many people will take part?' }, scoredAgainst: 'participants' },
      prizes: { first: 1, second: 2, third: 3, consolation: 5 },
      unitFormula: { participationWeight: 1.5, prizePoints: { first: 10, second: 8, third: 6, consolation: 2 } },
      draft: false,
    });
  });

  it('reports every problem: missing text, bad numbers, slug, times and their order, grade bands', () => {
    const r = createBody(filled({ slug: 'Bad Slug', titleEn: ' ', attemptMinutes: '0', maxAttempts: '1.5', prizeFirst: '-1', opensAt: '2026-12-14T10:00', closesAt: '2026-12-07T10:00', gradeBands: 'grade6', pointsFirst: 'x' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual(
      expect.arrayContaining([
        { field: 'slug', problem: 'slug' },
        { field: 'titleEn', problem: 'required' },
        { field: 'attemptMinutes', problem: 'number' },
        { field: 'maxAttempts', problem: 'number' },
        { field: 'prizeFirst', problem: 'number' },
        { field: 'closesAt', problem: 'order' },
        { field: 'gradeBands', problem: 'gradeBands' },
        { field: 'pointsFirst', problem: 'number' },
      ]),
    );
    expect(createBody(filled({ opensAt: 'soon' }))).toMatchObject({ ok: false, problems: [{ field: 'opensAt', problem: 'time' }] });
  });

  it('round-trips a contest through the form', () => {
    const f = formFromContest(contest);
    expect(f.opensAt).toBe('2026-12-10T07:30');
    expect(f.gradeBands).toBe('TC1, TC2');
    const r = createBody(f);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.body).toMatchObject({ version: 2, questionsPerAttempt: 25, maxAttempts: 2, opensAt: contest.opensAt, closesAt: contest.closesAt, gradeBands: ['TC1', 'TC2'], keysVisible: 'afterSubmit', prizes: contest.prizes, draft: false });
    expect(formFromContest({ ...contest, draft: true }).announced).toBe(false);
  });

  it('patches only what changed', () => {
    const original = formFromContest(contest);
    expect(patchBody(original, original)).toEqual({ ok: true, body: {} });
    const r = patchBody({ ...original, titleEn: 'Digital skills, 2026', closesAt: '2026-12-21T17:00', prizeThird: '12' }, original);
    expect(r).toEqual({ ok: true, body: { title: { vi: 'Kỹ năng số 2026', en: 'Digital skills, 2026' }, closesAt: '2026-12-21T10:00:00.000Z', prizes: { first: 1, second: 5, third: 12, consolation: 20 } } });
    // The slug is not editable: a changed slug field is ignored.
    expect(patchBody({ ...original, slug: 'other' }, original)).toEqual({ ok: true, body: {} });
    expect(patchBody({ ...original, attemptMinutes: '' }, original)).toMatchObject({ ok: false });
  });
});
