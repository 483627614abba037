import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { keys } from '../../../src/core/shared/keys.js';
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
 * stops drawing it. The second reads the packs again only when they changed.
 */
describe.each([
  // Two connections to one file, as two processes would have.
  ['SQLite', () => `sqlite://${join(mkdtempSync(join(tmpdir(), 'bp-packs-')), 'shared.sqlite')}`],
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

  it.skipIf(!url)('the other rebuilds its copy of the bank only when the packs changed, and after a minute anyway', async () => {
    const where = url!();
    const [storeA, storeB] = [await openStore(where), await openStore(where)];
    try {
      const a = createRig({ store: storeA, pack: 'deep-learning', instanceId: 'a' });
      const b = createRig({ store: storeB, pack: 'deep-learning', instanceId: 'b' });
      const ourName = async () => (await b.engine.packs.bankFor(TEAM)).pack('our-stack')?.name;
      const packReads = vi.spyOn(storeB, 'docKeys');
      const reads = () => packReads.mock.calls.filter(([prefix]) => prefix === keys.teamPackPrefix(TEAM)).length;
      await a.engine.packs.put(TEAM, OWN_PACK, { format: 'csv', by: 'boss' });
      expect(await ourName()).toBe('Our stack');
      expect(reads()).toBe(1);
      // Unchanged: checked every 2 s, never read again (the packs were read and parsed every 2 s before).
      for (let i = 0; i < 10; i++) {
        b.clock.advance(2_001);
        expect(await ourName()).toBe('Our stack');
      }
      expect(reads()).toBe(1);
      // Changed through the first: in use by the second at its next check.
      await a.engine.packs.put(TEAM, { ...OWN_PACK, name: 'Our stack, v2' }, { format: 'csv', by: 'boss' });
      b.clock.advance(2_001);
      expect(await ourName()).toBe('Our stack, v2');
      expect(reads()).toBe(2);
      // Purged, and uploaded again as it was, between two checks: still a new revision, so read again.
      await a.engine.teams.purge(TEAM);
      await a.engine.packs.put(TEAM, { ...OWN_PACK, name: 'Our stack, v3' }, { format: 'csv', by: 'boss' });
      b.clock.advance(2_001);
      expect(await ourName()).toBe('Our stack, v3');
      // Written without the revision (a restore, an older version, a process that stopped in between): in use
      // within a minute.
      const stored = (await a.engine.packs.get(TEAM, 'our-stack'))!;
      await storeA.set(keys.teamPack(TEAM, 'our-stack'), { ...stored, name: 'Restored' });
      b.clock.advance(2_001);
      expect(await ourName()).toBe('Our stack, v3');
      b.clock.advance(60_000);
      expect(await ourName()).toBe('Restored');
    } finally {
      await storeA.close();
      await storeB.close();
    }
  });
});

describe('the team packs revision', () => {
  it('a revision that cannot be written is logged; the change itself is made and answered as made', async () => {
    const rig = createRig({ pack: 'deep-learning' });
    await rig.engine.teams.setup(TEAM, { channelId: 'c', pack: 'deep-learning' }, 'c');
    const set = rig.store.set.bind(rig.store);
    vi.spyOn(rig.store, 'set').mockImplementation(async (key, value, ttl) => {
      if (key === keys.teamPacksRevision(TEAM)) throw new Error('the store went away');
      return set(key, value, ttl);
    });
    await rig.engine.packs.put(TEAM, OWN_PACK, { format: 'csv', by: 'boss' });
    await rig.engine.teams.setup(TEAM, { channelId: 'c', pack: 'deep-learning,our-stack' }, 'c');
    expect((await rig.engine.packs.bankFor(TEAM)).pack('our-stack')).toBeDefined();
    // Removed: the pack goes and the channel draws from its other pack, though the revision failed again.
    expect(await rig.engine.teams.removePack(TEAM, 'our-stack')).toEqual({ removed: true, channels: ['c'] });
    expect((await rig.engine.channels.get(TEAM, 'c'))?.pack).toBe('deep-learning');
    expect((await rig.engine.packs.bankFor(TEAM)).pack('our-stack')).toBeUndefined();
    expect(rig.log.at('warn').filter((l) => l.msg?.startsWith('could not write the packs revision'))).toHaveLength(2);
  });
});
