import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SHELL_TEAM } from '../../src/adapters/shell/shell.js';
import { teamPrefix } from '../../src/core/shared/keys.js';
import { openStore } from '../../src/store/open.js';
import { BackpropProcess } from '../fakes/backprop-process.js';
import { createRig } from '../fakes/engine.js';
import { zonePastMidnight } from '../fakes/process-teams.js';
import { POSTGRES_URL, REDIS_URL, scratch } from '../fakes/stores.js';

const space = scratch('bp_shell');
const SHARED = [
  { name: 'Redis', url: REDIS_URL ? () => space.redisUrl() : undefined },
  { name: 'PostgreSQL', url: POSTGRES_URL ? () => space.postgresUrl() : undefined },
];

/** The terminal session on a store several processes share: its daily is posted, by one of them only. */
describe('the terminal session on a shared store', () => {
  const processes: BackpropProcess[] = [];
  afterEach(async () => {
    for (const p of processes.splice(0)) if (p.child.exitCode === null) await p.kill();
  });
  afterAll(() => space.cleanUp());

  for (const store of SHARED) {
    it.skipIf(!store.url)(
      `${store.name}: a daily due already is posted at start-up, once across two processes`,
      { timeout: 60_000 },
      async () => {
        const url = store.url!();
        const seeded = await openStore(url);
        const rig = createRig({ store: seeded, start: new Date().toISOString(), pack: 'deep-learning' });
        await rig.engine.teams.setup(SHELL_TEAM, { channelId: 'general', time: '00:00', timezone: zonePastMidnight() }, 'general');
        await seeded.close();
        const start = (instance: string) => {
          const p = new BackpropProcess({ STORE_URL: url, INSTANCE_ID: instance });
          processes.push(p);
          return p;
        };
        const [a, b] = [start('shell-a'), start('shell-b')];
        await Promise.all([a.waitForLog('"msg":"ready"'), b.waitForLog('"msg":"ready"')]);
        const posted = () => [a, b].filter((p) => p.logs.includes('#general (everyone sees this)'));
        const deadline = Date.now() + 20_000;
        while (posted().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        expect(posted()).toHaveLength(1);
        await new Promise((r) => setTimeout(r, 1500)); // the other had its chance to post twice
        expect(posted()).toHaveLength(1);
        const check = await openStore(url);
        const dailies = (await check.keys(`${teamPrefix(SHELL_TEAM)}daily:`)).length;
        await check.close();
        expect(dailies).toBe(1);
      },
    );
  }
});
