import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/ports/clock.js';
import type { Store, StoreRecord } from '../../../src/core/ports/store.js';
import { keys } from '../../../src/core/shared/keys.js';
import { plainText } from '../../../src/core/shared/messages.js';
import type { Period } from '../../../src/core/shared/time.js';
import { dailyChannels } from '../../../src/core/upgrades/daily-channels.js';
import { CURRENT_LAYOUT, LAYOUT_KEY, upgradeLayout } from '../../../src/core/upgrades/layout.js';
import { openStore } from '../../../src/store/open.js';
import { FakeClock } from '../../fakes/clock.js';
import { createRig, member, rightLetter, TEAM } from '../../fakes/engine.js';
import { MemoryLogger } from '../../fakes/logger.js';
import { POSTGRES_URL, REDIS_URL, scratch } from '../../fakes/stores.js';

/**
 * A store written by layout 2 (one daily channel per team, the daily's settings in the team's) opens, is upgraded
 * by itself, and works: its one daily channel becomes the first of its daily channels with its schedule, open
 * daily, answers, boards and streaks; the buttons already posted still work. The fixture is the record set that
 * version exported after two days of use (tests/fixtures/store-v2.json says what happened).
 */
interface Fixture {
  generatedAt: number;
  clockAt: number;
  openDaily: { id: string; order: number[]; questionId: string };
  expected: Record<string, { streak: object; answered: number; correct: number; allTime?: object }>;
  boards: Record<Period, { memberId: string; points: number; rank: number }[]>;
  oldIds: Record<string, string>;
  records: StoreRecord[];
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/store-v2.json', import.meta.url), 'utf8')) as Fixture;
const CHANNEL = 'daily-channel';
const space = scratch('bp_channels_upgrade');
afterAll(() => space.cleanUp());

const stores: [string, ((clock: Clock) => Promise<Store>) | undefined][] = [
  ['memory', (clock) => openStore('memory://', { clock })],
  ['sqlite', (clock) => openStore(`sqlite://${join(mkdtempSync(join(tmpdir(), 'bp-upgrade3-')), 'old.sqlite')}`, { clock })],
  ['redis', REDIS_URL ? (clock) => openStore(space.redisUrl(), { clock }) : undefined],
  ['postgres', POSTGRES_URL ? (clock) => openStore(space.postgresUrl(), { clock }) : undefined],
];

async function oldStore(open: (clock: Clock) => Promise<Store>): Promise<Store> {
  const store = await open(new FakeClock(fixture.clockAt));
  for (const r of fixture.records) {
    const moved =
      'expiresAt' in r && r.expiresAt !== undefined ? { ...r, expiresAt: r.expiresAt - fixture.generatedAt + fixture.clockAt } : r;
    await store.importRecord(moved);
  }
  return store;
}

/** Everything the step writes, to compare two runs. */
async function channelRecords(store: Store) {
  const board = async (key: string) => (await store.top(key, 100)).sort((a, b) => a.memberId.localeCompare(b.memberId));
  return {
    week: await board(keys.channelBoard(TEAM, CHANNEL, 'week:2026-W10')),
    all: await board(keys.channelBoard(TEAM, CHANNEL, 'all')),
    hidden: await board(keys.hiddenChannelBoard(TEAM, CHANNEL, 'all')),
    tally: await store.counters(keys.channelTally(TEAM, CHANNEL, 'week:2026-W10')),
    ann: await store.get(keys.member(TEAM, 'ann')),
  };
}

describe.each(stores)('a store written by layout 2, on %s', (_, open) => {
  it.skipIf(!open)('is upgraded on start-up: the daily becomes the team’s first daily channel; reruns change nothing', async () => {
    const store = await oldStore(open!);
    try {
      expect(await upgradeLayout(store, new MemoryLogger())).toEqual({ from: 2, to: CURRENT_LAYOUT });
      expect(await store.get(LAYOUT_KEY)).toEqual({ v: CURRENT_LAYOUT });
      expect(await store.get(keys.dailyChannel(TEAM, CHANNEL))).toMatchObject({
        channelId: CHANNEL,
        time: '09:00',
        timezone: 'UTC',
        weekdays: [1, 2, 3, 4, 5],
        paused: false,
        pack: 'mini',
        legacyIds: true,
      });
      expect(await store.get(keys.dailyState(TEAM, CHANNEL))).toMatchObject({
        open: { dailyId: '2026-03-03', day: '2026-03-03' },
        postedDays: ['2026-03-02', '2026-03-03'],
        deck: { pack: 'mini', next: 2 },
      });
      expect(await store.get(keys.legacyTeamState(TEAM))).toBeUndefined();
      expect(await store.get(keys.teamConfig(TEAM))).toEqual({
        v: 2,
        time: '09:00',
        timezone: 'UTC',
        admins: [],
        pack: 'mini',
        updatedAt: 1772438400000,
      });
      expect(await store.keys('bp:index:daily:')).toEqual([keys.dailyIndex(TEAM, CHANNEL)]);
      // The channel's board and activity come from the answers kept: ann 2 dailies, cat 1, bob (hidden) 1 right of 2;
      // ann's round award was in another channel, so it is on the team's boards only.
      const built = await channelRecords(store);
      expect(built.all).toEqual([
        { memberId: 'ann', points: 20 },
        { memberId: 'cat', points: 10 },
      ]);
      expect(built.week).toEqual(built.all);
      expect(built.hidden).toEqual([{ memberId: 'bob', points: 10 }]);
      expect(built.tally).toEqual({ members: 3, answered: 5, right: 4, points: 40 });
      expect(built.ann).toMatchObject({ channels: { [CHANNEL]: { days: ['2026-03-02', '2026-03-03'], lastAt: 1772528400000 } } });

      // Run again (as after a crash that stopped before the layout was recorded): nothing is added twice.
      expect(await dailyChannels.run(store)).toBe(0);
      const layout2Config = fixture.records.find((r) => r.key === keys.teamConfig(TEAM));
      await store.set(keys.teamConfig(TEAM), (layout2Config as { value: unknown }).value);
      await dailyChannels.run(store);
      expect(await channelRecords(store)).toEqual(built);
      expect(await upgradeLayout(store, new MemoryLogger())).toEqual({ from: CURRENT_LAYOUT, to: CURRENT_LAYOUT });
    } finally {
      await store.close();
    }
  });

  it.skipIf(!open)('keeps streaks, points and boards; the old buttons work; the daily goes on under its old ids', async () => {
    const store = await oldStore(open!);
    try {
      await upgradeLayout(store, new MemoryLogger());
      const rig = createRig({ start: new Date(fixture.clockAt).toISOString(), store });
      for (const [userId, expected] of Object.entries(fixture.expected)) {
        const stats = await rig.engine.standings.stats(TEAM, userId);
        expect(
          {
            streak: stats.streak,
            answered: stats.record?.answered ?? 0,
            correct: stats.record?.correct ?? 0,
            // A hidden member's own points, shown since without a rank, are not among that version's figures.
            allTime: stats.record?.hidden ? undefined : stats.allTime,
          },
          userId,
        ).toEqual(expected);
      }
      const admin = member('admin', { admin: true });
      for (const period of ['week', 'month', 'all'] as const) {
        const rows = (await rig.engine.standings.leaderboard(admin, period)).rows.map(({ memberId, points, rank }) => ({
          memberId,
          points,
          rank,
        }));
        expect(rows, period).toEqual(fixture.boards[period]);
      }
      const click = async (who: string, actionId: string) =>
        plainText((await rig.dispatcher.handle({ kind: 'action', member: member(who), channelId: CHANNEL, actionId })).message);
      // The open daily's buttons, posted by layout 2: a second answer is refused, a new member's counts everywhere.
      expect(await click('ann', fixture.oldIds.dailyRight!)).toMatch(/already answered this daily question/);
      expect(await click('fay', fixture.oldIds.dailyRight!)).toMatch(/Right! \+10 points/);
      const board = await rig.engine.standings.leaderboard(member('fay'), 'week', CHANNEL);
      expect(board.rows.map((r) => [r.memberId, r.points])).toEqual([
        ['ann', 20],
        ['cat', 10],
        ['fay', 10],
      ]);
      const channels = await rig.engine.standings.channelsBoard(TEAM, 'week');
      expect(channels.rows).toEqual([{ channelId: CHANNEL, members: 4, answered: 6, right: 5, points: 50, rank: 1 }]);
      // The next daily closes the old one (its message turns into the reveal) and keeps the bare-date ids.
      rig.clock.set('2026-03-04T09:00:00Z');
      const next = (await rig.engine.dailies.post(TEAM, CHANNEL, { extra: false }))!;
      expect(next.daily.id).toBe('2026-03-04');
      expect(rig.messenger.edits.map((e) => e.messageId)).toHaveLength(1);
      await rig.engine.dailies.answer(member('ann'), next.daily.id, rightLetter(next.daily.order));
      expect((await rig.engine.standings.stats(TEAM, 'ann')).streak).toMatchObject({ current: 3, best: 3 });
      // A second daily channel set up now uses ids of its own.
      await rig.engine.teams.setup(TEAM, { channelId: 'second', time: '09:00' }, 'second');
      expect((await rig.engine.dailies.post(TEAM, 'second', { extra: false }))!.daily.id).toBe('second.2026-03-04');
    } finally {
      await store.close();
    }
  });
});
