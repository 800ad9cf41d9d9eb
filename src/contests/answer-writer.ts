import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../shared/logger.ts';
import type { AnswerRecord } from './live-state.ts';
import type { LiveAnswersTable } from './tables.ts';
import type { OriginalResponse } from '../banks/responses.ts';

/**
 * A stored answer back as the machine's record. The streak bonus is not stored per
 * answer: it is settled into the players' totals (in the snapshot) when a question closes.
 */
export function answerRecordFromRow(a: Selectable<LiveAnswersTable>): AnswerRecord {
  return {
    playerId: a.player_id,
    questionIndex: a.question_index,
    receivedAt: new Date(a.received_at).getTime(),
    rttMs: a.rtt_ms,
    elapsedMs: a.elapsed_ms,
    correct: a.correct,
    fraction: a.fraction,
    points: a.points,
    bonus: 0,
    response: a.response as OriginalResponse,
  };
}

/**
 * Batched, exactly-once answer persistence. The hot path enqueues and awaits;
 * one INSERT … ON CONFLICT DO NOTHING carries up to `maxBatch` answers, so the
 * database sees a round trip per batch, not per answer. An answer's promise
 * resolves only once its row is committed (the ack then means "stored"); a
 * failed batch is retried with back-off until it lands, and the unique key
 * (contest, player, question) makes retries harmless.
 */
export interface AnswerRow {
  contestId: string;
  answerId: string;
  record: AnswerRecord;
  /** Faster than the human floor (fast-answers.ts). */
  flagged?: boolean;
}

interface Pending {
  row: AnswerRow;
  resolve: () => void;
}

export class AnswerWriter {
  private queue: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> | null = null;
  private readonly db: Kysely<Database>;
  private readonly logger: Logger;
  private readonly maxBatch: number;
  private readonly delayMs: number;
  private closed = false;
  /** Batches written, for metrics. */
  batches = 0;

  constructor(opts: { db: Kysely<Database>; logger: Logger; maxBatch?: number; delayMs?: number }) {
    this.db = opts.db;
    this.logger = opts.logger;
    this.maxBatch = opts.maxBatch ?? 250;
    this.delayMs = opts.delayMs ?? 15;
  }

  /** Resolves when the row is committed. */
  write(row: AnswerRow): Promise<void> {
    return new Promise<void>((resolve) => {
      this.queue.push({ row, resolve });
      if (this.queue.length >= this.maxBatch) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
    });
  }

  /** Write everything queued so far (awaited before a reveal, a snapshot, and at shutdown). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    // One flush at a time keeps batches in order; a caller arriving mid-flush waits for it, then flushes the rest.
    while (this.flushing) await this.flushing;
    if (this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.maxBatch);
    this.flushing = this.writeBatch(batch).finally(() => (this.flushing = null));
    await this.flushing;
    if (this.queue.length > 0) await this.flush();
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    let delay = 100;
    for (;;) {
      try {
        await this.db
          .insertInto('live_answers')
          .values(
            batch.map(({ row: { contestId, answerId, record: a, flagged } }) => ({
              contest_id: contestId,
              player_id: a.playerId,
              question_index: a.questionIndex,
              answer_id: answerId,
              response: JSON.stringify(a.response),
              received_at: new Date(a.receivedAt),
              rtt_ms: a.rttMs,
              elapsed_ms: Math.round(a.elapsedMs),
              correct: a.correct,
              fraction: a.fraction,
              points: a.points,
              flagged: flagged ?? false,
            })),
          )
          .onConflict((oc) => oc.columns(['contest_id', 'player_id', 'question_index']).doNothing())
          .execute();
        this.batches++;
        for (const p of batch) p.resolve();
        return;
      } catch (err) {
        if (this.closed) throw err;
        this.logger.warn('answer batch failed; retrying', { size: batch.length, err: (err as Error).message, retryInMs: delay });
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }
}
