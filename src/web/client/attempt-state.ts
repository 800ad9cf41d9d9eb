import type { PlayerQuestion } from '../../banks/player-view.ts';
import type { PlayerResponse } from '../../banks/responses.ts';

/**
 * The attempt page's state (scheduled contests): a pure reducer plus the helpers
 * the page needs to autosave, survive a reload or a network drop, and show the
 * timer from the server's clock. Nothing here touches the DOM, the network, the
 * storage or the clock: the page passes times in and performs the saves.
 *
 * Saving: every answer replaces the queued save for its question (last write
 * wins, like the server's `PUT …/answers/{questionId}`); one save is in flight at
 * a time, so the server sees a question's answers in the order they were given.
 * A save that fails for the network (or a 5xx) goes back to the head of the
 * queue and is retried; `ATTEMPT_CLOSED` ends the attempt on the page.
 */

export interface AttemptQuestion {
  id: string;
  view: PlayerQuestion;
}

/** What `POST …/attempts` and `GET /api/attempts/{id}` return, as far as this page needs it. */
export interface ServerAttempt {
  id: string;
  questions: AttemptQuestion[];
  /** ISO 8601 or ms since epoch. */
  deadline: string | number;
  serverNow: string | number;
  /** Saved answers by question id (resume only). */
  answers?: Record<string, PlayerResponse>;
  /** True once submitted or closed by the deadline (resume only). */
  finished?: boolean;
  result?: AttemptResult | null;
}

export interface AttemptResult {
  score: number;
  maxScore: number;
  correctCount: number;
  durationMs: number;
}

export interface QueuedSave {
  questionId: string;
  response: PlayerResponse;
  /** Increases with every answer given on this page: tells a stale acknowledgement from the latest. */
  seq: number;
}

export type AttemptPhase = 'answering' | 'confirm' | 'submitting' | 'finished';

export interface AttemptState {
  attemptId: string;
  questions: AttemptQuestion[];
  /** The latest answer per question (saved or not). */
  answers: Record<string, PlayerResponse>;
  /** Answers waiting to be sent, oldest first, at most one per question. */
  queue: QueuedSave[];
  inFlight: QueuedSave | null;
  /** Failed sends in a row (network or server errors), for the retry back-off. */
  failures: number;
  seq: number;
  current: number;
  /** Server clock, ms since epoch. */
  deadline: number;
  /** Add to the client clock to get the server clock. */
  offsetMs: number;
  phase: AttemptPhase;
  prediction: string;
  /** Taps so far on a multiple-choice or ordering question, by question id. */
  drafts: Record<string, number[]>;
  result: AttemptResult | null;
  /** The code of the last refused request, for an inline message. */
  error: string | null;
  online: boolean;
}

export type AttemptAction =
  | { type: 'answer'; questionId: string; response: PlayerResponse }
  | { type: 'draft'; questionId: string; choice: number }
  | { type: 'draft-clear'; questionId: string }
  | { type: 'save-started' }
  | { type: 'save-ok'; seq: number }
  /** `transient`: the network or the server failed, try again; otherwise the answer was refused. */
  | { type: 'save-failed'; seq: number; code: string; transient: boolean }
  | { type: 'go'; index: number }
  | { type: 'prediction'; value: string }
  | { type: 'confirm'; open: boolean }
  | { type: 'submit-started' }
  | { type: 'submitted'; result: AttemptResult }
  | { type: 'submit-failed'; code: string; transient: boolean }
  | { type: 'connection'; online: boolean };

/** Codes after which the attempt can take no more answers. */
const CLOSED_CODES: ReadonlySet<string> = new Set(['ATTEMPT_CLOSED', 'CONTEST_CLOSED']);

/** ms since epoch from an ISO string or a number. */
export function toMs(t: string | number): number {
  return typeof t === 'number' ? t : Date.parse(t);
}

/**
 * The offset from one server answer: the server's clock was `serverNow` at some
 * moment between sending and receiving, best guessed as the middle.
 */
export function clockOffset(serverNow: string | number, clientSentAt: number, clientReceivedAt: number): number {
  return toMs(serverNow) - (clientSentAt + Math.max(0, clientReceivedAt - clientSentAt) / 2);
}

/**
 * The state for an attempt the server just sent (started or resumed). `stored`:
 * what this browser kept from before a reload — its unsent answers are newer than
 * the server's and go back in the queue; everything else comes from the server.
 */
export function attemptFromServer(a: ServerAttempt, timing: { clientSentAt: number; clientReceivedAt: number }, stored?: StoredAttempt | null): AttemptState {
  const ids = new Set(a.questions.map((q) => q.id));
  const answers: Record<string, PlayerResponse> = {};
  for (const [qid, r] of Object.entries(a.answers ?? {})) if (ids.has(qid)) answers[qid] = r;
  const mine = stored && stored.attemptId === a.id ? stored : null;
  const queue: QueuedSave[] = [];
  let seq = 0;
  for (const q of mine?.queue ?? []) {
    if (!ids.has(q.questionId)) continue;
    seq += 1;
    queue.push({ questionId: q.questionId, response: q.response, seq });
    answers[q.questionId] = q.response;
  }
  const finished = Boolean(a.finished);
  return {
    attemptId: a.id,
    questions: a.questions,
    answers,
    queue: finished ? [] : queue,
    inFlight: null,
    failures: 0,
    seq,
    current: Math.min(Math.max(0, mine?.current ?? 0), Math.max(0, a.questions.length - 1)),
    deadline: toMs(a.deadline),
    offsetMs: clockOffset(a.serverNow, timing.clientSentAt, timing.clientReceivedAt),
    phase: finished ? 'finished' : 'answering',
    prediction: mine?.prediction ?? '',
    drafts: {},
    result: a.result ?? null,
    error: null,
    online: true,
  };
}

function enqueue(s: AttemptState, questionId: string, response: PlayerResponse): AttemptState {
  const seq = s.seq + 1;
  const queue = [...s.queue.filter((q) => q.questionId !== questionId), { questionId, response, seq }];
  return { ...s, seq, queue, answers: { ...s.answers, [questionId]: response }, error: null };
}

/** What a tap on `choice` makes of a draft: multiple choice toggles it in a set, ordering appends it (or takes it and the later ones back). */
export function nextDraft(view: PlayerQuestion, draft: readonly number[], choice: number): number[] {
  const at = draft.indexOf(choice);
  if (view.type === 'ordering') return at >= 0 ? draft.slice(0, at) : [...draft, choice];
  return at >= 0 ? draft.filter((c) => c !== choice) : [...draft, choice];
}

/** The response a draft makes, or null while incomplete (ordering: every item placed; multiple choice: at least one). */
export function draftResponse(view: PlayerQuestion, draft: readonly number[]): PlayerResponse | null {
  if (view.type === 'multiple_choice') return draft.length > 0 ? { type: 'multiple_choice', choices: [...draft].sort((x, y) => x - y) } : null;
  if (view.type === 'ordering') return view.options && draft.length === view.options.length ? { type: 'ordering', order: [...draft] } : null;
  return null;
}

/** The taps to show for a question: the draft if any, else what the saved answer says. */
export function shownDraft(s: AttemptState, questionId: string): number[] {
  const d = s.drafts[questionId];
  if (d) return d;
  const r = s.answers[questionId];
  if (r?.type === 'multiple_choice') return [...r.choices];
  if (r?.type === 'ordering') return [...r.order];
  return [];
}

export function attemptReducer(s: AttemptState, a: AttemptAction): AttemptState {
  if (s.phase === 'finished' && a.type !== 'connection' && a.type !== 'go') return s;
  switch (a.type) {
    case 'answer':
      if (!s.questions.some((q) => q.id === a.questionId)) return s;
      return enqueue({ ...s, drafts: withoutKey(s.drafts, a.questionId) }, a.questionId, a.response);
    case 'draft': {
      const q = s.questions.find((x) => x.id === a.questionId);
      if (!q || (q.view.type !== 'multiple_choice' && q.view.type !== 'ordering')) return s;
      const draft = nextDraft(q.view, shownDraft(s, a.questionId), a.choice);
      const next = { ...s, drafts: { ...s.drafts, [a.questionId]: draft } };
      const response = draftResponse(q.view, draft);
      return response ? enqueue(next, a.questionId, response) : next;
    }
    case 'draft-clear':
      return { ...s, drafts: { ...s.drafts, [a.questionId]: [] } };
    case 'save-started': {
      if (s.inFlight || s.queue.length === 0) return s;
      const [head, ...rest] = s.queue;
      return { ...s, inFlight: head!, queue: rest };
    }
    case 'save-ok':
      if (!s.inFlight || s.inFlight.seq !== a.seq) return s;
      return { ...s, inFlight: null, failures: 0, online: true };
    case 'save-failed': {
      if (!s.inFlight || s.inFlight.seq !== a.seq) return s;
      const failed = s.inFlight;
      if (CLOSED_CODES.has(a.code)) return { ...s, inFlight: null, queue: [], phase: 'finished', error: a.code };
      if (a.transient) {
        // Back to the head of the queue unless a newer answer to the same question is already waiting.
        const newer = s.queue.some((q) => q.questionId === failed.questionId);
        return { ...s, inFlight: null, queue: newer ? s.queue : [failed, ...s.queue], failures: s.failures + 1, online: a.code !== 'NETWORK' ? s.online : false };
      }
      // Refused for good (a malformed answer): drop it, say so, keep going.
      return { ...s, inFlight: null, failures: 0, error: a.code };
    }
    case 'go':
      return { ...s, current: Math.min(Math.max(0, a.index), s.questions.length - 1) };
    case 'prediction':
      return { ...s, prediction: a.value.replace(/[^\d]/g, '').slice(0, 9), error: null };
    case 'confirm':
      return { ...s, phase: a.open ? 'confirm' : 'answering', error: null };
    case 'submit-started':
      return { ...s, phase: 'submitting', error: null };
    case 'submitted':
      return { ...s, phase: 'finished', result: a.result, queue: [], inFlight: null, error: null };
    case 'submit-failed':
      if (CLOSED_CODES.has(a.code)) return { ...s, phase: 'finished', queue: [], inFlight: null, error: a.code };
      return { ...s, phase: 'confirm', error: a.code, online: a.transient && a.code === 'NETWORK' ? false : s.online };
    case 'connection':
      return { ...s, online: a.online };
  }
}

function withoutKey<T>(o: Record<string, T>, key: string): Record<string, T> {
  if (!(key in o)) return o;
  const copy = { ...o };
  delete copy[key];
  return copy;
}

/** Server time left, never negative. */
export function remainingMs(s: AttemptState, clientNow: number): number {
  return Math.max(0, s.deadline - (clientNow + s.offsetMs));
}

/** "12:05" (minutes:seconds, rounded up so 0:00 means time is up). */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** What the autosave indicator says: everything saved, saving, waiting for the network, or nothing answered yet. */
export type SaveIndicator = 'idle' | 'saved' | 'saving' | 'offline';

export function saveIndicator(s: AttemptState): SaveIndicator {
  const pending = s.queue.length > 0 || s.inFlight !== null;
  if (pending) return !s.online || s.failures > 0 ? 'offline' : 'saving';
  return Object.keys(s.answers).length > 0 ? 'saved' : 'idle';
}

/** Per question, in order: answered (locally) or not, and whether its latest answer is still unsaved. */
export function questionMarks(s: AttemptState): Array<{ index: number; answered: boolean; unsaved: boolean }> {
  const unsaved = new Set([...s.queue.map((q) => q.questionId), ...(s.inFlight ? [s.inFlight.questionId] : [])]);
  return s.questions.map((q, index) => ({ index, answered: q.id in s.answers, unsaved: unsaved.has(q.id) }));
}

export function unansweredCount(s: AttemptState): number {
  return s.questions.filter((q) => !(q.id in s.answers)).length;
}

/** The prediction as the API takes it (a non-negative integer), or null when empty or not a number. */
export function predictionValue(s: AttemptState): number | null {
  if (!/^\d{1,9}$/.test(s.prediction)) return null;
  return Number(s.prediction);
}

/** Submit only once every answer is saved (the server grades what it has). */
export function canSubmit(s: AttemptState): boolean {
  return s.phase === 'confirm' && predictionValue(s) !== null && s.queue.length === 0 && s.inFlight === null;
}

/** Wait before retrying after `failures` failed sends in a row: 1 s, 2 s, 4 s … capped at 15 s. */
export function retryDelayMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(15_000, 1000 * 2 ** (failures - 1));
}

// ---------- what this browser keeps across a reload ----------

/**
 * Kept in localStorage per contest: the participant's bearer token (so a reload
 * or a closed tab does not lose it), the attempt in progress, its unsent answers
 * and the prediction being typed. Nothing else personal.
 */
export interface StoredAttempt {
  attemptId: string;
  current: number;
  prediction: string;
  queue: Array<{ questionId: string; response: PlayerResponse }>;
}

export interface StoredParticipant {
  participantId: string;
  participantToken: string;
  resumeCode?: string;
  attempt?: StoredAttempt | null;
  /** The last finished attempt, to show its result after a reload. */
  lastAttemptId?: string;
}

export function toStoredAttempt(s: AttemptState): StoredAttempt | null {
  if (s.phase === 'finished') return null;
  const queue = [...(s.inFlight ? [s.inFlight] : []), ...s.queue].map((q) => ({ questionId: q.questionId, response: q.response }));
  return { attemptId: s.attemptId, current: s.current, prediction: s.prediction, queue };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const RESPONSE_TYPES = new Set(['single_choice', 'multiple_choice', 'true_false', 'short_answer', 'ordering']);

/** Read back what `StoredParticipant` wrote, dropping anything malformed (storage is user-editable). */
export function parseStoredParticipant(text: string | null): StoredParticipant | null {
  if (!text) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObj(v) || typeof v.participantId !== 'string' || typeof v.participantToken !== 'string' || v.participantToken.length < 16) return null;
  const out: StoredParticipant = { participantId: v.participantId, participantToken: v.participantToken };
  if (typeof v.resumeCode === 'string') out.resumeCode = v.resumeCode;
  if (typeof v.lastAttemptId === 'string') out.lastAttemptId = v.lastAttemptId;
  const a = v.attempt;
  if (isObj(a) && typeof a.attemptId === 'string') {
    const queue = Array.isArray(a.queue)
      ? a.queue.filter((q): q is { questionId: string; response: PlayerResponse } => isObj(q) && typeof q.questionId === 'string' && isObj(q.response) && RESPONSE_TYPES.has(String(q.response.type)))
      : [];
    out.attempt = {
      attemptId: a.attemptId,
      current: typeof a.current === 'number' && Number.isInteger(a.current) ? a.current : 0,
      prediction: typeof a.prediction === 'string' ? a.prediction.replace(/[^\d]/g, '').slice(0, 9) : '',
      queue,
    };
  }
  return out;
}

/**
 * Read an attempt as the server sends it (start or resume) into `ServerAttempt`,
 * accepting saved answers as a record or as `[{questionId, response}]`, and the
 * end as `finished`, a `state`/`status` other than open, or an `endedAt`.
 * Returns null when the body is not an attempt.
 */
const ENDED_STATES: ReadonlySet<string> = new Set(['ended', 'submitted', 'closed', 'expired']);

export function readServerAttempt(body: unknown): ServerAttempt | null {
  if (!isObj(body) || typeof body.id !== 'string' || !Array.isArray(body.questions)) return null;
  const questions = body.questions.filter((q): q is AttemptQuestion => isObj(q) && typeof q.id === 'string' && isObj(q.view) && typeof q.view.type === 'string');
  const deadline = typeof body.deadline === 'string' || typeof body.deadline === 'number' ? body.deadline : null;
  const serverNow = typeof body.serverNow === 'string' || typeof body.serverNow === 'number' ? body.serverNow : null;
  if (deadline === null || serverNow === null) return null;
  const answers: Record<string, PlayerResponse> = {};
  const raw = body.answers;
  if (Array.isArray(raw)) {
    for (const a of raw) if (isObj(a) && typeof a.questionId === 'string' && isObj(a.response) && RESPONSE_TYPES.has(String(a.response.type))) answers[a.questionId] = a.response as unknown as PlayerResponse;
  } else if (isObj(raw)) {
    for (const [k, r] of Object.entries(raw)) if (isObj(r) && RESPONSE_TYPES.has(String(r.type))) answers[k] = r as unknown as PlayerResponse;
  }
  const state = typeof body.state === 'string' ? body.state : typeof body.status === 'string' ? body.status : null;
  const finished = body.finished === true || (state !== null && ENDED_STATES.has(state)) || (body.endedAt !== undefined && body.endedAt !== null);
  const r = isObj(body.result) ? body.result : body;
  const result =
    finished && typeof r.score === 'number' && typeof r.maxScore === 'number'
      ? { score: r.score, maxScore: r.maxScore, correctCount: typeof r.correctCount === 'number' ? r.correctCount : 0, durationMs: typeof r.durationMs === 'number' ? r.durationMs : 0 }
      : null;
  return { id: body.id, questions, deadline, serverNow, answers, finished, result };
}
