import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../src/core/shared/errors.js';
import { keys, teamPrefix } from '../../../src/core/shared/keys.js';
import { plainText } from '../../../src/core/shared/messages.js';
import type { TeamRef } from '../../../src/core/shared/refs.js';
import { configure, createRig, member, rightLetter, rigScheduler, TEAM, type TestRig } from '../../fakes/engine.js';
import { allRecords } from '../../fakes/stores.js';

const DAY = 24 * 60 * 60 * 1000;

/** Everything the store holds under a prefix, flattened to text: keys and values. */
async function dump(rig: TestRig, prefix = 'bp:'): Promise<string> {
  return JSON.stringify(await allRecords(rig.store, prefix));
}

/** A team where ann, bob and cid have played: dailies, practice, a report, ann is an added admin. */
async function played(rig: TestRig, team: TeamRef = TEAM) {
  await configure(rig, team, { channelId: 'c', admins: ['ann'] });
  for (let d = 0; d < 2; d++) {
    const { daily } = (await rig.engine.dailies.post(team, 'c', { extra: false }))!;
    for (const who of ['ann', 'bob', 'cid']) await rig.engine.dailies.answer(member(who, { team }), daily.id, rightLetter(daily.order));
    rig.clock.advance(DAY);
  }
  const s = await rig.engine.practice.start(member('ann', { team }), { count: 2 });
  await rig.engine.practice.answer(member('ann', { team }), s.session.id, 0, rightLetter(s.session.items[0]!.order));
  await rig.engine.reports.add(member('ann', { team }), 'alpha-one', 'The explanation contradicts the answer.');
  await rig.engine.reminders.set(member('ann', { team }), true);
}

describe('member privacy', () => {
  it('a member who hides before their first answer stays hidden when they start scoring', async () => {
    const rig = createRig();
    await configure(rig, TEAM, { channelId: 'c' });
    await rig.engine.privacy.setHidden(member('ann'), true);
    const { daily } = (await rig.engine.dailies.post(TEAM, 'c', { extra: false }))!;
    for (const who of ['ann', 'bob']) await rig.engine.dailies.answer(member(who), daily.id, rightLetter(daily.order));
    for (const channel of [undefined, 'c']) {
      const board = await rig.engine.standings.leaderboard(member('bob'), 'week', channel);
      expect(board.rows.map((r) => r.memberId)).toEqual(['bob']);
    }
    expect((await rig.engine.standings.leaderboard(member('ann'), 'week')).hidden?.points).toBeGreaterThan(0);
  });

  it('hide takes a member off every leaderboard while points keep counting; show brings them back with all points', async () => {
    const rig = createRig();
    await played(rig);
    const ann = member('ann');
    await rig.engine.privacy.setHidden(ann, true);
    for (const period of ['week', 'month', 'all'] as const) {
      const board = await rig.engine.standings.leaderboard(member('bob'), period);
      expect(board.rows.map((r) => r.memberId)).not.toContain('ann');
    }
    expect((await rig.engine.standings.leaderboard(member('bob'), 'all')).rows.map((r) => r.rank)).toEqual([1, 1]); // bob, cid
    const { daily } = (await rig.engine.dailies.post(TEAM, 'c', { extra: false }))!;
    await rig.engine.dailies.answer(ann, daily.id, rightLetter(daily.order));
    expect((await rig.engine.standings.leaderboard(member('bob'), 'all')).rows.map((r) => r.memberId)).toEqual(['bob', 'cid']);
    expect((await rig.engine.standings.stats(TEAM, 'ann')).streak.current).toBe(3); // streak and stats stay hers
    // Her own leaderboard says she is hidden, with her points out of sight (not "no points yet"): in the daily
    // channel, its board (her 3 dailies; the practice point is the team's only).
    const hers = await rig.dispatcher.handle({ kind: 'text', member: ann, channelId: 'c', group: 'quiz', text: 'leaderboard all' });
    expect(plainText(hers.message)).toContain('You are hidden from the leaderboards: your 30 points all time count out of sight');
    expect(plainText(hers.message)).not.toContain('no points');
    await rig.engine.privacy.setHidden(ann, false);
    const back = await rig.engine.standings.leaderboard(member('bob'), 'all');
    expect(back.rows[0]).toMatchObject({ memberId: 'ann', points: 31, rank: 1 }); // 3 dailies + 1 practice point
  });

  it('forget-me leaves no key and no value holding the member’s id, and no leaderboard shows them', async () => {
    const rig = createRig();
    await played(rig);
    const before = await dump(rig);
    expect(before).toContain('"ann"');
    const token = await rig.engine.confirmations.ask(member('ann'), 'forget');
    await rig.engine.privacy.forget(member('ann'), token);
    const keysNow = await rig.store.keys('bp:');
    expect(keysNow.filter((k) => /:ann(:|$)/.test(k))).toEqual([]);
    expect(await dump(rig)).not.toMatch(/"ann"|:ann:|:ann"/);
    for (const period of ['week', 'month', 'all'] as const) {
      expect((await rig.engine.standings.leaderboard(member('bob'), period)).rows.map((r) => r.memberId)).not.toContain('ann');
    }
    expect((await rig.engine.teams.config(TEAM)).admins).toEqual([]);
    expect((await rig.engine.standings.stats(TEAM, 'bob')).record?.answered).toBe(2); // others untouched
  });

  it('forget-me needs the member’s own, unexpired confirmation', async () => {
    const rig = createRig();
    await played(rig);
    const token = await rig.engine.confirmations.ask(member('ann'), 'forget');
    await expect(rig.engine.privacy.forget(member('bob'), token)).rejects.toMatchObject({ code: 'stale' });
    await expect(rig.engine.privacy.forget(member('ann'), 'nottherealtoken')).rejects.toMatchObject({ code: 'stale' });
    expect(await rig.store.get(keys.member(TEAM, 'ann'))).toBeDefined();
  });
});

describe('purge and removal', () => {
  it('purge leaves no key of the team behind, and other teams are untouched', async () => {
    const rig = createRig();
    const other: TeamRef = { platform: 'shell', teamId: 'other' };
    await played(rig);
    await played(rig, other);
    const otherBefore = await dump(rig, teamPrefix(other));
    const token = await rig.engine.confirmations.ask(member('boss', { admin: true }), 'purge');
    await rig.engine.teams.purgeConfirmed(member('boss', { admin: true }), token);
    expect(await rig.store.keys(teamPrefix(TEAM))).toEqual([]);
    expect(await rig.store.keys(keys.teamIndex(TEAM))).toEqual([]);
    expect(await dump(rig, teamPrefix(other))).toBe(otherBefore);
    expect(await rig.store.keys(keys.teamIndex(other))).toHaveLength(1);
  });

  it('a daily posted again after a purge, the same day, is a new message: its key is not the purged daily’s', async () => {
    const rig = createRig();
    await configure(rig, TEAM, { channelId: 'c' });
    const before = (await rig.engine.dailies.post(TEAM, 'c', { extra: false }))!;
    const token = await rig.engine.confirmations.ask(member('boss', { admin: true }), 'purge');
    await rig.engine.teams.purgeConfirmed(member('boss', { admin: true }), token);
    rig.clock.advance(60_000);
    await configure(rig, TEAM, { channelId: 'c' });
    const after = (await rig.engine.dailies.post(TEAM, 'c', { extra: false }))!;
    // Same team, same day, same daily id: with the purged daily's key, Discord would hand back the old message,
    // whose buttons show another question in another order.
    expect(after.daily.id).toBe(before.daily.id);
    const [beforeKey, afterKey] = rig.messenger.dailies.map((d) => d.idempotencyKey);
    expect(afterKey).not.toBe(beforeKey);
  });

  it('a removed team stops posting and keeps its data; back within 30 days it resumes; after 30 days its data is deleted', async () => {
    const rig = createRig({ start: '2026-03-02T09:00:00Z' });
    await played(rig);
    rig.clock.set('2026-03-05T08:00:00Z');
    const s = rigScheduler(rig);
    await rig.engine.teams.markRemoved(TEAM);
    rig.clock.set('2026-03-05T09:00:00Z');
    await s.tick();
    await s.idle();
    const dailies = rig.messenger.dailies.length;
    expect(s.nextDueAt(TEAM, 'c')).toBeUndefined();
    expect(await rig.engine.teams.markReturned(TEAM)).toBe(true);
    await s.idle();
    await s.tick();
    await s.idle();
    expect(rig.messenger.dailies.length).toBe(dailies + 1); // back: today's daily goes out
    expect((await rig.engine.standings.stats(TEAM, 'ann')).record?.answered).toBe(3); // streaks and stats were kept

    await rig.engine.teams.markRemoved(TEAM);
    rig.clock.advance(31 * DAY);
    const later = rigScheduler(rig);
    await later.tick();
    await later.idle();
    expect(await rig.store.keys(teamPrefix(TEAM))).toEqual([]);
  });
});

describe('setup, first contact and daily content', () => {
  it('says when the next daily goes out, as the scheduler will post it', async () => {
    const rig = createRig({ start: '2026-03-02T05:00:00Z' }); // a Monday, 06:00 in Berlin
    const next = async () => {
      const channel = await rig.engine.channels.get(TEAM, 'c');
      return channel && rig.engine.channels.nextPost(TEAM, await rig.engine.teams.config(TEAM), channel);
    };
    const show = async () =>
      plainText(
        (await rig.dispatcher.handle({
          kind: 'text',
          member: member('boss', { admin: true }),
          channelId: 'c',
          group: 'quiz-admin',
          text: 'show',
        }))!.message,
      );
    expect(await next()).toBeUndefined(); // not set up
    await configure(rig, TEAM, { channelId: 'c', time: '07:30', timezone: 'Europe/Berlin' });
    expect(await next()).toEqual({ at: Date.parse('2026-03-02T06:30:00Z'), late: false });
    rig.clock.set('2026-03-02T07:00:00Z'); // due half an hour ago, not posted yet: the scheduler catches up
    expect(await next()).toEqual({ at: Date.parse('2026-03-02T06:30:00Z'), late: true });
    expect(await show()).toContain("Next daily: within a minute: today's, due Mon 2 Mar, 07:30 (Europe/Berlin), has not been posted yet");
    await rig.engine.dailies.post(TEAM, 'c', { extra: false });
    expect(await next()).toEqual({ at: Date.parse('2026-03-03T06:30:00Z'), late: false });
    await configure(rig, TEAM, { weekdays: [1] }); // Mondays only
    expect(await next()).toEqual({ at: Date.parse('2026-03-09T06:30:00Z'), late: false });
    await configure(rig, TEAM, { paused: true });
    expect(await next()).toBeUndefined();
    expect(await show()).toContain('Next daily: none scheduled');
    await configure(rig, TEAM, { paused: false });
    expect(await show()).toContain('Next daily: Mon 9 Mar, 07:30 (Europe/Berlin)');
    // A post that failed for good stops the schedule until setup runs again: nothing is announced.
    await configure(rig, TEAM, { attention: { reason: 'Backprop cannot see the daily channel.', since: rig.clock.now() } });
    expect(await next()).toBeUndefined();
  });

  it('a daily whose post failed for now is still today’s next one (the scheduler retries it)', async () => {
    const rig = createRig({ start: '2026-03-02T09:00:00Z' });
    await configure(rig, TEAM, { channelId: 'c', time: '09:00', timezone: 'UTC' });
    rig.messenger.failNextPost = new DeliveryError(false, 'Discord had a temporary error.');
    await expect(rig.engine.dailies.post(TEAM, 'c', { extra: false })).rejects.toBeInstanceOf(DeliveryError);
    rig.clock.set('2026-03-02T09:01:00Z');
    const channel = (await rig.engine.channels.get(TEAM, 'c'))!;
    expect(await rig.engine.channels.nextPost(TEAM, await rig.engine.teams.config(TEAM), channel)).toEqual({
      at: Date.parse('2026-03-02T09:00:00Z'),
      late: true,
    });
  });

  it('setup posts a short confirmation to a new channel; a failure keeps the channel marked until a post lands', async () => {
    const rig = createRig();
    rig.messenger.failNextPost = new DeliveryError(true, 'Backprop cannot see the daily channel (missing access).');
    const first = await rig.engine.teams.setup(TEAM, { channelId: 'secret' }, 'here');
    expect(first.check).toMatchObject({ status: 'failed', permanent: true });
    expect(first.channel?.attention?.reason).toContain('missing access');
    const again = await rig.engine.teams.setup(TEAM, {}, 'secret');
    expect(again.check).toEqual({ status: 'posted' });
    expect(again.channel?.attention).toBeUndefined();
    expect(rig.messenger.posts.at(-1)!.channelId).toBe('secret');
    expect((await rig.engine.channels.active(TEAM)).map((c) => c.channelId)).toEqual(['secret']);
    // Changing only the time posts nothing more.
    const count = rig.messenger.posts.length;
    expect((await rig.engine.teams.setup(TEAM, { channelId: 'secret', time: '10:00' }, 'here')).check).toEqual({ status: 'skipped' });
    expect(rig.messenger.posts.length).toBe(count);
  });

  it('the daily draws only from the chosen topics and difficulty', async () => {
    const rig = createRig();
    await rig.engine.teams.setup(TEAM, { channelId: 'c', topics: ['alpha'], difficulty: { min: 2, max: 3 } }, 'c');
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      seen.add((await rig.engine.dailies.post(TEAM, 'c', { extra: true }))!.question.id);
      rig.clock.advance(DAY);
    }
    expect([...seen].sort()).toEqual(['alpha-three', 'alpha-two']);
    await expect(rig.engine.teams.setup(TEAM, { topics: ['beta'], difficulty: { min: 3, max: 3 } }, 'c')).rejects.toMatchObject({
      message: 'topics and difficulty together leave no questions for the daily.',
    });
    await expect(rig.engine.teams.setup(TEAM, { topics: ['gamma'] }, 'c')).rejects.toMatchObject({
      message: expect.stringContaining('topics: gamma is not a topic'),
    });
  });

  it('a question reported by three members is left out of the daily until an admin closes the reports', async () => {
    const rig = createRig();
    await configure(rig, TEAM, { channelId: 'c', topics: ['beta'] }); // two questions: beta-one, beta-two
    for (const who of ['a', 'b']) await rig.engine.reports.add(member(who), 'beta-one', 'Wrong answer marked right.');
    await rig.engine.reports.add(member('a'), 'beta-one', 'Again, the same member.');
    expect(await rig.engine.reports.withheld(TEAM)).toEqual(new Set()); // two members only
    await rig.engine.reports.add(member('c'), 'beta-one', 'Yes, wrong.');
    const drawn: string[] = [];
    for (let i = 0; i < 4; i++) drawn.push((await rig.engine.dailies.post(TEAM, 'c', { extra: true }))!.question.id);
    expect(drawn).toEqual(['beta-two', 'beta-two', 'beta-two', 'beta-two']);
    expect(await rig.engine.reports.close(TEAM, 'beta-one')).toBe(4);
    for (let i = 0; i < 2; i++) drawn.push((await rig.engine.dailies.post(TEAM, 'c', { extra: true }))!.question.id);
    expect(drawn.slice(4)).toContain('beta-one');
  });
});
