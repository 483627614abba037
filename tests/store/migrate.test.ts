import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { countKinds, holdsData, migrateStore } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open.js';
import { cli } from '../fakes/cli.js';
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

  it('copies into a target a process once opened (only its layout, lease and heartbeat there), and not into one a process runs on', async () => {
    const fromUrl = sqliteUrl();
    const seed = await openStore(fromUrl);
    await played(seed);
    await seed.close();
    const targetUrl = sqliteUrl();
    const target = await openStore(targetUrl);
    const lease = { instanceId: 'vm', host: hostname(), pid: process.pid, token: 1, since: Date.now(), expiresAt: Date.now() + 15_000 };
    await target.set('bp:meta:layout', { v: 3 });
    await target.set('bp:instance:vm', { at: 1 });
    await target.set('bp:lease:sqlite-file', lease);
    await target.close();
    const migrate = () =>
      cli('migrate-store', ['--from', fromUrl, '--to', targetUrl]).then(
        (r) => r.stdout,
        (e: { stderr: string; code: number }) => `${e.code}: ${e.stderr}`,
      );
    expect(await migrate()).toMatch(
      /^1: migrate-store: --to: a Backprop process is running on this store, instance vm .* Stop it first: it would serve its teams/,
    );
    const stopped = await openStore(targetUrl);
    await stopped.set('bp:lease:sqlite-file', { ...lease, expiresAt: Date.now() - 1 });
    await stopped.close();
    expect(await migrate()).toMatch(/^Copied .* the target holds the same/);
    const [from, copy] = [await openStore(fromUrl), await openStore(targetUrl)];
    expect(await view(copy)).toEqual(await view(from));
    expect(await copy.keys('bp:instance:')).toEqual([]);
    await from.close();
    await copy.close();
  });

  it('a store holds data once it holds anything beyond what every process writes (layout, leases, heartbeat)', async () => {
    const store = await openStore('memory://');
    await store.set('bp:meta:layout', { v: 3 });
    await store.claim('bp:lease:sqlite-file', 'host-1', 60_000);
    await store.set('bp:instance:host-1', { at: 1 });
    expect(await holdsData(store)).toBe(false);
    await store.set('bp:shell:t:config', { time: '09:00' });
    expect(await holdsData(store)).toBe(true);
    await store.close();
  });

  it('refuses a source that is not there or holds nothing, creating nothing: a typo must not look like a migration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-migrate-'));
    const fail = (args: string[]) =>
      cli('migrate-store', args).then(
        () => 'succeeded',
        (e: { stderr: string; code: number }) => `${e.code}: ${e.stderr}`,
      );
    const target = join(dir, 'target.sqlite');
    expect(await fail(['--from', `sqlite://${join(dir, 'typo.sqlite')}`, '--to', `sqlite://${target}`])).toBe(
      `1: migrate-store: --from: ${join(dir, 'typo.sqlite')} does not exist\n`,
    );
    expect(existsSync(join(dir, 'typo.sqlite'))).toBe(false);
    // A store a process opened once (its layout and lease written) but that never held a team.
    const empty = `sqlite://${join(dir, 'empty.sqlite')}`;
    const opened = await openStore(empty);
    await opened.set('bp:meta:layout', { v: 3 });
    await opened.close();
    expect(await fail(['--from', empty, '--to', `sqlite://${target}`])).toBe(
      `1: migrate-store: --from: ${empty} holds no Backprop data (no team, member or installation): nothing to copy. Check the path, database, namespace or schema.\n`,
    );
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a store a Backprop process is running on (its lease is live), and copies no lease once it stopped', async () => {
    const fromUrl = sqliteUrl();
    const seed = await openStore(fromUrl);
    await played(seed);
    // This test's own process stands for the running Backprop: alive, on this host, its lease renewed just now.
    const lease = { instanceId: 'vm', host: hostname(), pid: process.pid, token: 1, since: Date.now(), expiresAt: Date.now() + 15_000 };
    await seed.set('bp:lease:sqlite-file', lease);
    await seed.close();
    const migrate = (to: string) =>
      cli('migrate-store', ['--from', fromUrl, '--to', to]).then(
        () => 'succeeded',
        (e: { stderr: string; code: number }) => `${e.code}: ${e.stderr}`,
      );
    const target = sqliteUrl();
    expect(await migrate(target)).toMatch(
      new RegExp(
        `^1: migrate-store: --from: a Backprop process is running on this store, instance vm \\(pid ${process.pid} on .+\\)\\. Stop it first`,
      ),
    );
    expect(existsSync(target.slice('sqlite://'.length))).toBe(false);
    // Stopped: its lease lapsed. The copy has the data, and no lease of the source's processes.
    const stopped = await openStore(fromUrl);
    await stopped.set('bp:lease:sqlite-file', { ...lease, expiresAt: Date.now() - 1 });
    await stopped.close();
    expect(await migrate(target)).toBe('succeeded');
    const copy = await openStore(target);
    expect(await copy.keys('bp:lease:')).toEqual([]);
    expect(await holdsData(copy)).toBe(true);
    await copy.close();
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
    const fail = (args: string[]) => cli('migrate-store', args).catch((e: { stderr: string }) => e.stderr);
    expect(await fail(['--to', sqliteUrl()])).toContain('--from is required');
    const help = await cli('migrate-store', ['--help']);
    expect(help.stdout).toMatch(/^usage: npm run migrate-store -- --from <store url> --to <store url>/);
    expect(await fail(['--from', fromUrl, '--to', 'mongodb://x'])).toContain('--to: unsupported store "mongodb"');
    expect(await fail(['--from', fromUrl, '--to', 'memory://'])).toContain('--to: memory:// keeps nothing');
    // A target that holds data (a production store named by mistake): refused as such, never "empty it".
    const full = sqliteUrl();
    const held = await openStore(full);
    await held.set('bp:shell:prod:config', { keep: true });
    await held.close();
    const refused = await fail(['--from', fromUrl, '--to', full]);
    expect(refused).toMatch(/^migrate-store: --to: the target store already holds 1 Backprop keys/);
    expect(refused).not.toContain('empty it');
    // A source a newer Backprop wrote: refused before anything is copied, so the target stays empty for later.
    const newer = await openStore(fromUrl);
    await newer.set('bp:meta:layout', { v: 99 });
    await newer.close();
    const target = sqliteUrl();
    expect(await fail(['--from', fromUrl, '--to', target])).toMatch(
      /^migrate-store: the store was written by a newer Backprop \(data layout 99;/,
    );
    expect(existsSync(target.slice('sqlite://'.length))).toBe(false);
  });
});
