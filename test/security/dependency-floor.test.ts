import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Row 16 of the security checklist: the real-time stack must not fall below the
 * versions that fixed known CVEs (ws DoS CVE-2024-37890, socket.io-parser
 * CVE-2023-32695, engine.io CVE-2023-31125, socket.io CVE-2024-38355), and Hono
 * must carry the JWT fixes of 4.11.4 (row 14). Checked on every copy the lock
 * file installs, dev tools included, so a transitive downgrade fails here.
 * `npm audit --omit=dev` (no high or critical) runs in CI where the registry's
 * audit endpoint answers; see docs/security.md.
 */
const FLOOR: Record<string, string> = {
  ws: '8.17.1',
  'socket.io': '4.6.2',
  'socket.io-parser': '4.2.3',
  'engine.io': '6.4.2',
  hono: '4.11.4',
};

const parse = (v: string) => v.split('-')[0]!.split('.').map((n) => Number(n));
export function atLeast(version: string, floor: string): boolean {
  const a = parse(version);
  const b = parse(floor);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

describe('dependency floor (checklist row 16)', () => {
  it('compares versions numerically', () => {
    expect(atLeast('8.17.1', '8.17.1')).toBe(true);
    expect(atLeast('8.9.0', '8.17.1')).toBe(false);
    expect(atLeast('8.23.0', '8.17.1')).toBe(true);
    expect(atLeast('7.5.10', '8.17.1')).toBe(false);
  });

  it('every installed copy of ws, socket.io, socket.io-parser, engine.io and hono meets the floor', async () => {
    const lock = JSON.parse(await readFile(path.resolve(import.meta.dirname, '../../package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    const found: Record<string, string[]> = {};
    const below: string[] = [];
    for (const [where, info] of Object.entries(lock.packages)) {
      const name = where.split('node_modules/').at(-1)!;
      const floor = FLOOR[name];
      if (!floor || !info.version) continue;
      (found[name] ??= []).push(info.version);
      if (!atLeast(info.version, floor)) below.push(`${where}@${info.version} < ${floor}`);
    }
    expect(below).toEqual([]);
    expect(Object.keys(found).sort()).toEqual(Object.keys(FLOOR).sort());
  });
});
