import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { countKinds, migrateStore } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open.js';
import { played, view } from '../fakes/played.js';
import { cleanEnv, REPO_ROOT } from '../fakes/shell-process.js';
import { POSTGRES_URL, REDIS_URL, scratch } from '../fakes/stores.js';

const run = promisify(execFile);
const sqliteUrl = () => `sqlite://${join(mkdtempSync(join(tmpdir(), 'bp-migrate-')), 'b.sqlite')}`;
const space = scratch('bp_migrate');

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
        // Team packs and waiting suggestions go along (and the comparison above compared something).
        expect((await view(to)).packs).toEqual([['our-stack', 1, 'ann']]);
        expect((await view(to)).suggestions).toEqual([['sug001', 'bob']]);
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
    const { stdout } = await run('npm', ['run', '--silent', 'migrate-store', '--', '--from', fromUrl, '--to', sqliteUrl()], {
      cwd: REPO_ROOT,
      env,
    });
    expect(stdout).toMatch(
      /^Copied \d+ doc, \d+ claim, \d+ answer, \d+ counters, \d+ board, \d+ log from sqlite to sqlite; the target holds the same\.$/m,
    );
    const fail = (args: string[]) =>
      run('npm', ['run', '--silent', 'migrate-store', '--', ...args], { cwd: REPO_ROOT, env }).catch((e: { stderr: string }) => e.stderr);
    expect(await fail(['--to', sqliteUrl()])).toContain('--from is required');
    expect(await fail(['--from', fromUrl, '--to', 'mongodb://x'])).toContain('--to: unsupported store "mongodb"');
  });
});
