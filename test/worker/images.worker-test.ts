import { inject, afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.ts';
import { contractTarget, type ContractTarget } from '../contract/target.ts';

/** Runs only in `npm run worker:test`: question images go to the worker's R2 binding (simulated locally by workerd). */
let t: ContractTarget;
let db: DatabaseHandle;
const PNG = new Uint8Array(Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'));
const slug = `r2-${Date.now().toString(36)}`;

beforeAll(async () => {
  t = await contractTarget();
  db = await connectDatabase({ databaseUrl: inject('workerDatabaseUrl'), dataDir: 'unused', poolSize: 1 });
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('images on the worker', () => {
  it('stores the bytes in R2, the metadata in PostgreSQL, and serves them back', async () => {
    const teacher = await t.user('teacher');
    expect((await t.json('POST', '/api/banks', { slug, title: { vi: 'Ảnh', en: 'Images' } }, teacher.headers)).status).toBe(201);
    const res = await t.fetch(`/api/banks/${slug}/images`, { method: 'POST', headers: { ...teacher.headers, 'Content-Type': 'image/png' }, body: PNG });
    expect(res.status).toBe(201);
    const { url } = (await res.json()) as { url: string };
    const row = await db.db.selectFrom('images').select(['bytes', 'stored_in']).where('id', '=', url.slice('/uploads/'.length)).executeTakeFirstOrThrow();
    expect(row).toEqual({ bytes: null, stored_in: 'r2' });
    const img = await t.fetch(url);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await img.arrayBuffer())).toEqual(PNG);
  });
});
