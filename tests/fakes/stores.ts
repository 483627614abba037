import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { createClient } from '@redis/client';
import pg from 'pg';
import type { Store, StoreRecord } from '../../src/core/ports/store.js';

/** The Redis and PostgreSQL that tests use when REDIS_URL / POSTGRES_URL are set (.ci/run sets both). */
export const REDIS_URL = process.env.REDIS_URL;
export const POSTGRES_URL = process.env.POSTGRES_URL;

/** A fresh, private place in the shared servers for one test: a Redis key namespace, a Postgres schema. */
export function scratch(tag: string) {
  const id = `${tag}_${randomUUID().slice(0, 8)}`;
  let n = 0;
  return {
    redisUrl: () => `${REDIS_URL}?namespace=${id}-${++n}:`,
    postgresUrl: () => `${POSTGRES_URL}${POSTGRES_URL?.includes('?') ? '&' : '?'}schema=${id}_${++n}`,
    /** Removes everything this scratch space created. */
    async cleanUp(): Promise<void> {
      if (REDIS_URL) {
        const client = createClient({ url: REDIS_URL });
        await client.connect();
        for await (const keys of client.scanIterator({ MATCH: `${id}-*`, COUNT: 1000 })) if (keys.length) await client.del(keys);
        await client.close();
      }
      if (POSTGRES_URL) {
        const client = postgresAdmin();
        await client.connect();
        const schemas = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`${id}%`]);
        for (const { nspname } of schemas.rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
        await client.end();
      }
    },
  };
}

/** A plain client for a test's own setup (a URL without a user means the OS user, as in psql). */
export function postgresAdmin(): pg.Client {
  const url = new URL(POSTGRES_URL!);
  if (!url.username) url.username = userInfo().username;
  return new pg.Client({ connectionString: url.toString() });
}

/** Every record under a prefix (all of Backprop's by default), in a comparable form: to prove that something changed nothing. */
export async function allRecords(store: Store, prefix = 'bp:'): Promise<StoreRecord[]> {
  const records: StoreRecord[] = [];
  for await (const record of store.exportRecords(prefix)) records.push(record);
  return records;
}
