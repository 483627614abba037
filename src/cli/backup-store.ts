import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { sqlitePath } from '../store/open.js';
import { fromTo, runCommand } from './command.js';

const USAGE = 'usage: npm run backup-store -- --from sqlite://data/backprop.sqlite --to backups/backprop-2026-11-27.sqlite';

/**
 * npm run backup-store -- --from sqlite://… --to FILE: a consistent copy of the SQLite store, taken while Backprop
 * runs. SQLite's online backup API copies the database with what is still in its write-ahead log (copying the
 * .sqlite file alone would miss it), then the copy's integrity is checked.
 */
async function main(): Promise<void> {
  const values = fromTo(USAGE);
  if (!values.from.startsWith('sqlite://')) {
    throw new Error(
      '--from: only the SQLite store is backed up by this command; back up Redis with its own snapshots (BGSAVE) and PostgreSQL with pg_dump',
    );
  }
  const source = sqlitePath(values.from);
  if (!existsSync(source)) throw new Error(`--from: ${source} does not exist`);
  if (existsSync(values.to)) throw new Error(`--to: ${values.to} already exists; choose a new file`);

  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(values.to);
    const copy = new Database(values.to, { readonly: true });
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`);
    } finally {
      copy.close();
    }
    process.stdout.write(`Backed up ${source} to ${values.to} (${totalPages} pages, integrity ok).\n`);
  } finally {
    db.close();
  }
}

runCommand('backup-store', main);
