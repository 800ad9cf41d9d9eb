import { VN_DIGITAL_COMPETENCE_2025, domainOf } from '../banks/competences.ts';
import type { Language } from '../shared/localized.ts';
import type { CompetenceFigures, DistrictFigures, QuestionFigures, SchoolFigures, TrendPoint } from './report-queries.ts';
import { round, wilsonInterval } from './stats.ts';
import { suppressionMask } from './suppression.ts';

/**
 * Report views: figures from report-queries.ts shaped into the API's items, with
 * small cells suppressed (suppression.ts) and ranks, province means and intervals
 * computed. Pure: everything here is unit-tested without a database.
 */
export interface UnitName {
  code: string;
  name: string;
}

export interface DistrictItem {
  district: string;
  districtName: string;
  participants: number | null;
  enrolment: number | null;
  participationRate: number | null;
  attempts: number | null;
  meanScore: number | null;
  medianScore: number | null;
  p90Score: number | null;
  meanPoints: number | null;
  completionRate: number | null;
  collectiveScore: number | null;
  rank: number | null;
  previousMeanScore: number | null;
  meanScoreChange: number | null;
  suppressed: boolean;
}

const pct = (v: number | null) => (v === null ? null : round(v * 100, 1));

/**
 * One row per district of the region set (districts without participants included, with 0),
 * plus districts seen in the facts but not in the set. Ranked by collective score among the
 * rows shown, so a suppressed district leaves no gap that would place it.
 */
export function districtItems(units: readonly UnitName[], figures: readonly DistrictFigures[], previous: readonly DistrictFigures[] | null): DistrictItem[] {
  const byCode = new Map(figures.map((f) => [f.district, f]));
  const prev = new Map((previous ?? []).map((f) => [f.district, f]));
  const names = new Map(units.map((u) => [u.code, u.name]));
  const codes = [...units.map((u) => u.code), ...figures.map((f) => f.district).filter((d) => !names.has(d))];
  const rows = codes.map((code): DistrictItem => {
    const f = byCode.get(code);
    const p = prev.get(code);
    if (!f) {
      return { district: code, districtName: names.get(code) ?? code, participants: 0, enrolment: null, participationRate: 0, attempts: 0, meanScore: null, medianScore: null, p90Score: null, meanPoints: null, completionRate: null, collectiveScore: null, rank: null, previousMeanScore: p ? round(p.meanScore) : null, meanScoreChange: null, suppressed: false };
    }
    return {
      district: code,
      districtName: names.get(code) ?? code,
      participants: f.participants,
      enrolment: f.enrolment,
      participationRate: pct(f.participationRate),
      attempts: f.attempts,
      meanScore: round(f.meanScore),
      medianScore: round(f.medianScore),
      p90Score: round(f.p90Score),
      meanPoints: round(f.meanPoints),
      completionRate: pct(f.completionRate),
      collectiveScore: round(f.collectiveScore, 2),
      rank: null,
      previousMeanScore: p ? round(p.meanScore) : null,
      meanScoreChange: p ? round(f.meanScore - p.meanScore) : null,
      suppressed: false,
    };
  });
  // A previous contest's figure for a district that is small there is as revealing as a current one.
  const mask = suppressionMask(rows.map((r) => r.participants ?? 0));
  const prevMask = previous ? suppressionMask(codes.map((c) => prev.get(c)?.participants ?? 0)) : codes.map(() => false);
  const out = rows.map((r, i) => {
    if (prevMask[i]) r = { ...r, previousMeanScore: null, meanScoreChange: null };
    if (!mask[i]) return r;
    return { ...r, participants: null, participationRate: null, attempts: null, meanScore: null, medianScore: null, p90Score: null, meanPoints: null, completionRate: null, collectiveScore: null, previousMeanScore: null, meanScoreChange: null, suppressed: true };
  });
  const ranked = out.filter((r) => r.collectiveScore !== null && (r.participants ?? 0) > 0).sort((a, b) => b.collectiveScore! - a.collectiveScore!);
  ranked.forEach((r, i) => {
    const tiedWith = i > 0 && ranked[i - 1]!.collectiveScore === r.collectiveScore ? ranked[i - 1]!.rank : null;
    r.rank = tiedWith ?? i + 1;
  });
  return out;
}

/** The districts whose rows are suppressed in the districts view: every other view hides them too. */
export function suppressedDistricts(items: readonly DistrictItem[]): Set<string> {
  return new Set(items.filter((i) => i.suppressed).map((i) => i.district));
}

export interface CompetenceItem {
  district: string;
  districtName: string;
  competence: string;
  domain: string;
  isDomain: boolean;
  name: string;
  participants: number | null;
  answers: number | null;
  mastery: number | null;
  provinceMastery: number | null;
  difference: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  suppressed: boolean;
}

const competenceName = (code: string, lang: Language) => VN_DIGITAL_COMPETENCE_2025.competences.find((c) => c.code === code)?.name[lang] ?? code;

/** District × competence mastery against the province (all districts, suppressed ones included, so it is the true mean). */
export function competenceItems(units: readonly UnitName[], figures: readonly CompetenceFigures[], hidden: ReadonlySet<string>, lang: Language): CompetenceItem[] {
  const names = new Map(units.map((u) => [u.code, u.name]));
  const order = new Map(units.map((u, i) => [u.code, i]));
  const byCompetence = new Map<string, CompetenceFigures[]>();
  for (const f of figures) {
    const list = byCompetence.get(f.competence) ?? [];
    list.push(f);
    byCompetence.set(f.competence, list);
  }
  const out: CompetenceItem[] = [];
  const codes = [...byCompetence.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  for (const code of codes) {
    const list = byCompetence.get(code)!.sort((a, b) => (order.get(a.district) ?? 1e9) - (order.get(b.district) ?? 1e9) || a.district.localeCompare(b.district));
    const totalCorrect = list.reduce((n, f) => n + f.correct, 0);
    const totalAnswers = list.reduce((n, f) => n + f.answers, 0);
    const province = totalAnswers > 0 ? totalCorrect / totalAnswers : null;
    const mask = suppressionMask(list.map((f) => f.participants));
    list.forEach((f, i) => {
      const mastery = f.answers > 0 ? f.correct / f.answers : null;
      const ci = wilsonInterval(f.correct, f.answers);
      const suppressed = mask[i]! || hidden.has(f.district);
      out.push({
        district: f.district,
        districtName: names.get(f.district) ?? f.district,
        competence: code,
        domain: domainOf(code),
        isDomain: f.isDomain,
        name: competenceName(code, lang),
        participants: suppressed ? null : f.participants,
        answers: suppressed ? null : f.answers,
        mastery: suppressed ? null : pct(mastery),
        provinceMastery: pct(province),
        difference: suppressed || mastery === null || province === null ? null : round((mastery - province) * 100),
        ciLow: suppressed || !ci ? null : pct(ci[0]),
        ciHigh: suppressed || !ci ? null : pct(ci[1]),
        suppressed,
      });
    });
  }
  return out;
}

export interface QuestionItem {
  questionKey: string;
  /** The question's text in the request's language (from its bank version), when known. */
  prompt: string | null;
  questionIndex: number;
  district: string | null;
  participants: number | null;
  answered: number | null;
  correctRate: number | null;
  meanTimeMs: number | null;
  topWrongChoice: string | null;
  topWrongCount: number | null;
  /** 1 = hardest (lowest correct rate). */
  hardestRank: number | null;
  suppressed: boolean;
}

/** Questions, hardest first; all suppressed when the district (or the whole contest) is too small to show. */
export function questionItems(figures: readonly QuestionFigures[], district: string | null, hide: boolean, prompts: ReadonlyMap<string, string> = new Map()): QuestionItem[] {
  const items = figures.map((f): QuestionItem => {
    const suppressed = hide || f.participants < 5;
    return {
      questionKey: f.questionKey,
      prompt: prompts.get(f.questionKey) ?? null,
      questionIndex: f.questionIndex,
      district,
      participants: suppressed ? null : f.participants,
      answered: suppressed ? null : f.answered,
      correctRate: suppressed || f.participants === 0 ? null : round((100 * f.correct) / f.participants),
      meanTimeMs: suppressed || f.timeN === 0 ? null : Math.round(f.timeSum / f.timeN),
      topWrongChoice: suppressed ? null : f.topWrongChoice,
      topWrongCount: suppressed ? null : f.topWrongCount,
      hardestRank: null,
      suppressed,
    };
  });
  const ranked = items.filter((i) => i.correctRate !== null).sort((a, b) => a.correctRate! - b.correctRate! || a.questionIndex - b.questionIndex);
  ranked.forEach((r, i) => (r.hardestRank = i + 1));
  return [...ranked, ...items.filter((i) => i.correctRate === null).sort((a, b) => a.questionIndex - b.questionIndex)];
}

export interface SchoolItem {
  district: string;
  school: string | null;
  participants: number | null;
  enrolment: number | null;
  participationRate: number | null;
  attempts: number | null;
  meanScore: number | null;
  medianScore: number | null;
  p90Score: number | null;
  completionRate: number | null;
  suppressed: boolean;
}

/** Schools of one district; the "no school given" row takes part in suppression like any school. */
export function schoolItems(district: string, figures: readonly SchoolFigures[]): SchoolItem[] {
  const mask = suppressionMask(figures.map((f) => f.participants));
  return figures.map((f, i) =>
    mask[i]
      ? { district, school: f.school, participants: null, enrolment: f.enrolment, participationRate: null, attempts: null, meanScore: null, medianScore: null, p90Score: null, completionRate: null, suppressed: true }
      : {
          district,
          school: f.school,
          participants: f.participants,
          enrolment: f.enrolment,
          participationRate: f.enrolment ? pct(f.participants / f.enrolment) : null,
          attempts: f.attempts,
          meanScore: round(f.meanScore),
          medianScore: round(f.medianScore),
          p90Score: round(f.p90Score),
          completionRate: pct(f.completionRate),
          suppressed: false,
        },
  );
}

export interface TrendContest {
  id: string;
  kind: string;
  sourceId: string;
  title: string;
  endedAt: string;
}

export interface TrendItem {
  position: number;
  contestKind: string;
  contestId: string;
  contestTitle: string;
  endedAt: string;
  district: string;
  districtName: string;
  participants: number | null;
  participationRate: number | null;
  meanScore: number | null;
  meanScoreChange: number | null;
  suppressed: boolean;
}

/** Per contest (series order) × district, with the change against the previous contest; suppression per contest. */
export function trendItems(units: readonly UnitName[], contests: readonly TrendContest[], points: readonly TrendPoint[]): TrendItem[] {
  const names = new Map(units.map((u) => [u.code, u.name]));
  const districts = [...new Set([...units.map((u) => u.code), ...points.map((p) => p.district)])];
  const out: TrendItem[] = [];
  let prevShown = new Map<string, number>();
  contests.forEach((c, position) => {
    const here = new Map(points.filter((p) => p.contestId === c.id).map((p) => [p.district, p]));
    const present = districts.filter((d) => here.has(d));
    const mask = suppressionMask(present.map((d) => here.get(d)!.participants));
    const shown = new Map<string, number>();
    present.forEach((d, i) => {
      const p = here.get(d)!;
      const suppressed = mask[i]!;
      const prev = prevShown.get(d);
      if (!suppressed) shown.set(d, p.meanScore);
      out.push({
        position: position + 1,
        contestKind: c.kind,
        contestId: c.sourceId,
        contestTitle: c.title,
        endedAt: c.endedAt,
        district: d,
        districtName: names.get(d) ?? d,
        participants: suppressed ? null : p.participants,
        participationRate: suppressed || !p.enrolment ? null : pct(p.participants / p.enrolment),
        meanScore: suppressed ? null : round(p.meanScore),
        meanScoreChange: suppressed || prev === undefined ? null : round(p.meanScore - prev),
        suppressed,
      });
    });
    prevShown = shown;
  });
  return out;
}
