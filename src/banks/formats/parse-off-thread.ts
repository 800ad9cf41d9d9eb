import { Worker } from 'node:worker_threads';
import { parseBankFile } from './index.ts';
import type { BankFormat, ParseOptions, ParseResult } from './format-types.ts';

type FileResult = ParseResult | { notUtf8: true };

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
  resolve: (r: FileResult) => void;
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
    w.on('message', (msg: { id: number; result: FileResult }) => {
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

/** Parse a bank file (its bytes, or text) on the parser thread; `notUtf8` when a text format is not UTF-8. */
export function parseBankOffThread(format: BankFormat, file: string | Uint8Array, opts: ParseOptions, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<FileResult> {
  const bytes = typeof file === 'string' ? new TextEncoder().encode(file) : file;
  const w = getWorker();
  if (!w) return parseBankFile(format, bytes, opts);
  return new Promise<FileResult>((resolve) => {
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
    w.postMessage({ id, format, bytes, opts });
  });
}
