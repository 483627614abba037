import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/ports/clock.js';
import type { Store, StoreRecord } from '../../../src/core/ports/store.js';
import { plainText } from '../../../src/core/shared/messages.js';
import type { Period } from '../../../src/core/shared/time.js';
import { CURRENT_LAYOUT, LAYOUT_KEY, upgradeLayout } from '../../../src/core/upgrades/layout.js';
import { MemoryPrimitives } from '../../../src/store/memory.js';
import { openStore } from '../../../src/store/open.js';
import { SyncStore } from '../../../src/store/sync-store.js';
import { FakeClock } from '../../fakes/clock.js';
import { createRig, member, TEAM } from '../../fakes/engine.js';
import { MemoryLogger } from '../../fakes/logger.js';
import { POSTGRES_URL, REDIS_URL, scratch } from '../../fakes/stores.js';

/**
 * A store written by the previous version (layout 1: answers were claims holding JSON) opens, is upgraded by
 * itself, and works: the same streaks, points and leaderboards, duplicates still refused, and the buttons that
 * version posted still work. The fixture is the record set that version exported after a scripted week of use.
 */
interface Fixture {
  generatedAt: number;
  clockAt: number;
  openDaily: { id: string; order: number[]; questionId: string };
  practice: { id: string; order: number[] };
  expected: Record<string, { streak: object; answered: number; correct: number; allTime?: object }>;
  boards: Record<Period, { memberId: string; points: number; rank: number }[]>;
  oldIds: Record<string, string | string[]>;
  records: StoreRecord[];
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/store-v1.json', import.meta.url), 'utf8')) as Fixture;
const space = scratch('bp_upgrade');
afterAll(() => space.cleanUp());

const stores: [string, ((clock: Clock) => Promise<Store>) | undefined][] = [
  ['memory', (clock) => openStore('memory://', { clock })],
  ['sqlite', (clock) => openStore(`sqlite://${join(mkdtempSync(join(tmpdir(), 'bp-upgrade-')), 'old.sqlite')}`, { clock })],
  ['redis', REDIS_URL ? (clock) => openStore(space.redisUrl(), { clock }) : undefined],
  ['postgres', POSTGRES_URL ? (clock) => openStore(space.postgresUrl(), { clock }) : undefined],
];

/** The fixture's records, their expiries moved to the same distance from the test's clock as at generation. */
async function oldStore(open: (clock: Clock) => Promise<Store>): Promise<Store> {
  const store = await open(new FakeClock(fixture.clockAt));
  for (const r of fixture.records) {
    const moved =
      'expiresAt' in r && r.expiresAt !== undefined ? { ...r, expiresAt: r.expiresAt - fixture.generatedAt + fixture.clockAt } : r;
    await store.importRecord(moved);
  }
  return store;
}

describe('a new, empty store', () => {
  it('passes through every layout step without an "upgraded" line for the operator', async () => {
    const store = new SyncStore(new MemoryPrimitives());
    const log = new MemoryLogger();
    expect(await upgradeLayout(store, log)).toEqual({ from: 1, to: CURRENT_LAYOUT });
    expect(await store.get(LAYOUT_KEY)).toEqual({ v: CURRENT_LAYOUT });
    expect(log.lines.filter((l) => l.level !== 'debug')).toEqual([]);
  });
});

describe.each(stores)('a store written by layout 1, on %s', (_, open) => {
  it.skipIf(!open)('is upgraded on start-up: answers become records, the claims go, and a second run changes nothing', async () => {
    const store = await oldStore(open!);
    try {
      const answerClaims = fixture.records.filter((r) => r.kind === 'claim' && /:(answer|award):/.test(r.key)).map((r) => r.key);
      expect(answerClaims.length).toBeGreaterThan(5);
      const log = new MemoryLogger();
      expect(await upgradeLayout(store, log)).toEqual({ from: 1, to: CURRENT_LAYOUT });
      expect(await store.get(LAYOUT_KEY)).toEqual({ v: CURRENT_LAYOUT });
      expect(log.lines.filter((l) => l.level === 'info' && l.msg?.startsWith('store upgraded')).length).toBeGreaterThan(0);
      for (const key of answerClaims) {
        expect(await store.getClaim(key), key).toBeUndefined();
        const before = fixture.records.find((r) => r.key === key)!;
        expect(await store.getAnswer(key), key).toEqual(JSON.parse((before as { value: string }).value));
      }
      // Claims that are not answers stay claims.
      expect(await store.getClaim('bp:shell:team1:claim:daily:2026-03-03')).toBeDefined();
      const after = (await store.keysByKind('bp:')).answers;
      expect(await upgradeLayout(store, log)).toEqual({ from: CURRENT_LAYOUT, to: CURRENT_LAYOUT });
      expect((await store.keysByKind('bp:')).answers).toEqual(after);
    } finally {
      await store.close();
    }
  });

  it.skipIf(!open)('keeps every member’s streak, answers, points and leaderboards, and still refuses a second answer', async () => {
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
        const rows = (await rig.engine.standings.leaderboard(admin, period)).rows.map((r) => ({
          memberId: r.memberId,
          points: r.points,
          rank: r.rank,
        }));
        expect(rows, period).toEqual(fixture.boards[period]);
      }
      const again = await rig.dispatcher.handle({
        kind: 'action',
        member: member('ann'),
        channelId: 'daily-channel',
        actionId: fixture.oldIds.dailyRight as string,
      });
      expect(plainText(again.message)).toMatch(/already answered this daily question/);
    } finally {
      await store.close();
    }
  });

  it.skipIf(!open)('answers the buttons that version posted', async () => {
    const store = await oldStore(open!);
    try {
      await upgradeLayout(store, new MemoryLogger());
      const rig = createRig({ start: new Date(fixture.clockAt).toISOString(), store });
      const click = async (who: string, actionId: string, admin = false) =>
        plainText(
          (await rig.dispatcher.handle({ kind: 'action', member: member(who, { admin }), channelId: 'daily-channel', actionId })).message,
        );
      const ids = fixture.oldIds as Record<string, string>;
      // A member who had not answered the open daily answers it with the button on the old post.
      expect(await click('fay', ids.dailyRight!)).toMatch(/Right! \+10 points/);
      // Ann's rating of her daily answer's review: that card has been reviewed again since (the round asked the same
      // question), so the old button is refused by the rule, not as an unknown button; the same id for the
      // card's latest review rates it.
      expect(await click('ann', ids.srsRate!)).toMatch(/rating is for an older answer/);
      const card = await store.get<{ at: number }>('bp:shell:team1:m:ann:srs:beta-two');
      expect(await click('ann', ids.srsRate!.replace(/:[0-9a-z]+:4$/, `:${card!.at.toString(36)}:4`))).toMatch(/Rated Easy/);
      // Her half-done practice quiz moves on to its next question.
      expect(await click('ann', ids.practiceNext!)).toMatch(/question 2 of 3/);
      // The report button opens its form; an admin closes the open report.
      const report = await rig.dispatcher.handle({
        kind: 'action',
        member: member('cat'),
        channelId: 'daily-channel',
        actionId: ids.reportOpen!,
      });
      expect(report.form?.actionId).toBe(ids.reportSubmit);
      expect(await click('admin', ids.reportClose!, true)).toMatch(/Closed 1 report/);
      // The round is over: its old buttons say so instead of failing.
      expect(await click('ann', ids.roundAnswer!)).toMatch(/round is over/);
      expect(await click('ann', ids.confirmCancel!)).toMatch(/Nothing was deleted/);
      // Every other old id still decodes (an expired confirmation is refused as such, not as an unknown button).
      expect(await click('ann', ids.confirmForget!)).toMatch(/expired or was not yours/);
    } finally {
      await store.close();
    }
  });
});
