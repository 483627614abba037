import { userInfo } from 'node:os';
import type { Keyv } from 'keyv';
import pg from 'pg';
import type { AnswerCommit, BoardEntry, BoardStanding, CommitResult, KeysByKind, StoreRecord } from '../core/ports/store.js';
import type { AnswerLogEntry, MemberRecord, StoredAnswer } from '../core/standings/member-model.js';
import { BackendStore } from './backend-store.js';
import { decodeDoc, deserializeEnvelope, documentKeyv, encodeDoc } from './doc-codec.js';
import { isNetworkError, reportingOutages } from './outage.js';
import { PgBoards } from './postgres-boards.js';
import { PostgresDocs } from './postgres-docs.js';
import { likePrefix, migrate } from './postgres-schema.js';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** How many times each field is named: a tally's increments. */
function countOf(fields: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of fields) counts[f] = (counts[f] ?? 0) + 1;
  return counts;
}

/** Postgres errors after which the whole transaction can simply run again. */
const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

/**
 * PostgreSQL: documents through Keyv (the `keyv` table, see PostgresDocs), and next to it, in the same schema,
 * tables for what Keyv cannot do: claims (INSERT … ON CONFLICT), tallies, leaderboards with a per-score member
 * count (so a rank never counts every member), and answer logs. The answer step is one transaction.
 *
 * `?schema=` picks the schema (default backprop), created on first run.
 */
export class PostgresStore extends BackendStore {
  readonly kind = 'postgres';

  private readonly boards: PgBoards;

  private constructor(
    private readonly pool: pg.Pool,
    protected readonly docs: Keyv,
    private readonly s: string,
  ) {
    super();
    this.boards = new PgBoards(pool, (name) => this.t(name));
  }

  static async open(url: string): Promise<PostgresStore> {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? 'backprop';
    if (!SCHEMA_NAME.test(schema)) throw new Error(`STORE_URL: schema "${schema}" must be a lowercase identifier (letters, digits, _)`);
    parsed.searchParams.delete('schema');
    // Like libpq (psql), a URL without a user connects as the operating-system user.
    if (!parsed.username) parsed.username = userInfo().username;
    const uri = parsed.toString();
    const pool = new pg.Pool({ connectionString: uri, max: 10, connectionTimeoutMillis: 5000 });
    pool.on('error', () => undefined); // a dropped idle connection is replaced on next use
    await migrate(pool, schema);
    const docs = documentKeyv(new PostgresDocs(pool, `"${schema}".keyv`));
    return reportingOutages(new PostgresStore(pool, docs, schema), isPostgresOutage);
  }

  /** A schema-qualified table name. */
  private t(name: string): string {
    return `"${this.s}".${name}`;
  }

  private async tx<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const c = await this.pool.connect();
      try {
        await c.query('BEGIN');
        const result = await work(c);
        await c.query('COMMIT');
        return result;
      } catch (error) {
        await c.query('ROLLBACK').catch(() => undefined);
        const code = (error as { code?: string }).code;
        if (!(code && RETRYABLE.has(code)) || attempt >= 5) throw error;
      } finally {
        c.release();
      }
    }
  }

  /** Insert unless a live claim exists (an expired one is replaced); the answer step's closed check waits on it. */
  private async insertClaim(c: pg.PoolClient, key: string, value: string, expiresAt: number | null, now: number) {
    const r = await c.query(
      `INSERT INTO ${this.t('bp_claims')} (key, value, expires) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires
       WHERE ${this.t('bp_claims')}.expires IS NOT NULL AND ${this.t('bp_claims')}.expires <= $4
       RETURNING key`,
      [key, value, expiresAt, now],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async claim(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const now = Date.now();
    return this.tx(async (c) => {
      // Exclusive against answer steps that checked this key (a daily's closed claim): an answer either commits
      // before the close, and is in the reveal's tally, or sees the daily closed.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
      return this.insertClaim(c, key, value, ttlMs === undefined ? null : now + ttlMs, now);
    });
  }

  async getClaim(key: string): Promise<string | undefined> {
    const r = await this.pool.query<{ value: string }>(
      `SELECT value FROM ${this.t('bp_claims')} WHERE key = $1 AND (expires IS NULL OR expires > $2)`,
      [key, Date.now()],
    );
    return r.rows[0]?.value;
  }

  async releaseClaim(key: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.t('bp_claims')} WHERE key = $1`, [key]);
  }

  async commitAnswer(a: AnswerCommit): Promise<CommitResult> {
    const now = Date.now();
    return this.tx(async (c): Promise<CommitResult> => {
      if (a.closedKey) {
        await c.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [a.closedKey]);
        const closed = await c.query(`SELECT 1 FROM ${this.t('bp_claims')} WHERE key = $1 AND (expires IS NULL OR expires > $2)`, [
          a.closedKey,
          now,
        ]);
        if ((closed.rowCount ?? 0) > 0) return { status: 'closed' };
      }
      // The documents the step changes, locked in a fixed order (the member's record, then the other one) with the
      // same advisory locks as updateDoc: FOR UPDATE cannot lock a first record that does not exist yet.
      const docKeys = a.alsoUpdate ? [a.memberKey, a.alsoUpdate.key] : [a.memberKey];
      // (Volatile functions in a select list run after its ORDER BY: the locks are taken in this order.)
      await c.query('SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest($1::text[]) WITH ORDINALITY AS keys(k, i) ORDER BY i', [
        docKeys.map((key) => `doc:${key}`),
      ]);
      const rows = await c.query<{ key: string; value: string }>(
        `SELECT key, value FROM ${this.t('keyv')} WHERE key = ANY($1) FOR UPDATE`,
        [docKeys],
      );
      const current = (key: string) => rows.rows.find((r) => r.key === key)?.value;
      const { next, points, boards } = a.applyToMember(decodeDoc<MemberRecord>(current(a.memberKey), now));
      // The answer's claim is the gate: a second answer of the member waited on the locks above, and stops here.
      const stored: StoredAnswer = { ...a.answer, points };
      const expires = a.answerTtlMs === undefined ? null : now + a.answerTtlMs;
      if (!(await this.insertClaim(c, a.answerKey, JSON.stringify(stored), expires, now))) {
        const existing = await c.query<{ value: string }>(`SELECT value FROM ${this.t('bp_claims')} WHERE key = $1`, [a.answerKey]);
        return { status: 'duplicate', existing: JSON.parse(existing.rows[0]!.value) as StoredAnswer };
      }
      const writes: [string, string][] = [[a.memberKey, encodeDoc(next)]];
      if (a.alsoUpdate) {
        const updated = a.alsoUpdate.update(decodeDoc(current(a.alsoUpdate.key), now));
        if (updated !== undefined) writes.push([a.alsoUpdate.key, encodeDoc(updated)]);
      }
      await c.query(
        `INSERT INTO ${this.t('keyv')} (key, value) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
        [writes.map(([k]) => k), writes.map(([, v]) => v)],
      );
      if (a.tally) await this.addCounters(c, a.tally.key, countOf(a.tally.fields));
      if (points > 0) await this.boards.addToEach(c, boards, a.memberId, points);
      if (a.logKey && a.log)
        await c.query(`INSERT INTO ${this.t('bp_answer_log')} (key, entry) VALUES ($1, $2)`, [a.logKey, JSON.stringify(a.log)]);
      return { status: 'recorded', member: next, points };
    });
  }

  /** Adds to several of a key's counters in one upsert (each field appears once, so no row is touched twice). */
  private async addCounters(c: pg.PoolClient, key: string, counts: Record<string, number>) {
    await c.query(
      `INSERT INTO ${this.t('bp_counters')} (key, field, n) SELECT $1, * FROM unnest($2::text[], $3::bigint[])
       ON CONFLICT (key, field) DO UPDATE SET n = ${this.t('bp_counters')}.n + EXCLUDED.n`,
      [key, Object.keys(counts), Object.values(counts)],
    );
  }

  top(board: string, limit: number): Promise<BoardEntry[]> {
    return this.boards.top(board, limit);
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

  async counters(key: string): Promise<Record<string, number>> {
    const r = await this.pool.query<{ field: string; n: string }>(`SELECT field, n FROM ${this.t('bp_counters')} WHERE key = $1`, [key]);
    return Object.fromEntries(r.rows.map((x) => [x.field, Number(x.n)]));
  }

  async readLog(key: string): Promise<AnswerLogEntry[]> {
    const r = await this.pool.query<{ entry: string }>(`SELECT entry FROM ${this.t('bp_answer_log')} WHERE key = $1 ORDER BY id`, [key]);
    return r.rows.map((x) => JSON.parse(x.entry) as AnswerLogEntry);
  }

  protected async keysByKind(prefix: string): Promise<KeysByKind> {
    const like = likePrefix(prefix);
    const q = async (sql: string, params: unknown[] = [like]) => (await this.pool.query<{ k: string }>(sql, params)).rows.map((x) => x.k);
    const [docs, claims, counters, boards, logs] = await Promise.all([
      q(`SELECT key AS k FROM ${this.t('keyv')} WHERE key LIKE $1 ORDER BY 1`),
      q(`SELECT key AS k FROM ${this.t('bp_claims')} WHERE key LIKE $1 AND (expires IS NULL OR expires > $2) ORDER BY 1`, [
        like,
        Date.now(),
      ]),
      q(`SELECT DISTINCT key AS k FROM ${this.t('bp_counters')} WHERE key LIKE $1 ORDER BY 1`),
      q(`SELECT DISTINCT board AS k FROM ${this.t('bp_scores')} WHERE board LIKE $1 ORDER BY 1`),
      q(`SELECT DISTINCT key AS k FROM ${this.t('bp_answer_log')} WHERE key LIKE $1 ORDER BY 1`),
    ]);
    return { docs, claims, counters, boards, logs };
  }

  protected async rawDoc(key: string): Promise<string | undefined> {
    const r = await this.pool.query<{ value: string }>(`SELECT value FROM ${this.t('keyv')} WHERE key = $1`, [key]);
    return r.rows[0]?.value;
  }

  protected async claimRow(key: string, now: number) {
    const r = await this.pool.query<{ value: string; expires: string | null }>(
      `SELECT value, expires FROM ${this.t('bp_claims')} WHERE key = $1 AND (expires IS NULL OR expires > $2)`,
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
      const previous = decodeDoc<T>(raw);
      const next = update(previous);
      if (next === undefined) return previous;
      const expires = raw === undefined ? undefined : deserializeEnvelope<T>(raw)?.expires;
      await c.query(`INSERT INTO ${this.t('keyv')} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
        key,
        encodeDoc(next, expires),
      ]);
      return next;
    });
  }

  async deletePrefix(prefix: string): Promise<number> {
    const like = likePrefix(prefix);
    return this.tx(async (c) => {
      let n = 0;
      for (const [table, column] of [
        ['keyv', 'key'],
        ['bp_claims', 'key'],
        ['bp_counters', 'key'],
        ['bp_scores', 'board'],
        ['bp_score_counts', 'board'],
        ['bp_answer_log', 'key'],
      ] as const) {
        n += (await c.query(`DELETE FROM ${this.t(table)} WHERE ${column} LIKE $1`, [like])).rowCount ?? 0;
      }
      return n;
    });
  }

  async importRecord(r: StoreRecord): Promise<void> {
    await this.tx(async (c) => {
      switch (r.kind) {
        case 'doc':
          await c.query(
            `INSERT INTO ${this.t('keyv')} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
            [r.key, encodeDoc(r.value, r.expiresAt)],
          );
          return;
        case 'claim':
          await this.insertClaim(c, r.key, r.value, r.expiresAt ?? null, Date.now());
          return;
        case 'counters':
          await this.addCounters(c, r.key, r.fields);
          return;
        case 'board':
          for (const e of r.entries) await this.boards.add(c, r.key, e.memberId, e.points);
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

/** pg's messages for a lost or refused connection (it gives them no code), and server codes that mean the same. */
const LOST_CONNECTION =
  /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|Connection refused/i;

function isPostgresOutage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // Class 08: connection exception; 57P01-57P03: the server is shutting down, crashed, or not yet accepting.
  if (typeof code === 'string' && (code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code))) return true;
  return isNetworkError(error) || (error instanceof Error && LOST_CONNECTION.test(error.message));
}
