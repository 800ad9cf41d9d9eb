import type { ColumnType, Generated } from 'kysely';

/** Kysely table types for scheduled contests (see migrations/0005_scheduled_contests.ts). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;
/** `date` columns are read through to_char (see src/regions/tables.ts) and written as 'YYYY-MM-DD'. */
type NullableDateColumn = ColumnType<Date | string | null, string | null | undefined, string | null>;

export interface OrganiserGrantsTable {
  user_id: string;
  region_set: string;
  granted_by: string | null;
  created_at: Timestamp;
}

export interface ScheduledContestsTable {
  id: Generated<string>;
  slug: string;
  owner_id: string | null;
  title: Json<{ vi: string; en: string }>;
  rules: Json<{ vi: string; en: string }>;
  bank_slug: string;
  bank_version: number;
  bank_version_id: string;
  questions_per_attempt: number | null;
  blueprint: Json<unknown[] | null> | null;
  attempt_minutes: number;
  max_attempts: number;
  opens_at: RequiredTimestamp;
  closes_at: RequiredTimestamp;
  region_set: string;
  grade_bands: Json<string[]>;
  prediction: Json<{ prompt: { vi: string; en: string }; scoredAgainst: 'participants' | 'perfectScores' }>;
  keys_visible: 'afterSubmit' | 'afterClose';
  prizes: Json<Record<string, number>>;
  unit_formula: Json<Record<string, unknown>>;
  draft: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: NullableTimestamp;
  prediction_actual: number | null;
  published_at: NullableTimestamp;
}

export interface ScheduledParticipantsTable {
  id: Generated<string>;
  contest_id: string;
  full_name: string;
  name_key: string;
  date_of_birth: NullableDateColumn;
  grade_band: string | null;
  school: string;
  school_key: string;
  district: string;
  class_name: string | null;
  phone: string | null;
  email: string | null;
  guardian_consent: Generated<boolean>;
  token_salt: string;
  token_hash: string;
  resume_code_hash: string;
  merged_into: string | null;
  created_at: Timestamp;
}

export interface ScheduledDuplicatesTable {
  id: Generated<string>;
  contest_id: string;
  participant_id: string;
  duplicate_of: string;
  status: Generated<'open' | 'merged' | 'dismissed'>;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  created_at: Timestamp;
}

export type AttemptEndReason = 'submitted' | 'deadline' | 'contest_closed';

export interface ScheduledAttemptsTable {
  id: Generated<string>;
  contest_id: string;
  participant_id: string;
  attempt_no: number;
  seed: string;
  question_keys: Json<string[]>;
  mappings: Json<string[][]>;
  started_at: RequiredTimestamp;
  deadline: RequiredTimestamp;
  ended_at: NullableTimestamp;
  end_reason: AttemptEndReason | null;
  prediction: number | null;
  score: number | null;
  max_score: number;
  correct_count: number | null;
  duration_ms: number | null;
}

export interface ScheduledAnswersTable {
  attempt_id: string;
  question_key: string;
  position: number;
  response: Json<unknown>;
  correct: boolean;
  fraction: number;
  points: number;
  saved_at: RequiredTimestamp;
  elapsed_ms: number;
}

export interface ScheduledResultIndividualsTable {
  contest_id: string;
  participant_id: string;
  rank: number;
  district_rank: number;
  attempt_id: string;
  full_name: string;
  district: string;
  school: string;
  school_key: string;
  class_name: string | null;
  grade_band: string | null;
  score: number;
  max_score: number;
  correct_count: number;
  prediction: number | null;
  prediction_error: number | null;
  duration_ms: number;
  submitted_at: RequiredTimestamp;
  prize: string | null;
}

export interface ScheduledResultUnitsTable {
  contest_id: string;
  scope: 'school' | 'district';
  unit_key: string;
  name: string;
  district: string;
  participants: number;
  enrolment: number | null;
  participation_rate: number | null;
  mean_score: number | null;
  median_score: number | null;
  prize_points: number;
  collective_score: number;
  rank: number;
}

export interface PracticeAttemptsTable {
  id: Generated<string>;
  bank_slug: string;
  bank_version: number;
  bank_version_id: string;
  seed: string;
  question_keys: Json<string[]>;
  mappings: Json<string[][]>;
  answers: Json<Record<string, unknown>>;
  started_at: RequiredTimestamp;
  deadline: NullableTimestamp;
  ended_at: NullableTimestamp;
}

/** Merged into `Database` (src/db/schema.ts) through `extends`. */
export interface ScheduledTables {
  organiser_grants: OrganiserGrantsTable;
  scheduled_contests: ScheduledContestsTable;
  scheduled_participants: ScheduledParticipantsTable;
  scheduled_duplicates: ScheduledDuplicatesTable;
  scheduled_attempts: ScheduledAttemptsTable;
  scheduled_answers: ScheduledAnswersTable;
  scheduled_result_individuals: ScheduledResultIndividualsTable;
  scheduled_result_units: ScheduledResultUnitsTable;
  practice_attempts: PracticeAttemptsTable;
}
