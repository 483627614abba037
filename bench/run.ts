import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Keyv, type KeyvStoreAdapter } from 'keyv';
import type { Store } from '../src/core/ports/store.js';
import { MemoryPrimitives } from '../src/store/memory.js';
import { PostgresStore } from '../src/store/postgres.js';
import { RedisStore } from '../src/store/redis.js';
import { SqlitePrimitives } from '../src/store/sqlite.js';
import { SyncStore } from '../src/store/sync-store.js';
import { POSTGRES_URL, REDIS_URL, scratch } from '../tests/fakes/stores.js';
import { benchDailyAnswers, benchRawSets } from './answers.js';
import { benchBurst } from './concurrent.js';
import { benchFanout } from './fanout.js';
import { benchFootprint } from './footprint.js';
import { benchLeaderboard } from './leaderboard.js';
import { benchPictures } from './pictures.js';
import { benchSoak, soakLine } from './soak.js';
import { round } from './stats.js';

/**
 * npm run bench: what one Backprop process carries on this machine. Prints a table and writes every figure to
 * bench/results/latest.json. Options: --members 1000,100000 --fanout-teams 10000 --footprint-teams 1000,10000
 * --minutes 30 (the soak run, only with --only soak: it is not part of the default set); --root DIR soaks another
 * checkout (an earlier version, for a before/after; its results go to the soak-<name> entry)
 * --only answers,burst,leaderboard,fanout,footprint,pictures; --stores memory,sqlite,redis,postgres; --burst-members
 * 1000,100000 --in-flight 1,64 (the burst: every member of a team answers one daily, that many answers at a time,
 * each run checked afterwards, teams one after another until 5,000 answers and 1,000 leaderboard reads are timed, or
 * 100,000 answers; a wrong store fails the bench). REDIS_URL and POSTGRES_URL add those stores to the
 * answer, burst and leaderboard runs.
 */
const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000,100000' },
    'fanout-teams': { type: 'string', default: '10000' },
    'footprint-teams': { type: 'string', default: '1000,10000' },
    'burst-members': { type: 'string', default: '1000,100000' },
    'in-flight': { type: 'string', default: '1,64' },
    stores: { type: 'string', default: 'memory,sqlite,redis,postgres' },
    only: { type: 'string', default: 'answers,burst,leaderboard,fanout,footprint,pictures' },
    minutes: { type: 'string', default: '30' },
    root: { type: 'string' },
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
const wantedStores = new Set(values.stores.split(','));
stores.splice(0, stores.length, ...stores.filter((kind) => wantedStores.has(kind.name)));

async function rawKeyv(kind: StoreKind): Promise<{ keyv: Keyv; close(): Promise<void> }> {
  if (kind.raw) return kind.raw();
  const store = await kind.open();
  // The Keyv storage adapter the store keeps its documents in, behind a plain Keyv.
  const adapter = (store as unknown as { docs: KeyvStoreAdapter }).docs;
  return { keyv: new Keyv({ store: adapter, useKeyPrefix: false, namespace: undefined }), close: () => store.close() };
}

/** Each store's sequential raw Keyv set rate, measured once per run: the ceiling every answer figure is compared to. */
const rawRates = new Map<string, number>();
async function rawSetsPerSecond(kind: StoreKind): Promise<number> {
  const known = rawRates.get(kind.name);
  if (known !== undefined) return known;
  const raw = await rawKeyv(kind);
  const sets = await benchRawSets(raw.keyv);
  await raw.close();
  rawRates.set(kind.name, sets.perSecond);
  return sets.perSecond;
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
    const sets = { perSecond: await rawSetsPerSecond(kind) };
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

if (only.has('burst')) {
  const bursts: unknown[] = [];
  for (const kind of stores) {
    const sets = await rawSetsPerSecond(kind);
    for (const members of values['burst-members'].split(',').map(Number)) {
      for (const inFlight of values['in-flight'].split(',').map(Number)) {
        const store = await kind.open();
        const t = await benchBurst(store, members, inFlight);
        await store.close();
        const ratio = t.perSecond / sets;
        bursts.push({
          store: kind.name,
          members,
          inFlight,
          answersPerSecond: round(t.perSecond, 0),
          p50Ms: round(t.p50Ms, 3),
          p99Ms: round(t.p99Ms, 3),
          rawKeyvSetsPerSecond: round(sets, 0),
          ratio: round(ratio, 3),
          readsWhileAnswering: { p50Ms: round(t.reads.p50Ms, 3), p99Ms: round(t.reads.p99Ms, 3), count: t.reads.count },
          checked: true,
        });
        row(
          `burst, ${inFlight} in flight`,
          kind.name,
          members,
          `${round(t.perSecond, 0)}/s`,
          `p50 ${round(t.p50Ms, 3)} ms`,
          `p99 ${round(t.p99Ms, 3)} ms`,
          `raw Keyv ${round(sets, 0)} sets/s (×${round(ratio, 2)}); board reads meanwhile p99 ${round(t.reads.p99Ms, 2)} ms; checked`,
        );
      }
    }
  }
  results.dailyBursts = bursts;
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

if (only.has('soak')) {
  const minutes = Number(values.minutes);
  const soak = await benchSoak(
    minutes,
    (s) => process.stdout.write(`${soakLine(s)}\n`),
    values.root === undefined ? undefined : resolve(values.root),
  );
  results[values.root === undefined ? 'soak' : `soak-${basename(resolve(values.root))}`] = {
    ...soak,
    eventsPerSecond: round(soak.eventsPerSecond, 1),
    rssSlopeMbPerMin: round(soak.rssSlopeMbPerMin, 3),
    rssMinuteSlopeMbPerMin: round(soak.rssMinuteSlopeMbPerMin, 3),
    heapSlopeMbPerMin: round(soak.heapSlopeMbPerMin, 3),
  };
  row(
    'soak',
    'sqlite',
    `${soak.members} members`,
    `${round(soak.eventsPerSecond, 1)} events/s for ${minutes} min`,
    `RSS ${soak.samples[soak.warmUpMinutes]?.rssMb}→${soak.samples.at(-1)?.rssMb} MB`,
    `slope ${round(soak.rssSlopeMbPerMin, 3)} MB/min after ${soak.warmUpMinutes} min (a reading every 5 s; minute readings alone ${round(soak.rssMinuteSlopeMbPerMin, 3)})`,
    `heap after GC slope ${round(soak.heapSlopeMbPerMin, 3)} MB/min`,
  );
  process.stdout.write(
    `soak: slope by kind of memory (MB/min): ${Object.entries(soak.mapSlopesMbPerMin)
      .map(([k, v]) => `${k.replace(/Mb$/, '')} ${round(v, 3)}`)
      .join(', ')}\n`,
  );
}

if (only.has('fanout')) {
  // The same number of daily channels, one per team and ten per team: the scheduler's cost follows channels.
  const total = Number(values['fanout-teams']);
  for (const [key, perTeam] of [
    ['fanout', 1],
    ['fanout-channels', 10],
  ] as const) {
    const f = await benchFanout(Math.max(1, Math.round(total / perTeam)), perTeam);
    results[key] = {
      ...f,
      seconds: round(f.seconds, 1),
      postsPerSecond: round(f.postsPerSecond, 1),
      shareOfLimit: round(f.shareOfLimit, 3),
    };
    row(
      'fan-out',
      `fake Discord, 50 req/s, ${perTeam} channel${perTeam === 1 ? '' : 's'} per team`,
      `${f.channels} channels`,
      `${round(f.postsPerSecond, 1)} posts/s`,
      `${round(100 * f.shareOfLimit, 1)}% of limit`,
      `${round(f.seconds, 1)} s`,
      `dup ${f.duplicates}, miss ${f.misses}, 429s ${f.rateLimited}`,
    );
  }
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

if (only.has('pictures')) {
  const pictures = await benchPictures();
  results.pictures = pictures.map((p) =>
    Object.fromEntries(Object.entries(p).map(([key, value]) => [key, typeof value === 'number' ? round(value, 2) : value])),
  );
  for (const p of pictures) {
    row(
      'picture',
      p.kind,
      `${p.draws} draws`,
      `worker p50 ${round(p.workerP50Ms, 1)} ms`,
      `p99 ${round(p.workerP99Ms, 1)} ms (event loop delay p99 ${round(p.eventLoopP99Ms, 1)}, max ${round(p.eventLoopMaxMs, 1)} ms)`,
      `inline p50 ${round(p.inlineP50Ms, 1)} / p99 ${round(p.inlineP99Ms, 1)} ms`,
      `cached p50 ${round(p.cachedP50Ms, 3)} ms`,
    );
  }
}

const widths = table[0]?.map((_, i) => Math.max(...table.map((r) => r[i]!.length))) ?? [];
for (const r of table) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i]!)).join('  ')}\n`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
// A run of some parts (--only) updates those parts of latest.json and keeps the others' last figures.
const latest = new URL('./results/latest.json', import.meta.url);
const previous = existsSync(latest) ? (JSON.parse(readFileSync(latest, 'utf8')) as Record<string, unknown>) : {};
writeFileSync(latest, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
await space.cleanUp();
process.stdout.write('\nWritten to bench/results/latest.json\n');
process.exit(0);
