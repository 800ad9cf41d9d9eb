import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The Workers build must not reach Node-only code: no file system, no embedded PGlite, no
 * socket.io, no Node HTTP server. esbuild resolves the worker's real import graph (the same
 * way wrangler bundles it); every project file on it is checked for what it imports.
 * Packages (pg, hono, zod…) are left external: pg runs on Workers under `nodejs_compat`.
 */
const root = path.resolve(import.meta.dirname, '../..');
const FORBIDDEN = [/^node:(fs|fs\/promises|path|os|child_process|http|https|net|worker_threads|perf_hooks|module|url)$/, /^(fs|path|os|child_process|http|net)$/, /^@electric-sql\/pglite/, /^socket\.io/, /^@hono\/node-server/, /^ioredis$/];

async function workerGraph() {
  const result = await build({
    entryPoints: [path.join(root, 'src/worker.ts')],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'neutral',
    format: 'esm',
    logLevel: 'silent',
    plugins: [{ name: 'packages-external', setup: (b) => b.onResolve({ filter: /^[^./]/ }, (a) => ({ path: a.path, external: true })) }],
  });
  return result.metafile.inputs;
}

describe('the Workers import graph', () => {
  it('reaches the bank, region, scheduled-contest, report and system routes but no Node-only module', async () => {
    const inputs = await workerGraph();
    const files = Object.keys(inputs);
    expect(files).toEqual(expect.arrayContaining(['src/worker.ts', 'src/app.ts', 'src/banks/routes.ts', 'src/regions/routes.ts', 'src/scheduled/routes/index.ts', 'src/reports/routes/index.ts']));
    const offending = files.flatMap((f) => inputs[f]!.imports.filter((i) => FORBIDDEN.some((re) => re.test(i.path))).map((i) => `${f} imports ${i.path}`));
    expect(offending).toEqual([]);
  });

  it('would catch a Node-only import (the check is not vacuous)', async () => {
    const inputs = await workerGraph();
    const all = Object.values(inputs).flatMap((i) => i.imports.map((x) => x.path));
    // The Node composition root does import the file system; it must stay off the worker graph.
    expect(all).not.toContain('src/composition.ts');
    expect(FORBIDDEN.some((re) => re.test('node:fs/promises'))).toBe(true);
    expect(all.some((p) => p === 'pg')).toBe(true);
  });
});
