import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../src/store/postgres.js';
import { storeContract } from './contract.js';

/** Runs against the PostgreSQL at POSTGRES_URL (.ci/run sets it); without it the suite reports itself skipped. */
const POSTGRES_URL = process.env.POSTGRES_URL;
const prefix = `bp_test_${randomUUID().slice(0, 8)}`;
let n = 0;
/** A plain client for the test's own setup and cleanup (a URL without a user means the OS user, as in psql). */
function adminClient(): pg.Client {
  const url = new URL(POSTGRES_URL!);
  if (!url.username) url.username = userInfo().username;
  return new pg.Client({ connectionString: url.toString() });
}
const schemaUrl = (schema: string) => `${POSTGRES_URL}${POSTGRES_URL?.includes('?') ? '&' : '?'}schema=${schema}`;

describe.skipIf(!POSTGRES_URL)('postgres store (POSTGRES_URL)', () => {
  storeContract('postgres', { open: () => PostgresStore.open(schemaUrl(`${prefix}_${++n}`)) });

  it('refuses a schema written by a newer Backprop', async () => {
    const schema = `${prefix}_newer`;
    await (await PostgresStore.open(schemaUrl(schema))).close();
    const client = adminClient();
    await client.connect();
    await client.query(`UPDATE "${schema}".bp_meta SET value = '99' WHERE name = 'schema_version'`);
    await client.end();
    await expect(PostgresStore.open(schemaUrl(schema))).rejects.toThrow(/newer Backprop \(store schema 99/);
  });

  it('rejects a schema name that is not a plain identifier', async () => {
    await expect(PostgresStore.open(schemaUrl('x;drop'))).rejects.toThrow(/STORE_URL: schema/);
  });

  afterAll(async () => {
    const client = adminClient();
    await client.connect();
    const schemas = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`${prefix}%`]);
    for (const { nspname } of schemas.rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
    await client.end();
  });
});
