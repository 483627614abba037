import type pg from 'pg';
import { functionsSql } from './postgres-functions.js';

export const POSTGRES_SCHEMA_VERSION = 3;

/** A LIKE pattern matching every key that starts with prefix. */
export const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, '\\$&')}%`;

/** Creates the schema and tables on first run; refuses a schema written by a newer Backprop. */
export async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const s = `"${schema}"`;
  const c = await pool.connect();
  try {
    // One process at a time creates tables (several instances may start together).
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`backprop-migrate-${schema}`]);
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await c.query(`CREATE TABLE IF NOT EXISTS ${s}.bp_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    const found = await c.query<{ value: string }>(`SELECT value FROM ${s}.bp_meta WHERE name = 'schema_version'`);
    const version = found.rows[0] ? Number(found.rows[0].value) : undefined;
    if (version !== undefined && version > POSTGRES_SCHEMA_VERSION) {
      throw new Error(
        `STORE_URL: schema ${schema} was written by a newer Backprop (store schema ${version}; this version knows ${POSTGRES_SCHEMA_VERSION})`,
      );
    }
    await c.query(`
      CREATE TABLE IF NOT EXISTS ${s}.keyv (key VARCHAR(255) COLLATE "C" PRIMARY KEY, value TEXT);
      CREATE TABLE IF NOT EXISTS ${s}.bp_claims (key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL, expires BIGINT);
      -- Version 2: answers are their own record kind (they were claims holding JSON); the layout upgrade moves old ones.
      CREATE TABLE IF NOT EXISTS ${s}.bp_answers (key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL, expires BIGINT);
      CREATE TABLE IF NOT EXISTS ${s}.bp_counters (
        key TEXT COLLATE "C" NOT NULL, field TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (key, field));
      CREATE TABLE IF NOT EXISTS ${s}.bp_scores (
        board TEXT COLLATE "C" NOT NULL, member TEXT COLLATE "C" NOT NULL, points BIGINT NOT NULL, PRIMARY KEY (board, member));
      CREATE INDEX IF NOT EXISTS bp_scores_by_points ON ${s}.bp_scores (board, points DESC, member);
      CREATE TABLE IF NOT EXISTS ${s}.bp_score_counts (
        board TEXT COLLATE "C" NOT NULL, points BIGINT NOT NULL, members BIGINT NOT NULL, PRIMARY KEY (board, points));
      CREATE TABLE IF NOT EXISTS ${s}.bp_answer_log (id BIGSERIAL PRIMARY KEY, key TEXT COLLATE "C" NOT NULL, entry TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS bp_answer_log_by_key ON ${s}.bp_answer_log (key, id);
      -- Version 3: counter and score-count changes not yet folded into bp_counters and bp_score_counts (see
      -- postgres-functions.ts). Version 2's totals stay what they were: they are the folded part.
      CREATE TABLE IF NOT EXISTS ${s}.bp_counter_deltas (key TEXT COLLATE "C" NOT NULL, field TEXT NOT NULL, n BIGINT NOT NULL);
      CREATE INDEX IF NOT EXISTS bp_counter_deltas_by_key ON ${s}.bp_counter_deltas (key);
      CREATE TABLE IF NOT EXISTS ${s}.bp_score_deltas (board TEXT COLLATE "C" NOT NULL, points BIGINT NOT NULL, n BIGINT NOT NULL);
      CREATE INDEX IF NOT EXISTS bp_score_deltas_by_points ON ${s}.bp_score_deltas (board, points);
      -- Folding leaves each delta row dead, and reads step over dead rows until vacuum removes them: vacuum these
      -- two small tables after every thousand, not after a fifth of the table (autovacuum's default).
      ALTER TABLE ${s}.bp_counter_deltas SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
      ALTER TABLE ${s}.bp_score_deltas SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
    `);
    await c.query(functionsSql(s));
    await c.query(
      `INSERT INTO ${s}.bp_meta (name, value) VALUES ('schema_version', $1) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`,
      [String(POSTGRES_SCHEMA_VERSION)],
    );
    await c.query('COMMIT');
  } catch (error) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    c.release();
  }
}
