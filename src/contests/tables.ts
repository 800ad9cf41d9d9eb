import type { ColumnType, Generated } from 'kysely';

/** Kysely table types for live contests (see migrations/0004_live_contests.ts). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

export interface LiveContestsTable {
  id: Generated<string>;
  pin: string;
  owner_id: string | null;
  title: string;
  bank_slug: string;
  bank_version: number;
  bank_version_id: string;
  question_keys: Json<string[]>;
  settings: Json<Record<string, unknown>>;
  region_set: string | null;
  districts: Json<Array<{ code: string; name: string }>>;
  roster_mode: Generated<boolean>;
  screen_salt: string;
  seed: string;
  phase: Generated<'lobby' | 'question' | 'reveal' | 'ended'>;
  question_index: Generated<number>;
  state: Json<Record<string, unknown> | null> | null;
  state_saved_at: NullableTimestamp;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  ended_at: NullableTimestamp;
}

export interface LivePlayersTable {
  id: Generated<string>;
  contest_id: string;
  nickname: string;
  nickname_key: string;
  district: string;
  school: string | null;
  class_name: string | null;
  roster_code_id: string | null;
  reconnect_token_hash: string;
  join_order: number;
  joined_at: Timestamp;
  kicked_at: NullableTimestamp;
}

export interface LiveAnswersTable {
  contest_id: string;
  player_id: string;
  question_index: number;
  answer_id: string;
  response: Json<unknown>;
  received_at: ColumnType<Date, Date | string, Date | string>;
  rtt_ms: number | null;
  elapsed_ms: number;
  correct: boolean;
  fraction: number;
  points: number;
  /** Faster than the human floor after the round trip (migration 0007). */
  flagged: Generated<boolean>;
}

export interface LiveRosterCodesTable {
  id: Generated<string>;
  contest_id: string;
  code_hash: string;
  label: string;
  district: string | null;
  used_by: string | null;
}

export interface LiveContestTables {
  live_contests: LiveContestsTable;
  live_players: LivePlayersTable;
  live_answers: LiveAnswersTable;
  live_roster_codes: LiveRosterCodesTable;
}
