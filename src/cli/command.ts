/** What every npm-run command shares: its --from/--to options, and how it reports a failure. */
import { parseArgs } from 'node:util';
import { StoreUnavailable } from '../core/shared/errors.js';
import { LayoutTooNew } from '../core/upgrades/layout.js';
import { bugReport, isOperatorMistake } from '../start-failure.js';
import { TargetNotEmpty } from '../store/migrate.js';
import { isSqliteOutage } from '../store/sqlite.js';

/** What the operator fixes (an option, a path, a store that refuses): said in one line, without a stack. */
export class CommandError extends Error {}

/** The --from and --to options of the store commands, both required; a problem names the option and shows usage. */
export function fromTo(usage: string): { from: string; to: string } {
  let values: { from?: string; to?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    throw new CommandError(`${(error as Error).message}\n${usage}`);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  if (!values.from) throw new CommandError(`--from is required\n${usage}`);
  if (!values.to) throw new CommandError(`--to is required\n${usage}`);
  return { from: values.from, to: values.to };
}

/**
 * How a command reports a failure, named after it: the operator's mistakes are their message alone, naming what
 * to fix; anything else is a bug and keeps its stack, for the report.
 */
export function commandFailure(name: string, error: unknown): string {
  const mine = [CommandError, TargetNotEmpty, LayoutTooNew, StoreUnavailable].some((kind) => error instanceof kind);
  // A full disk or a file that cannot be opened (SQLite's codes): the operator's to fix, not a bug.
  if (mine || isOperatorMistake(error) || isSqliteOutage(error)) return `${name}: ${(error as Error).message}\n`;
  return `${name}: failed: ${bugReport(error)}\n`;
}

/** Runs a command's main; a failure goes to stderr (see commandFailure), with exit code 1. */
export function runCommand(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(commandFailure(name, error));
    process.exit(1);
  });
}
