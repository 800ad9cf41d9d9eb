import { domainOf } from '../banks/competences.ts';
import type { ContestKind, UnitFormula } from './tables.ts';

/**
 * The one results model reports read: a row per participant × question, from a live
 * contest's end or a scheduled contest's close. Building rows is pure (this file);
 * writing them and materialising the summaries is src/reports/fact-writer.ts.
 */
export interface ContestRecord {
  kind: ContestKind;
  /** Live: the contest id; scheduled: its slug. */
  sourceId: string;
  title: string;
  ownerId: string | null;
  regionSet: string | null;
  bankSlug: string | null;
  /** The published bank version the questions came from. */
  bankVersionId: string | null;
  questionCount: number;
  unitFormula: UnitFormula;
  endedAt: Date;
}

export interface FactRow {
  participantId: string;
  questionIndex: number;
  questionKey: string;
  answered: boolean;
  correct: boolean;
  points: number;
  timeMs: number | null;
  /** What was chosen (option ids joined by `|`, or the folded short answer), for the most chosen wrong option. */
  choice: string | null;
  competences: string[];
  difficulty: number;
  district: string;
  school: string | null;
  gradeBand: string | null;
  attempts: number;
  /** YYYY-MM-DD, Vietnam time. */
  answeredOn: string;
}

export interface ContestFacts {
  contest: ContestRecord;
  facts: FactRow[];
}

/** The competence domains ("4") of a question's component codes ("4.2", "4.3"), each once. */
export function domainsOf(codes: readonly string[]): string[] {
  return [...new Set(codes.map(domainOf))].sort();
}

/** The calendar day in Vietnam (UTC+7, no daylight saving) of an instant. */
export function vietnamDay(at: Date | number): string {
  return new Date(new Date(at).getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}
