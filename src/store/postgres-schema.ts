import type pg from 'pg';
import { StoreOpenError } from './open-error.js';
import { functionsSql } from './postgres-functions.js';

export const POSTGRES_SCHEMA_VERSION = 4;

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
      throw new StoreOpenError(
        `schema ${schema} was written by a newer Backprop (store schema ${version}; this version knows ${POSTGRES_SCHEMA_VERSION}): upgrade Backprop, or use another schema`,
      );
    }
    await c.query(`
      CREATE TABLE IF NOT EXISTS ${s}.keyv (key VARCHAR(255) COLLATE "C" PRIMARY KEY, value TEXT);
      CREATE TABLE IF NOT EXISTS ${s}.bp_claims (key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL, expires BIGINT);
      -- Version 2: answers are their own record kind (they were claims holding JSON); the layout upgrade moves old ones.
      CREATE TABLE IF NOT EXISTS ${s}.bp_answers (key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL, expires BIGINT);
    `);
    if (version !== undefined && version < 4) await upgradeToShards(c, s);
    await c.query(`
      -- Version 4: tallies and score counts in shards (postgres-functions.ts); upgradeToShards() moves older ones.
      CREATE TABLE IF NOT EXISTS ${s}.bp_counters (
        key TEXT COLLATE "C" NOT NULL, field TEXT NOT NULL, shard SMALLINT NOT NULL, n BIGINT NOT NULL,
        PRIMARY KEY (key, field, shard));
      CREATE TABLE IF NOT EXISTS ${s}.bp_scores (
        board TEXT COLLATE "C" NOT NULL, member TEXT COLLATE "C" NOT NULL, points BIGINT NOT NULL, PRIMARY KEY (board, member));
      CREATE INDEX IF NOT EXISTS bp_scores_by_points ON ${s}.bp_scores (board, points DESC, member);
      CREATE TABLE IF NOT EXISTS ${s}.bp_score_counts (
        board TEXT COLLATE "C" NOT NULL, points BIGINT NOT NULL, shard SMALLINT NOT NULL, members BIGINT NOT NULL,
        PRIMARY KEY (board, points, shard));
      CREATE TABLE IF NOT EXISTS ${s}.bp_answer_log (id BIGSERIAL PRIMARY KEY, key TEXT COLLATE "C" NOT NULL, entry TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS bp_answer_log_by_key ON ${s}.bp_answer_log (key, id);
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

/**
 * Schemas 2 and 3 kept one row per tally field and per score (schema 3 with changes not folded yet beside them, in
 * delta tables). They become shard 0 of the sharded rows, with the deltas added in; the delta tables go.
 */
async function upgradeToShards(c: pg.PoolClient, s: string): Promise<void> {
  await c.query(`
    ALTER TABLE ${s}.bp_counters ADD COLUMN IF NOT EXISTS shard SMALLINT NOT NULL DEFAULT 0;
    ALTER TABLE ${s}.bp_counters ALTER COLUMN shard DROP DEFAULT;
    ALTER TABLE ${s}.bp_counters DROP CONSTRAINT bp_counters_pkey, ADD PRIMARY KEY (key, field, shard);
    ALTER TABLE ${s}.bp_score_counts ADD COLUMN IF NOT EXISTS shard SMALLINT NOT NULL DEFAULT 0;
    ALTER TABLE ${s}.bp_score_counts ALTER COLUMN shard DROP DEFAULT;
    ALTER TABLE ${s}.bp_score_counts DROP CONSTRAINT bp_score_counts_pkey, ADD PRIMARY KEY (board, points, shard);`);
  const deltas = await c.query(`SELECT to_regclass('${s}.bp_counter_deltas') IS NOT NULL AS present`);
  if (!deltas.rows[0].present) return;
  await c.query(`
    INSERT INTO ${s}.bp_counters AS c (key, field, shard, n) SELECT key, field, 0, sum(n) FROM ${s}.bp_counter_deltas GROUP BY 1, 2
      ON CONFLICT (key, field, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
    INSERT INTO ${s}.bp_score_counts AS c (board, points, shard, members)
      SELECT board, points, 0, sum(n) FROM ${s}.bp_score_deltas GROUP BY 1, 2 HAVING sum(n) <> 0
      ON CONFLICT (board, points, shard) DO UPDATE SET members = c.members + EXCLUDED.members;
    DROP TABLE ${s}.bp_counter_deltas, ${s}.bp_score_deltas;`);
}
