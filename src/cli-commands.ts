import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from './cli.ts';
import { withRuntime } from './cli.ts';
import { SYSTEM_PRINCIPAL } from './auth/auth-service.ts';
import { seedAll } from './seed-all.ts';
import { BankMetaSchema } from './banks/question-schema.ts';
import { FORMATS as FORMAT_REGISTRY, exportFormats, importFormats, type BankFormat } from './banks/formats/index.ts';

type Format = BankFormat;
const IMPORTABLE = importFormats();
const EXPORTABLE = exportFormats();

function formatFrom(value: unknown, file: string | undefined, allowed: readonly Format[]): Format | null {
  if (typeof value === 'string') return (allowed as readonly string[]).includes(value) ? (value as Format) : null;
  const name = file ? path.basename(file).toLowerCase() : '';
  if (name.endsWith('.aiken') || name.endsWith('.aiken.txt')) return 'aiken';
  // The registry's extensions, most specific first; a plain .txt is GIFT (listed by GIFT before Aiken).
  const byLength = FORMAT_REGISTRY.flatMap((f) => f.extensions.map((e) => ({ e, f: f.name }))).sort((a, b) => b.e.length - a.e.length);
  const found = byLength.find((x) => name.endsWith(x.e) && allowed.includes(x.f))?.f;
  return found ?? null;
}

function fail(message: string): number {
  process.stderr.write(`civiq: ${message} (see --help)\n`);
  return 2;
}

/** Commands contributed by feature modules: seed, import, export. */
export const cliCommands: Record<string, Command> = {
  seed: {
    summary: 'Load the shipped question banks and region data (idempotent)',
    usage: 'civiq seed\n\nRe-running changes nothing unless a file changed; a changed bank becomes a new published version.',
    async run({ env }) {
      return withRuntime(env, async (rt) => {
        const report = await seedAll(rt);
        for (const b of report.banks) process.stdout.write(`${b.slug.padEnd(32)} v${b.version}  ${b.questions} questions  ${b.created ? 'created' : b.changed ? 'updated' : 'unchanged'}\n`);
        process.stdout.write(`${report.banks.length} banks, ${report.banks.reduce((n, b) => n + b.questions, 0)} questions; ${report.regions}\n`);
        return 0;
      });
    },
  },

  import: {
    summary: 'Import a bank file (GIFT, Aiken, CSV, JSON, Moodle XML, Excel, Word) into a bank draft',
    usage:
      `civiq import FILE --bank SLUG [--format ${IMPORTABLE.join('|')}] [--strict] [--lang vi|en] [--replace]\n\nThe format defaults from the file extension. Lenient mode imports what it can and lists skipped questions with\ntheir line; --strict imports nothing if anything fails. --replace overwrites questions whose id exists.\nThe bank must exist (create it through the API or import a native JSON bank file into a new slug).`,
    options: { bank: { type: 'string' }, format: { type: 'string' }, strict: { type: 'boolean' }, lang: { type: 'string' }, replace: { type: 'boolean' } },
    allowPositionals: true,
    async run({ values, positionals, env }) {
      const file = positionals[0];
      if (!file) return fail('import: FILE is required');
      const slug = values.bank as string | undefined;
      if (!slug) return fail('import: --bank SLUG is required');
      const format = formatFrom(values.format, file, IMPORTABLE);
      if (!format) return fail(`import: --format must be one of ${IMPORTABLE.join(', ')}`);
      const lang = (values.lang as string | undefined) ?? 'vi';
      if (lang !== 'vi' && lang !== 'en') return fail('import: --lang must be vi or en');
      const bytes = new Uint8Array(await readFile(file));
      const text = new TextDecoder().decode(bytes);
      return withRuntime(env, async (rt) => {
        const banks = rt.services.banks;
        const exists = await rt.database.db.selectFrom('banks').select('id').where('slug', '=', slug).executeTakeFirst();
        if (!exists) {
          if (format !== 'json') return fail(`import: no bank "${slug}"; create it first (or import a native JSON bank file)`);
          const meta = BankMetaSchema.parse({ ...(JSON.parse(text) as object), slug });
          await banks.create(SYSTEM_PRINCIPAL, { ...meta, reviewRequired: false });
        }
        try {
          const r = await banks.importFile(SYSTEM_PRINCIPAL, slug, format, bytes, { lang, strict: Boolean(values.strict), onConflict: values.replace ? 'replace' : 'skip' });
          for (const s of r.skipped) process.stdout.write(`${file}:${s.line}: skipped: ${s.reason}\n`);
          process.stdout.write(`imported ${r.imported}, replaced ${r.replaced}, skipped ${r.skipped.length} into ${slug} (draft; publish to make a version)\n`);
          return r.skipped.length > 0 ? 1 : 0;
        } catch (err) {
          const e = err as { code?: string; details?: Array<{ line: number; message: string }> };
          if (e.code === 'IMPORT_FAILED' && Array.isArray(e.details)) {
            for (const d of e.details) process.stderr.write(`${file}:${d.line}: ${d.message}\n`);
            process.stderr.write('strict import failed: nothing was imported\n');
            return 1;
          }
          throw err;
        }
      });
    },
  },

  export: {
    summary: 'Export a bank (draft or a published version) as GIFT, Aiken, CSV, JSON, Moodle XML, Excel or QTI 3.0',
    usage: `civiq export SLUG --format ${EXPORTABLE.join('|')} [--version N] [--lang vi|en] [--out FILE]`,
    options: { format: { type: 'string' }, version: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: true,
    async run({ values, positionals, env }) {
      const slug = positionals[0];
      if (!slug) return fail('export: SLUG is required');
      const format = formatFrom(values.format, values.out as string | undefined, EXPORTABLE);
      if (!format) return fail(`export: --format must be one of ${EXPORTABLE.join(', ')}`);
      const version = values.version === undefined ? undefined : Number(values.version);
      if (version !== undefined && (!Number.isInteger(version) || version < 1)) return fail('export: --version must be a positive integer');
      const lang = (values.lang as string | undefined) ?? 'vi';
      if (lang !== 'vi' && lang !== 'en') return fail('export: --lang must be vi or en');
      return withRuntime(env, async (rt) => {
        const out = await rt.services.banks.exportFile(SYSTEM_PRINCIPAL, slug, format, { version, lang });
        if (values.out) await writeFile(values.out as string, out.bytes ?? out.text);
        else if (out.bytes) process.stdout.write(out.bytes);
        else process.stdout.write(out.text);
        for (const s of out.skipped) process.stderr.write(`not exported (${s.id}): ${s.reason}\n`);
        return 0;
      });
    },
  },
};
