import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { StoredQuestion } from '../banks/bank-service.ts';
import { QuestionSchema } from '../banks/question-schema.ts';
import { LiveSettingsSchema } from './settings.ts';
import { answerRecordFromRow } from './answer-writer.ts';
import type { LiveSnapshot } from './live-restore.ts';
import type { ContestStore, StoredContest } from './live-ports.ts';

/** The ContestStore port over Kysely (PostgreSQL or PGlite). */
export function createPgContestStore(db: Kysely<Database>): ContestStore {
  return {
    async load(id): Promise<StoredContest | null> {
      const row = await db.selectFrom('live_contests').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      const rows = await db.selectFrom('bank_version_questions').select(['key', 'body']).where('version_id', '=', row.bank_version_id).execute();
      const byKey = new Map(rows.map((r) => [r.key, { ...(QuestionSchema.parse(r.body) as StoredQuestion), id: r.key }]));
      const questions = row.question_keys.map((k) => {
        const q = byKey.get(k);
        if (!q) throw new Error(`contest ${id}: question ${k} missing from its bank version`);
        return q;
      });
      const players = await db
        .selectFrom('live_players')
        .select(['id', 'reconnect_token_hash', 'class_name', 'kicked_at', 'nickname', 'nickname_key', 'district', 'school', 'join_order', 'joined_at'])
        .where('contest_id', '=', id)
        .execute();
      let snapshot: LiveSnapshot | null = null;
      const answerIds: StoredContest['answerIds'] = [];
      if (row.state) {
        const answers = await db.selectFrom('live_answers').selectAll().where('contest_id', '=', id).execute();
        for (const a of answers) answerIds.push({ playerId: a.player_id, questionIndex: a.question_index, answerId: a.answer_id, receivedAt: new Date(a.received_at).getTime() });
        snapshot = { ...(row.state as unknown as LiveSnapshot), answers: answers.map(answerRecordFromRow) };
      }
      return {
        id,
        pin: row.pin,
        title: row.title,
        ownerId: row.owner_id,
        settings: LiveSettingsSchema.parse(row.settings),
        seed: row.seed,
        districts: row.districts,
        rosterMode: row.roster_mode,
        screenSalt: row.screen_salt,
        questions,
        snapshot,
        answerIds,
        players: players.map((p) => ({
          id: p.id,
          tokenHash: p.reconnect_token_hash,
          className: p.class_name,
          kicked: p.kicked_at !== null,
          nickname: p.nickname,
          nicknameKey: p.nickname_key,
          district: p.district,
          school: p.school,
          joinOrder: p.join_order,
          joinedAt: new Date(p.joined_at).getTime(),
        })),
      };
    },

    async openIdByPin(pin) {
      const row = await db.selectFrom('live_contests').select('id').where('pin', '=', pin).where('phase', '<>', 'ended').executeTakeFirst();
      return row?.id ?? null;
    },

    async anyIdByPin(pin) {
      const row = await db.selectFrom('live_contests').select('id').where('pin', '=', pin).orderBy('created_at', 'desc').executeTakeFirst();
      return row?.id ?? null;
    },

    async runningIds() {
      const rows = await db.selectFrom('live_contests').select('id').where('phase', '<>', 'ended').where('state', 'is not', null).execute();
      return rows.map((r) => r.id);
    },

    async saveState(id, stateJson, meta) {
      await db
        .updateTable('live_contests')
        .set({
          state: stateJson,
          state_saved_at: new Date(),
          phase: meta.phase as 'lobby',
          question_index: meta.index,
          // First question and end: set once, never moved by later saves.
          ...(meta.startedAt !== null ? { started_at: sql<Date>`coalesce(started_at, ${new Date(meta.startedAt)})` } : {}),
          ...(meta.ended ? { ended_at: sql<Date>`coalesce(ended_at, ${new Date()})` } : {}),
        })
        .where('id', '=', id)
        .execute();
    },

    async playerByToken(tokenHash) {
      const row = await db.selectFrom('live_players').select(['contest_id', 'id', 'kicked_at']).where('reconnect_token_hash', '=', tokenHash).executeTakeFirst();
      return row ? { contestId: row.contest_id, playerId: row.id, kicked: row.kicked_at !== null } : null;
    },

    async rosterCode(contestId, codeHash) {
      const row = await db.selectFrom('live_roster_codes').select(['id', 'used_by']).where('contest_id', '=', contestId).where('code_hash', '=', codeHash).executeTakeFirst();
      return row && !row.used_by ? row.id : null;
    },

    async insertPlayer(p) {
      await db
        .insertInto('live_players')
        .values({
          id: p.id,
          contest_id: p.contestId,
          nickname: p.nickname,
          nickname_key: p.nicknameKey,
          district: p.district,
          school: p.school,
          class_name: p.className,
          roster_code_id: p.rosterId,
          reconnect_token_hash: p.tokenHash,
          join_order: p.joinOrder,
          joined_at: new Date(p.joinedAt),
        })
        .execute();
      if (p.rosterId) await db.updateTable('live_roster_codes').set({ used_by: p.id }).where('id', '=', p.rosterId).where('used_by', 'is', null).execute();
    },

    async markKicked(playerId) {
      await db.updateTable('live_players').set({ kicked_at: new Date() }).where('id', '=', playerId).execute();
    },

    async screenSalt(contestId) {
      const row = await db.selectFrom('live_contests').select('screen_salt').where('id', '=', contestId).executeTakeFirst();
      return row?.screen_salt ?? null;
    },
  };
}
