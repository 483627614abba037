import { afterAll, describe, expect, it } from 'vitest';
import type { CommitResult } from '../../src/core/ports/store.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { POSTGRES_URL, postgresAdmin, scratch } from '../fakes/stores.js';
import { answerStep, P } from './contract/harness.js';
import { storeContract } from './contract/index.js';

/** Runs against the PostgreSQL at POSTGRES_URL (.ci/run sets it); without it the suite reports itself skipped. */
interface BurstWithFailure {
  store: PostgresStore;
  outcomes: PromiseSettledResult<CommitResult>[];
  /** The members whose answer was refused. */
  refused: string[];
}

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

  /** Rewrites a fresh store's tally and score-count tables in the shape of an earlier schema (one row per field). */
  const earlierShape = (s: string, version: 2 | 3) => `
    DROP FUNCTION ${s}.bp_answer_step; DROP FUNCTION ${s}.bp_flush; DROP FUNCTION ${s}.bp_score_moves;
    DROP TABLE ${s}.bp_counters, ${s}.bp_score_counts;
    CREATE TABLE ${s}.bp_counters (key TEXT COLLATE "C" NOT NULL, field TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (key, field));
    CREATE TABLE ${s}.bp_score_counts (
      board TEXT COLLATE "C" NOT NULL, points BIGINT NOT NULL, members BIGINT NOT NULL, PRIMARY KEY (board, points));
    ${
      version === 3
        ? `CREATE TABLE ${s}.bp_counter_deltas (key TEXT COLLATE "C" NOT NULL, field TEXT NOT NULL, n BIGINT NOT NULL);
           CREATE TABLE ${s}.bp_score_deltas (board TEXT COLLATE "C" NOT NULL, points BIGINT NOT NULL, n BIGINT NOT NULL);`
        : ''
    }
    UPDATE ${s}.bp_meta SET value = '${version}' WHERE name = 'schema_version';`;

  for (const version of [2, 3] as const) {
    it(`upgrades a schema written by store schema ${version} (one row per tally field and score${version === 3 ? ', deltas beside them' : ''}): the figures stay, and answers add to them`, async () => {
      const url = space.postgresUrl();
      await (await PostgresStore.open(url)).close();
      const s = `"${new URL(url).searchParams.get('schema')}"`;
      const client = postgresAdmin();
      await client.connect();
      await client.query(earlierShape(s, version));
      await client.query(`
        INSERT INTO ${s}.bp_counters VALUES ('${P}tally:d1', 'answered', 2), ('${P}tally:d1', 'right', 1);
        INSERT INTO ${s}.bp_scores VALUES ('${P}board:all', 'ann', 30), ('${P}board:all', 'bob', 10), ('${P}board:all', 'dan', 50);
        INSERT INTO ${s}.bp_score_counts VALUES ('${P}board:all', 30, 1), ('${P}board:all', 10, 1);`);
      if (version === 3)
        // Not folded yet: a third answer, and dan's arrival at 50 (from 0, where nobody is counted).
        await client.query(`
          INSERT INTO ${s}.bp_counter_deltas VALUES ('${P}tally:d1', 'answered', 1), ('${P}tally:d1', 'right', 1);
          INSERT INTO ${s}.bp_score_deltas VALUES ('${P}board:all', 50, 1);`);
      else await client.query(`INSERT INTO ${s}.bp_score_counts VALUES ('${P}board:all', 50, 1)`);
      const store = await PostgresStore.open(url);
      try {
        const before = version === 3 ? { answered: 3, right: 2 } : { answered: 2, right: 1 };
        expect(await store.counters(`${P}tally:d1`)).toEqual(before);
        expect(await store.standing(`${P}board:all`, 'bob')).toEqual({ memberId: 'bob', points: 10, rank: 3 });
        expect(await store.commitAnswer(answerStep('cat', { base: 20 }))).toMatchObject({ status: 'recorded', points: 20 });
        expect(await store.commitAnswer(answerStep('bob', { base: 30 }))).toMatchObject({ status: 'recorded', points: 30 });
        expect(await store.counters(`${P}tally:d1`)).toEqual({ answered: before.answered + 2, right: before.right + 2 });
        expect(await store.standing(`${P}board:all`, 'dan')).toEqual({ memberId: 'dan', points: 50, rank: 1 });
        expect(await store.standing(`${P}board:all`, 'bob')).toEqual({ memberId: 'bob', points: 40, rank: 2 });
        expect(await store.standing(`${P}board:all`, 'ann')).toEqual({ memberId: 'ann', points: 30, rank: 3 });
        expect(await store.standing(`${P}board:all`, 'cat')).toEqual({ memberId: 'cat', points: 20, rank: 4 });
        const version4 = await client.query(`SELECT value FROM ${s}.bp_meta WHERE name = 'schema_version'`);
        expect(version4.rows[0].value).toBe('4');
        const deltas = await client.query(`SELECT to_regclass('${s}.bp_counter_deltas') AS t, to_regclass('${s}.bp_score_deltas') AS u`);
        expect(deltas.rows[0]).toEqual({ t: null, u: null });
      } finally {
        await store.close();
        await client.end();
      }
    });
  }

  it("writes a statement's tally and score changes once, into its lane's shard, and the figures stay exact", async () => {
    const url = space.postgresUrl();
    const store = await PostgresStore.open(url);
    const client = postgresAdmin();
    await client.connect();
    try {
      // 80 answers at once: they share statements (up to 16 each, two under way), each writing its lane's shard.
      await Promise.all(Array.from({ length: 80 }, (_, i) => store.commitAnswer(answerStep(`f${i}`, { base: 10 + (i % 5) }))));
      const s = `"${new URL(url).searchParams.get('schema')}"`;
      const tally = await client.query(`SELECT shard, n FROM ${s}.bp_counters WHERE key = $1 AND field = 'answered' ORDER BY shard`, [
        `${P}tally:d1`,
      ]);
      expect(tally.rows.map((r) => r.shard)).toEqual([0, 1]);
      expect(tally.rows.reduce((sum, r) => sum + Number(r.n), 0)).toBe(80);
      // Five scores, so at most five count rows per shard: one per score a statement moved members to, not per answer.
      const counts = await client.query(`SELECT count(*) AS rows, sum(members) AS members FROM ${s}.bp_score_counts WHERE board = $1`, [
        `${P}board:all`,
      ]);
      expect(Number(counts.rows[0].members)).toBe(80);
      expect(Number(counts.rows[0].rows)).toBeLessThanOrEqual(5 * tally.rows.length);
      expect(await store.standing(`${P}board:all`, 'f4')).toEqual({ memberId: 'f4', points: 14, rank: 1 });
      expect(await store.standing(`${P}board:all`, 'f0')).toEqual({ memberId: 'f0', points: 10, rank: 65 });
      // A board copied in (migrate-store) goes into the maintenance shard, which no lane writes.
      const entries = Array.from({ length: 50 }, (_, i) => ({ memberId: `i${i}`, points: i }));
      await store.importRecord({ kind: 'board', key: `${P}board:imported`, entries });
      expect(await store.standing(`${P}board:imported`, 'i10')).toEqual({ memberId: 'i10', points: 10, rank: 40 });
      await store.importRecord({ kind: 'board', key: `${P}board:imported`, entries: [{ memberId: 'i10', points: 5 }] });
      expect(await store.standing(`${P}board:imported`, 'i10')).toEqual({ memberId: 'i10', points: 15, rank: 35 });
      expect(await store.standing(`${P}board:imported`, 'i15')).toEqual({ memberId: 'i15', points: 15, rank: 35 });
      expect(await store.standing(`${P}board:imported`, 'i11')).toEqual({ memberId: 'i11', points: 11, rank: 40 });
      await store.commitAnswer(answerStep('late', { base: 99 }));
      expect(await store.counters(`${P}tally:d1`)).toEqual({ answered: 81, right: 81 });
      expect(await store.standing(`${P}board:all`, 'f0')).toEqual({ memberId: 'f0', points: 10, rank: 66 });
      expect(await store.standing(`${P}board:all`, 'late')).toEqual({ memberId: 'late', points: 99, rank: 1 });
    } finally {
      await store.close();
      await client.end();
    }
  });

  it('deletes a count row once its shard counts nobody at that score; hides and shows a member through the maintenance shard', async () => {
    const url = space.postgresUrl();
    const store = await PostgresStore.open(url);
    const client = postgresAdmin();
    await client.connect();
    try {
      const s = `"${new URL(url).searchParams.get('schema')}"`;
      const board = `${P}board:all`;
      const rows = async () =>
        (await client.query(`SELECT points, shard, members FROM ${s}.bp_score_counts WHERE board = $1 ORDER BY points, shard`, [board]))
          .rows;
      const answer = (who: string, daily: string) =>
        store.commitAnswer(answerStep(who, { answerKey: `${P}m:${who}:answer:daily:${daily}`, closedBy: undefined }));
      // One at a time: every statement is lane 0. Ann moves from her first score to a higher one: the row she left is gone.
      await answer('ann', 'd1');
      await answer('bob', 'd1');
      const first = (await store.standing(board, 'ann'))!.points;
      await answer('ann', 'd2');
      const second = (await store.standing(board, 'ann'))!.points;
      expect(second).toBeGreaterThan(first);
      expect(await rows()).toEqual([
        { points: String(first), shard: 0, members: '1' },
        { points: String(second), shard: 0, members: '1' },
      ]);
      await answer('bob', 'd2');
      expect(await rows()).toEqual([{ points: String(second), shard: 0, members: '2' }]);
      // Hidden: off the board, counted off in the maintenance shard (-1); shown again: back, and no row left at 0.
      await store.moveBoardMember('ann', `${P}board:`, `${P}hidden:board:`);
      expect(await store.standing(board, 'ann')).toBeUndefined();
      expect(await store.standing(board, 'bob')).toEqual({ memberId: 'bob', points: second, rank: 1 });
      expect(await rows()).toEqual([
        { points: String(second), shard: -1, members: '-1' },
        { points: String(second), shard: 0, members: '2' },
      ]);
      expect(await store.standing(`${P}hidden:board:all`, 'ann')).toEqual({ memberId: 'ann', points: second, rank: 1 });
      await store.moveBoardMember('ann', `${P}hidden:board:`, `${P}board:`);
      expect(await store.standing(board, 'ann')).toEqual({ memberId: 'ann', points: second, rank: 1 });
      expect(await rows()).toEqual([{ points: String(second), shard: 0, members: '2' }]);
      expect((await client.query(`SELECT count(*) AS n FROM ${s}.bp_score_counts WHERE members = 0`)).rows[0].n).toBe('0');
    } finally {
      await store.close();
      await client.end();
    }
  });

  /**
   * 80 answers at once, one of which (member `failing`, the 61st) the server fails with `raise` through a trigger on
   * the answer log. The first answers go alone (while statements are under way); the rest wait and share statements
   * of up to 16, the failing one among them.
   */
  async function eightyAnswersOneFailing(failing: string, raise: string, check: (r: BurstWithFailure) => Promise<void>) {
    const url = space.postgresUrl();
    const store = await PostgresStore.open(url);
    const client = postgresAdmin();
    await client.connect();
    try {
      const s = `"${new URL(url).searchParams.get('schema')}"`;
      await client.query(`
        CREATE FUNCTION ${s}.fail_one() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.key LIKE '%:m:${failing}:%' THEN ${raise}; END IF; RETURN NEW; END $$;
        CREATE TRIGGER fail_one BEFORE INSERT ON ${s}.bp_answer_log FOR EACH ROW EXECUTE FUNCTION ${s}.fail_one();`);
      const ids = Array.from({ length: 80 }, (_, i) => (i === 60 ? failing : `ok${i}`));
      const outcomes = await Promise.allSettled(ids.map((id) => store.commitAnswer(answerStep(id))));
      await check({ store, outcomes, refused: ids.filter((_, i) => outcomes[i]!.status === 'rejected') });
    } finally {
      await store.close();
      await client.end();
    }
  }

  it('fails only the answer the server refuses, not the others that shared its statement', async () => {
    // The server refuses one member's log entry (as it would a value it cannot hold): that answer's statement fails.
    await eightyAnswersOneFailing('bad', "RAISE EXCEPTION 'refused for the test'", async ({ store, outcomes, refused }) => {
      expect(refused).toEqual(['bad']);
      expect((outcomes[60] as PromiseRejectedResult).reason.message).toMatch(/refused for the test/);
      for (const o of outcomes.filter((o) => o.status === 'fulfilled')) expect(o.value.status).toBe('recorded');
      // Nothing of the refused answer was kept, and each other answer counted once.
      expect(await store.counters(`${P}tally:d1`)).toEqual({ answered: 79, right: 79 });
      expect(await store.getAnswer(`${P}m:bad:answer:daily:d1`)).toBeUndefined();
      expect(await store.get(`${P}m:bad:record`)).toBeUndefined();
      expect(await store.standing(`${P}board:all`, 'bad')).toBeUndefined();
      expect((await store.top(`${P}board:all`, 100)).length).toBe(79);
    });
  });

  it('does not send answers again one by one for a failure of the statement as a whole (here a cancel)', async () => {
    // As a statement timeout would: the statement is cancelled, which is nothing of any one answer's.
    const cancel = "RAISE EXCEPTION 'cancelled for the test' USING ERRCODE = '57014'";
    await eightyAnswersOneFailing('slow', cancel, async ({ store, outcomes, refused }) => {
      // Its whole statement failed once, with the same error; each answer sent alone would have met it again.
      expect(refused).toContain('slow');
      expect(refused.length).toBeGreaterThan(1);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason.code).toBe('57014');
      expect(await store.counters(`${P}tally:d1`)).toEqual({ answered: 80 - refused.length, right: 80 - refused.length });
    });
  });

  it("reads a member's documents by key in the answer step, never by scanning the table, however long the session", async () => {
    const url = space.postgresUrl();
    const store = await PostgresStore.open(url);
    for (let i = 0; i < 150; i++) await store.commitAnswer(answerStep(`s${i}`, { closedBy: undefined }));
    await store.close(); // a backend's statistics reach the shared counters when it ends
    const scans = await keyvSeqScans(url, 150);
    // A join's plan, kept for the session from when keyv was empty, scanned it once per answer (150 here).
    expect(scans).toBeGreaterThanOrEqual(0);
    expect(scans).toBeLessThan(10);
  });

  it('reads the top members’ records by key in a leaderboard read, never by scanning the table, however long the session', async () => {
    const url = space.postgresUrl();
    const store = await PostgresStore.open(url);
    const docs = { before: `${P}m:`, after: ':record' };
    // Reads begin while keyv holds a dozen records (a plan kept from then must not scan it once it holds more).
    for (let i = 0; i < 12; i++) await store.commitAnswer(answerStep(`r${i}`, { closedBy: undefined, base: 10 + i }));
    for (let i = 0; i < 150; i++) {
      await store.commitAnswer(answerStep(`g${i}`, { closedBy: undefined, base: 1 }));
      const read = await store.boardRead(`${P}board:all`, 10, `g${i}`, docs);
      expect(read.docs.every((d) => d !== undefined)).toBe(true);
    }
    await store.close(); // a backend's statistics reach the shared counters when it ends
    const scans = await keyvSeqScans(url, 1500);
    expect(scans).toBeGreaterThanOrEqual(0);
    expect(scans).toBeLessThan(10);
  });

  it('rejects a schema name that is not a plain identifier', async () => {
    await expect(PostgresStore.open(`${POSTGRES_URL}?schema=x;drop`)).rejects.toThrow(/STORE_URL: schema/);
  });

  afterAll(() => space.cleanUp());
});

/**
 * Sequential scans of the store's keyv table, once the statistics show at least `lookups` index lookups (they reach
 * the shared counters a little after the backend ends); -1 if they never do within 5 s.
 */
async function keyvSeqScans(url: string, lookups: number): Promise<number> {
  const client = postgresAdmin();
  await client.connect();
  try {
    const schema = new URL(url).searchParams.get('schema');
    for (let wait = 0; wait < 50; wait++) {
      const r = await client.query(`SELECT seq_scan, idx_scan FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'keyv'`, [
        schema,
      ]);
      if (Number(r.rows[0]?.idx_scan ?? 0) >= lookups) return Number(r.rows[0].seq_scan);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return -1;
  } finally {
    await client.end();
  }
}
