import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
import { countKinds, migrateStore } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open.js';
import { createRig, member, rightLetter, TEAM, wrongLetter } from '../fakes/engine.js';
import { cleanEnv, REPO_ROOT } from '../fakes/shell-process.js';
import { POSTGRES_URL, REDIS_URL, scratch } from '../fakes/stores.js';

const run = promisify(execFile);
const sqliteUrl = () => `sqlite://${join(mkdtempSync(join(tmpdir(), 'bp-migrate-')), 'b.sqlite')}`;
const space = scratch('bp_migrate');
const DAY = 24 * 60 * 60 * 1000;

/** A store with two days of play: dailies, answers, a practice quiz, settings. */
async function played(store: Store) {
  const rig = createRig({ store, start: '2026-03-02T10:00:00Z' });
  await rig.engine.setup(TEAM, { channelId: 'c', timezone: 'Europe/Berlin' }, 'c');
  for (let d = 0; d < 2; d++) {
    const { daily } = (await rig.engine.dailies.post(TEAM, { extra: false }))!;
    await rig.engine.dailies.answer(member('ann'), daily.id, rightLetter(daily.order));
    await rig.engine.dailies.answer(member('bob'), daily.id, d === 0 ? wrongLetter(daily.order) : rightLetter(daily.order));
    rig.clock.advance(DAY);
  }
  const s = await rig.engine.practice.start(member('cid'), { count: 2 });
  await rig.engine.practice.answer(member('cid'), s.session.id, 0, rightLetter(s.session.items[0]!.order));
  return rig;
}

/** What members see, read through an engine on the given store. */
async function view(store: Store) {
  const rig = createRig({ store, start: '2026-03-04T10:00:00Z' });
  return {
    board: (await rig.engine.leaderboard(member('ann'), 'all')).rows.map((r) => [r.name, r.points, r.rank]),
    streaks: await Promise.all(['ann', 'bob'].map(async (id) => (await rig.engine.stats(TEAM, id)).streak)),
    config: (await rig.engine.teams.config(TEAM)).timezone,
    log: (await store.readLog('bp:shell:team1:m:ann:log')).length,
  };
}

describe('npm run migrate-store', () => {
  afterAll(() => space.cleanUp());

  const targets: [string, (() => string) | undefined][] = [
    ['sqlite', sqliteUrl],
    ['redis', REDIS_URL ? space.redisUrl : undefined],
    ['postgres', POSTGRES_URL ? space.postgresUrl : undefined],
  ];
  for (const [name, target] of targets) {
    it.skipIf(!target)(`copies every record from SQLite to ${name}; members see the same streaks and leaderboards`, async () => {
      const [from, to] = [await openStore(sqliteUrl()), await openStore(target!())];
      try {
        await played(from);
        const copied = await migrateStore(from, to);
        expect(copied).toEqual(await countKinds(from));
        expect(copied.log).toBeGreaterThan(0);
        expect(await view(to)).toEqual(await view(from));
        expect(await to.keys('bp:')).toEqual(await from.keys('bp:'));
      } finally {
        await from.close();
        await to.close();
      }
    });
  }

  it('refuses a target that already holds data, and changes nothing in it', async () => {
    const [from, to] = [await openStore(sqliteUrl()), await openStore(sqliteUrl())];
    await from.set('bp:shell:x:config', { a: 1 });
    await to.set('bp:shell:y:config', { keep: true });
    await expect(migrateStore(from, to)).rejects.toThrow(/--to: the target store already holds 1 Backprop keys/);
    expect(await to.keys('bp:')).toEqual(['bp:shell:y:config']);
    await from.close();
    await to.close();
  });

  it('runs as a command, and names a missing or bad option', async () => {
    const fromUrl = sqliteUrl();
    const seed = await openStore(fromUrl);
    await played(seed);
    await seed.close();
    const env = cleanEnv({});
    const { stdout } = await run('npm', ['run', '--silent', 'migrate-store', '--', '--from', fromUrl, '--to', sqliteUrl()], { cwd: REPO_ROOT, env });
    expect(stdout).toMatch(/^Copied \d+ doc, \d+ claim, \d+ counters, \d+ board, \d+ log from sqlite to sqlite; the target holds the same\.$/m);
    const fail = (args: string[]) => run('npm', ['run', '--silent', 'migrate-store', '--', ...args], { cwd: REPO_ROOT, env }).catch((e: { stderr: string }) => e.stderr);
    expect(await fail(['--to', sqliteUrl()])).toContain('--from is required');
    expect(await fail(['--from', fromUrl, '--to', 'mongodb://x'])).toContain('--to: STORE_URL: unsupported store "mongodb"');
  });
});
