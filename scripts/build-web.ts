/**
 * Build the browser bundles (src/web/client/*.ts → src/web/public/build/*.js).
 * Runs on `npm install` (prepare), before `npm start` and before `npm test`.
 * Everything is served by civiq itself: no CDN at runtime.
 */
import { build } from 'esbuild';
import { readdir, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const clientDir = path.join(root, 'src/web/client');
const outdir = path.join(root, 'src/web/public/build');
const entries = (await readdir(clientDir)).filter((f) => f.endsWith('.page.ts')).map((f) => path.join(clientDir, f));

// Start clean: chunk names change with their content, and stale ones would be served forever.
await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
if (entries.length === 0) {
  process.stdout.write('web bundles: no entries\n');
  process.exit(0);
}
const result = await build({
  entryPoints: entries,
  outdir,
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome90', 'firefox90', 'safari15'],
  entryNames: '[name]',
  splitting: true,
  chunkNames: 'chunk-[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});
const sizes = Object.fromEntries(Object.entries(result.metafile.outputs).map(([file, o]) => [path.relative(outdir, file), o.bytes]));
await writeFile(path.join(outdir, 'sizes.json'), JSON.stringify(sizes, null, 2));
process.stdout.write(`web bundles: ${Object.entries(sizes).map(([f, b]) => `${f} ${(b / 1024).toFixed(1)} KB`).join(', ')}\n`);
