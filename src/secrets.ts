import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The session secret keys token hashes. When SESSION_SECRET is not set, one is
 * generated on first start and kept in the data directory (mode 0600) so
 * sessions survive restarts. Several nodes must share one: set SESSION_SECRET.
 */
export async function loadOrCreateSecret(dataDir: string, fromEnv: string | undefined): Promise<{ secret: string; source: 'env' | 'file' | 'generated' }> {
  if (fromEnv) return { secret: fromEnv, source: 'env' };
  const file = path.join(path.dirname(path.resolve(dataDir)), 'session-secret');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return { secret: existing, source: 'file' };
  } catch {
    /* not there yet */
  }
  const secret = randomBytes(48).toString('base64url');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, secret + '\n', { mode: 0o600 });
  return { secret, source: 'generated' };
}
