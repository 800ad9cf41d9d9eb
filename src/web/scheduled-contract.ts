import type { LocalizedText } from '../shared/localized.ts';

/**
 * The scheduled-contest API as the pages read it (issue 10's contract: routes,
 * body and response fields). Only the fields the pages use are listed; the
 * server may send more. Shared by the server-rendered pages and the bundles.
 */

export type ContestState = 'draft' | 'upcoming' | 'open' | 'closed' | 'published';

export interface ContestSummary {
  slug: string;
  title: LocalizedText;
  state: ContestState;
  opensAt: string;
  closesAt: string;
}

export interface PredictionSetting {
  prompt: LocalizedText;
  scoredAgainst: 'participants' | 'perfectScores';
}

export interface UnitFormula {
  participationWeight?: number;
  prizePoints?: { first?: number; second?: number; third?: number; consolation?: number };
}

export interface ContestDetail extends ContestSummary {
  rules: LocalizedText;
  bank: string;
  version: number;
  questionsPerAttempt?: number | null;
  blueprint?: unknown;
  attemptMinutes: number;
  maxAttempts: number;
  regionSet: string;
  gradeBands?: string[];
  prediction?: PredictionSetting | null;
  keysVisible?: 'afterSubmit' | 'afterClose';
  prizes?: { first?: number; second?: number; third?: number; consolation?: number };
  unitFormula?: UnitFormula;
}

export interface RegistrationResult {
  participantId: string;
  participantToken: string;
  resumeCode: string;
}

export interface IndividualRow {
  rank: number;
  participantId: string;
  district: string;
  score: number;
  predictionError: number | null;
  durationMs: number;
  submittedAt: string;
  fullName?: string;
  displayName?: string;
  school?: string;
  prize?: string | null;
}

export interface UnitRow {
  rank: number;
  code?: string;
  district?: string;
  school?: string;
  name?: string;
  participants: number | null;
  enrolment?: number | null;
  participationRate?: number | null;
  meanScore?: number | null;
  medianScore?: number | null;
  prizePoints?: number | null;
  collectiveScore?: number | null;
  suppressed?: boolean;
}

/** The rows of a list route: `{items}`, `{contests}` or a bare array. */
export function itemsOf<T>(body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items)) return (body as { items: T[] }).items;
  if (body && typeof body === 'object' && Array.isArray((body as { contests?: unknown }).contests)) return (body as { contests: T[] }).contests;
  return [];
}

/** The `Authorization` header for a participant token. */
export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** The localStorage key a contest's participant is kept under. */
export function participantKey(slug: string): string {
  return `civiq.scheduled.${slug}`;
}
