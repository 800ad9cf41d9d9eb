import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Where a page's assets are: the content-hashed names written by
 * scripts/build-web.ts (build/manifest.json), served with an immutable cache
 * lifetime. The manifest is re-read when the build changes (`npm run build:web`
 * while a server runs); without one (no build yet) the plain names are used.
 */
interface Manifest {
  pages: Record<string, { file: string; imports: string[] }>;
  css: Record<string, string>;
}

const MANIFEST = path.resolve(import.meta.dirname, 'public/build/manifest.json');
let cached: { mtimeMs: number; manifest: Manifest } | null = null;

function manifest(): Manifest | null {
  try {
    const { mtimeMs } = statSync(MANIFEST);
    if (!cached || cached.mtimeMs !== mtimeMs) cached = { mtimeMs, manifest: JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest };
    return cached.manifest;
  } catch {
    return null;
  }
}

/** The page's module and the chunks to preload with it, as /static paths. */
export function pageScript(name: string): { src: string; preload: string[] } {
  const page = manifest()?.pages[name];
  if (!page) return { src: `/static/build/${name}.page.js`, preload: [] };
  return { src: `/static/build/${page.file}`, preload: page.imports.map((f) => `/static/build/${f}`) };
}

/** A stylesheet from src/web/public by its plain name (`app.css`). */
export function stylesheet(name: string): string {
  const hashed = manifest()?.css[name];
  return hashed ? `/static/build/${hashed}` : `/static/${name}`;
}

/** Content-hashed build files never change under their name: cache them for a year without revalidation. */
export function isImmutableAsset(rel: string): boolean {
  return /^build\/[A-Za-z0-9._-]+-[A-Za-z0-9]{8,}\.(js|css)$/.test(rel);
}
