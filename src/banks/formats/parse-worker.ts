import { parentPort } from 'node:worker_threads';
import { parseBank } from './index.ts';
import type { BankFormat, ParseOptions } from './format-types.ts';

/** Worker side of parse-off-thread.ts: parse one file per message, reply with the result. */
parentPort?.on('message', (msg: { id: number; format: BankFormat; text: string; opts: ParseOptions }) => {
  parentPort?.postMessage({ id: msg.id, result: parseBank(msg.format, msg.text, msg.opts) });
});
