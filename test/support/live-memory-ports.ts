import type { StoredQuestion } from '../../src/banks/bank-service.ts';
import { QuestionSchema } from '../../src/banks/question-schema.ts';
import { LiveSettingsSchema, type LiveSettingsInput } from '../../src/contests/settings.ts';
import type { AnswerStore, Broadcaster, Clock, SharedPart, SplicedMessage, ContestStore, LiveEvent, NewPlayerRow, StoredContest } from '../../src/contests/live-ports.ts';
import type { AnswerRecord } from '../../src/contests/live-state.ts';
import type { LiveSnapshot } from '../../src/contests/live-restore.ts';

/**
 * In-memory ports for testing the live engine's shell without sockets or SQL.
 * Each is a small working implementation (not a mock): the store keeps rows,
 * the clock runs timers in order when advanced, the broadcaster records what
 * each room was sent.
 */

export class ManualClock implements Clock {
  private t: number;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  constructor(start = 1_000_000) {
    this.t = start;
  }
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return { id };
  };
  clearTimeout = (h: unknown) => {
    this.timers.delete((h as { id: number }).id);
  };
  /** Move time forward, firing due timers in order (and timers they arm, if due). */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | null = null;
      for (const e of this.timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
    }
    this.t = end;
  }
}

export interface Sent {
  rooms: readonly string[];
  event: LiveEvent;
  payload: unknown;
  /** For `emitSpliced`: the shared part as given (serialised once for every receiver). */
  shared?: SharedPart;
}

export class RecordingBroadcaster implements Broadcaster {
  readonly sent: Sent[] = [];
  readonly disconnected: string[] = [];
  emit(rooms: readonly string[], event: LiveEvent, payload: unknown): void {
    this.sent.push({ rooms: [...rooms], event, payload });
  }
  emitSpliced(room: string, messages: readonly SplicedMessage[]): void {
    // What a receiver decodes: the shared members and the personal ones, from their serialised forms.
    for (const { event, shared, personal } of messages) this.sent.push({ rooms: [room], event, payload: { ...JSON.parse(shared.json), ...JSON.parse(JSON.stringify(personal)) }, shared });
  }
  disconnect(room: string): void {
    this.disconnected.push(room);
  }
  /** The shared parts of the spliced `event` messages sent to `room`. */
  sharedTo<T extends object>(room: string, event: LiveEvent): Array<SharedPart<T>> {
    return this.sent.filter((s) => s.event === event && s.rooms.includes(room) && s.shared).map((s) => s.shared as SharedPart<T>);
  }
  /** Payloads of `event` sent to `room`. */
  to<T>(room: string, event: LiveEvent): T[] {
    return this.sent.filter((s) => s.event === event && s.rooms.includes(room)).map((s) => s.payload as T);
  }
}

export class MemoryAnswerStore implements AnswerStore {
  readonly rows = new Map<string, { answerId: string; record: AnswerRecord }>();
  flushes = 0;
  async write(row: { contestId: string; answerId: string; record: AnswerRecord }): Promise<void> {
    const key = `${row.contestId}:${row.record.playerId}:${row.record.questionIndex}`;
    if (!this.rows.has(key)) this.rows.set(key, { answerId: row.answerId, record: row.record });
  }
  async flush(): Promise<void> {
    this.flushes++;
  }
  async close(): Promise<void> {}
}

export class MemoryContestStore implements ContestStore {
  readonly contests = new Map<string, Omit<StoredContest, 'snapshot' | 'answerIds' | 'players'> & { state: Omit<LiveSnapshot, 'answers'> | null; phase: string }>();
  readonly players = new Map<string, NewPlayerRow & { kicked: boolean }>();
  saves = 0;

  add(id: string, pin: string, questions: StoredQuestion[], settings: LiveSettingsInput = {}): void {
    this.contests.set(id, {
      id,
      pin,
      title: 'Thi thử',
      ownerId: null,
      settings: LiveSettingsSchema.parse(settings),
      seed: 'seed',
      districts: [
        { code: 'D1', name: 'Quận 1' },
        { code: 'D2', name: 'Quận 2' },
      ],
      rosterMode: false,
      screenSalt: 'salt',
      questions,
      state: null,
      phase: 'lobby',
    });
  }

  async load(id: string): Promise<StoredContest | null> {
    const c = this.contests.get(id);
    if (!c) return null;
    const { state, phase: _phase, ...rest } = c;
    return {
      ...rest,
      snapshot: state ? { ...structuredClone(state), answers: [] } : null,
      answerIds: [],
      players: [...this.players.values()]
        .filter((p) => p.contestId === id)
        .map((p) => ({ id: p.id, tokenHash: p.tokenHash, className: p.className, kicked: p.kicked, nickname: p.nickname, nicknameKey: p.nicknameKey, district: p.district, school: p.school, joinOrder: p.joinOrder, joinedAt: p.joinedAt })),
    };
  }
  async openIdByPin(pin: string) {
    return [...this.contests.values()].find((c) => c.pin === pin && c.phase !== 'ended')?.id ?? null;
  }
  async anyIdByPin(pin: string) {
    return [...this.contests.values()].find((c) => c.pin === pin)?.id ?? null;
  }
  async runningIds() {
    return [...this.contests.values()].filter((c) => c.state && c.phase !== 'ended').map((c) => c.id);
  }
  async saveState(id: string, stateJson: string, meta: { phase: string }) {
    const c = this.contests.get(id)!;
    c.state = JSON.parse(stateJson) as Omit<LiveSnapshot, 'answers'>;
    c.phase = meta.phase;
    this.saves++;
  }
  async playerByToken(tokenHash: string) {
    const p = [...this.players.values()].find((x) => x.tokenHash === tokenHash);
    return p ? { contestId: p.contestId, playerId: p.id, kicked: p.kicked } : null;
  }
  async rosterCode() {
    return null;
  }
  async insertPlayer(row: NewPlayerRow) {
    this.players.set(row.id, { ...row, kicked: false });
  }
  async markKicked(playerId: string) {
    const p = this.players.get(playerId);
    if (p) p.kicked = true;
  }
  async screenSalt(id: string) {
    return this.contests.get(id)?.screenSalt ?? null;
  }
}

/** A single-choice question with options a–d; `a` is right. */
export function singleChoice(id: string): StoredQuestion {
  const q = QuestionSchema.parse({
    type: 'single_choice',
    prompt: { vi: `Câu ${id}`, en: `Question ${id}` },
    options: ['a', 'b', 'c', 'd'].map((o) => ({ id: o, text: { vi: `Ý ${o}`, en: `Option ${o}` } })),
    answer: 'a',
  });
  return { ...q, id } as StoredQuestion;
}

/** A stand-in for a socket: remembers the rooms it joined. */
export function fakeSocket(): { rooms: Set<string>; join(room: string): void; data: { player?: { contestId: string; playerId: string } } } {
  const rooms = new Set<string>();
  return { rooms, join: (r) => void rooms.add(r), data: {} };
}
