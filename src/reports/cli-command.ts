import type { Command } from '../cli.ts';
import { withRuntime } from '../cli.ts';
import { backfillFacts } from './backfill.ts';
import type { ContestKind } from './tables.ts';

/** `civiq reports backfill`: facts for contests that ended before reports existed. */
export const reportsCommand: Command = {
  summary: 'Reports: back-fill the results model for contests that ended earlier',
  usage:
    'civiq reports backfill [--all] [--kind live|scheduled]\n\nWrites report facts and summaries for every ended contest that has none yet (--all: rewrite every ended\ncontest). Safe to re-run: a contest\'s facts are replaced in one transaction.',
  options: { all: { type: 'boolean' }, kind: { type: 'string' } },
  allowPositionals: true,
  async run({ values, positionals, env }) {
    if (positionals[0] !== 'backfill') {
      process.stderr.write('civiq: reports: expected the subcommand "backfill" (see --help)\n');
      return 2;
    }
    const kind = values.kind as string | undefined;
    if (kind !== undefined && kind !== 'live' && kind !== 'scheduled') {
      process.stderr.write('civiq: reports backfill: --kind must be live or scheduled (see --help)\n');
      return 2;
    }
    return withRuntime(env, async (rt) => {
      const reports = await backfillFacts(rt.database.db, { all: values.all === true, ...(kind ? { kinds: [kind as ContestKind] } : {}) });
      let failed = 0;
      for (const r of reports) {
        process.stdout.write(`${r.kind}: ${r.written} contests written${r.failed.length ? `, ${r.failed.length} failed` : ''}\n`);
        for (const f of r.failed) process.stdout.write(`  ${f.id}: ${f.error}\n`);
        failed += r.failed.length;
      }
      return failed === 0 ? 0 : 1;
    });
  },
};
