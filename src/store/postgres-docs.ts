import { EventEmitter } from 'node:events';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import type pg from 'pg';

/**
 * Keyv's storage adapter for the documents table, on the store's own pg pool.
 *
 * Not @keyv/postgres (2.2.3, the last for Keyv 5): it keeps one module-wide pool with no 'error' listener, so a
 * connection that drops while idle (the database restarting, a network blip) raised an uncaught exception, and
 * a second store with another URL replaced that pool without closing it. This adapter shares the pool that
 * already handles those, with the same table layout (key, value).
 */
export class PostgresDocs extends EventEmitter implements KeyvStoreAdapter {
  readonly opts: { table: string };
  namespace?: string;

  constructor(
    private readonly pool: pg.Pool,
    /** Schema-qualified table name, already quoted. */
    private readonly table: string,
  ) {
    super();
    this.opts = { table };
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const r = await this.pool.query<{ value: string }>(`SELECT value FROM ${this.table} WHERE key = $1`, [key]);
    return r.rows[0]?.value as StoredData<Value> | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    const r = await this.pool.query<{ key: string; value: string }>(`SELECT key, value FROM ${this.table} WHERE key = ANY($1)`, [keys]);
    const byKey = new Map(r.rows.map((row) => [row.key, row.value]));
    return keys.map((key) => byKey.get(key) as StoredData<Value | undefined>);
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.pool.query(`INSERT INTO ${this.table} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
      key,
      value,
    ]);
  }

  async delete(key: string): Promise<boolean> {
    const r = await this.pool.query(`DELETE FROM ${this.table} WHERE key = $1`, [key]);
    return (r.rowCount ?? 0) > 0;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    const r = await this.pool.query(`DELETE FROM ${this.table} WHERE key = ANY($1)`, [keys]);
    return (r.rowCount ?? 0) > 0;
  }

  async has(key: string): Promise<boolean> {
    const r = await this.pool.query(`SELECT 1 FROM ${this.table} WHERE key = $1`, [key]);
    return (r.rowCount ?? 0) > 0;
  }

  async clear(): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table}`);
  }
}
