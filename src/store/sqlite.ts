import Database from 'better-sqlite3';
import { type Clock, systemClock } from '../core/ports/clock.js';
import type { BoardEntry, BoardStanding, KeysByKind } from '../core/ports/store.js';
import { StoreOpenError } from './open-error.js';
import { prepareSqliteFile } from './sqlite-file.js';
import type { OnceTable, SyncPrimitives } from './sync-primitives.js';

/** Bumped when the tables change; a file written by a newer Backprop is refused rather than misread. */
export const SQLITE_SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER) WITHOUT ROWID;
-- Version 2: answers are their own record kind (they were claims holding JSON); the layout upgrade moves old ones.
CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (
  key TEXT NOT NULL, field TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (key, field)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS scores (
  board TEXT NOT NULL, member TEXT NOT NULL, points INTEGER NOT NULL, PRIMARY KEY (board, member)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS scores_by_points ON scores (board, points DESC, member);
-- How many members of a board hold each score: a rank sums the rows above one score, so it costs the number of
-- distinct scores, not the number of members (COUNT over scores_by_points would grow with the team).
CREATE TABLE IF NOT EXISTS score_counts (
  board TEXT NOT NULL, points INTEGER NOT NULL, members INTEGER NOT NULL, PRIMARY KEY (board, points)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS answer_log (id INTEGER PRIMARY KEY, key TEXT NOT NULL, entry TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS answer_log_by_key ON answer_log (key, id);
`;

/** The end of the key range that starts with prefix (for index range scans instead of LIKE). */
const rangeEnd = (prefix: string) => `${prefix}\uffff`;

/**
 * The embedded default: one SQLite file through better-sqlite3, in WAL mode. better-sqlite3 is synchronous, so
 * a transaction is a plain function call that no other event can interleave with.
 */
export class SqlitePrimitives implements SyncPrimitives {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly q;

  constructor(
    readonly file: string,
    private readonly clock: Clock = systemClock,
  ) {
    if (file !== ':memory:') prepareSqliteFile(file);
    this.db = new Database(file);
    try {
      // WAL lets readers run during a write; NORMAL syncs at checkpoints, so a process crash loses nothing
      // committed (a power cut may lose the last transactions). busy_timeout covers a second process on the file.
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
      this.checkVersion();
      this.db.exec(SCHEMA);
    } catch (error) {
      // Not a database, or one from a newer Backprop: the file is left as it was, and not held open.
      this.db.close();
      throw error;
    }
    this.db.prepare("INSERT OR REPLACE INTO meta (name, value) VALUES ('schema_version', ?)").run(String(SQLITE_SCHEMA_VERSION));
    const db = this.db;
    this.q = {
      kvGet: db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?'),
      kvSet: db.prepare(
        'INSERT INTO kv (key, value, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires',
      ),
      kvDelete: db.prepare('DELETE FROM kv WHERE key = ?'),
      docKeys: db.prepare<[string, string], { key: string }>('SELECT key FROM kv WHERE key >= ? AND key < ? ORDER BY key'),
      once: { claims: onceStatements(db, 'claims'), answers: onceStatements(db, 'answers') },
      counterAdd: db.prepare(
        'INSERT INTO counters (key, field, n) VALUES (?, ?, ?) ON CONFLICT (key, field) DO UPDATE SET n = n + excluded.n',
      ),
      counters: db.prepare<[string], { field: string; n: number }>('SELECT field, n FROM counters WHERE key = ?'),
      scoreGet: db.prepare<[string, string], { points: number }>('SELECT points FROM scores WHERE board = ? AND member = ?'),
      scoreSet: db.prepare(
        'INSERT INTO scores (board, member, points) VALUES (?, ?, ?) ON CONFLICT (board, member) DO UPDATE SET points = excluded.points',
      ),
      countAdd: db.prepare(
        'INSERT INTO score_counts (board, points, members) VALUES (?, ?, ?) ON CONFLICT (board, points) DO UPDATE SET members = members + excluded.members',
      ),
      countPrune: db.prepare('DELETE FROM score_counts WHERE board = ? AND points = ? AND members <= 0'),
      top: db.prepare<[string, number], { member: string; points: number }>(
        'SELECT member, points FROM scores WHERE board = ? ORDER BY points DESC, member ASC LIMIT ?',
      ),
      above: db.prepare<[string, number], { n: number | null }>(
        'SELECT SUM(members) AS n FROM score_counts WHERE board = ? AND points > ?',
      ),
      logAppend: db.prepare('INSERT INTO answer_log (key, entry) VALUES (?, ?)'),
      logRead: db.prepare<[string], { entry: string }>('SELECT entry FROM answer_log WHERE key = ? ORDER BY id'),
      keys: db.prepare<[{ prefix: string; end: string; now: number }], { kind: keyof KeysByKind; key: string }>(`
        SELECT 'docs' AS kind, key FROM kv WHERE key >= @prefix AND key < @end
        UNION ALL SELECT 'claims', key FROM claims WHERE key >= @prefix AND key < @end AND (expires IS NULL OR expires > @now)
        UNION ALL SELECT 'answers', key FROM answers WHERE key >= @prefix AND key < @end AND (expires IS NULL OR expires > @now)
        UNION ALL SELECT DISTINCT 'counters', key FROM counters WHERE key >= @prefix AND key < @end
        UNION ALL SELECT DISTINCT 'boards', board FROM scores WHERE board >= @prefix AND board < @end
        UNION ALL SELECT DISTINCT 'logs', key FROM answer_log WHERE key >= @prefix AND key < @end
        ORDER BY 2`),
      boardAll: db.prepare<[string], { member: string; points: number }>('SELECT member, points FROM scores WHERE board = ?'),
      scoreDelete: db.prepare('DELETE FROM scores WHERE board = ? AND member = ?'),
      delete: {
        docs: db.prepare('DELETE FROM kv WHERE key = ?'),
        claims: db.prepare('DELETE FROM claims WHERE key = ?'),
        answers: db.prepare('DELETE FROM answers WHERE key = ?'),
        counters: db.prepare('DELETE FROM counters WHERE key = ?'),
        boards: db.prepare('DELETE FROM scores WHERE board = ?'),
        boardCounts: db.prepare('DELETE FROM score_counts WHERE board = ?'),
        logs: db.prepare('DELETE FROM answer_log WHERE key = ?'),
      },
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      sweepKv: db.prepare('DELETE FROM kv WHERE expires IS NOT NULL AND expires <= ?'),
      sweepClaims: db.prepare('DELETE FROM claims WHERE expires IS NOT NULL AND expires <= ?'),
      sweepAnswers: db.prepare('DELETE FROM answers WHERE expires IS NOT NULL AND expires <= ?'),
    };
    this.sweep();
    this.sweepTimer = setInterval(() => this.sweep(), 60 * 60 * 1000).unref();
  }

  /** Before touching any table: a file from a newer Backprop must not be changed at all. */
  private checkVersion(): void {
    const hasMeta = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
    const row = hasMeta ? this.db.prepare<[], { value: string }>("SELECT value FROM meta WHERE name = 'schema_version'").get() : undefined;
    const found = row ? Number(row.value) : undefined;
    if (found !== undefined && found > SQLITE_SCHEMA_VERSION) {
      throw new StoreOpenError(
        `${this.file} was written by a newer Backprop (store schema ${found}; this version knows ${SQLITE_SCHEMA_VERSION}): upgrade Backprop, or use another file`,
      );
    }
  }

  /** Expired documents and claims are dropped hourly; reads already ignore them. */
  private sweep(): void {
    const now = this.clock.now();
    this.q.sweepKv.run(now);
    this.q.sweepClaims.run(now);
    this.q.sweepAnswers.run(now);
  }

  kvGet(key: string) {
    return this.q.kvGet.get(key)?.value;
  }
  kvSet(key: string, raw: string, expiresAt?: number) {
    this.q.kvSet.run(key, raw, expiresAt ?? null);
  }
  kvDelete(key: string) {
    return this.q.kvDelete.run(key).changes > 0;
  }
  kvClear() {
    this.db.exec('DELETE FROM kv');
  }
  docKeys(prefix: string) {
    return this.q.docKeys.all(prefix, rangeEnd(prefix)).map((r) => r.key);
  }

  onceGet(table: OnceTable, key: string, now: number) {
    return this.q.once[table].get.get(key, now)?.value;
  }
  onceInsert(table: OnceTable, key: string, value: string, expiresAt: number | undefined, now: number) {
    return this.q.once[table].insert.run(key, value, expiresAt ?? null, now).changes > 0;
  }
  onceRow(table: OnceTable, key: string, now: number) {
    const row = this.q.once[table].row.get(key, now);
    return row && { value: row.value, expiresAt: row.expires ?? undefined };
  }
  onceUnder(table: OnceTable, prefix: string, now: number) {
    return this.q.once[table].under.all(prefix, rangeEnd(prefix), now);
  }

  counterAdd(key: string, field: string, by: number) {
    this.q.counterAdd.run(key, field, by);
  }
  counters(key: string) {
    return Object.fromEntries(this.q.counters.all(key).map((r) => [r.field, r.n]));
  }

  boardAdd(board: string, member: string, delta: number) {
    const before = this.q.scoreGet.get(board, member)?.points;
    const after = (before ?? 0) + delta;
    if (before !== undefined) {
      this.q.countAdd.run(board, before, -1);
      this.q.countPrune.run(board, before);
    }
    this.q.scoreSet.run(board, member, after);
    this.q.countAdd.run(board, after, 1);
  }
  boardTop(board: string, limit: number): BoardEntry[] {
    return this.q.top.all(board, limit).map((r) => ({ memberId: r.member, points: r.points }));
  }
  boardRemove(board: string, member: string) {
    const points = this.q.scoreGet.get(board, member)?.points;
    if (points === undefined) return undefined;
    this.q.scoreDelete.run(board, member);
    this.q.countAdd.run(board, points, -1);
    this.q.countPrune.run(board, points);
    return points;
  }
  deleteKey(kind: keyof KeysByKind, key: string) {
    this.q.delete[kind].run(key);
    if (kind === 'boards') this.q.delete.boardCounts.run(key);
  }
  boardEntries(board: string): BoardEntry[] {
    return this.q.boardAll.all(board).map((r) => ({ memberId: r.member, points: r.points }));
  }
  boardStanding(board: string, member: string): BoardStanding | undefined {
    const points = this.q.scoreGet.get(board, member)?.points;
    if (points === undefined) return undefined;
    const above = this.q.above.get(board, points)?.n ?? 0;
    return { memberId: member, points, rank: above + 1 };
  }

  logAppend(key: string, entry: string) {
    this.q.logAppend.run(key, entry);
  }
  logRead(key: string) {
    return this.q.logRead.all(key).map((r) => r.entry);
  }

  keys(prefix: string, now: number): KeysByKind {
    const out: KeysByKind = { docs: [], claims: [], answers: [], counters: [], boards: [], logs: [] };
    for (const r of this.q.keys.all({ prefix, end: rangeEnd(prefix), now })) out[r.kind].push(r.key);
    return out;
  }

  transaction<T>(fn: () => T): T {
    // IMMEDIATE takes the write lock up front, so a second process cannot slip a write between our reads.
    // Prepared BEGIN/COMMIT instead of db.transaction(fn): that builds a wrapper per call, on the answer path.
    if (this.db.inTransaction) return fn();
    this.q.begin.run();
    try {
      const result = fn();
      this.q.commit.run();
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.q.rollback.run();
      throw error;
    }
  }

  close() {
    clearInterval(this.sweepTimer);
    if (this.db.open) this.db.close();
  }
}

/** The statements of a set-if-absent table (claims, answers): same columns, same rules. */
function onceStatements(db: Database.Database, table: OnceTable) {
  return {
    get: db.prepare<[string, number], { value: string }>(`SELECT value FROM ${table} WHERE key = ? AND (expires IS NULL OR expires > ?)`),
    // An expired row is replaced; a live one stays (set-if-absent).
    insert: db.prepare(
      `INSERT INTO ${table} (key, value, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires WHERE ${table}.expires IS NOT NULL AND ${table}.expires <= ?`,
    ),
    row: db.prepare<[string, number], { value: string; expires: number | null }>(
      `SELECT value, expires FROM ${table} WHERE key = ? AND (expires IS NULL OR expires > ?)`,
    ),
    under: db.prepare<[string, string, number], { key: string; value: string }>(
      `SELECT key, value FROM ${table} WHERE key >= ? AND key < ? AND (expires IS NULL OR expires > ?) ORDER BY key`,
    ),
  };
}

/**
 * SQLite errors that mean "the file cannot be written now", not a bug: a full disk, an I/O error, a lock held past
 * busy_timeout, a read-only file or directory, a file that cannot be opened. Members are told to try again, and
 * everything recovers by itself once the disk has room again.
 */
export function isSqliteOutage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(FULL|IOERR|BUSY|READONLY|CANTOPEN)/.test(code);
}
