import { knownLayout, upgradeLayout } from '../core/upgrades/layout.js';
import { countKinds, holdsData, migrateStore, TargetNotEmpty } from '../store/migrate.js';
import { openStore } from '../store/open.js';
import { maskedUrl } from '../store/open-error.js';
import { CommandError, fromTo, runCommand } from './command.js';
import { LEASE_PREFIX, refuseLiveSource } from './live-source.js';

const USAGE =
  'usage: npm run migrate-store -- --from <store url> --to <store url>   (for example --from sqlite://data/backprop.sqlite --to redis://127.0.0.1:6379)';

/** What opening a store waits for (a Redis loading its data), on stderr: stdout is the command's result. */
const say = (message: string) => console.error(`migrate-store: ${message}`);

/** npm run migrate-store -- --from URL --to URL: copies every record between two stores, then checks the copy. */
async function main(): Promise<void> {
  const values = fromTo(USAGE);
  if (values.from === values.to) throw new CommandError('--from and --to name the same store');
  if (/^memory:/i.test(values.to)) throw new CommandError('--to: memory:// keeps nothing: the copy would be gone when this command ends');
  // A mistyped source must not become an empty store that is "copied" with success: the operator would then
  // point STORE_URL at a target without any of their teams. Checked before the target is opened (or created).
  const from = await openStore(values.from, { setting: '--from', mustExist: true, waiting: say });
  await refuseLiveSource(from, '--from').catch(async (error: unknown) => {
    await from.close();
    throw error;
  });
  // A source a newer Backprop wrote is refused before anything is copied (the copy would not start either).
  await knownLayout(from).catch(async (error: unknown) => {
    await from.close();
    throw error;
  });
  if (!(await holdsData(from))) {
    await from.close();
    throw new CommandError(
      `--from: ${maskedUrl(values.from)} holds no Backprop data (no team, member or installation): nothing to copy. Check the path, database, namespace or schema.`,
    );
  }
  const to = await openStore(values.to, { setting: '--to', waiting: say }).catch(async (error: unknown) => {
    await from.close();
    throw error;
  });
  try {
    await refuseLiveSource(to, '--to', Date.now(), 'it would serve its teams while they are copied in');
    // Leases belong to the processes of the source: a copy starts without any.
    const copied = await migrateStore(from, to, { skip: LEASE_PREFIX }).catch((error: unknown) => {
      // A target found holding data is refused before anything is written: said as it is, never "empty it".
      if (error instanceof TargetNotEmpty) throw error;
      // Part of the data may be in the target now: the next attempt would find it not empty, so the operator is told.
      const why = error instanceof Error ? error.message : String(error);
      throw new CommandError(
        `the copy stopped part-way (${why}); ${maskedUrl(values.to)} may hold part of the data: empty it (delete the file, drop the schema, or delete the namespace's keys) before trying again`,
        { cause: error },
      );
    });
    const check = await countKinds(to);
    for (const kind of Object.keys(copied) as (keyof typeof copied)[]) {
      if (check[kind] !== copied[kind]) throw new CommandError(`the copy is incomplete: ${kind} records ${check[kind]} of ${copied[kind]}`);
    }
    const summary = Object.entries(copied)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    process.stdout.write(`Copied ${summary} from ${from.kind} to ${to.kind}; the target holds the same.\n`);
    // A copy of a store an older Backprop wrote is brought to today's layout, as npm start would (the source stays as it was).
    const { from: layout, to: now } = await upgradeLayout(to, {
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
      debug: () => undefined,
    });
    if (layout !== now) process.stdout.write(`Upgraded the copy from data layout ${layout} to ${now}.\n`);
  } finally {
    await from.close();
    await to.close();
  }
}

runCommand('migrate-store', main);
