import type { ColumnType, Generated } from 'kysely';

/** Kysely table types for the reports' results model (see migrations/0006_report_facts.ts). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;
type DateColumn = ColumnType<Date | string, string, string>;
/** bigint comes back from pg as a string. */
type BigInt = ColumnType<string | number, number, number>;

export type ContestKind = 'live' | 'scheduled';
export type UnitFormula = 'mean-points' | 'participation-prizes';

export interface ReportContestsTable {
  id: Generated<string>;
  kind: ContestKind;
  source_id: string;
  title: string;
  owner_id: string | null;
  region_set: string | null;
  bank_slug: string | null;
  bank_version_id: string | null;
  question_count: Generated<number>;
  unit_formula: Generated<UnitFormula>;
  ended_at: RequiredTimestamp;
  facts_written_at: Timestamp;
}

export interface ReportFactsTable {
  contest_id: string;
  contest_kind: ContestKind;
  participant_id: string;
  question_index: number;
  question_key: string;
  answered: boolean;
  correct: boolean;
  points: number;
  time_ms: number | null;
  choice: string | null;
  competences: string[];
  domains: string[];
  difficulty: number;
  district: string;
  school: string | null;
  grade_band: string | null;
  attempts: number;
  answered_on: DateColumn;
}

export interface ReportParticipantsTable {
  contest_id: string;
  participant_id: string;
  district: string;
  school: string | null;
  grade_band: string | null;
  attempts: number;
  due: number;
  answered: number;
  correct: number;
  points: number;
  score: number;
  completed: boolean;
}

export interface ReportDistrictSummaryTable {
  contest_id: string;
  district: string;
  participants: number;
  attempts: number;
  enrolment: number | null;
  mean_score: number;
  median_score: number;
  p90_score: number;
  mean_points: number;
  completion_rate: number;
  collective_score: number;
  rank: number;
}

export interface ReportSchoolSummaryTable {
  contest_id: string;
  district: string;
  school: string;
  participants: number;
  attempts: number;
  enrolment: number | null;
  mean_score: number;
  median_score: number;
  p90_score: number;
  completion_rate: number;
}

export interface ReportCompetenceSummaryTable {
  contest_id: string;
  district: string;
  competence: string;
  is_domain: boolean;
  participants: number;
  answers: number;
  correct: number;
}

export interface ReportQuestionSummaryTable {
  contest_id: string;
  district: string;
  question_index: number;
  question_key: string;
  participants: number;
  answered: number;
  correct: number;
  time_sum: BigInt;
  time_n: number;
  top_wrong_choice: string | null;
  top_wrong_count: Generated<number>;
}

export interface ReportSeriesTable {
  id: Generated<string>;
  title: string;
  owner_id: string | null;
  region_set: string | null;
  created_at: Timestamp;
}

export interface ReportSeriesContestsTable {
  series_id: string;
  contest_id: string;
  position: number;
}

export interface ReportSeriesDistrictSummaryTable {
  series_id: string;
  district: string;
  participants: number;
  attempts: number;
  enrolment: number | null;
  mean_score: number;
  median_score: number;
  p90_score: number;
  mean_points: number;
  completion_rate: number;
  collective_score: number;
  participation_rate: number | null;
}

/** Merged into `Database` (src/db/schema.ts) through `extends`. */
export interface ReportTables {
  report_contests: ReportContestsTable;
  report_facts: ReportFactsTable;
  report_participants: ReportParticipantsTable;
  report_district_summary: ReportDistrictSummaryTable;
  report_school_summary: ReportSchoolSummaryTable;
  report_competence_summary: ReportCompetenceSummaryTable;
  report_question_summary: ReportQuestionSummaryTable;
  report_series: ReportSeriesTable;
  report_series_contests: ReportSeriesContestsTable;
  report_series_district_summary: ReportSeriesDistrictSummaryTable;
}
