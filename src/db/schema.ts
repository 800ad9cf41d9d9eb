import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { RegionTables } from '../regions/tables.ts';
import type { LiveContestTables } from '../contests/tables.ts';
import type { ReportTables } from '../reports/tables.ts';
import type { ScheduledTables } from '../scheduled/tables.ts';

/**
 * The typed shape of the database: the single source of Kysely's types.
 * Each table's columns mirror `migrations/`; keep them in step.
 */
/** A timestamp with a database default (optional on insert). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A timestamp the application must supply. */
type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** jsonb columns: written as a JSON string, read back parsed. */
export type Json<T> = ColumnType<T, string, string>;

export type Role = 'admin' | 'teacher' | 'official';

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: Generated<string>;
  role: Role;
  region_code: string | null;
  password_hash: string;
  created_at: Timestamp;
  disabled_at: NullableTimestamp;
  /** May organise scheduled contests for their region (migration 0009). */
  organiser: Generated<boolean>;
}

export interface SessionsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  created_at: Timestamp;
  expires_at: RequiredTimestamp;
  last_seen_at: Timestamp;
  user_agent: string | null;
  ip: string | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Timestamp;
  expires_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface BanksTable {
  id: Generated<string>;
  slug: string;
  title: Json<{ vi: string; en: string }>;
  description: Json<{ vi: string; en: string } | null> | null;
  default_language: 'vi' | 'en';
  framework: string;
  visibility: 'private' | 'unit' | 'public';
  region_code: string | null;
  licence: string | null;
  author: string | null;
  tags: Json<string[]>;
  owner_id: string | null;
  review_required: Generated<boolean>;
  review_state: Generated<'draft' | 'in_review' | 'approved' | 'changes_requested'>;
  reviewed_revision: number | null;
  draft_revision: Generated<number>;
  next_position: Generated<number>;
  archived_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BankMembersTable {
  bank_id: string;
  user_id: string;
  role: 'editor' | 'viewer' | 'reviewer';
}

/** A collaborator added by email, before that account has used banks (migration 0007). */
export interface BankInvitationsTable {
  bank_id: string;
  email: string;
  role: 'editor' | 'viewer' | 'reviewer';
  created_at: Generated<Date>;
}

export interface QuestionsTable {
  id: Generated<string>;
  bank_id: string;
  key: string;
  position: number;
  type: string;
  /** The full native question (key included): see src/banks/question-schema.ts. */
  body: Json<Record<string, unknown>>;
  search_text: string;
  competences: string[];
  grade_bands: string[];
  difficulty: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BankVersionsTable {
  id: Generated<string>;
  bank_id: string;
  version: number;
  meta: Json<Record<string, unknown>>;
  checksum: string;
  question_count: number;
  published_by: string | null;
  published_at: Timestamp;
  /** The author's note on what changed (migration 0009). */
  note: Generated<string>;
}

export interface BankVersionQuestionsTable {
  version_id: string;
  key: string;
  position: number;
  type: string;
  body: Json<Record<string, unknown>>;
  competences: string[];
  grade_bands: string[];
  difficulty: number;
}

export interface ReviewCommentsTable {
  id: Generated<string>;
  bank_id: string;
  question_key: string | null;
  author_id: string | null;
  kind: 'comment' | 'submitted' | 'approved' | 'changes_requested';
  body: string;
  created_at: Timestamp;
}

/** Where an image's bytes are kept (src/banks/image-store.ts). */
export type ImageStorage = 'database' | 'disk' | 'r2';

export interface ImagesTable {
  id: Generated<string>;
  bank_id: string | null;
  content_type: string;
  /** Null when the bytes live outside the database (see stored_in). */
  bytes: Uint8Array | null;
  size: number;
  stored_in: ColumnType<ImageStorage, ImageStorage | undefined, never>;
  uploaded_by: string | null;
  created_at: Timestamp;
}

export interface Database extends RegionTables, LiveContestTables, ReportTables, ScheduledTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  banks: BanksTable;
  bank_members: BankMembersTable;
  questions: QuestionsTable;
  bank_versions: BankVersionsTable;
  bank_version_questions: BankVersionQuestionsTable;
  review_comments: ReviewCommentsTable;
  images: ImagesTable;
  bank_invitations: BankInvitationsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
