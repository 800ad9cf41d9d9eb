/**
 * The arithmetic of the live-contest benchmark (bench/live-bench.ts): what the
 * bots saw, what the database holds, and the numbers printed from them. No I/O,
 * so the definitions of `lost` and friends are unit-tested (test/bench/).
 */

/** What happened to one answer a bot sent. */
export interface AnswerOutcome {
  questionIndex: number;
  answerId: string;
  /** `acked`: an `{ ok: true }` acknowledgement; `refused`: an error acknowledgement; `unacked`: none, even after the retries. */
  status: 'acked' | 'refused' | 'unacked';
  /** The error code of a refusal, or of the last attempt of an unacknowledged answer (`TIMEOUT`). */
  code?: string;
  /** From the first emit to the final acknowledgement (retries included), acked answers only. */
  ackMs?: number;
  /** The server's `receivedAt` from the acknowledgement (server clock, ms since epoch). */
  receivedAt?: number;
  /** Machine clock of the first emit and of the final acknowledgement (throughput). */
  sentAt?: number;
  ackedAt?: number;
  attempts: number;
}

/** One bot's receipt of a reveal, on the machine-wide clock (`performance.timeOrigin + performance.now()`). */
export interface RevealReceipt {
  index: number;
  at: number;
  answered: boolean;
  correct: boolean;
  /** The server's stamp on the reveal payload, when the server sends one (not in the protocol yet). */
  serverNow?: number;
  /** When the `leaderboard:update` that follows the reveal (with the player's place) arrived. */
  boardAt?: number;
}

/** Everything a bot reports back to the main thread. */
export interface BotReport {
  nickname: string;
  playerId: string | null;
  district: string;
  joinError?: string;
  answers: AnswerOutcome[];
  reveals: RevealReceipt[];
  ended: boolean;
}

/** A row of `live_answers`, reduced to its identity. */
export interface StoredAnswer {
  playerId: string;
  questionIndex: number;
  answerId: string;
}

/** Nearest-rank percentile (`p` in 0..100) of unsorted samples, rounded to 0.1 ms; null without samples. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return Math.round((sorted[rank - 1] as number) * 10) / 10;
}

const answerKey = (playerId: string, questionIndex: number, answerId: string) => `${playerId}|${questionIndex}|${answerId}`;

export interface LossCount {
  answersSent: number;
  answersAcked: number;
  answersRefused: number;
  /** Refusals by error code. */
  refusedByCode: Record<string, number>;
  /** Sent, never acknowledged (after every retry). */
  unacked: number;
  /** Acknowledged as stored, but no row with that player, question and answer id. */
  ackedMissing: number;
  /** Rows of the contest that match no answer a bot sent (a second row, a wrong id): should be 0. */
  unexpectedRows: number;
  /** `ackedMissing + unacked`. */
  lost: number;
}

/**
 * Compare what the bots sent with the rows the database holds for the contest.
 * An acknowledgement promises the row is committed, so an acknowledged answer
 * without its row is lost; so is an answer that never got any acknowledgement
 * (the player cannot know whether it counted). A refusal is an answer, not a loss.
 */
export function countLoss(bots: readonly BotReport[], stored: readonly StoredAnswer[]): LossCount {
  const rows = new Set(stored.map((r) => answerKey(r.playerId, r.questionIndex, r.answerId)));
  const sent = new Set<string>();
  const out: LossCount = { answersSent: 0, answersAcked: 0, answersRefused: 0, refusedByCode: {}, unacked: 0, ackedMissing: 0, unexpectedRows: 0, lost: 0 };
  for (const bot of bots) {
    for (const a of bot.answers) {
      out.answersSent++;
      const key = answerKey(bot.playerId ?? '', a.questionIndex, a.answerId);
      sent.add(key);
      if (a.status === 'acked') {
        out.answersAcked++;
        if (!rows.has(key)) out.ackedMissing++;
      } else if (a.status === 'refused') {
        out.answersRefused++;
        const code = a.code ?? '?';
        out.refusedByCode[code] = (out.refusedByCode[code] ?? 0) + 1;
      } else {
        out.unacked++;
      }
    }
  }
  for (const key of rows) if (!sent.has(key)) out.unexpectedRows++;
  out.lost = out.ackedMissing + out.unacked;
  return out;
}

/** The parts of `GET /api/live-contests/{id}/results` the benchmark reads. */
export interface ResultsView {
  players: Array<{ nickname: string; correct: number; answered: number }>;
  questions: Array<{ index: number; answered: number; correct: number }>;
}

/**
 * Cross-check the results API against the bots: per player and per question,
 * the answered count (acknowledged answers) and the correct count (the `me` part
 * of the reveals the bots received). Returns one line per disagreement.
 */
export function compareResults(bots: readonly BotReport[], results: ResultsView): string[] {
  const problems: string[] = [];
  const byNickname = new Map(results.players.map((p) => [p.nickname, p]));
  const perQuestion = new Map<number, { answered: number; correct: number }>();
  const tally = (index: number) => perQuestion.get(index) ?? perQuestion.set(index, { answered: 0, correct: 0 }).get(index)!;
  for (const bot of bots) {
    if (!bot.playerId) continue;
    const answered = bot.answers.filter((a) => a.status === 'acked');
    const correct = bot.reveals.filter((r) => r.correct);
    for (const a of answered) tally(a.questionIndex).answered++;
    for (const r of correct) tally(r.index).correct++;
    const row = byNickname.get(bot.nickname);
    if (!row) problems.push(`player ${bot.nickname}: missing from results`);
    else if (row.answered !== answered.length || row.correct !== correct.length) {
      problems.push(`player ${bot.nickname}: results say ${row.answered} answered / ${row.correct} correct, bots had ${answered.length} acknowledged / ${correct.length} revealed correct`);
    }
  }
  const joined = bots.filter((b) => b.playerId).length;
  if (results.players.length !== joined) problems.push(`results list ${results.players.length} players, ${joined} bots joined`);
  for (const q of results.questions) {
    const mine = perQuestion.get(q.index) ?? { answered: 0, correct: 0 };
    if (q.answered !== mine.answered || q.correct !== mine.correct) {
      problems.push(`question ${q.index}: results say ${q.answered} answered / ${q.correct} correct, bots had ${mine.answered} acknowledged / ${mine.correct} revealed correct`);
    }
  }
  return problems;
}

export interface RevealSpread {
  /** Per question: from the reference moment to the last joined bot's receipt, ms (null when no bot got it). */
  byQuestion: Array<number | null>;
  /** The worst question. */
  maxMs: number | null;
  /** The worst question's first-to-last receipt among the bots: the fan-out alone, whatever the reference. */
  fanOutMs: number | null;
  /** Joined bots × questions whose reveal never arrived. */
  missing: number;
}

const tenth = (x: number) => Math.round(x * 10) / 10;

/**
 * How long a reveal took to reach every player: per question, the latest bot
 * receipt minus the reference moment (`refs[i]`: the server's stamp, or the
 * host's receipt), all on one machine-wide clock.
 */
export function revealSpread(refs: ReadonlyArray<number | null>, bots: readonly BotReport[], at: (r: RevealReceipt) => number | undefined = (r) => r.at): RevealSpread {
  const joined = bots.filter((b) => b.playerId);
  let missing = 0;
  let fanOut: number | null = null;
  const byQuestion = refs.map((ref, index) => {
    let first: number | null = null;
    let last: number | null = null;
    for (const bot of joined) {
      const r = bot.reveals.find((x) => x.index === index);
      const t = r ? at(r) : undefined;
      if (t === undefined) {
        missing++;
        continue;
      }
      if (last === null || t > last) last = t;
      if (first === null || t < first) first = t;
    }
    if (first !== null && last !== null) fanOut = Math.max(fanOut ?? 0, tenth(last - first));
    return ref === null || last === null ? null : tenth(last - ref);
  });
  const known = byQuestion.filter((x): x is number => x !== null);
  return { byQuestion, maxMs: known.length ? Math.max(...known) : null, fanOutMs: fanOut, missing };
}

/**
 * The reference moment of each question's reveal: the server's stamp on the
 * reveal payload when the bots' payloads carry one (the earliest), else the
 * host's receipt (`hostRefs`).
 */
export function revealRefs(hostRefs: ReadonlyArray<number | null>, bots: readonly BotReport[]): { refs: Array<number | null>; kind: 'server' | 'host' } {
  const stamps = hostRefs.map((_, index) => {
    let first: number | null = null;
    for (const bot of bots) {
      const stamp = bot.reveals.find((r) => r.index === index)?.serverNow;
      if (stamp !== undefined && (first === null || stamp < first)) first = stamp;
    }
    return first;
  });
  return stamps.some((x) => x !== null) ? { refs: stamps, kind: 'server' } : { refs: [...hostRefs], kind: 'host' };
}

/**
 * Per question, when the server closed it because the last player had answered:
 * the latest `receivedAt` among the acknowledged answers, provided every joined
 * bot's answer to it was acknowledged (otherwise the close came from the
 * deadline or the host, and the moment is unknown here: null).
 */
export function closeMoments(bots: readonly BotReport[], questionCount: number): Array<number | null> {
  const joined = bots.filter((b) => b.playerId);
  return Array.from({ length: questionCount }, (_, index) => {
    let last: number | null = null;
    for (const bot of joined) {
      const a = bot.answers.find((x) => x.questionIndex === index && x.status === 'acked' && x.receivedAt !== undefined);
      if (!a) return null;
      last = Math.max(last ?? a.receivedAt!, a.receivedAt!);
    }
    return last;
  });
}

/** The highest value of a Prometheus gauge in a `/metrics` body, or null when absent. */
export function readGauge(metrics: string, name: string): number | null {
  let best: number | null = null;
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue; // a longer metric name with this prefix
    const value = Number(rest.trim().split(/\s+/).at(-1));
    if (Number.isFinite(value) && (best === null || value > best)) best = value;
  }
  return best;
}

/** A two-column table of the result for people (the JSON line is for machines). */
export function formatTable(result: Record<string, unknown>): string {
  const rows = Object.entries(result).map(([k, v]) => [k, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)] as const);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

/**
 * Acknowledged answers per second while answers were being acked: per question,
 * acks / (last ack − first send), then the mean over questions. The bots spread
 * their answers over the window, so this mostly measures whether the server kept
 * up with them; compare it with the baseline's in the same run.
 */
export function ackThroughput(bots: readonly BotReport[]): number | null {
  const byQ = new Map<number, { n: number; first: number; last: number }>();
  for (const b of bots)
    for (const a of b.answers) {
      if (a.status !== 'acked' || a.sentAt === undefined || a.ackedAt === undefined) continue;
      const q = byQ.get(a.questionIndex) ?? { n: 0, first: a.sentAt, last: a.ackedAt };
      q.n++;
      q.first = Math.min(q.first, a.sentAt);
      q.last = Math.max(q.last, a.ackedAt);
      byQ.set(a.questionIndex, q);
    }
  const rates = [...byQ.values()].filter((q) => q.last > q.first).map((q) => q.n / ((q.last - q.first) / 1000));
  return rates.length ? Math.round(rates.reduce((x, y) => x + y, 0) / rates.length) : null;
}
