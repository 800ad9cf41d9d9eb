import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

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

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
