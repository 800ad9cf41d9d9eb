import { Worker } from 'node:worker_threads';
import { parseBank } from './index.ts';
import type { BankFormat, ParseOptions, ParseResult } from './format-types.ts';

/**
 * Parse an import file on a worker thread. Parsers are pure and synchronous; a
 * 4 MB file on one line kept the event loop busy for about a second, freezing
 * every live contest on the node. One long-lived worker (created on first use,
 * `unref`ed so it never holds the process open) parses files in turn; a parse
 * that runs past `timeoutMs` kills the worker and comes back as a skipped file.
 * Where no worker can start (an edge runtime), parsing falls back to the caller's
 * thread.
 */
const WORKER_URL = new URL('./parse-worker.ts', import.meta.url);
const DEFAULT_TIMEOUT_MS = 30_000;

interface Pending {
  resolve: (r: ParseResult) => void;
  timer: ReturnType<typeof setTimeout>;
  worker: Worker;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(w: Worker, reason: string): void {
  for (const [id, p] of pending) {
    if (p.worker !== w) continue;
    clearTimeout(p.timer);
    p.resolve({ questions: [], skipped: [{ line: 1, reason }] });
    pending.delete(id);
  }
}

function getWorker(): Worker | null {
  if (worker) return worker;
  try {
    const w = new Worker(WORKER_URL);
    w.unref();
    w.on('message', (msg: { id: number; result: ParseResult }) => {
      const p = pending.get(msg.id);
      if (!p) return;
      clearTimeout(p.timer);
      pending.delete(msg.id);
      p.resolve(msg.result);
    });
    w.on('error', (err) => {
      if (worker === w) worker = null;
      failAll(w, `the parser failed: ${err.message}`);
    });
    w.on('exit', () => {
      if (worker === w) worker = null;
      failAll(w, 'the parser stopped');
    });
    worker = w;
    return w;
  } catch {
    return null;
  }
}

export function parseBankOffThread(format: BankFormat, text: string, opts: ParseOptions, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ParseResult> {
  const w = getWorker();
  if (!w) return Promise.resolve(parseBank(format, text, opts));
  return new Promise<ParseResult>((resolve) => {
    const id = nextId++;
    const timer = setTimeout(() => {
      pending.delete(id);
      resolve({ questions: [], skipped: [{ line: 1, reason: `parsing took longer than ${Math.round(timeoutMs / 1000)} s` }] });
      // The worker may be stuck in a pathological input: replace it.
      if (worker === w) worker = null;
      void w.terminate();
    }, timeoutMs);
    timer.unref?.();
    pending.set(id, { resolve, timer, worker: w });
    w.postMessage({ id, format, text, opts });
  });
}
