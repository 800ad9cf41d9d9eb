import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checkBankFile, checkBankSet, type ContentProblem } from './content-rules.ts';
import type { BankFile } from './question-schema.ts';

/** Read every `*.json` bank in a directory (or one file) and apply the content rules. */
export async function validateBankPath(path: string, opts: { setRules?: boolean } = {}): Promise<{ banks: Array<{ file: string; bank: BankFile }>; problems: ContentProblem[] }> {
  const files = (await stat(path)).isDirectory()
    ? (await readdir(path)).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f))
    : [path];
  const banks: Array<{ file: string; bank: BankFile }> = [];
  const problems: ContentProblem[] = [];
  for (const file of files) {
    const r = checkBankFile(file, await readFile(file, 'utf8'));
    problems.push(...r.problems);
    if (r.bank) banks.push({ file, bank: r.bank });
  }
  if (opts.setRules ?? files.length > 1) problems.push(...checkBankSet(banks));
  return { banks, problems };
}
