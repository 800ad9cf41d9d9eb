import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { BANK } from './fixtures.ts';
import { diskImageStore } from '../../src/banks/disk-image-store.ts';
import { r2ImageStore, type R2BucketLike } from '../../src/worker/r2-image-store.ts';

const PNG = new Uint8Array(Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'));

async function upload(t: TestApp, headers: Record<string, string>) {
  const res = await t.app.request(`/api/banks/${BANK.slug}/images`, { method: 'POST', headers: { ...headers, 'Content-Type': 'image/png' }, body: PNG });
  expect(res.status).toBe(201);
  return ((await res.json()) as { url: string }).url;
}

describe('images on the Node disk store (IMAGE_DIR)', () => {
  let t: TestApp;
  let dir: string;
  let headers: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'civiq-images-'));
    t = await createTestApp({ IMAGE_DIR: dir });
    headers = (await t.user('teacher')).headers;
    expect((await t.call('POST', '/api/banks', { headers, body: BANK })).status).toBe(201);
  });
  afterAll(() => t.close());

  it('keeps the bytes on disk and only the metadata in the row, and serves them back', async () => {
    const url = await upload(t, headers);
    const id = url.slice('/uploads/'.length);
    expect(await readdir(dir)).toEqual([id]);
    expect(new Uint8Array(await readFile(path.join(dir, id)))).toEqual(PNG);
    const row = await t.runtime.database.db.selectFrom('images').select(['bytes', 'stored_in', 'size']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ bytes: null, stored_in: 'disk', size: PNG.byteLength });
    const img = await t.app.request(url);
    expect(img.status).toBe(200);
    expect(new Uint8Array(await img.arrayBuffer())).toEqual(PNG);
  });

  it('answers 404 for an image kept in a store this runtime does not have (R2)', async () => {
    const { db } = t.runtime.database;
    const bank = await db.selectFrom('banks').select('id').where('slug', '=', BANK.slug).executeTakeFirstOrThrow();
    const id = crypto.randomUUID();
    await db.insertInto('images').values({ id, bank_id: bank.id, content_type: 'image/png', bytes: null, stored_in: 'r2', size: 10, uploaded_by: null, created_at: new Date() }).execute();
    expect((await t.app.request(`/uploads/${id}`)).status).toBe(404);
  });
});

describe('images in the database (the default, shared by Node and the worker)', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    headers = (await t.user('teacher')).headers;
    expect((await t.call('POST', '/api/banks', { headers, body: BANK })).status).toBe(201);
  });
  afterAll(() => t.close());

  it('keeps the bytes in the row', async () => {
    const url = await upload(t, headers);
    const row = await t.runtime.database.db.selectFrom('images').select(['bytes', 'stored_in']).where('id', '=', url.slice(9)).executeTakeFirstOrThrow();
    expect(row.stored_in).toBe('database');
    expect(new Uint8Array(row.bytes!)).toEqual(PNG);
  });
});

describe('store adapters', () => {
  it('disk: refuses ids that are not image ids (no path traversal)', async () => {
    const store = diskImageStore(await mkdtemp(path.join(tmpdir(), 'civiq-images-')));
    await expect(store.put('../etc/passwd', PNG, 'image/png')).rejects.toThrow('not an image id');
    expect(await store.get(crypto.randomUUID())).toBeNull();
  });

  it('r2: puts under images/<id> with the content type and reads it back', async () => {
    // An in-memory bucket with R2's method shapes; the real R2 binding is exercised in workerd by `npm run worker:test`.
    const objects = new Map<string, { bytes: Uint8Array; type?: string }>();
    const bucket: R2BucketLike = {
      put: async (key, value, opts) => void objects.set(key, { bytes: value, ...(opts?.httpMetadata?.contentType ? { type: opts.httpMetadata.contentType } : {}) }),
      get: async (key) => {
        const o = objects.get(key);
        return o ? { arrayBuffer: async () => o.bytes.slice().buffer } : null;
      },
    };
    const store = r2ImageStore(bucket);
    const id = crypto.randomUUID();
    await store.put(id, PNG, 'image/png');
    expect(objects.get(`images/${id}`)?.type).toBe('image/png');
    expect(await store.get(id)).toEqual(PNG);
    expect(await store.get(crypto.randomUUID())).toBeNull();
  });
});
