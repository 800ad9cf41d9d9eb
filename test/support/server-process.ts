import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScratchPostgresDatabase } from './db.ts';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stdout: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  cleanup(): Promise<void>;
}

/**
 * Start `civiq serve` as a real process on a free port: PGlite in a temporary
 * directory, or a scratch database on the real server when TEST_DATABASE_URL is set.
 */
export async function startServerProcess(env: Record<string, string> = {}, opts: { dataDir?: string; keepDatabase?: { url: string } } = {}): Promise<ServerProcess> {
  const dir = opts.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'civiq-proc-')));
  const scratch = opts.keepDatabase ? null : await createScratchPostgresDatabase();
  const dbUrl = opts.keepDatabase?.url ?? scratch?.url;
  const child = spawn(process.execPath, ['src/cli.ts', 'serve'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: path.join(dir, 'pglite'),
      LOG_LEVEL: 'info',
      ...(dbUrl ? { DATABASE_URL: dbUrl } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start:\n${out}`));
    }, 60_000);
    const onData = () => {
      const m = /"msg":"listening","url":"([^"]+)"/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    exited.then((code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  return {
    url,
    child,
    stdout: () => out,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    async cleanup() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
      await scratch?.drop();
      if (!opts.dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
