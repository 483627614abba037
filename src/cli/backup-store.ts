import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { sqlitePath } from '../store/open.js';
import { openProblem, StoreOpenError } from '../store/open-error.js';
import { prepareSqliteFile } from '../store/sqlite-file.js';
import { CommandError, fromTo, runCommand } from './command.js';

const USAGE = 'usage: npm run backup-store -- --from sqlite://data/backprop.sqlite --to backups/backprop-YYYY-MM-DD.sqlite';

/**
 * npm run backup-store -- --from sqlite://… --to FILE: a consistent copy of the SQLite store, taken while Backprop
 * runs. SQLite's online backup API copies the database with what is still in its write-ahead log (copying the
 * .sqlite file alone would miss it), then the copy's integrity is checked.
 */
async function main(): Promise<void> {
  const values = fromTo(USAGE);
  if (!/^[a-z]+:\/\//i.test(values.from)) {
    throw new CommandError(
      `--from: "${values.from}" is not a store URL: write the SQLite file as sqlite://${values.from.replace(/^\/+/, '/')}`,
    );
  }
  if (!values.from.startsWith('sqlite://')) {
    throw new CommandError(
      '--from: only the SQLite store is backed up by this command; back up Redis with its own snapshots (BGSAVE) and PostgreSQL with pg_dump',
    );
  }
  const source = named('--from', values.from, () => sqlitePath(values.from));
  if (!existsSync(source)) throw new CommandError(`--from: ${source} does not exist`);
  if (statSync(source).isDirectory()) throw new CommandError(`--from: ${source} is a folder, not an SQLite file`);
  const target = backupFile(values.to);
  if (existsSync(target)) throw new CommandError(`--to: ${target} already exists; choose a new file`);
  // The folder is made as the README's own example needs (backups/ in a fresh clone), what is in the way named.
  named('--to', target, () => prepareSqliteFile(target));

  // Read once before the backup, so that a source that is not a database is named as --from's problem.
  const db = named('--from', source, () => {
    const opened = new Database(source, { readonly: true, fileMustExist: true });
    try {
      opened.pragma('schema_version');
      return opened;
    } catch (error) {
      opened.close();
      throw error;
    }
  });
  try {
    const { totalPages } = await db.backup(target);
    const copy = new Database(target, { fileMustExist: true });
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new CommandError(`the copy failed its integrity check: ${String(check)}`);
      // The copy keeps the live file's WAL mode, which leaves empty -wal and -shm files beside it: in rollback
      // mode it is one self-contained file to keep or move (Backprop turns WAL on again when it opens it).
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    process.stdout.write(`Backed up ${source} to ${target} (${totalPages} pages, integrity ok).\n`);
  } finally {
    db.close();
  }
}

/** --to is a file path or, like --from, an sqlite:// URL; a URL of another store cannot hold a backup. */
function backupFile(to: string): string {
  if (to.startsWith('sqlite://')) return named('--to', to, () => sqlitePath(to));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(to)) {
    throw new CommandError(`--to: a backup is an SQLite file: give a path or an sqlite:// URL, not ${to.slice(0, to.indexOf(':'))}://`);
  }
  return to;
}

/** A problem with a file (a path, a folder in the way, not a database) said of the option it came from. */
function named<T>(option: string, file: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof StoreOpenError) throw error.of(option);
    const problem = openProblem(`sqlite://${file}`, file, error);
    if (problem === undefined) throw error;
    throw new StoreOpenError(problem, option, { cause: error });
  }
}

runCommand('backup-store', main);
