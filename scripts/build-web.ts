/**
 * Build the browser bundles (src/web/client/*.ts → src/web/public/build/*.js).
 * Runs on `npm install` (prepare), before `npm start` and before `npm test`.
 * Everything is served by civiq itself: no CDN at runtime.
 */
import { build } from 'esbuild';
import { readdir, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
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
  // Content-hashed names: served as immutable, so a reload on a flaky network needs no request for them.
  entryNames: '[name]-[hash]',
  splitting: true,
  chunkNames: 'chunk-[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});
// The manifest the pages read (src/web/assets.ts): each page's hashed entry, the chunks it imports
// (preloaded in parallel instead of one round trip later) and the hashed stylesheet.
const pages: Record<string, { file: string; imports: string[] }> = {};
for (const [file, o] of Object.entries(result.metafile.outputs)) {
  if (!o.entryPoint) continue;
  const name = path.basename(o.entryPoint).replace(/\.page\.ts$/, '');
  pages[name] = { file: path.relative(outdir, file), imports: o.imports.filter((i) => i.kind === 'import-statement').map((i) => path.relative(outdir, i.path)) };
}
const css: Record<string, string> = {};
// Every stylesheet of src/web/public gets a content-hashed copy (immutable cache); pages link them through assets.ts.
for (const name of (await readdir(path.join(root, 'src/web/public'))).filter((f) => f.endsWith('.css')).sort()) {
  const body = await readFile(path.join(root, 'src/web/public', name));
  const hashed = name.replace(/\.css$/, `-${createHash('sha256').update(body).digest('hex').slice(0, 10)}.css`);
  await writeFile(path.join(outdir, hashed), body);
  css[name] = hashed;
}
await writeFile(path.join(outdir, 'manifest.json'), JSON.stringify({ pages, css }, null, 2));
const sizes = Object.fromEntries(Object.entries(result.metafile.outputs).map(([file, o]) => [path.relative(outdir, file), o.bytes]));
await writeFile(path.join(outdir, 'sizes.json'), JSON.stringify(sizes, null, 2));
process.stdout.write(`web bundles: ${Object.entries(sizes).map(([f, b]) => `${f} ${(b / 1024).toFixed(1)} KB`).join(', ')}\n`);
