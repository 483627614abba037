import { describe, expect, it } from 'vitest';
import { recapTimes } from '../../src/core/daily/recap.js';
import { DeliveryError } from '../../src/core/shared/errors.js';
import { keys } from '../../src/core/shared/keys.js';
import { plainText } from '../../src/core/shared/messages.js';
import type { TeamRef } from '../../src/core/shared/refs.js';
import type { DailyScheduler } from '../../src/scheduler/scheduler.js';
import { configure, createRig, member, rightLetter, rigScheduler, type TestRig, wrongLetter } from '../fakes/engine.js';

const t: TeamRef = { platform: 'shell', teamId: 'recaps' };
const CH = 'ch-recaps';
const recapsOf = (rig: TestRig) => rig.messenger.posts.filter((p) => p.message.title?.startsWith('📅 Weekly recap'));

async function at(rig: TestRig, s: DailyScheduler, iso: string): Promise<void> {
  rig.clock.set(Date.parse(iso));
  await s.tick();
  await s.idle();
}

/** A week of dailies (Mon 2 – Sun 8 March 2026) at 09:00 UTC, answered by ann (always right) and bob (right on Monday only). */
async function playWeek(rig: TestRig, s: DailyScheduler): Promise<void> {
  for (let day = 2; day <= 8; day++) {
    await at(rig, s, `2026-03-0${day}T09:00:00Z`);
    const { daily } = (await rig.engine.dailies.open(t, CH))!;
    await rig.engine.dailies.answer(member('ann', { team: t, name: 'Ann' }), daily.id, rightLetter(daily.order));
    await rig.engine.dailies.answer(
      member('bob', { team: t, name: 'Bob' }),
      daily.id,
      day === 2 ? rightLetter(daily.order) : wrongLetter(daily.order),
    );
  }
}

describe('the weekly recap', () => {
  it('is due on Monday at the channel’s time, for the week before', () => {
    const times = recapTimes(Date.parse('2026-03-11T12:00:00Z'), 'Europe/Berlin', '08:30');
    expect(new Date(times.dueAt).toISOString()).toBe('2026-03-09T07:30:00.000Z');
    expect(new Date(times.lateAt).toISOString()).toBe('2026-03-10T07:30:00.000Z');
    expect(new Date(times.nextAt).toISOString()).toBe('2026-03-16T07:30:00.000Z');
    expect(times.week).toBe('2026-W11');
    expect(times.lastWeek.key).toBe('2026-W10');
  });

  it('posts once on Monday at the daily time, with the top 5, answers per day, the share right and the hardest question', async () => {
    const rig = createRig({ start: '2026-03-02T08:00:00Z' });
    await configure(rig, t, { channelId: CH, time: '09:00', timezone: 'UTC' });
    const s = rigScheduler(rig);
    await playWeek(rig, s);
    await at(rig, s, '2026-03-09T08:59:00Z');
    expect(recapsOf(rig)).toHaveLength(0);
    await at(rig, s, '2026-03-09T09:00:00Z');
    const [recap] = recapsOf(rig);
    expect(recapsOf(rig)).toHaveLength(1);
    expect(recap!.channelId).toBe(CH);
    const text = plainText(recap!.message);
    expect(text).toContain('📅 Weekly recap · 2026-W10');
    expect(text).toContain('7 dailies · 14 answers · 57% right'); // ann 7 of 7, bob 1 of 7
    expect(text).toMatch(/1\. Ann · 70\n2\. Bob · 10/);
    expect(text).toMatch(/Hardest question \(50% of 2 right\)/);
    expect(recap!.message.image?.alt).toContain('Answers per day: Mon 2 (2 right), Tue 2 (1 right)');
    expect(recap!.idempotencyKey).toBe(`recap:${CH}:2026-W11`);
    // Later ticks that Monday, and a restart of the same process, post nothing more.
    await at(rig, s, '2026-03-09T09:05:00Z');
    const restarted = rigScheduler(rig);
    await at(rig, restarted, '2026-03-09T10:00:00Z');
    expect(recapsOf(rig)).toHaveLength(1);
  });

  it('counts an extra daily with its day, finds the hardest among all, and a channel in another timezone is told whose week its top 5 is', async () => {
    const rig = createRig({ start: '2026-03-02T08:00:00Z' });
    await configure(rig, t, { channelId: 'first', time: '09:00', timezone: 'Asia/Tokyo' });
    rig.clock.advance(60_000);
    await configure(rig, t, { channelId: CH, time: '09:00', timezone: 'UTC' });
    const s = rigScheduler(rig);
    await playWeek(rig, s);
    // Wednesday: an admin's extra daily that three members get wrong.
    rig.clock.set('2026-03-04T12:00:00Z');
    const extra = (await rig.engine.dailies.post(t, CH, { extra: true }))!;
    for (const who of ['cat', 'dan', 'eve'])
      await rig.engine.dailies.answer(member(who, { team: t }), extra.daily.id, wrongLetter(extra.daily.order));
    await at(rig, s, '2026-03-09T09:00:00Z');
    const [recap] = recapsOf(rig).filter((r) => r.channelId === CH);
    const text = plainText(recap!.message);
    expect(text).toContain('8 dailies · 17 answers · 47% right'); // the extra and its three answers counted
    expect(recap!.message.image?.alt).toContain('Wed 5 (1 right)');
    expect(text).toMatch(/Hardest question \(0% of 3 right\)/);
    expect(text).toContain("Top 5 (the team's week, by Asia/Tokyo time)");
  });

  it('counts the answers of a daily an admin posted on a day off', async () => {
    const rig = createRig({ start: '2026-03-02T08:00:00Z' });
    await configure(rig, t, { channelId: CH, time: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5] });
    const s = rigScheduler(rig);
    rig.clock.set('2026-03-07T12:00:00Z'); // Saturday
    const saturday = (await rig.engine.dailies.post(t, CH, { extra: true }))!;
    await rig.engine.dailies.answer(member('ann', { team: t }), saturday.daily.id, wrongLetter(saturday.daily.order));
    await at(rig, s, '2026-03-09T09:00:00Z');
    const recap = recapsOf(rig)[0]!;
    expect(plainText(recap.message)).toContain('1 daily · 1 answer · 0% right');
    expect(recap.message.image?.alt).toContain('Sat 1 (0 right)');
  });

  it('leaves out a daily whose post never went out', async () => {
    const rig = createRig({ start: '2026-03-02T08:00:00Z' });
    await configure(rig, t, { channelId: CH, time: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5] });
    const s = rigScheduler(rig);
    rig.clock.set('2026-03-07T12:00:00Z'); // Saturday, and the platform refuses the post
    rig.messenger.failNextPost = new DeliveryError(true, 'Missing Access.');
    await expect(rig.engine.dailies.post(t, CH, { extra: true })).rejects.toThrow();
    await rig.engine.channels.update(t, CH, (c) => ({ ...c, attention: undefined }));
    await at(rig, s, '2026-03-09T09:00:00Z');
    expect(recapsOf(rig)).toHaveLength(0); // a week without a daily: skipped
  });

  it('names no hardest question when every answer was right', async () => {
    const rig = createRig({ start: '2026-03-02T08:00:00Z' });
    await configure(rig, t, { channelId: CH, time: '09:00', timezone: 'UTC' });
    const s = rigScheduler(rig);
    await at(rig, s, '2026-03-02T09:00:00Z');
    const { daily } = (await rig.engine.dailies.open(t, CH))!;
    await rig.engine.dailies.answer(member('ann', { team: t }), daily.id, rightLetter(daily.order));
    await at(rig, s, '2026-03-09T09:00:00Z');
    const text = plainText(recapsOf(rig)[0]!.message);
    expect(text).toContain('1 daily · 1 answer · 100% right');
    expect(text).not.toContain('Hardest question');
    expect(text).not.toContain("the team's week");
    const card = recapsOf(rig)[0]!.message.image!;
    expect(JSON.stringify(card.source)).toContain('Every answer was right.');
    expect(card.alt).toContain('1 answer, 100% right');
  });

  it('goes out when the process is back after missing Monday’s time, until the same time on Tuesday', async () => {
    // Down from Sunday evening to Tuesday 08:59: the first tick back posts last week's recap, once.
    const back = createRig({ start: '2026-03-02T08:00:00Z' });
    await configure(back, t, { channelId: CH, time: '09:00', timezone: 'UTC' });
    await playWeek(back, rigScheduler(back));
    const s = rigScheduler(back);
    await at(back, s, '2026-03-10T08:59:00Z');
    expect(recapsOf(back)).toHaveLength(1);
    expect(plainText(recapsOf(back)[0]!.message)).toContain('📅 Weekly recap · 2026-W10');
    await at(back, s, '2026-03-10T09:30:00Z');
    expect(recapsOf(back)).toHaveLength(1);

    // Down until Tuesday 09:00: too late for that week's recap, and the next Monday's goes out as usual.
    const late = createRig({ start: '2026-03-02T08:00:00Z' });
    await configure(late, t, { channelId: CH, time: '09:00', timezone: 'UTC' });
    await playWeek(late, rigScheduler(late));
    const s2 = rigScheduler(late);
    await at(late, s2, '2026-03-10T09:00:00Z');
    await at(late, s2, '2026-03-11T09:00:00Z');
    expect(recapsOf(late)).toHaveLength(0);
    for (let day = 12; day <= 15; day++) await at(late, s2, `2026-03-${day}T09:00:00Z`);
    await at(late, s2, '2026-03-16T09:00:00Z');
    expect(recapsOf(late).map((p) => plainText(p.message).match(/Weekly recap · (\S+)/)?.[1])).toEqual(['2026-W11']);
  });

  it('is not posted for a team the bot was removed from, and is when it is back within the window', async () => {
    const rig = createRig({ start: '2026-03-02T08:00:00Z' });
    await configure(rig, t, { channelId: CH, time: '09:00', timezone: 'UTC' });
    const s = rigScheduler(rig);
    await playWeek(rig, s);
    await rig.engine.teams.markRemoved(t);
    await at(rig, s, '2026-03-09T09:00:00Z');
    await at(rig, s, '2026-03-09T11:00:00Z');
    expect(recapsOf(rig)).toHaveLength(0);
    // Back on Tuesday morning (an event from the team): the recap goes out within the hour.
    await rig.engine.teams.markReturned(t);
    await at(rig, s, '2026-03-10T07:30:00Z');
    expect(recapsOf(rig)).toHaveLength(1);
  });

  it('turned back on through another process during the window: posted within the hour', async () => {
    const rig = createRig({ start: '2026-03-02T08:00:00Z', instanceId: 'host-a' });
    await configure(rig, t, { channelId: CH, time: '09:00', timezone: 'UTC' });
    const s = rigScheduler(rig);
    await playWeek(rig, s);
    await rig.engine.teams.setup(member('boss', { team: t, admin: true }), { channelId: CH, recap: 'off' }, CH);
    await at(rig, s, '2026-03-09T09:00:00Z');
    // host-b takes the admin's command; host-a's schedule hears nothing of it.
    const other = createRig({ start: '2026-03-09T09:10:00Z', instanceId: 'host-b', store: rig.store });
    await other.engine.teams.setup(member('boss', { team: t, admin: true }), { channelId: CH, recap: 'on' }, CH);
    await at(rig, s, '2026-03-09T09:30:00Z');
    expect(recapsOf(rig)).toHaveLength(0);
    await at(rig, s, '2026-03-09T10:00:00Z');
    expect(recapsOf(rig)).toHaveLength(1);
  });

  it('exactly once across two processes sharing the store, and across a crash between the claim and the post', async () => {
    const a = createRig({ start: '2026-03-02T08:00:00Z', instanceId: 'host-a' });
    await configure(a, t, { channelId: CH, time: '09:00', timezone: 'UTC' });
    const b = createRig({ start: '2026-03-02T08:00:00Z', instanceId: 'host-b', store: a.store });
    const [sa, sb] = [rigScheduler(a), rigScheduler(b)];
    await playWeek(a, sa);
    // Both processes tick at Monday 09:00 on the same store (both alive: their heartbeats are there): one recap.
    a.clock.set(Date.parse('2026-03-09T09:00:00Z'));
    b.clock.set(Date.parse('2026-03-09T09:00:00Z'));
    for (const id of ['host-a', 'host-b']) await a.store.set(keys.instance(id), { at: 0 }, 60_000);
    await Promise.all([sa.tick(), sb.tick()]);
    await Promise.all([sa.idle(), sb.idle()]);
    expect(recapsOf(a).length + recapsOf(b).length).toBe(1);

    // The next week: host-a claims the recap and dies before posting; host-b sees host-a's heartbeat and waits.
    a.clock.set(Date.parse('2026-03-16T09:00:00Z'));
    b.clock.set(Date.parse('2026-03-16T09:00:00Z'));
    await a.store.claim(keys.recapClaim(t, CH, '2026-W12'), 'host-a');
    await a.store.set(keys.instance('host-a'), { at: 0 }, 60_000);
    const before = recapsOf(b).length;
    await sb.tick();
    await sb.idle();
    expect(recapsOf(b)).toHaveLength(before);
    // host-a restarts (same INSTANCE_ID): the claim is its own, so it posts the recap, once.
    const restarted = createRig({ start: '2026-03-16T09:01:00Z', instanceId: 'host-a', store: a.store });
    const sr = rigScheduler(restarted);
    await at(restarted, sr, '2026-03-16T09:01:00Z');
    await at(restarted, sr, '2026-03-16T09:02:00Z');
    expect(recapsOf(restarted)).toHaveLength(1);
    b.clock.set(Date.parse('2026-03-16T09:03:00Z'));
    await sb.tick();
    await sb.idle();
    expect(recapsOf(b)).toHaveLength(before);
  });

  it('is skipped for a week with no daily, and not posted where it is turned off', async () => {
    const rig = createRig({ start: '2026-03-02T08:00:00Z' });
    await configure(rig, t, { channelId: CH, time: '09:00', timezone: 'UTC' });
    const s = rigScheduler(rig);
    // No daily in the week of 2 March (paused), back on Monday 9 March: nothing to recap.
    await configure(rig, t, { channelId: CH, paused: true });
    await at(rig, s, '2026-03-04T09:00:00Z');
    await configure(rig, t, { channelId: CH, paused: false });
    await at(rig, s, '2026-03-09T09:00:00Z');
    expect(recapsOf(rig)).toHaveLength(0);
    expect(await rig.store.get(keys.recapSent(t, CH, '2026-W11'))).toMatchObject({ skipped: true });

    // A week with dailies, but the recap turned off by setup: none either.
    for (let day = 10; day <= 15; day++) await at(rig, s, `2026-03-${day}T09:00:00Z`);
    await rig.engine.teams.setup(member('boss', { team: t, admin: true }), { channelId: CH, recap: 'off' }, CH);
    await at(rig, s, '2026-03-16T09:00:00Z');
    expect(recapsOf(rig)).toHaveLength(0);
    // On again: the next Monday's recap goes out.
    await rig.engine.teams.setup(member('boss', { team: t, admin: true }), { channelId: CH, recap: 'on' }, CH);
    for (let day = 17; day <= 22; day++) await at(rig, s, `2026-03-${day}T09:00:00Z`);
    await at(rig, s, '2026-03-23T09:00:00Z');
    expect(recapsOf(rig)).toHaveLength(1);
  });
});
