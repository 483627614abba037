/** What every npm-run command shares: its --from/--to options, and how it reports a failure. */
import { parseArgs } from 'node:util';

/** The --from and --to options of the store commands, both required; a problem names the option and shows usage. */
export function fromTo(usage: string): { from: string; to: string } {
  let values: { from?: string; to?: string };
  try {
    ({ values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${usage}`);
  }
  if (!values.from) throw new Error(`--from is required\n${usage}`);
  if (!values.to) throw new Error(`--to is required\n${usage}`);
  return { from: values.from, to: values.to };
}

/** Runs a command's main; a failure is one line on stderr, named after the command, and exit code 1. */
export function runCommand(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
