import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ERROR_MESSAGES } from '../../src/http/errors.ts';
import { LIVE_ERROR_CODES } from '../../src/contests/protocol.ts';
import { ackError } from '../../src/realtime/ack.ts';
import '../../src/contests/live-socket.ts'; // registers the live messages

const SRC = path.resolve(import.meta.dirname, '../../src');

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(p)));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('error message catalogues', () => {
  it('has a Vietnamese and an English message for every HTTP error code the code throws', async () => {
    const codes = new Set<string>();
    for (const file of await sources(SRC)) {
      const text = await readFile(file, 'utf8');
      for (const m of text.matchAll(/ApiError\(\s*\d+\s*,\s*'([A-Z_]+)'/g)) codes.add(m[1]!);
    }
    expect(codes.size).toBeGreaterThan(20);
    const catalogue = ERROR_MESSAGES as Record<string, { vi: string; en: string }>;
    const missing = [...codes].filter((c) => !catalogue[c]?.vi || !catalogue[c]?.en);
    expect(missing).toEqual([]);
  });

  it('has a message in both languages for every live protocol error code', () => {
    // An unregistered code falls back to the INTERNAL text: no code but INTERNAL may show it.
    const internal = ackError('INTERNAL', 'vi').error.message;
    const fallingBack = LIVE_ERROR_CODES.filter((code) => code !== 'INTERNAL' && ackError(code, 'vi').error.message === internal);
    expect(fallingBack).toEqual([]);
    for (const code of LIVE_ERROR_CODES) expect(ackError(code, 'vi').error.message, code).not.toBe(ackError(code, 'en').error.message);
  });
});
