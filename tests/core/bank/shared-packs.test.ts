import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/open.js';
import { createRig, TEAM } from '../../fakes/engine.js';
import { OWN_PACK } from '../../fakes/played.js';
import { POSTGRES_URL, REDIS_URL, scratch } from '../../fakes/stores.js';

const space = scratch('bp_packs');
afterAll(() => space.cleanUp());

const PACK = OWN_PACK;

/**
 * Two processes on one shared store (two engines, each with its own store connection and caches): a pack uploaded
 * through the first is drawn by the second's daily, without a restart; removed through the second, the first
 * stops drawing it.
 */
describe.each([
  ['Redis', REDIS_URL ? () => space.redisUrl() : undefined],
  ['PostgreSQL', POSTGRES_URL ? () => space.postgresUrl() : undefined],
])('team packs shared by two processes on %s', (_, url) => {
  it.skipIf(!url)('an upload through one is used by the other within the cache time; a removal too', async () => {
    const where = url!();
    const [storeA, storeB] = [await openStore(where), await openStore(where)];
    try {
      const a = createRig({ store: storeA, pack: 'deep-learning' });
      const b = createRig({ store: storeB, pack: 'deep-learning' });
      await a.engine.teams.setup(TEAM, { channelId: 'c' }, 'c');
      // The second process has read the team's bank already (before the upload): its copy is cached.
      expect((await b.engine.packs.bankFor(TEAM)).pack('our-stack')).toBeUndefined();
      await a.engine.packs.put(TEAM, PACK, { format: 'csv', by: 'boss' });
      await a.engine.teams.setup(TEAM, { channelId: 'c', pack: 'our-stack' }, 'c');
      b.clock.advance(2_001);
      const { daily } = (await b.engine.dailies.post(TEAM, 'c', { extra: false }))!;
      expect(daily.questionId).toBe('our-gpu-cluster');
      // Removed through the second: the first falls back to the default pack once its copy is stale.
      await b.engine.teams.removePack(TEAM, 'our-stack');
      a.clock.advance(2_001);
      expect((await a.engine.packs.bankFor(TEAM)).pack('our-stack')).toBeUndefined();
      expect((await a.engine.channels.get(TEAM, 'c'))?.pack).toBe('deep-learning');
    } finally {
      await storeA.close();
      await storeB.close();
    }
  });
});
