import { parseArgs } from 'node:util';
import { parseConfig, type Config } from './config.ts';
import { createLogger, type Logger } from './shared/logger.ts';
import { createRuntime, type Runtime } from './composition.ts';
import { migrateDown, migrateToLatest } from './db/migrate.ts';
import { connectDatabase } from './db/connect.ts';
import { generatePassword } from './auth/passwords.ts';
import { validateBankPath } from './banks/validate-files.ts';
import { summariseBanks } from './banks/content-rules.ts';
import { cliCommands } from './cli-commands.ts';
import { joinBanner } from './net/join-address.ts';
import { reportsCommand } from './reports/cli-command.ts';

/** `civiq` — the command line. Each command prints its own `--help`. */
export interface Command {
  summary: string;
  usage: string;
  options?: NonNullable<Parameters<typeof parseArgs>[0]>['options'];
  allowPositionals?: boolean;
  /** Returns the exit code. */
  run(args: { values: Record<string, unknown>; positionals: string[]; env: Record<string, string | undefined> }): Promise<number>;
}

/** Parse the environment or exit 2 with one line per bad variable. */
export function configOrExit(env: Record<string, string | undefined>): Config {
  const r = parseConfig(env);
  if (r.ok) return r.config;
  process.stderr.write('civiq: invalid configuration\n' + r.errors.map((e) => `  ${e}\n`).join(''));
  process.exit(2);
}

export async function withRuntime<T>(env: Record<string, string | undefined>, fn: (rt: Runtime, logger: Logger) => Promise<T>): Promise<T> {
  const config = configOrExit(env);
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const rt = await createRuntime(config, logger, { migrate: true });
  try {
    return await fn(rt, logger);
  } finally {
    await rt.close();
  }
}

const commands: Record<string, Command> = {
  serve: {
    summary: 'Start the HTTP and socket.io server (the default command)',
    usage: 'civiq serve\n\nConfiguration comes from the environment: PORT, HOST, DATABASE_URL, DATA_DIR, REDIS_URL,\nLOG_LEVEL, PUBLIC_URL, ADMIN_EMAIL, ADMIN_PASSWORD, SESSION_SECRET (see README).',
    async run({ env }) {
      const config = configOrExit(env);
      const logger = createLogger(config.LOG_LEVEL);
      const { startServer } = await import('./server.ts');
      const server = await startServer(config, logger);
      logger.info('listening', { url: server.url });
      process.stdout.write(`\n  civiq is running: ${server.url}\n    sign in:  ${server.url}/login  (admin: ${config.ADMIN_EMAIL})\n    API docs: ${server.url}/docs\n\n${joinBanner(server.joinBases)}\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          process.off('SIGTERM', onTerm);
          process.off('SIGINT', onInt);
          server.shutdown(signal).then(resolve, (err) => {
            logger.error('shutdown failed', { err });
            process.exitCode = 1;
            resolve();
          });
        };
        const onTerm = () => stop('SIGTERM');
        const onInt = () => stop('SIGINT');
        process.once('SIGTERM', onTerm);
        process.once('SIGINT', onInt);
      });
      return process.exitCode === 1 ? 1 : 0;
    },
  },

  migrate: {
    summary: 'Apply database migrations (or roll the last one back with --down)',
    usage: 'civiq migrate [--down]',
    options: { down: { type: 'boolean' } },
    async run({ values, env }) {
      const config = configOrExit(env);
      const handle = await connectDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
      try {
        const result = values.down ? await migrateDown(handle.db) : await migrateToLatest(handle.db);
        const done = result.results ?? [];
        if (done.length === 0) process.stdout.write('Nothing to do: the database is up to date.\n');
        for (const r of done) process.stdout.write(`${r.direction === 'Up' ? 'applied ' : 'reverted'} ${r.migrationName}\n`);
        return 0;
      } finally {
        await handle.close();
      }
    },
  },

  users: {
    summary: 'Manage accounts: civiq users create --role teacher --email …',
    usage:
      'civiq users create --email EMAIL --role admin|teacher|official [--name NAME] [--region CODE] [--password PASSWORD]\n\nWithout --password a strong password is generated and printed once.',
    options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, region: { type: 'string' }, password: { type: 'string' } },
    allowPositionals: true,
    async run({ values, positionals, env }) {
      if (positionals[0] !== 'create') return usageError('users: expected the subcommand "create"');
      const role = values.role as string | undefined;
      if (!role || !['admin', 'teacher', 'official'].includes(role)) return usageError('users create: --role must be admin, teacher or official');
      const email = values.email as string | undefined;
      if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return usageError('users create: --email must be an email address');
      const given = values.password as string | undefined;
      if (given !== undefined && given.length < 12) return usageError('users create: --password needs at least 12 characters');
      const password = given ?? generatePassword();
      return withRuntime(env, async (rt) => {
        const u = await rt.deps.auth.createUser({
          email,
          password,
          role: role as 'admin' | 'teacher' | 'official',
          displayName: values.name as string | undefined,
          regionCode: (values.region as string | undefined) ?? null,
        });
        process.stdout.write(`created ${u.role} ${u.email}\n`);
        if (!given) process.stdout.write(`password: ${password}\n(store it now; it is not shown again)\n`);
        return 0;
      });
    },
  },

  validate: {
    summary: 'Check question-bank files against the schema and the content rules',
    usage: 'civiq validate [PATH]   (a .json bank file or a directory; default question-banks/)',
    allowPositionals: true,
    async run({ positionals }) {
      const target = positionals[0] ?? 'question-banks';
      const { banks, problems } = await validateBankPath(target);
      for (const p of problems) process.stdout.write(`${p.file}${p.question ? ` [${p.question}]` : ''}: ${p.message}\n`);
      const count = banks.reduce((n, b) => n + b.bank.questions.length, 0);
      for (const s of summariseBanks(banks)) {
        const fmt = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k} ${v}`).join(', ');
        process.stdout.write(`${s.slug}: ${s.questions} questions; bands ${fmt(s.byGradeBand)}; types ${fmt(s.byType)}; difficulty ${fmt(s.byDifficulty)}\n`);
      }
      process.stdout.write(`${banks.length} banks, ${count} questions, ${problems.length} problems\n`);
      return problems.length === 0 ? 0 : 1;
    },
  },
  ...cliCommands,
  reports: reportsCommand,
};

function usageError(message: string): number {
  process.stderr.write(`civiq: ${message} (see --help)\n`);
  return 2;
}

function help(): string {
  const width = Math.max(...Object.keys(commands).map((k) => k.length));
  return `civiq — digital-literacy quiz and contest engine\n\nUsage: civiq <command> [options]   (run through npm: npm run civiq -- <command>)\n\nCommands:\n${Object.entries(commands)
    .map(([k, c]) => `  ${k.padEnd(width)}  ${c.summary}`)
    .join('\n')}\n\nRun civiq <command> --help for a command's options.\n`;
}

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(help());
    return 0;
  }
  const name = first && !first.startsWith('-') ? first : 'serve';
  const args = first && !first.startsWith('-') ? rest : argv;
  const command = commands[name];
  if (!command) return usageError(`unknown command "${name}"\n\n${help()}`);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options: command.options ?? {}, allowPositionals: command.allowPositionals ?? false, strict: true });
  } catch (err) {
    return usageError(`${name}: ${(err as Error).message}`);
  }
  return command.run({ values: parsed.values as Record<string, unknown>, positionals: parsed.positionals, env });
}

if (import.meta.main) {
  main(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (err: unknown) => {
      const e = err as { status?: number; code?: string; message?: string };
      process.stderr.write(`civiq: ${e.code && e.status ? `${e.code}` : ''} ${e.message ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
