import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports/store.js';
import { keys } from '../../src/core/shared/keys.js';
import { LETTERS } from '../../src/core/shared/presentation.js';
import { calendarOf } from '../../src/core/shared/time.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { RedisStore } from '../../src/store/redis.js';
import { configure, createRig, member, rightLetter, TEAM } from '../fakes/engine.js';
import { POSTGRES_URL, REDIS_URL, scratch } from '../fakes/stores.js';

/**
 * Two engines, each with its own connection to one shared store (as two processes behind a round-robin balancer
 * are), answering the same daily at once: every member's click goes to one of them, and some members click twice,
 * once on each. The counts must come out exact.
 */
const space = scratch('bp_shared');
const shared: { name: string; url?: string; open: (url: string) => Promise<Store> }[] = [
  { name: 'postgres', url: POSTGRES_URL && space.postgresUrl(), open: (url) => PostgresStore.open(url) },
  { name: 'redis', url: REDIS_URL && space.redisUrl(), open: (url) => RedisStore.open(url) },
];

describe.each(shared)('two engines on one $name store', ({ url, open }) => {
  it.skipIf(!url)('answer the same daily concurrently: one answer per member, exact tally and boards', async () => {
    const stores = [await open(url!), await open(url!)];
    try {
      const [a, b] = stores.map((store) => createRig({ store, pack: 'deep-learning' }));
      await configure(a!, TEAM, { channelId: 'daily', timezone: 'UTC' });
      const { daily } = (await a!.engine.dailies.post(TEAM, 'daily', { extra: true }))!;
      const members = 240;
      const pick = (i: number) => LETTERS[i % LETTERS.length]!;
      // Every member once, alternating engines; every fifth member clicks again on the other engine.
      const clicks = Array.from({ length: members }, (_, i) => ({ i, rig: i % 2 ? a! : b! }));
      for (let i = 0; i < members; i += 5) clicks.push({ i, rig: i % 2 ? b! : a! });
      let next = 0;
      const outcomes: { i: number; points?: number; refused?: string }[] = [];
      const worker = async () => {
        for (let c = next++; c < clicks.length; c = next++) {
          const { i, rig } = clicks[c]!;
          try {
            const feedback = await rig.engine.dailies.answer(member(`u${i}`, { team: TEAM }), daily.id, pick(i));
            outcomes.push({ i, points: feedback.points });
          } catch (error) {
            outcomes.push({ i, refused: (error as Error).message });
          }
        }
      };
      await Promise.all(Array.from({ length: 32 }, worker));

      const recorded = outcomes.filter((o) => o.points !== undefined);
      expect(recorded.map((o) => o.i).sort((x, y) => x - y)).toEqual(Array.from({ length: members }, (_, i) => i));
      expect(outcomes.filter((o) => o.refused)).toHaveLength(clicks.length - members);
      for (const o of outcomes.filter((o) => o.refused)) expect(o.refused).toMatch(/already answered/);
      const rightOnes = Array.from({ length: members }, (_, i) => pick(i) === rightLetter(daily.order)).filter(Boolean).length;
      const tally = await stores[0]!.counters(keys.dailyTally(TEAM, daily.id));
      expect(tally.answered).toBe(members);
      expect(tally.right ?? 0).toBe(rightOnes);
      const board = await stores[1]!.top(keys.board(TEAM, calendarOf(a!.clock.now(), 'UTC').periods.all), members);
      expect(board).toHaveLength(rightOnes);
      expect(board.reduce((sum, e) => sum + e.points, 0)).toBe(recorded.reduce((sum, o) => sum + o.points!, 0));
    } finally {
      for (const store of stores) await store.close();
    }
  });
});

afterAll(() => space.cleanUp());
