import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checkBankFile, checkBankSet, type ContentProblem } from './content-rules.ts';
import { parseReviewedPairs } from './near-duplicates.ts';
import type { BankFile } from './question-schema.ts';

/** Near-duplicate pairs an editor has reviewed and cleared live beside the banks, in this file. */
export const REVIEWED_PAIRS_FILE = 'reviewed-pairs.txt';

/** Read every `*.json` bank in a directory (or one file) and apply the content rules. */
export async function validateBankPath(path: string, opts: { setRules?: boolean } = {}): Promise<{ banks: Array<{ file: string; bank: BankFile }>; problems: ContentProblem[] }> {
  const isDir = (await stat(path)).isDirectory();
  const files = isDir ? (await readdir(path)).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f)) : [path];
  const banks: Array<{ file: string; bank: BankFile }> = [];
  const problems: ContentProblem[] = [];
  for (const file of files) {
    const r = checkBankFile(file, await readFile(file, 'utf8'));
    problems.push(...r.problems);
    if (r.bank) banks.push({ file, bank: r.bank });
  }
  if (opts.setRules ?? files.length > 1) {
    const reviewed = isDir ? parseReviewedPairs(await readFile(join(path, REVIEWED_PAIRS_FILE), 'utf8').catch(() => '')) : new Set<string>();
    problems.push(...checkBankSet(banks, undefined, reviewed));
  }
  return { banks, problems };
}
