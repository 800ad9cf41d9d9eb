import { parentPort } from 'node:worker_threads';
import { parseBankFile } from './index.ts';
import type { BankFormat, ParseOptions } from './format-types.ts';

/** Worker side of parse-off-thread.ts: parse one file per message (text and binary formats alike), reply with the result. */
parentPort?.on('message', (msg: { id: number; format: BankFormat; bytes: Uint8Array; opts: ParseOptions }) => {
  parseBankFile(msg.format, msg.bytes, msg.opts).then(
    (result) => parentPort?.postMessage({ id: msg.id, result }),
    (err: Error) => parentPort?.postMessage({ id: msg.id, result: { questions: [], skipped: [{ line: 1, reason: `the ${msg.format} parser failed: ${err.message}` }] } }),
  );
});
