import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Keyv } from 'keyv';
import type { Store } from '../src/core/ports/store.js';
import { MemoryPrimitives } from '../src/store/memory.js';
import { PostgresStore } from '../src/store/postgres.js';
import { RedisStore } from '../src/store/redis.js';
import { SqlitePrimitives } from '../src/store/sqlite.js';
import { SyncStore } from '../src/store/sync-store.js';
import { POSTGRES_URL, REDIS_URL, scratch } from '../tests/fakes/stores.js';
import { benchDailyAnswers, benchRawSets } from './answers.js';
import { benchFanout } from './fanout.js';
import { benchFootprint } from './footprint.js';
import { benchLeaderboard } from './leaderboard.js';
import { round } from './stats.js';

/**
 * npm run bench: what one Backprop process carries on this machine. Prints a table and writes every figure to
 * bench/results/latest.json. Options: --members 1000,100000 --fanout-teams 10000 --footprint-teams 1000,10000
 * --only answers,leaderboard,fanout,footprint. REDIS_URL and POSTGRES_URL add those stores to the answer and
 * leaderboard runs.
 */
const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000,100000' },
    'fanout-teams': { type: 'string', default: '10000' },
    'footprint-teams': { type: 'string', default: '1000,10000' },
    only: { type: 'string', default: 'answers,leaderboard,fanout,footprint' },
  },
});
const memberCounts = values.members.split(',').map(Number);
const only = new Set(values.only.split(','));

interface StoreKind {
  name: string;
  open(): Promise<Store>;
  /** Where the raw Keyv `set` ceiling is measured: by default the Keyv the store itself keeps its documents in. */
  raw?(): Promise<{ keyv: Keyv; close(): Promise<void> }>;
}
const sqliteFile = () => join(mkdtempSync(join(tmpdir(), 'bp-bench-')), 'b.sqlite');
const stores: StoreKind[] = [
  {
    name: 'memory',
    open: async () => new SyncStore(new MemoryPrimitives()),
    raw: async () => ({ keyv: new Keyv(), close: async () => undefined }),
  },
  // Its documents' Keyv is over the same better-sqlite3 table (WAL, synchronous=NORMAL).
  { name: 'sqlite', open: async () => new SyncStore(new SqlitePrimitives(sqliteFile())) },
];
// Redis and PostgreSQL when their URLs are set: each run writes into its own namespace / schema, removed at the end.
const space = scratch('bp_bench');
if (REDIS_URL) stores.push({ name: 'redis', open: () => RedisStore.open(space.redisUrl()) });
if (POSTGRES_URL) stores.push({ name: 'postgres', open: () => PostgresStore.open(space.postgresUrl()) });

async function rawKeyv(kind: StoreKind): Promise<{ keyv: Keyv; close(): Promise<void> }> {
  if (kind.raw) return kind.raw();
  const store = await kind.open();
  return { keyv: (store as unknown as { docs: Keyv }).docs, close: () => store.close() };
}

const results: Record<string, unknown> = {
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    at: new Date().toISOString(),
  },
};
const table: string[][] = [];
const row = (...cells: (string | number)[]) => table.push(cells.map(String));

if (only.has('answers')) {
  const answers: unknown[] = [];
  for (const kind of stores) {
    const raw = await rawKeyv(kind);
    const sets = await benchRawSets(raw.keyv);
    await raw.close();
    for (const members of memberCounts) {
      const store = await kind.open();
      const t = await benchDailyAnswers(store, members);
      await store.close();
      const ratio = t.perSecond / sets.perSecond;
      answers.push({
        store: kind.name,
        members,
        answersPerSecond: round(t.perSecond, 0),
        p50Ms: round(t.p50Ms, 3),
        p99Ms: round(t.p99Ms, 3),
        rawKeyvSetsPerSecond: round(sets.perSecond, 0),
        ratio: round(ratio, 3),
      });
      row(
        'daily answers',
        kind.name,
        members,
        `${round(t.perSecond, 0)}/s`,
        `p50 ${round(t.p50Ms, 3)} ms`,
        `p99 ${round(t.p99Ms, 3)} ms`,
        `raw Keyv ${round(sets.perSecond, 0)} sets/s (×${round(ratio, 2)})`,
      );
    }
  }
  results.dailyAnswers = answers;
}

if (only.has('leaderboard')) {
  const boards: unknown[] = [];
  for (const kind of stores) {
    for (const members of memberCounts) {
      const store = await kind.open();
      const t = await benchLeaderboard(store, members);
      await store.close();
      boards.push({ store: kind.name, members, p50Ms: round(t.p50Ms, 3), p99Ms: round(t.p99Ms, 3), readsPerSecond: round(t.perSecond, 0) });
      row(
        'leaderboard read',
        kind.name,
        members,
        `${round(t.perSecond, 0)}/s`,
        `p50 ${round(t.p50Ms, 3)} ms`,
        `p99 ${round(t.p99Ms, 3)} ms`,
        'top 10 + own rank',
      );
    }
  }
  results.leaderboard = boards;
}

if (only.has('fanout')) {
  const f = await benchFanout(Number(values['fanout-teams']));
  results.fanout = {
    ...f,
    seconds: round(f.seconds, 1),
    postsPerSecond: round(f.postsPerSecond, 1),
    shareOfLimit: round(f.shareOfLimit, 3),
  };
  row(
    'fan-out',
    'fake Discord, 50 req/s',
    f.teams,
    `${round(f.postsPerSecond, 1)} posts/s`,
    `${round(100 * f.shareOfLimit, 1)}% of limit`,
    `${round(f.seconds, 1)} s`,
    `dup ${f.duplicates}, miss ${f.misses}, 429s ${f.rateLimited}`,
  );
}

if (only.has('footprint')) {
  const footprints: unknown[] = [];
  for (const teams of values['footprint-teams'].split(',').map(Number)) {
    const fp = await benchFootprint(teams);
    footprints.push({ ...fp, readySeconds: round(fp.readySeconds, 2), rssMb: round(fp.rssMb, 1), heapUsedMb: round(fp.heapUsedMb, 1) });
    row(
      'footprint',
      'npm start, sqlite, Discord',
      fp.teams,
      `ready ${round(fp.readySeconds, 2)} s`,
      `RSS ${round(fp.rssMb, 1)} MB`,
      `heap ${round(fp.heapUsedMb, 1)} MB`,
      '',
    );
  }
  results.footprint = footprints;
}

const widths = table[0]?.map((_, i) => Math.max(...table.map((r) => r[i]!.length))) ?? [];
for (const r of table) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i]!)).join('  ')}\n`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/latest.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
await space.cleanUp();
process.stdout.write('\nWritten to bench/results/latest.json\n');
process.exit(0);
