import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/shared/errors.js';
import { keys } from '../../src/core/shared/keys.js';
import type { TeamRef } from '../../src/core/shared/refs.js';
import type { DailyScheduler } from '../../src/scheduler/scheduler.js';
import { configure, createRig, member, rightLetter, rigScheduler, type TestRig } from '../fakes/engine.js';

const team = (id: string): TeamRef => ({ platform: 'shell', teamId: id });
/** Each team of these tests has one daily channel, named after it. */
const chOf = (t: TeamRef) => `ch-${t.teamId}`;

function schedulerFor(rig: TestRig, owns: (t: TeamRef) => boolean = () => true) {
  return rigScheduler(rig, { owns });
}

async function setUp(rig: TestRig, t: TeamRef, time: string, timezone: string, extra: { weekdays?: number[] } = {}) {
  await configure(rig, t, { channelId: chOf(t), time, timezone, weekdays: extra.weekdays });
}

/** Moves the clock to the earliest due instant among the teams, ticks, and waits for the posts. */
async function runToNextDue(rig: TestRig, s: DailyScheduler, teams: TeamRef[]): Promise<number> {
  const next = Math.min(...teams.map((t) => s.nextDueAt(t, chOf(t)) ?? Infinity));
  rig.clock.set(next);
  await s.tick();
  await s.idle();
  return next;
}

const postsOf = (rig: TestRig, t: TeamRef) => rig.messenger.dailies.filter((p) => p.team.teamId === t.teamId);

describe('the daily scheduler', () => {
  it('posts exactly once per local day at local time across every 2026 daylight-saving change', { timeout: 60_000 }, async () => {
    const rig = createRig({ start: '2025-12-31T12:00:00Z' });
    const zones: [TeamRef, string, string][] = [
      [team('ny-gap'), '02:30', 'America/New_York'], // in the spring-forward gap on 2026-03-08
      [team('ny-repeat'), '01:30', 'America/New_York'], // in the repeated hour on 2026-11-01
      [team('berlin'), '02:30', 'Europe/Berlin'], // gap on 03-29, repeated on 10-25
      [team('kolkata'), '09:00', 'Asia/Kolkata'],
      [team('auckland'), '02:30', 'Pacific/Auckland'], // repeated on 04-05, gap on 09-27
    ];
    for (const [t, time, tz] of zones) await setUp(rig, t, time, tz);
    const s = schedulerFor(rig);
    await s.tick();
    const teams = zones.map(([t]) => t);
    while (Math.min(...teams.map((t) => s.nextDueAt(t, chOf(t)) ?? Infinity)) < Date.parse('2027-01-01T15:00:00Z')) {
      await runToNextDue(rig, s, teams);
    }
    for (const [t, time, tz] of zones) {
      const locals = postsOf(rig, t).map((p) => DateTime.fromMillis(p.at, { zone: tz }));
      const dates = locals.map((d) => d.toISODate());
      const days2026 = dates.filter((d) => d!.startsWith('2026-'));
      expect(days2026, tz).toHaveLength(365);
      expect(new Set(dates).size, `${tz}: one post per local day`).toBe(dates.length);
      expect(days2026.length, `${tz}: one post on each day of 2026`).toBe(new Set(days2026).size);
      for (const d of locals.filter((x) => x.year === 2026)) {
        const shown = d.toFormat('HH:mm');
        const inGap =
          (tz === 'America/New_York' && d.toISODate() === '2026-03-08') ||
          (tz === 'Europe/Berlin' && d.toISODate() === '2026-03-29') ||
          (tz === 'Pacific/Auckland' && d.toISODate() === '2026-09-27');
        expect(shown, `${tz} ${d.toISODate()}`).toBe(inGap && time === '02:30' ? '03:30' : time);
      }
    }
    // The repeated hour: the first occurrence (still daylight time).
    const nyRepeat = postsOf(rig, team('ny-repeat'))
      .map((p) => p.at)
      .find((at) => new Date(at).toISOString().startsWith('2026-11-01'));
    expect(new Date(nyRepeat!).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('weekday filters and pause hold', async () => {
    const rig = createRig({ start: '2026-03-06T00:00:00Z' }); // Friday
    const t = team('weekdays');
    await setUp(rig, t, '09:00', 'UTC', { weekdays: [1, 2, 3, 4, 5] });
    const s = schedulerFor(rig);
    await s.tick();
    await runToNextDue(rig, s, [t]); // Friday 09:00
    expect(new Date(s.nextDueAt(t, chOf(t))!).toISOString()).toBe('2026-03-09T09:00:00.000Z'); // Monday, not Saturday
    await rig.engine.channels.update(t, chOf(t), (c) => ({ ...c, paused: true }));
    await s.idle();
    expect(s.nextDueAt(t, chOf(t))).toBeUndefined();
    rig.clock.set('2026-03-09T09:00:00Z');
    await s.tick();
    await s.idle();
    expect(postsOf(rig, t)).toHaveLength(1);
    await rig.engine.channels.update(t, chOf(t), (c) => ({ ...c, paused: false }));
    await s.idle(); // the replanning after the change
    await s.tick();
    await s.idle();
    expect(postsOf(rig, t)).toHaveLength(2); // resumed: today's is still due (catch-up within the day)
  });

  it('a new time or timezone moves the next post at once, without a restart and without a second post that day', async () => {
    const rig = createRig({ start: '2026-03-02T07:00:00Z' });
    const t = team('moving');
    await setUp(rig, t, '09:00', 'UTC');
    const s = schedulerFor(rig);
    await s.tick();
    expect(new Date(s.nextDueAt(t, chOf(t))!).toISOString()).toBe('2026-03-02T09:00:00.000Z');
    await rig.engine.teams.setup(t, { time: '10:15' }, chOf(t));
    await s.idle();
    expect(new Date(s.nextDueAt(t, chOf(t))!).toISOString()).toBe('2026-03-02T10:15:00.000Z');
    rig.clock.set('2026-03-02T09:00:00Z');
    await s.tick();
    await s.idle();
    expect(postsOf(rig, t)).toHaveLength(0);
    await runToNextDue(rig, s, [t]);
    expect(postsOf(rig, t)).toHaveLength(1);
    // Posted today: moving the time later the same day does not post again.
    await rig.engine.teams.setup(t, { time: '18:00' }, chOf(t));
    await s.idle();
    rig.clock.set('2026-03-02T18:00:00Z');
    await s.tick();
    await s.idle();
    expect(postsOf(rig, t)).toHaveLength(1);
    expect(new Date(s.nextDueAt(t, chOf(t))!).toISOString()).toBe('2026-03-03T18:00:00.000Z');
    // A timezone change moves it too: 18:00 in Kolkata is 12:30 UTC.
    await rig.engine.teams.setup(t, { timezone: 'Asia/Kolkata' }, chOf(t));
    await s.idle();
    expect(new Date(s.nextDueAt(t, chOf(t))!).toISOString()).toBe('2026-03-03T12:30:00.000Z');
  });

  it('a process started late in the day catches up once; one started the next day skips the missed day, streaks intact', async () => {
    const rig = createRig({ start: '2026-03-02T09:00:00Z' });
    const t = team('late');
    await setUp(rig, t, '09:00', 'UTC');
    const s1 = schedulerFor(rig);
    await s1.tick();
    await s1.idle();
    const first = (await rig.engine.dailies.open(t, chOf(t)))!;
    await rig.engine.dailies.answer(member('ann', { team: t }), first.daily.id, rightLetter(first.daily.order));
    // Down all of 03-03. Start again on 03-04 at 15:00: today's daily is posted once, the missed day never.
    rig.clock.set('2026-03-04T15:00:00Z');
    const s2 = schedulerFor(rig);
    await s2.tick();
    await s2.idle();
    await s2.tick();
    await s2.idle();
    expect(postsOf(rig, t).map((p) => p.messageId)).toHaveLength(2);
    expect((await rig.engine.channels.state(t, chOf(t))).postedDays).toEqual(['2026-03-02', '2026-03-04']);
    const today = (await rig.engine.dailies.open(t, chOf(t)))!;
    expect(today.daily.id).toBe(`${chOf(t)}.2026-03-04`);
    await rig.engine.dailies.answer(member('ann', { team: t }), today.daily.id, rightLetter(today.daily.order));
    expect((await rig.engine.standings.stats(t, 'ann')).streak.current).toBe(2); // the day the bot was down broke nothing
  });

  it('a daily claimed but never sent (crash in between) is sent once on restart; another live instance waits', async () => {
    const rig = createRig({ start: '2026-03-02T09:00:00Z', instanceId: 'host-a' });
    const t = team('crashed');
    await setUp(rig, t, '09:00', 'UTC');
    // The crash: the claim was taken and the daily written, then the process died before the platform call.
    await rig.store.claim(keys.dailyClaim(t, `${chOf(t)}.2026-03-02`), 'host-a');
    // Another instance whose heartbeat is alive must not send it.
    const other = createRig({ start: '2026-03-02T09:00:00Z', instanceId: 'host-b', store: rig.store });
    await rig.store.set(keys.instance('host-a'), { at: 0 }, 60_000);
    const sb = schedulerFor(other);
    await sb.tick();
    await sb.idle();
    expect(other.messenger.dailies).toHaveLength(0);
    // host-a restarts: it knows the claim is its own and sends it, once.
    const sa = schedulerFor(rig);
    await sa.tick();
    await sa.idle();
    await sa.tick();
    await sa.idle();
    expect(rig.messenger.dailies).toHaveLength(1);
    expect((await rig.engine.dailies.get(t, `${chOf(t)}.2026-03-02`))!.messageId).toBe(rig.messenger.dailies[0]!.messageId);
    await sb.tick();
    await sb.idle();
    expect(other.messenger.dailies).toHaveLength(0);
  });

  it('takes over an unsent daily from an instance that is gone, through one takeover claim', async () => {
    const rig = createRig({ start: '2026-03-02T09:00:00Z', instanceId: 'host-b' });
    const t = team('orphan');
    await setUp(rig, t, '09:00', 'UTC');
    await rig.store.claim(keys.dailyClaim(t, `${chOf(t)}.2026-03-02`), 'host-gone'); // no heartbeat: gone
    const c = createRig({ start: '2026-03-02T09:00:00Z', instanceId: 'host-c', store: rig.store });
    const [sb, sc] = [schedulerFor(rig), schedulerFor(c)];
    await Promise.all([sb.tick(), sc.tick()]);
    await Promise.all([sb.idle(), sc.idle()]);
    expect(rig.messenger.dailies.length + c.messenger.dailies.length).toBe(1);
  });

  it('log lines name the team, never the member whose setup planned its channel', async () => {
    const rig = createRig({ start: '2026-03-02T09:00:00Z' });
    const t = team('logged');
    const s = schedulerFor(rig);
    await s.tick();
    await s.idle();
    await rig.engine.teams.setup(member('boss', { team: t, admin: true }), { time: '09:00', timezone: 'UTC' }, chOf(t));
    await s.idle();
    rig.messenger.post = async () => {
      throw new DeliveryError(false, 'Discord had a temporary error.');
    };
    await s.tick();
    await s.idle();
    const failed = rig.log.lines.find((l) => l.msg === 'daily post failed; will retry');
    expect(failed?.obj).toMatchObject({ team: { platform: 'shell', teamId: 'logged' } });
    expect(JSON.stringify(failed?.obj)).not.toContain('boss');
  });

  it('a transient failure retries with backoff and posts once; a permanent one marks the team and stops its schedule', async () => {
    const rig = createRig({ start: '2026-03-02T09:00:00Z' });
    const [flaky, broken] = [team('flaky'), team('broken')];
    await setUp(rig, flaky, '09:00', 'UTC');
    await setUp(rig, broken, '09:00', 'UTC');
    const s = schedulerFor(rig);
    const post = rig.messenger.post.bind(rig.messenger);
    let flakyFailures = 2;
    rig.messenger.post = async (tm, ch, msg) => {
      if (tm.teamId === 'flaky' && flakyFailures-- > 0) throw new DeliveryError(false, 'Discord had a temporary error.');
      if (tm.teamId === 'broken') throw new DeliveryError(true, 'Backprop cannot see the daily channel (missing access).');
      return post(tm, ch, msg);
    };
    await s.tick();
    await s.idle();
    expect(postsOf(rig, flaky)).toHaveLength(0);
    expect((await rig.engine.channels.get(broken, chOf(broken)))?.attention?.reason).toContain('missing access');
    expect(s.nextDueAt(broken, chOf(broken))).toBeUndefined();
    rig.clock.advance(30_000);
    await s.tick(); // before the backoff: nothing
    await s.idle();
    rig.clock.advance(60_000); // first retry after 1 minute: fails again
    await s.tick();
    await s.idle();
    expect(postsOf(rig, flaky)).toHaveLength(0);
    rig.clock.advance(2 * 60_000); // second retry after 2 more minutes: lands
    await s.tick();
    await s.idle();
    rig.clock.advance(10 * 60_000);
    await s.tick();
    await s.idle();
    expect(postsOf(rig, flaky)).toHaveLength(1);
    // Its retries are logged as retries, not as a crash's daily ("claimed but never sent") to look into.
    expect(rig.log.lines.filter((l) => l.msg === 'retrying a daily whose post failed').length).toBeGreaterThanOrEqual(1);
    expect(rig.log.lines.filter((l) => l.msg === 'sending a daily that was claimed but never sent')).toEqual([]);
    // Setup again (the admin fixed the channel) restarts the broken team's schedule.
    rig.messenger.post = post;
    await rig.engine.teams.setup(broken, {}, chOf(broken));
    await s.idle();
    await s.tick();
    await s.idle();
    expect(postsOf(rig, broken)).toHaveLength(1);
  });

  it('a rate-limited post is not tried again before the Retry-After the platform named, when it is longer than the backoff', async () => {
    const rig = createRig({ start: '2026-03-02T09:00:00Z' });
    const limited = team('limited');
    await setUp(rig, limited, '09:00', 'UTC');
    const s = schedulerFor(rig);
    const attempts: number[] = [];
    const start = rig.clock.now();
    rig.messenger.post = async () => {
      attempts.push((rig.clock.now() - start) / 60_000);
      throw new DeliveryError(false, 'Slack is rate limiting Backprop.', { retryAfterMs: 600_000 });
    };
    for (let minute = 0; minute <= 21; minute++) {
      await s.tick();
      await s.idle();
      rig.clock.advance(60_000);
    }
    expect(attempts).toEqual([0, 10, 20]);
  });

  it('a daily set up through a process that does not schedule it is planned by the one that does, at its next tick', async () => {
    // Two processes on one store: the first holds the schedule; the admin's command reaches the second (a standby,
    // or the other side of a load balancer).
    const owner = createRig({ start: '2026-03-02T09:00:00Z' });
    const other = createRig({ start: '2026-03-02T09:00:00Z', store: owner.store });
    const [scheduling, standby] = [schedulerFor(owner, () => true), schedulerFor(other, () => false)];
    await scheduling.tick();
    await standby.tick();
    const t = team('via-standby');
    await setUp(other, t, '09:02', 'UTC');
    await standby.idle();
    for (const rig of [owner, other]) rig.clock.advance(60_000);
    await scheduling.tick();
    await scheduling.idle();
    expect(scheduling.nextDueAt(t, chOf(t))).toBe(Date.parse('2026-03-02T09:02:00Z'));
    for (const rig of [owner, other]) rig.clock.advance(60_000);
    await scheduling.tick();
    await scheduling.idle();
    expect(postsOf(owner, t)).toHaveLength(1);
    expect(postsOf(other, t)).toHaveLength(0);
  });

  it('schedules only the teams this process owns', async () => {
    const rig = createRig({ start: '2026-03-02T09:00:00Z' });
    await setUp(rig, team('mine'), '09:00', 'UTC');
    await setUp(rig, team('theirs'), '09:00', 'UTC');
    const s = schedulerFor(rig, (t) => t.teamId === 'mine');
    await s.tick();
    await s.idle();
    expect(rig.messenger.dailies.map((p) => p.team.teamId)).toEqual(['mine']);
  });
});
