import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { keys } from '../../../src/core/shared/keys.js';
import { plainText } from '../../../src/core/shared/messages.js';
import type { MemberRef, TeamRef } from '../../../src/core/shared/refs.js';
import type { DailyScheduler } from '../../../src/scheduler/scheduler.js';
import { configure, createRig, member, rightLetter, rigScheduler, TEAM, type TestRig, wrongLetter } from '../../fakes/engine.js';

const DAY = 24 * 60 * 60 * 1000;
const admin = member('boss', { admin: true });

/** Runs the schedule minute by minute from now until `until` (ISO), posting what is due. */
async function runUntil(rig: TestRig, s: DailyScheduler, until: string, channels: string[], team: TeamRef = TEAM) {
  for (;;) {
    const next = Math.min(...channels.map((c) => s.nextDueAt(team, c) ?? Infinity));
    if (next > Date.parse(until)) break;
    rig.clock.set(next);
    await s.tick();
    await s.idle();
  }
}

async function say(rig: TestRig, who: MemberRef, channelId: string, group: 'quiz' | 'quiz-admin', text: string) {
  return plainText((await rig.dispatcher.handle({ kind: 'text', member: who, channelId, group, text })).message);
}

/** Answers the open daily of a channel, right or wrong. */
async function answer(rig: TestRig, who: string, channelId: string, right = true) {
  const open = (await rig.engine.dailies.open(TEAM, channelId))!;
  const letter = right ? rightLetter(open.daily.order) : wrongLetter(open.daily.order);
  return rig.engine.dailies.answer(member(who), open.daily.id, letter);
}

describe('several daily channels in one team', () => {
  it('three channels with their own times, timezones and weekdays post independently, each at its local time', async () => {
    const rig = createRig({ start: '2026-03-01T20:00:00Z' }); // Sunday evening UTC
    await rig.engine.teams.setup(TEAM, { time: '08:00', timezone: 'Europe/Berlin', weekdays: [1, 2, 3, 4, 5] }, 'berlin');
    await rig.engine.teams.setup(TEAM, { time: '09:30', timezone: 'America/New_York' }, 'new-york');
    await rig.engine.teams.setup(TEAM, { time: '10:00', timezone: 'Asia/Kolkata', weekdays: [1, 3, 5] }, 'interns');
    const channels = ['berlin', 'new-york', 'interns'];
    const s = rigScheduler(rig);
    await s.tick();
    await runUntil(rig, s, '2026-03-08T23:59:00Z', channels);
    const posts = rig.messenger.dailies.map((p) => ({ channel: p.channelId, at: p.at }));
    const local = (channel: string, zone: string) =>
      posts.filter((p) => p.channel === channel).map((p) => DateTime.fromMillis(p.at, { zone }).toFormat('ccc HH:mm'));
    expect(local('berlin', 'Europe/Berlin')).toEqual(['Mon 08:00', 'Tue 08:00', 'Wed 08:00', 'Thu 08:00', 'Fri 08:00']);
    expect(local('new-york', 'America/New_York')).toEqual(
      ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => `${d} 09:30`), // 03-08 is the DST change: still 09:30
    );
    expect(local('interns', 'Asia/Kolkata')).toEqual(['Mon 10:00', 'Wed 10:00', 'Fri 10:00']);
    // Each channel's dailies have ids of their own, and each channel has its own open daily.
    const ids = await Promise.all(channels.map(async (c) => (await rig.engine.dailies.open(TEAM, c))!.daily.id));
    expect(ids).toEqual(['berlin.2026-03-06', 'new-york.2026-03-08', 'interns.2026-03-06']);
    // Pausing one channel stops it alone.
    await say(rig, admin, 'interns', 'quiz-admin', 'pause');
    await s.idle();
    const before = rig.messenger.dailies.length;
    await runUntil(rig, s, '2026-03-09T23:59:00Z', channels);
    expect(
      rig.messenger.dailies
        .slice(before)
        .map((p) => p.channelId)
        .sort(),
    ).toEqual(['berlin', 'new-york']);
  });

  it('a member of two channels gets one streak day per day; a member of one is not penalised by the other’s days', async () => {
    const rig = createRig({ start: '2026-03-02T07:00:00Z' }); // Monday
    await rig.engine.teams.setup(TEAM, { time: '08:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5] }, 'weekdays');
    await rig.engine.teams.setup(TEAM, { time: '09:00', timezone: 'UTC' }, 'every-day');
    const s = rigScheduler(rig);
    await s.tick();
    for (let day = 0; day < 8; day++) {
      await runUntil(rig, s, `2026-03-${String(2 + day).padStart(2, '0')}T23:00:00Z`, ['weekdays', 'every-day']);
      const weekday = day < 5 || day === 7;
      // ann answers both channels on weekdays; bea only the weekday channel; cid only the every-day one.
      if (weekday) await answer(rig, 'ann', 'weekdays');
      await answer(rig, 'ann', 'every-day', day % 2 === 0);
      if (weekday) await answer(rig, 'bea', 'weekdays', false);
      await answer(rig, 'cid', 'every-day');
    }
    const streak = async (who: string) => (await rig.engine.standings.stats(TEAM, who)).streak;
    // Eight days (Mon … Mon) each count once for ann, answered in one channel or both.
    expect(await streak('ann')).toMatchObject({ current: 8, best: 8, freezes: 1 });
    // bea takes part only in the weekday channel: the weekend's every-day dailies are not hers to miss.
    expect(await streak('bea')).toMatchObject({ current: 6, best: 6 });
    expect(await streak('cid')).toMatchObject({ current: 8 });
    // A day missed in the channel bea takes part in breaks her streak as before.
    await runUntil(rig, s, '2026-03-10T23:00:00Z', ['weekdays', 'every-day']);
    await runUntil(rig, s, '2026-03-11T08:30:00Z', ['weekdays', 'every-day']);
    expect(await streak('bea')).toMatchObject({ current: 0, best: 6 });
  });

  it('each channel has its own board (its dailies and rounds); the team’s has everything; channels compare per member', async () => {
    const rig = createRig({ start: '2026-03-02T09:00:00Z' });
    await rig.engine.teams.setup(TEAM, {}, 'research');
    await rig.engine.teams.setup(TEAM, {}, 'applied');
    await rig.engine.dailies.post(TEAM, 'research', { extra: false });
    await rig.engine.dailies.post(TEAM, 'applied', { extra: false });
    await answer(rig, 'ann', 'research'); // 10
    await answer(rig, 'bea', 'research', false); // 0: active, no points
    await answer(rig, 'cid', 'applied'); // 10
    await answer(rig, 'ann', 'applied'); // 10
    // Practice points are the team's only.
    const s = await rig.engine.practice.start(member('bea'), { count: 1 });
    await rig.engine.practice.answer(member('bea'), s.session.id, 0, rightLetter(s.session.items[0]!.order));

    const rows = async (channelId?: string) =>
      (await rig.engine.standings.leaderboard(member('ann'), 'week', channelId)).rows.map((r) => [r.memberId, r.points]);
    expect(await rows()).toEqual([
      ['ann', 20],
      ['cid', 10],
      ['bea', 1],
    ]);
    expect(await rows('research')).toEqual([['ann', 10]]);
    expect(await rows('applied')).toEqual([
      ['ann', 10],
      ['cid', 10],
    ]);
    // research: 10 points / 2 active members = 5; applied: 20 / 2 = 10.
    const board = await rig.engine.standings.channelsBoard(TEAM, 'week');
    expect(board.rows).toEqual([
      { channelId: 'applied', members: 2, answered: 2, right: 2, points: 20, rank: 1 },
      { channelId: 'research', members: 2, answered: 2, right: 1, points: 10, rank: 2 },
    ]);
    // Answering again later in the week adds points, not another active member.
    rig.clock.advance(DAY);
    await rig.engine.dailies.post(TEAM, 'research', { extra: false });
    await answer(rig, 'ann', 'research');
    // research: 20 / 2 = 10, level with applied: they share the first rank.
    expect((await rig.engine.standings.channelsBoard(TEAM, 'week')).rows).toMatchObject([
      { channelId: 'applied', members: 2, points: 20, rank: 1 },
      { channelId: 'research', members: 2, points: 20, rank: 1 },
    ]);

    // A round in the research channel counts on its board; one in a channel with no daily on the team's only
    // (a day apart: round points are capped per day).
    for (const channelId of ['research', 'random']) {
      const round = await rig.engine.rounds.start(member('dan'), channelId, { questions: 3, seconds: 20 });
      for (let step = 0; step < 3; step++) {
        const r = (await rig.engine.rounds.get(TEAM, round.id))!;
        await rig.engine.rounds.answer(member('dan'), round.id, step, rightLetter(r.items[step]!.order));
        await rig.engine.rounds.closeQuestion(TEAM, round.id, step);
      }
      rig.clock.advance(DAY);
    }
    const dan = (await rig.engine.standings.leaderboard(member('dan'), 'week', 'research')).me;
    expect(dan?.points).toBeGreaterThan(0);
    expect((await rig.engine.standings.leaderboard(member('dan'), 'week')).me?.points).toBe(2 * dan!.points);
    expect((await rig.engine.standings.channelsBoard(TEAM, 'week')).rows.find((r) => r.channelId === 'research')).toMatchObject({
      members: 3,
      answered: 6, // 3 dailies + dan's 3 round answers
    });
  });

  it('the leaderboard command: this channel’s board in a daily channel, the team’s elsewhere, any of them by name', async () => {
    const rig = createRig({ start: '2026-03-02T09:00:00Z' });
    await rig.engine.teams.setup(TEAM, {}, 'research');
    await rig.engine.teams.setup(TEAM, {}, 'applied');
    await rig.engine.dailies.post(TEAM, 'research', { extra: false });
    await answer(rig, 'ann', 'research');
    const s = await rig.engine.practice.start(member('bea'), { count: 1 });
    await rig.engine.practice.answer(member('bea'), s.session.id, 0, rightLetter(s.session.items[0]!.order));
    const bea = member('bea');
    const inResearch = await say(rig, bea, 'research', 'quiz', 'leaderboard');
    expect(inResearch).toContain('#research’s dailies and rounds');
    expect(inResearch).not.toContain('bea ·');
    const elsewhere = await say(rig, bea, 'random', 'quiz', 'leaderboard');
    expect(elsewhere).not.toContain('dailies and rounds');
    expect(elsewhere).toContain('bea · 1 (you)');
    expect(await say(rig, bea, 'research', 'quiz', 'leaderboard week team')).toContain('bea · 1 (you)');
    const compared = await say(rig, bea, 'random', 'quiz', 'leaderboard all channels');
    expect(compared).toContain('1. #research · 10.0 points per member · 1 active member · 100% right');
    expect(compared).toContain('No answers yet: #applied');
    expect(await say(rig, bea, 'random', 'quiz', 'leaderboard week channel')).toContain('This channel has no daily question');
    expect(await say(rig, bea, 'random', 'quiz', 'leaderboard week galaxy')).toContain(
      'board: "galaxy" is not a board (channel, team or channels)',
    );
  });

  it('quiz daily shows this channel’s daily, or elsewhere the one of the daily channel the member last answered in', async () => {
    const rig = createRig({ start: '2026-03-02T09:00:00Z' });
    await rig.engine.teams.setup(TEAM, {}, 'research');
    rig.clock.advance(1000);
    await rig.engine.teams.setup(TEAM, {}, 'applied');
    const research = (await rig.engine.dailies.post(TEAM, 'research', { extra: false }))!;
    const applied = (await rig.engine.dailies.post(TEAM, 'applied', { extra: false }))!;
    // Which daily a reply shows: its buttons name it (both channels may draw the same question).
    const shown = async (channelId: string) => {
      const reply = await rig.dispatcher.handle({ kind: 'text', member: member('ann'), channelId, group: 'quiz', text: 'daily' });
      return { buttons: reply.message.buttons?.map((b) => b.actionId) ?? [], text: plainText(reply.message) };
    };
    expect((await shown('applied')).buttons[0]).toContain(applied.daily.id);
    // Elsewhere, before any answer: the team's first daily channel's.
    expect((await shown('random')).buttons[0]).toContain(research.daily.id);
    await answer(rig, 'ann', 'applied');
    // Now the one she answered in: her feedback on it, not buttons to answer again.
    const elsewhere = await shown('random');
    expect(elsewhere.text).toContain('Right! +10 points');
    expect(elsewhere.buttons.some((id) => id.includes(research.daily.id))).toBe(false);
    // Her channel's daily closed, research's still open: that one, not "no daily is open".
    await rig.engine.dailies.close(TEAM, 'applied');
    expect((await shown('random')).buttons[0]).toContain(research.daily.id);
    // Another channel's damaged daily does not hide it.
    const third = (await rig.engine.dailies.post(TEAM, 'applied', { extra: true }))!;
    await rig.store.set(keys.daily(TEAM, third.daily.id), { damaged: true });
    expect((await shown('random')).buttons[0]).toContain(research.daily.id);
  });

  it('admin commands act on the channel they are run in, or the one named; elsewhere they say which channels have one', async () => {
    const rig = createRig({ start: '2026-03-02T05:00:00Z' });
    await say(rig, admin, 'research', 'quiz-admin', 'setup 07:30 Europe/Berlin');
    // Setup that only adds an admin, typed in another channel, starts no daily there.
    await say(rig, admin, 'random', 'quiz-admin', 'setup add-admin=ann');
    expect((await rig.engine.channels.active(TEAM)).map((c) => c.channelId)).toEqual(['research']);
    // With one daily channel, the commands work from anywhere.
    expect(await say(rig, admin, 'random', 'quiz-admin', 'pause')).toContain('No daily in #research until quiz-admin resume');
    // Resumed before its time: today's at 07:30 (Berlin, 06:30 UTC).
    expect(await say(rig, admin, 'research', 'quiz-admin', 'resume')).toContain(
      'Next daily in #research: Mon 2 Mar, 07:30 (Europe/Berlin).',
    );
    rig.clock.advance(60_000); // set up a minute later: research stays the team's first daily channel
    await say(rig, admin, 'applied', 'quiz-admin', 'setup 09:00 America/New_York weekdays=mon-fri');
    const elsewhere = await say(rig, admin, 'random', 'quiz-admin', 'pause');
    expect(elsewhere).toContain(
      'This channel has no daily question: run the command in a daily channel, or name one (#research, #applied)',
    );
    expect(await say(rig, admin, 'random', 'quiz-admin', 'post channel=<#applied>')).toContain('Posted to #applied');
    expect(await say(rig, admin, 'random', 'quiz-admin', 'post channel=<#nowhere>')).toContain(
      '#nowhere has no daily question. The team’s daily channels: #research, #applied.',
    );
    expect(rig.messenger.dailies.map((d) => d.channelId)).toEqual(['applied']);
    expect(await say(rig, admin, 'applied', 'quiz-admin', 'close')).toContain('Daily question closed');
    // show lists every daily channel with its own schedule and next post; the team's timezone is the first's.
    const show = await say(rig, admin, 'random', 'quiz-admin', 'show');
    expect(show).toContain('Daily question settings · 2 channels');
    expect(show).toContain('Leaderboard weeks and months: Europe/Berlin');
    expect(show).toContain('📅 #research · 07:30 (Europe/Berlin), every day · running');
    expect(show).toContain('Next daily: Mon 2 Mar, 07:30 (Europe/Berlin)'); // 06:30 UTC: later today
    expect(show).toContain('📅 #applied · 09:00 (America/New_York), mon, tue, wed, thu, fri · running');
    expect(show).toContain('Next daily: Tue 3 Mar, 09:00 (America/New_York)');
  });

  it('remove-daily asks first, closes the open daily, stops the channel’s posts, and keeps its history and streak days', async () => {
    const rig = createRig({ start: '2026-03-02T09:00:00Z' });
    await configure(rig, TEAM, { channelId: 'research', time: '09:00', timezone: 'UTC' });
    rig.clock.advance(1000);
    await configure(rig, TEAM, { channelId: 'applied', time: '09:00', timezone: 'UTC' });
    const s = rigScheduler(rig);
    await s.start();
    await s.idle();
    await answer(rig, 'ann', 'applied');
    const ask = (await rig.dispatcher.handle({
      kind: 'text',
      member: admin,
      channelId: 'applied',
      group: 'quiz-admin',
      text: 'remove-daily',
    }))!;
    expect(plainText(ask.message)).toContain('Stop the daily question in this channel?');
    // Asked from another channel, naming this one: the title does not say "this channel".
    const fromElsewhere = await say(rig, admin, 'random', 'quiz-admin', 'remove-daily channel=applied');
    expect(fromElsewhere).toContain('Stop the daily question of the channel below?');
    expect(fromElsewhere).toContain('No more dailies will be posted in #applied');
    const yes = ask.message.buttons![0]!;
    // Only the admin who asked can confirm it.
    const other = await rig.dispatcher.handle({
      kind: 'action',
      member: member('eve', { admin: true }),
      channelId: 'applied',
      actionId: yes.actionId,
    });
    expect(plainText(other.message)).toContain('expired or was not yours');
    const done = await rig.dispatcher.handle({ kind: 'action', member: admin, channelId: 'applied', actionId: yes.actionId });
    expect(plainText(done.message)).toContain('Nothing more is posted in #applied');
    expect(rig.messenger.edits.map((e) => e.channelId)).toEqual(['applied']); // its open daily closed, with the reveal
    await s.idle();
    expect(s.nextDueAt(TEAM, 'applied')).toBeUndefined();
    rig.clock.advance(DAY);
    await s.tick();
    await s.idle();
    expect(rig.messenger.dailies.map((d) => d.channelId).sort()).toEqual(['applied', 'research', 'research']);
    // Its board and ann's streak day are still there; the channels board leaves it out; show no longer lists it.
    expect(await say(rig, member('ann'), 'applied', 'quiz', 'leaderboard week channel')).toContain('ann · 10 (you)');
    expect((await rig.engine.standings.stats(TEAM, 'ann')).streak.best).toBe(1);
    expect((await rig.engine.standings.channelsBoard(TEAM, 'week')).rows.map((r) => r.channelId)).toEqual([]);
    expect(await say(rig, admin, 'research', 'quiz-admin', 'show')).not.toContain('#applied');
    // Setup there starts it again, with a confirmation post.
    expect(await say(rig, admin, 'applied', 'quiz-admin', 'setup')).toContain('Saved');
    expect(plainText(rig.messenger.posts.at(-1)!.message)).toContain('Backprop is set up here');
    expect(rig.messenger.posts.at(-1)!.channelId).toBe('applied');
    expect((await rig.engine.channels.active(TEAM)).map((c) => c.channelId)).toEqual(['research', 'applied']);
  });
});

describe('resume says what the schedule will do', () => {
  it('resumed after its time: today’s daily goes out within a minute, as quiz-admin show says', async () => {
    const rig = createRig({ start: '2026-03-02T05:00:00Z' });
    await say(rig, admin, 'research', 'quiz-admin', 'setup 05:30 UTC');
    await say(rig, admin, 'research', 'quiz-admin', 'pause');
    rig.clock.advance(3 * 60 * 60_000); // 08:00 UTC: today's 05:30 has passed
    const said = await say(rig, admin, 'research', 'quiz-admin', 'resume');
    expect(said).toContain("Next daily in #research: within a minute: today's, due Mon 2 Mar, 05:30 (UTC), has not been posted yet.");
  });
});
