import { describe, expect, it, vi } from 'vitest';
import { keys } from '../../../src/core/shared/keys.js';
import { plainText } from '../../../src/core/shared/messages.js';
import type { TeamRef } from '../../../src/core/shared/refs.js';
import { encodeDoc } from '../../../src/store/doc-codec.js';
import { MemoryPrimitives } from '../../../src/store/memory.js';
import { SyncStore } from '../../../src/store/sync-store.js';
import { FakeClock } from '../../fakes/clock.js';
import { configure, createRig, member, onlyChannel, rightLetter, rigScheduler, TEAM } from '../../fakes/engine.js';

/** A rig whose memory store can be written to raw, as a damaged disk or a hand edit would. */
function rigWithRawStore() {
  const raw = new MemoryPrimitives();
  const start = '2026-03-02T12:00:00Z';
  const rig = createRig({ start, store: new SyncStore(raw, new FakeClock(Date.parse(start))) });
  return { rig, raw };
}

const BROKEN: [string, string][] = [
  ['invalid JSON', '{"value": {"v": 1, "time": '],
  [
    'a timezone that does not exist',
    encodeDoc({ v: 1, time: '09:00', timezone: 'Mars/Olympus', paused: false, admins: [], pack: 'mini', channelId: 'c', updatedAt: 1 }),
  ],
  ['null', encodeDoc(null)],
  ['wrong types', encodeDoc({ v: 1, time: 9, timezone: 'UTC', paused: 'no', admins: 'all', pack: 3, updatedAt: 1 })],
];

const other: TeamRef = { platform: 'shell', teamId: 'team2' };
const admin = member('boss', { admin: true });

describe('a corrupt record', () => {
  it.each(BROKEN)('team settings (%s): defaults with a reason, logged once, kept as they are, and setup repairs them', async (_, text) => {
    const { rig, raw } = rigWithRawStore();
    raw.kvSet(keys.teamConfig(TEAM), text);
    const config = await rig.engine.teams.config(TEAM);
    expect(config.damaged).toBeTruthy();
    await rig.engine.teams.config(TEAM);
    const corrupt = rig.log.lines.filter((l) => l.msg === 'a stored record is corrupt and was left as it is');
    expect(corrupt).toHaveLength(1);
    expect(corrupt[0]).toMatchObject({ level: 'error', obj: { key: keys.teamConfig(TEAM), record: 'team settings' } });
    // Members carry on; admins are told at every command until setup; nothing rewrote the record meanwhile.
    const practice = await rig.dispatcher.handle({
      kind: 'text',
      member: member('ann'),
      channelId: 'c',
      group: 'quiz',
      text: 'start count=1',
    });
    expect(plainText(practice.message)).toContain('Practice · question 1 of 1');
    const show = await rig.dispatcher.handle({ kind: 'text', member: admin, channelId: 'c', group: 'quiz-admin', text: 'show' });
    expect(plainText(show.message)).toContain("This team's settings could not be read");
    expect(raw.kvGet(keys.teamConfig(TEAM))).toBe(text);
    await rig.engine.teams.update(TEAM, (c) => ({ ...c, admins: ['ann'] })).catch(() => undefined);
    expect(raw.kvGet(keys.teamConfig(TEAM))).toBe(text);
    const setup = await rig.dispatcher.handle({
      kind: 'text',
      member: admin,
      channelId: 'daily',
      group: 'quiz-admin',
      text: 'setup time=08:30',
    });
    expect(plainText(setup.message)).toContain('Saved');
    const repaired = await rig.engine.teams.config(TEAM);
    expect(repaired).toMatchObject({ time: '08:30' }); // the team's time follows its first daily channel
    expect(repaired.damaged).toBeUndefined();
    expect(await rig.engine.channels.get(TEAM, 'daily')).toMatchObject({ channelId: 'daily', time: '08:30' });
  });

  it.each(BROKEN)('one team’s settings (%s) never stop another team’s scheduled daily, nor its own daily channels', async (_, text) => {
    const { rig, raw } = rigWithRawStore();
    // The broken team comes first in the index: before, planning stopped at it.
    const broken: TeamRef = { platform: 'shell', teamId: 'aaa-broken' };
    await configure(rig, broken, { channelId: 'broken-channel', time: '09:00' });
    await configure(rig, other, { channelId: 'healthy-channel', time: '09:00' });
    raw.kvSet(keys.teamConfig(broken), text);
    const scheduler = rigScheduler(rig);
    await scheduler.start();
    await scheduler.idle();
    // The broken team's daily channel has settings of its own, intact: its daily goes out on the team's defaults.
    expect(rig.messenger.dailies.map((d) => d.channelId).sort()).toEqual(['broken-channel', 'healthy-channel']);
    await scheduler.stop();
  });

  it.each([
    ['state', (t: TeamRef) => keys.dailyState(t, 'broken-channel'), 'the daily’s state'],
    ['settings', (t: TeamRef) => keys.dailyChannel(t, 'broken-channel'), 'a daily channel’s settings'],
  ])(
    'a daily channel’s %s: that channel’s daily stops (logged once, retried later, not every minute), the others go out',
    async (_, keyOf, record) => {
      const { rig, raw } = rigWithRawStore();
      await configure(rig, TEAM, { channelId: 'broken-channel', time: '09:00' });
      await configure(rig, TEAM, { channelId: 'sibling-channel', time: '09:00' });
      await configure(rig, other, { channelId: 'healthy-channel', time: '09:00' });
      raw.kvSet(keyOf(TEAM), encodeDoc({ v: 1, postedDays: 'yesterday', deck: {} }));
      const scheduler = rigScheduler(rig);
      await scheduler.start();
      await scheduler.idle();
      for (let minute = 0; minute < 5; minute++) {
        rig.clock.advance(60_000);
        await scheduler.tick();
        await scheduler.idle();
      }
      expect(rig.messenger.dailies.map((d) => d.channelId).sort()).toEqual(['healthy-channel', 'sibling-channel']);
      const logged = rig.log.lines.filter((l) => (l.obj as { key?: string }).key === keyOf(TEAM));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ level: 'error', obj: { record } });
      // Nothing else about that team was logged each minute either.
      expect(rig.log.at('error')).toHaveLength(1);
      await scheduler.stop();
    },
  );

  it('a member’s record: that member is told, others answer, and the leaderboard still shows everyone', async () => {
    const { rig, raw } = rigWithRawStore();
    await configure(rig, TEAM, { channelId: 'c' });
    const { daily } = (await rig.engine.dailies.post(TEAM, await onlyChannel(rig.engine, TEAM), { extra: true }))!;
    await rig.engine.dailies.answer(member('ann', { name: 'Ann' }), daily.id, rightLetter(daily.order));
    raw.kvSet(keys.member(TEAM, 'ann'), encodeDoc({ v: 1, id: 'ann', answered: 'many' }));
    raw.kvSet(keys.member(TEAM, 'dan'), 'not json');
    const click = (who: string) =>
      rig.dispatcher.handle({
        kind: 'action',
        member: member(who),
        channelId: 'c',
        actionId: `daily:answer:${daily.id}:${rightLetter(daily.order)}`,
      });
    expect(plainText((await click('bob')).message)).toContain('Right!');
    expect(plainText((await click('dan')).message)).toContain('cannot read a member’s record');
    expect(raw.kvGet(keys.member(TEAM, 'dan'))).toBe('not json');
    expect(plainText((await click('cid')).message)).toContain('Right!');
    const board = await rig.engine.standings.leaderboard(member('bob'), 'all');
    expect(board.rows.map((r) => r.name).sort()).toEqual(['bob', 'cid', 'someone']);
    // Text that is not even JSON, read with the others in one go: only that name is lost.
    raw.kvSet(keys.member(TEAM, 'cid'), 'not json');
    const after = await rig.engine.standings.leaderboard(member('bob'), 'all');
    expect(after.rows.map((r) => r.name).sort()).toEqual(['bob', 'someone', 'someone']);
    const cidLogged = rig.log.lines.filter((l) => (l.obj as { key?: string }).key === keys.member(TEAM, 'cid'));
    expect(cidLogged.map((l) => (l.obj as { record?: string }).record)).toEqual(['a member’s record']);
    const stats = await rig.dispatcher.handle({ kind: 'text', member: member('ann'), channelId: 'c', group: 'quiz', text: 'stats' });
    expect(plainText(stats.message)).toContain('cannot read a member’s record');
    // dan, not on the board, with a damaged record of his own: the board still shows (he is not taken as hidden).
    const dans = await rig.engine.standings.leaderboard(member('dan'), 'all');
    expect(dans.rows).toHaveLength(3);
    expect(dans.hidden).toBeUndefined();
  });

  it('the team packs revision: a damaged one is reported and written afresh, and nothing stops', async () => {
    const { rig, raw } = rigWithRawStore();
    await configure(rig, TEAM, { channelId: 'c' });
    raw.kvSet(keys.teamPacksRevision(TEAM), 'not json');
    expect((await rig.engine.practice.start(member('ann'), { count: 1 })).session.items).toHaveLength(1);
    expect(await rig.engine.dailies.post(TEAM, 'c', { extra: true })).toBeDefined();
    expect(rig.log.lines.filter((l) => (l.obj as { key?: string }).key === keys.teamPacksRevision(TEAM))).toHaveLength(1);
    expect(raw.kvGet(keys.teamPacksRevision(TEAM))).not.toBe('not json');
    // Healed: the next checks read the revision only, not the packs.
    const reads = vi.spyOn(rig.store, 'docKeys');
    for (let i = 0; i < 3; i++) {
      rig.clock.advance(2_001);
      await rig.engine.packs.bankFor(TEAM);
    }
    expect(reads.mock.calls.filter(([prefix]) => prefix === keys.teamPackPrefix(TEAM))).toHaveLength(1);
  });
});
