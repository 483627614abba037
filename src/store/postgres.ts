import { userInfo } from 'node:os';
import pg from 'pg';
import { type Clock, systemClock } from '../core/ports/clock.js';
import type {
  AnswerStep,
  BoardEntry,
  BoardRead,
  BoardStanding,
  CommitResult,
  KeysByKind,
  MemberDocKey,
  StoreRecord,
} from '../core/ports/store.js';
import type { AnswerLogEntry, StoredAnswer } from '../core/standings/member-model.js';
import { BackendStore } from './backend-store.js';
import { decodeDoc, deserializeEnvelope, encodeDoc } from './doc-codec.js';
import { maskedUrl, StoreOpenError } from './open-error.js';
import { reportingOutages } from './outage.js';
import { addCounters, pgAnswerStep } from './postgres-answer-step.js';
import { AnswerBatches } from './postgres-batches.js';
import { PgBoards } from './postgres-boards.js';
import { PostgresDocs } from './postgres-docs.js';
import { likePrefix, migrate } from './postgres-schema.js';
import { inTransaction, isPostgresOutage } from './postgres-tx.js';
import { checkPostgresOptions } from './postgres-url.js';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Connections per store: reads never queue for one behind the answer statements. */
const POOL_SIZE = 16;
/**
 * Answer statements under way at once per process (up to 16 answers each): two keep the server busy while the next
 * batch forms; eight gained nothing clear on a two-core database and held leaderboard reads during a burst up
 * behind all of their CPU (README, Performance). More processes on one database add their own.
 */
const ANSWER_STATEMENTS = 2;

/** Every table with the column that holds its key, for listing and deleting by prefix. */
const TABLES = [
  ['keyv', 'key'],
  ...(['bp_claims', 'bp_answers', 'bp_counters', 'bp_answer_log'] as const).map((t) => [t, 'key'] as const),
  ...(['bp_scores', 'bp_score_counts'] as const).map((t) => [t, 'board'] as const),
] as const;
/** Bookkeeping of other tables' records (score counts), not records of their own. */
const BOOKKEEPING = new Set(['bp_score_counts']);

/**
 * PostgreSQL: documents through a Keyv storage adapter (the `keyv` table, see PostgresDocs), and next to it, in
 * the same schema, tables for what Keyv cannot do: claims and answers (INSERT … ON CONFLICT), tallies and
 * leaderboards with per-score member counts (both in shards: postgres-functions.ts), answer logs. The
 * answer step is a function in the schema, one statement (postgres-answer-step.ts). `?schema=` picks the schema
 * (default backprop), created on first run.
 */
export class PostgresStore extends BackendStore {
  readonly kind = 'postgres';
  readonly boards: PgBoards;
  private readonly batches: AnswerBatches;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly s: string,
    clock: Clock,
  ) {
    super(new PostgresDocs(pool, `"${s}".keyv`), clock);
    this.boards = new PgBoards(pool, (name) => this.t(name));
    this.batches = new AnswerBatches(pool, { step: this.t('bp_answer_step'), flush: this.t('bp_flush') }, ANSWER_STATEMENTS);
  }

  /** `mustExist`: a store to copy from: a schema without Backprop's tables is refused before any is created. */
  static async open(url: string, clock: Clock = systemClock, options: { mustExist?: boolean } = {}): Promise<PostgresStore> {
    const parsed = new URL(url);
    checkPostgresOptions(parsed, maskedUrl(url));
    const schema = parsed.searchParams.get('schema') ?? 'backprop';
    if (!SCHEMA_NAME.test(schema)) throw new StoreOpenError(`schema "${schema}" must be a lowercase identifier (letters, digits, _)`);
    parsed.searchParams.delete('schema');
    // Like libpq (psql), a URL without a user connects as the operating-system user.
    if (!parsed.username) parsed.username = userInfo().username;
    const pool = new pg.Pool({ connectionString: parsed.toString(), max: POOL_SIZE, connectionTimeoutMillis: 5000 });
    pool.on('error', () => undefined); // a dropped idle connection is replaced on next use
    // A server that cannot be reached or refuses (openStore says why): its pool is not left open behind the error.
    const ready = async () => {
      const { rows } = await pool.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`"${schema}".keyv`]);
      if (!rows[0]?.t) throw new StoreOpenError(`${maskedUrl(url)} holds no Backprop store (schema "${schema}" has no tables)`);
    };
    await (options.mustExist ? ready() : Promise.resolve())
      .then(() => migrate(pool, schema))
      .catch(async (error: unknown) => {
        await pool.end().catch(() => undefined);
        throw error;
      });
    return reportingOutages(new PostgresStore(pool, schema, clock), isPostgresOutage);
  }

  /** A schema-qualified table or function name. */
  t(name: string): string {
    return `"${this.s}".${name}`;
  }

  private tx<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work);
  }

  /** Insert unless a live row exists (an expired one is replaced): claims and answers are both set-if-absent. */
  async insertOnce(c: pg.PoolClient, table: 'bp_claims' | 'bp_answers', key: string, value: string, expiresAt: number | null, now: number) {
    const r = await c.query(
      `INSERT INTO ${this.t(table)} (key, value, expires) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires
       WHERE ${this.t(table)}.expires IS NOT NULL AND ${this.t(table)}.expires <= $4
       RETURNING key`,
      [key, value, expiresAt, now],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async claim(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const now = this.clock.now();
    return this.tx(async (c) => {
      // Exclusive against answer steps that checked this key (a daily's closed claim): an answer either commits
      // before the close, and is in the reveal's tally, or sees the daily closed.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
      return this.insertOnce(c, 'bp_claims', key, value, ttlMs === undefined ? null : now + ttlMs, now);
    });
  }

  private async liveValue(table: 'bp_claims' | 'bp_answers', key: string): Promise<string | undefined> {
    const r = await this.pool.query<{ value: string }>(
      `SELECT value FROM ${this.t(table)} WHERE key = $1 AND (expires IS NULL OR expires > $2)`,
      [key, this.clock.now()],
    );
    return r.rows[0]?.value;
  }

  getClaim(key: string): Promise<string | undefined> {
    return this.liveValue('bp_claims', key);
  }

  async releaseClaim(key: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.t('bp_claims')} WHERE key = $1`, [key]);
  }

  async getAnswer(key: string): Promise<StoredAnswer | undefined> {
    const raw = await this.liveValue('bp_answers', key);
    return raw === undefined ? undefined : (JSON.parse(raw) as StoredAnswer);
  }

  async answersUnder(prefix: string): Promise<{ key: string; answer: StoredAnswer }[]> {
    const r = await this.pool.query<{ key: string; value: string }>(
      `SELECT key, value FROM ${this.t('bp_answers')} WHERE key LIKE $1 AND (expires IS NULL OR expires > $2) ORDER BY key`,
      [likePrefix(prefix), this.clock.now()],
    );
    return r.rows.map((row) => ({ key: row.key, answer: JSON.parse(row.value) as StoredAnswer }));
  }

  commitAnswer(step: AnswerStep): Promise<CommitResult> {
    return pgAnswerStep(this.batches, step, this.clock);
  }

  top(board: string, limit: number): Promise<BoardEntry[]> {
    return this.boards.top(board, limit);
  }

  override async boardRead(board: string, limit: number, memberId: string, docs: MemberDocKey): Promise<BoardRead> {
    const { top, me, raws } = await this.boards.read(board, limit, memberId, docs);
    return {
      top,
      me,
      docs: this.decodeMany(
        top.map((e) => docs.before + e.memberId + docs.after),
        raws,
      ),
    };
  }

  standing(board: string, memberId: string): Promise<BoardStanding | undefined> {
    return this.boards.standing(board, memberId);
  }

  protected boardEntries(board: string): Promise<BoardEntry[]> {
    return this.boards.entries(board);
  }

  async moveBoardMember(memberId: string, fromPrefix: string, toPrefix?: string): Promise<void> {
    await this.tx((c) => this.boards.moveMember(c, memberId, fromPrefix, toPrefix));
  }

  /** Each field's shards added up, in one statement (one snapshot: a batch's changes are seen whole or not at all). */
  async counters(key: string): Promise<Record<string, number>> {
    const sum = `SELECT field, SUM(n) AS n FROM ${this.t('bp_counters')} WHERE key = $1 GROUP BY field`;
    const r = await this.pool.query<{ field: string; n: string }>(sum, [key]);
    return Object.fromEntries(r.rows.map((x) => [x.field, Number(x.n)]));
  }

  async readLog(key: string): Promise<AnswerLogEntry[]> {
    const r = await this.pool.query<{ entry: string }>(`SELECT entry FROM ${this.t('bp_answer_log')} WHERE key = $1 ORDER BY id`, [key]);
    return r.rows.map((x) => JSON.parse(x.entry) as AnswerLogEntry);
  }

  override async docKeys(prefix: string): Promise<string[]> {
    const r = await this.pool.query<{ k: string }>(`SELECT key AS k FROM ${this.t('keyv')} WHERE key LIKE $1 ORDER BY 1`, [
      likePrefix(prefix),
    ]);
    return r.rows.map((x) => x.k);
  }

  async keysByKind(prefix: string): Promise<KeysByKind> {
    const like = likePrefix(prefix);
    const now = this.clock.now();
    const q = async (sql: string, params: unknown[] = [like]) => (await this.pool.query<{ k: string }>(sql, params)).rows.map((x) => x.k);
    const live = (table: string) =>
      q(`SELECT key AS k FROM ${this.t(table)} WHERE key LIKE $1 AND (expires IS NULL OR expires > $2) ORDER BY 1`, [like, now]);
    const [docs, claims, answers, counters, boards, logs] = await Promise.all([
      q(`SELECT key AS k FROM ${this.t('keyv')} WHERE key LIKE $1 ORDER BY 1`),
      live('bp_claims'),
      live('bp_answers'),
      q(`SELECT DISTINCT key AS k FROM ${this.t('bp_counters')} WHERE key LIKE $1 ORDER BY 1`),
      q(`SELECT DISTINCT board AS k FROM ${this.t('bp_scores')} WHERE board LIKE $1 ORDER BY 1`),
      q(`SELECT DISTINCT key AS k FROM ${this.t('bp_answer_log')} WHERE key LIKE $1 ORDER BY 1`),
    ]);
    return { docs, claims, answers, counters, boards, logs };
  }

  protected async onceRow(table: 'claims' | 'answers', key: string, now: number) {
    const r = await this.pool.query<{ value: string; expires: string | null }>(
      `SELECT value, expires FROM ${this.t(`bp_${table}`)} WHERE key = $1 AND (expires IS NULL OR expires > $2)`,
      [key, now],
    );
    const row = r.rows[0];
    return row && { value: row.value, expiresAt: row.expires === null ? undefined : Number(row.expires) };
  }

  async updateDoc<T>(key: string, update: (previous: T | undefined) => T | undefined): Promise<T | undefined> {
    return this.tx(async (c) => {
      // FOR UPDATE cannot lock a row that does not exist yet: the key's advisory lock serializes first writes too.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`doc:${key}`]);
      const row = await c.query<{ value: string }>(`SELECT value FROM ${this.t('keyv')} WHERE key = $1 FOR UPDATE`, [key]);
      const raw = row.rows[0]?.value;
      const previous = decodeDoc<T>(raw, this.clock.now(), key);
      const next = update(previous);
      if (next === undefined) return previous;
      const expires = raw === undefined ? undefined : deserializeEnvelope<T>(raw)?.expires;
      await this.upsertDoc(c, key, encodeDoc(next, expires));
      return next;
    });
  }

  private async upsertDoc(c: pg.PoolClient, key: string, raw: string): Promise<void> {
    const upsert = `INSERT INTO ${this.t('keyv')} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`;
    await c.query(upsert, [key, raw]);
  }

  async deletePrefix(prefix: string): Promise<number> {
    const like = likePrefix(prefix);
    return this.tx(async (c) => {
      let n = 0;
      for (const [table, column] of TABLES) {
        const deleted = (await c.query(`DELETE FROM ${this.t(table)} WHERE ${column} LIKE $1`, [like])).rowCount ?? 0;
        if (!BOOKKEEPING.has(table)) n += deleted;
      }
      return n;
    });
  }

  async importRecord(r: StoreRecord): Promise<void> {
    const now = this.clock.now();
    await this.tx(async (c) => {
      switch (r.kind) {
        case 'doc':
          await this.upsertDoc(c, r.key, encodeDoc(r.value, r.expiresAt));
          return;
        case 'claim':
          await this.insertOnce(c, 'bp_claims', r.key, r.value, r.expiresAt ?? null, now);
          return;
        case 'answer':
          await this.insertOnce(c, 'bp_answers', r.key, JSON.stringify(r.value), r.expiresAt ?? null, now);
          return;
        case 'counters':
          await addCounters((name) => this.t(name), c, r.key, r.fields);
          return;
        case 'board':
          await this.boards.importEntries(c, r.key, r.entries);
          return;
        case 'log':
          for (const e of r.entries)
            await c.query(`INSERT INTO ${this.t('bp_answer_log')} (key, entry) VALUES ($1, $2)`, [r.key, JSON.stringify(e)]);
          return;
      }
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
