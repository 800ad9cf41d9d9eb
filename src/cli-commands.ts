import type { Command } from './cli.ts';

/** Commands contributed by feature modules (import, export, seed). */
export const cliCommands: Record<string, Command> = {};
