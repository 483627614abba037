import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StoredInstallations } from '../../../src/adapters/slack/oauth/installations.js';
import { TokenBox } from '../../../src/adapters/slack/oauth/token-box.js';
import type { Store } from '../../../src/core/ports/store.js';
import { keys } from '../../../src/core/shared/keys.js';
import type { TeamRef } from '../../../src/core/shared/refs.js';
import { migrateStore } from '../../../src/store/migrate.js';
import { openStore } from '../../../src/store/open.js';
import { cli } from '../../fakes/cli.js';
import { MemoryLogger } from '../../fakes/logger.js';
import { type DistributedRig, installThroughBrowser, startDistributedRig, TEST_TOKEN_KEY } from '../../fakes/slack/distributed.js';
import type { FakeWorkspace } from '../../fakes/slack/oauth.js';
import { blocksText, FakeSlack } from '../../fakes/slack/server.js';
import { POSTGRES_URL, postgresAdmin, REDIS_URL, scratch } from '../../fakes/stores.js';

const teamOf = (workspace: FakeWorkspace): TeamRef => ({ platform: 'slack', teamId: workspace.teamId });
const daily = { title: 'A post', lines: [] };

/** Every secret a workspace's installation involves: all tokens and refresh tokens ever issued. */
function secretsOf(fake: FakeSlack, workspaces: FakeWorkspace[]): string[] {
  const refreshTokens = workspaces.map((w) => w.refreshToken).filter((t): t is string => t !== undefined);
  return [...workspaces.flatMap((w) => w.issued), ...refreshTokens, fake.oauth.clientSecret];
}

/**
 * Two processes on one store: A installs a workspace, B serves its events; once its token expired, both post at
 * the same moment and Slack sees one refresh. Then no token is found in the store in clear.
 */
async function twoProcesses(openShared: () => Promise<Store>, readEverything: () => Promise<string>) {
  const fake = await new FakeSlack().start();
  // Long enough that the refreshed token is not due again (half its lifetime) before the four posts are done on a busy machine.
  fake.oauth.tokenLifetimeSeconds = 5;
  const a = await startDistributedRig({ fake, store: await openShared(), instanceId: 'a' });
  const b = await startDistributedRig({ fake, store: await openShared(), instanceId: 'b' });
  try {
    const workspace = fake.oauth.addWorkspace('Acme');
    expect((await installThroughBrowser(a.appUrl, workspace)).status).toBe(200);

    // B serves a command of the workspace A installed.
    fake.appUrl = b.appUrl;
    const boss = fake.addUser('boss', { admin: true, teamId: workspace.teamId });
    const eventId = await fake.slash('http', boss, '/quiz', 'help');
    expect(blocksText((await fake.waitFor(() => fake.responsesTo(eventId)[0], 'the reply from B')).blocks)).toMatch(/quiz/i);
    expect(fake.callsOf('users.info').at(-1)).toMatchObject({ teamId: workspace.teamId, authorization: `Bearer ${workspace.token}` });

    // The token expires; both processes post at once: one refresh, every post with the new token.
    await fake.waitFor(() => Date.now() >= workspace.expiresAt!, 'the token to expire', 5000);
    const posts = await Promise.all([a, b, a, b].map((rig) => rig.adapter.post(teamOf(workspace), 'C0POSTS', daily)));
    expect(posts).toHaveLength(4);
    expect(workspace.refreshes).toBe(1);
    expect(fake.oauth.grants.filter((g) => g.error)).toEqual([]);
    expect(fake.calls.filter((c) => c.tokenError)).toEqual([]);
    expect(new Set(fake.callsOf('chat.postMessage').map((c) => c.authorization))).toEqual(new Set([`Bearer ${workspace.token}`]));

    const everything = await readEverything();
    expect(everything).toContain(keys.slackInstallation('team', workspace.teamId));
    for (const secret of secretsOf(fake, [workspace])) expect(everything).not.toContain(secret);
  } finally {
    await a.stop();
    await b.stop();
    await a.store.close();
    await b.store.close();
    await fake.stop();
  }
}

describe('a distributed Slack app on a shared store', () => {
  const space = scratch('slackoauth');
  afterAll(() => space.cleanUp());

  it.skipIf(!POSTGRES_URL)(
    'PostgreSQL: a second process serves a workspace the first installed; one refresh; no token in clear',
    async () => {
      const url = space.postgresUrl();
      const schema = new URL(url).searchParams.get('schema')!;
      await twoProcesses(
        () => openStore(url),
        async () => {
          const client = postgresAdmin();
          await client.connect();
          try {
            const tables = await client.query<{ table_name: string }>(
              'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
              [schema],
            );
            let text = '';
            for (const { table_name } of tables.rows) {
              const rows = await client.query(`SELECT t::text AS row FROM "${schema}"."${table_name}" t`);
              text += rows.rows.map((r) => r.row).join('\n');
            }
            return text;
          } finally {
            await client.end();
          }
        },
      );
    },
  );

  it.skipIf(!REDIS_URL)('Redis: the same, and no token in clear in any key', async () => {
    const url = space.redisUrl();
    const namespace = new URL(url).searchParams.get('namespace')!;
    await twoProcesses(
      () => openStore(url),
      async () => {
        const client = createClient({ url: REDIS_URL });
        await client.connect();
        let text = '';
        try {
          for await (const found of client.scanIterator({ MATCH: `${namespace}*`, COUNT: 1000 })) {
            for (const key of found) {
              const type = await client.type(key);
              const value =
                type === 'string'
                  ? await client.get(key)
                  : type === 'hash'
                    ? JSON.stringify(await client.hGetAll(key))
                    : type === 'zset'
                      ? JSON.stringify(await client.zRange(key, 0, -1))
                      : type === 'list'
                        ? JSON.stringify(await client.lRange(key, 0, -1))
                        : '';
              text += `${key}\n${value}\n`;
            }
          }
        } finally {
          await client.close();
        }
        return text;
      },
    );
  });
});

describe('installations in SQLite, migrated and read back', () => {
  let rig: DistributedRig | undefined;
  afterEach(async () => {
    await rig?.stop();
    await rig?.store.close();
  });

  it('the SQLite file holds no token in clear; migrate-store and backup-store carry the installations, which open with the same key only', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bp-slack-')), 'backprop.sqlite');
    rig = await startDistributedRig({ store: await openStore(`sqlite://${file}`) });
    const { fake } = rig;
    fake.oauth.tokenLifetimeSeconds = 1;
    const workspaces = [fake.oauth.addWorkspace('Acme'), fake.oauth.addWorkspace('Globex')];
    for (const workspace of workspaces) expect((await installThroughBrowser(rig.appUrl, workspace)).status).toBe(200);
    await fake.waitFor(() => workspaces.every((w) => Date.now() >= w.expiresAt!), 'the tokens to expire', 5000);
    for (const workspace of workspaces) await rig.adapter.post(teamOf(workspace), 'C0POSTS', daily);
    expect(workspaces.map((w) => w.issued.length)).toEqual([2, 2]);

    const bytes = [file, `${file}-wal`]
      .filter(existsSync)
      .map((f) => readFileSync(f).toString('latin1'))
      .join('');
    expect(bytes).toContain(keys.slackInstallation('team', workspaces[0]!.teamId));
    for (const secret of secretsOf(fake, workspaces)) expect(bytes).not.toContain(secret);

    const copy = await openStore('memory://');
    await migrateStore(rig.store, copy);
    const backupFile = join(mkdtempSync(join(tmpdir(), 'bp-slack-backup-')), 'copy.sqlite');
    await cli('backup-store', ['--from', `sqlite://${file}`, '--to', backupFile]);
    const backup = await openStore(`sqlite://${backupFile}`);
    const log = new MemoryLogger();
    const refresh = () => Promise.reject(new Error('no refresh expected'));
    const fromBackup = new StoredInstallations({ store: backup, box: new TokenBox(TEST_TOKEN_KEY), refresh, log });
    const readBack = new StoredInstallations({ store: copy, box: new TokenBox(TEST_TOKEN_KEY), refresh, log });
    for (const workspace of workspaces) {
      const backedUp = await fromBackup.fetchInstallation({
        teamId: workspace.teamId,
        enterpriseId: undefined,
        isEnterpriseInstall: false,
      });
      expect(backedUp.bot?.token).toBe(workspace.token);
      const installation = await readBack.fetchInstallation({
        teamId: workspace.teamId,
        enterpriseId: undefined,
        isEnterpriseInstall: false,
      });
      expect(installation.bot?.token).toBe(workspace.token);
      // What Bolt's installer sees has no refresh token: it never refreshes on its own (see StoredInstallations).
      expect(installation.bot?.refreshToken).toBeUndefined();
    }
    const wrongKey = new StoredInstallations({ store: copy, box: new TokenBox(Buffer.alloc(32, 1)), refresh, log });
    await expect(
      wrongKey.fetchInstallation({ teamId: workspaces[0]!.teamId, enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toThrow();
    await copy.close();
    await backup.close();
  });
});
