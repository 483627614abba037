import { afterAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../src/store/postgres.js';
import { POSTGRES_URL, postgresAdmin, scratch } from '../fakes/stores.js';
import { storeContract } from './contract/index.js';

/** Runs against the PostgreSQL at POSTGRES_URL (.ci/run sets it); without it the suite reports itself skipped. */
describe.skipIf(!POSTGRES_URL)('postgres store (POSTGRES_URL)', () => {
  const space = scratch('bp_test');
  storeContract('postgres', { open: (clock) => PostgresStore.open(space.postgresUrl(), clock), expiresOnClock: true });

  it('refuses a schema written by a newer Backprop', async () => {
    const url = space.postgresUrl();
    await (await PostgresStore.open(url)).close();
    const client = postgresAdmin();
    await client.connect();
    await client.query(`UPDATE "${new URL(url).searchParams.get('schema')}".bp_meta SET value = '99' WHERE name = 'schema_version'`);
    await client.end();
    await expect(PostgresStore.open(url)).rejects.toThrow(/newer Backprop \(store schema 99/);
  });

  it('upgrades a schema written by store schema 1 (no answers table): the table appears, nothing else changes', async () => {
    const url = space.postgresUrl();
    const first = await PostgresStore.open(url);
    await first.set('bp:shell:t:config', { time: '09:00' });
    await first.claim('bp:shell:t:m:ann:answer:daily:d1', JSON.stringify({ option: 0, correct: true, at: 1, points: 10 }));
    await first.close();
    const schema = new URL(url).searchParams.get('schema');
    const client = postgresAdmin();
    await client.connect();
    await client.query(`DROP TABLE "${schema}".bp_answers; UPDATE "${schema}".bp_meta SET value = '1' WHERE name = 'schema_version'`);
    await client.end();
    const again = await PostgresStore.open(url);
    try {
      expect(await again.get('bp:shell:t:config')).toEqual({ time: '09:00' });
      expect(await again.getClaim('bp:shell:t:m:ann:answer:daily:d1')).toBeDefined();
      expect(await again.getAnswer('bp:shell:t:m:ann:answer:daily:d1')).toBeUndefined();
    } finally {
      await again.close();
    }
  });

  it('rejects a schema name that is not a plain identifier', async () => {
    await expect(PostgresStore.open(`${POSTGRES_URL}?schema=x;drop`)).rejects.toThrow(/STORE_URL: schema/);
  });

  afterAll(() => space.cleanUp());
});
