import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { createScratchDatabase, startServer, type BenchServer } from './bench-server.ts';
import { percentile } from './bench-report.ts';

/**
 * `npm run bench:http -- [--seconds S] [--connections C] [--json]`
 *
 * GET of a published bank version on a real civiq server — revalidated with
 * If-None-Match (304, the cached path), and in full (200, cached body) — against
 * a bare Hono JSON route serving the same bytes, in the same run on the same
 * machine. Prints requests per second, latencies and the ratios civiq / bare.
 * DATABASE_URL set: PostgreSQL (a scratch database); otherwise PGlite.
 */

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '32' }, json: { type: 'boolean', default: false } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const log = (m: string) => process.stderr.write(`[bench:http] ${m}\n`);

async function load(url: string, headers: Record<string, string>, expectStatus: number): Promise<{ rps: number; p50Ms: number | null; p99Ms: number | null; errors: number }> {
  const agent = new Agent({ connections, pipelining: 1 });
  const lat: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const r = await request(url, { headers, dispatcher: agent });
        await r.body.arrayBuffer();
        if (r.statusCode !== expectStatus) errors++;
        else lat.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const took = (performance.now() - t0) / 1000;
  await agent.close();
  return { rps: Math.round(lat.length / took), p50Ms: percentile(lat, 50), p99Ms: percentile(lat, 99), errors };
}

async function main(): Promise<number> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const out: Record<string, unknown> = { seconds, connections };
  try {
    const adminUrl = process.env.DATABASE_URL || undefined;
    let env: Record<string, string>;
    if (adminUrl) {
      const scratch = await createScratchDatabase(adminUrl);
      cleanups.push(scratch.drop);
      env = { DATABASE_URL: scratch.url };
      out.db = 'postgres';
    } else {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'civiq-http-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      env = { DATA_DIR: path.join(dir, 'pglite') };
      out.db = 'pglite';
    }
    const password = randomBytes(18).toString('base64url');
    const civiq: BenchServer = await startServer({ ...env, ADMIN_EMAIL: 'bench@civiq.local', ADMIN_PASSWORD: password, SESSION_SECRET: randomBytes(32).toString('base64url'), LOG_LEVEL: 'warn' });
    cleanups.push(() => civiq.stop());
    const login = await fetch(civiq.url + '/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'bench@civiq.local', password }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { banks } = (await (await fetch(civiq.url + '/api/banks', { headers: { Cookie: cookie } })).json()) as { banks: Array<{ slug: string; questionCount: number; latestVersion: number | null }> };
    const bank = banks.filter((b) => b.latestVersion !== null).sort((a, b) => b.questionCount - a.questionCount)[0]!;
    const url = `${civiq.url}/api/banks/${bank.slug}/versions/${bank.latestVersion}`;
    const first = await fetch(url, { headers: { Cookie: cookie } });
    const etag = first.headers.get('etag') ?? '';
    const body = await first.text();
    out.route = `/api/banks/${bank.slug}/versions/${bank.latestVersion}`;
    out.bodyBytes = Buffer.byteLength(body);
    const bare = await startServer({ BODY_JSON: body }, 20_000, ['bench/bare-hono-server.ts']);
    cleanups.push(() => bare.stop());
    log('civiq 304 (If-None-Match)');
    const c304 = await load(url, { Cookie: cookie, 'If-None-Match': etag }, 304);
    log('civiq 200 (cached body)');
    const c200 = await load(url, { Cookie: cookie }, 200);
    log('bare Hono 200');
    const b200 = await load(bare.url + '/json', {}, 200);
    Object.assign(out, {
      civiq304: c304,
      civiq200: c200,
      bareHono200: b200,
      ratio304: Math.round((c304.rps / b200.rps) * 100) / 100,
      ratio200: Math.round((c200.rps / b200.rps) * 100) / 100,
      cpus: os.cpus().length,
      node: process.version,
      date: new Date().toISOString(),
    });
  } catch (err) {
    out.error = (err as Error).message;
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  }
  process.stdout.write((values.json ? JSON.stringify(out) : Object.entries(out).map(([k, v]) => `${k.padEnd(12)} ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('\n')) + '\n');
  return out.error ? 1 : 0;
}

process.exitCode = await main();
