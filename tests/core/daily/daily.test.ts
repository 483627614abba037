import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../src/core/shared/errors.js';
import { plainText } from '../../../src/core/shared/messages.js';
import { configure, createRig, member, rightLetter, TEAM, wrongLetter } from '../../fakes/engine.js';

const admin = member('admin', { admin: true });
const DAY = 24 * 60 * 60 * 1000;

async function setUp(rig = createRig()) {
  await rig.engine.teams.setup(TEAM, { channelId: 'daily-channel' }, 'where-typed');
  return rig;
}

describe('the daily question', () => {
  it('cannot be posted before setup', async () => {
    const rig = createRig();
    await expect(rig.engine.dailies.post(TEAM, 'daily-channel', { extra: true })).rejects.toMatchObject({ code: 'not-set-up' });
    expect(rig.messenger.dailies).toHaveLength(0);
  });

  it('is posted to the configured channel with lettered options and one button per letter', async () => {
    const rig = await setUp();
    const view = (await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: true }))!;
    expect(rig.messenger.dailies).toHaveLength(1);
    const post = rig.messenger.dailies[0]!;
    expect(post.channelId).toBe('daily-channel');
    expect(post.message.buttons!.map((b) => b.label)).toEqual(['A', 'B', 'C', 'D']);
    expect(post.message.buttons!.map((b) => b.actionId)).toEqual(['A', 'B', 'C', 'D'].map((l) => `daily:answer:${view.daily.id}:${l}`));
    const text = plainText(post.message);
    expect(text).toContain(view.question.prompt);
    expect(text).toContain(`A) `);
    // The full option texts are in the body, in the stored (shuffled) order.
    const options = [view.question.answer, ...view.question.distractors];
    for (const [i, o] of view.daily.order.entries()) expect(text).toContain(`${'ABCD'[i]}) ${options[o]}`);
  });

  it('takes one answer per member, refuses a second and any answer after close, and reveals the split', async () => {
    const rig = await setUp();
    const { daily } = (await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: true }))!;
    const right = rightLetter(daily.order);
    const wrong = wrongLetter(daily.order);
    const alice = await rig.engine.dailies.answer(member('alice'), daily.id, right);
    expect(alice).toMatchObject({ correct: true, points: 10 });
    expect(alice.streak.current).toBe(1);
    const bob = await rig.engine.dailies.answer(member('bob'), daily.id, wrong);
    expect(bob).toMatchObject({ correct: false, points: 0 });
    await rig.engine.dailies.answer(member('carol'), daily.id, right);
    await expect(rig.engine.dailies.answer(member('bob'), daily.id, right)).rejects.toMatchObject({
      code: 'already-answered',
      message: `You already answered this daily question (you picked ${wrong}).`,
    });

    const closed = (await rig.engine.dailies.close(TEAM, 'daily-channel'))!;
    expect(closed.tally).toEqual({ answered: 3, right: 2, byOption: expect.any(Array), ratings: [0, 0, 0, 0] });
    expect(rig.messenger.edits).toHaveLength(1); // one edit: buttons off + reveal
    const edit = rig.messenger.edits[0]!;
    expect(edit.messageId).toBe(rig.messenger.dailies[0]!.messageId);
    expect(edit.message.buttons!.every((b) => b.disabled)).toBe(true);
    const reveal = plainText(edit.message);
    expect(reveal).toContain('3 answered');
    expect(reveal).toContain('67% right');
    expect(reveal).toContain(`${right} 2 (67%)`);
    expect(reveal).toContain(`${wrong} 1 (33%)`);
    expect(reveal).toContain(closed.question.explanation);

    await expect(rig.engine.dailies.answer(member('dave'), daily.id, right)).rejects.toMatchObject({ code: 'question-closed' });
    expect((await rig.engine.dailies.tally(TEAM, daily.id)).answered).toBe(3);
  });

  it('two answers from one member at once record exactly one', async () => {
    const rig = await setUp();
    const { daily } = (await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: true }))!;
    const results = await Promise.allSettled([
      rig.engine.dailies.answer(member('alice'), daily.id, rightLetter(daily.order)),
      rig.engine.dailies.answer(member('alice'), daily.id, wrongLetter(daily.order)),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect((await rig.engine.dailies.tally(TEAM, daily.id)).answered).toBe(1);
  });

  it('posting closes the previous daily with its reveal first', async () => {
    const rig = await setUp();
    const first = (await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: true }))!;
    rig.clock.advance(DAY);
    const second = (await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: true }))!;
    expect(rig.messenger.edits.map((e) => e.messageId)).toEqual([rig.messenger.dailies[0]!.messageId]);
    await expect(rig.engine.dailies.answer(member('a'), first.daily.id, 'A')).rejects.toMatchObject({ code: 'question-closed' });
    expect((await rig.engine.dailies.open(TEAM, 'daily-channel'))!.daily.id).toBe(second.daily.id);
  });

  it('a second post on the same day is an extra daily that adds no day to anyone’s streak', async () => {
    const rig = await setUp();
    const first = (await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: true }))!;
    await rig.engine.dailies.answer(member('alice'), first.daily.id, rightLetter(first.daily.order));
    expect(await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: false })).toBeUndefined(); // the schedule's way: already posted today
    const extra = (await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: true }))!;
    expect(extra.daily).toMatchObject({ id: `daily-channel.${first.daily.localDate}.2`, extra: true, localDate: first.daily.localDate });
    await rig.engine.dailies.answer(member('alice'), extra.daily.id, rightLetter(extra.daily.order));
    const state = await rig.engine.channels.state(TEAM, 'daily-channel');
    expect(state.postedDays).toEqual([first.daily.localDate]);
    expect((await rig.engine.standings.stats(TEAM, 'alice')).streak.current).toBe(1);
  });

  it('the admin is told an extra daily counts for today, and it does: bob answers only the extra one, and has today', async () => {
    const rig = await setUp();
    await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: true });
    const said = await rig.dispatcher.handle({
      kind: 'text',
      member: admin,
      channelId: 'daily-channel',
      group: 'quiz-admin',
      text: 'post',
    });
    expect(plainText(said.message)).toContain('it belongs to today, so answering it counts for today’s streak like the first');
    const extra = (await rig.engine.dailies.open(TEAM, 'daily-channel'))!;
    expect(extra.daily.extra).toBe(true);
    await rig.engine.dailies.answer(member('bob'), extra.daily.id, rightLetter(extra.daily.order));
    expect((await rig.engine.standings.stats(TEAM, 'bob')).streak.current).toBe(1);
  });

  it('names each daily’s message: a retry of a daily carries the key of its first attempt, an extra daily its own', async () => {
    const rig = await setUp();
    rig.messenger.failNextPost = new DeliveryError(false, 'Discord had a temporary error.');
    await expect(rig.engine.dailies.post(TEAM, 'daily-channel', { extra: false })).rejects.toBeInstanceOf(DeliveryError);
    // The scheduler's retry: the claimed daily that has no message yet is sent again.
    expect(await rig.engine.dailies.recover(TEAM, 'daily-channel', async () => false)).toBe('sent');
    const extra = (await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: true }))!;
    const first = (await rig.engine.dailies.get(TEAM, `daily-channel.${extra.daily.localDate}`))!;
    const [firstKey, retryKey, extraKey] = rig.messenger.attemptedKeys.slice(-3);
    expect(firstKey).toBe(`daily:${first.id}:${first.postedAt}`);
    expect(retryKey).toBe(firstKey);
    expect(extraKey).toBe(`daily:${extra.daily.id}:${extra.daily.postedAt}`);
    expect(rig.messenger.dailies).toHaveLength(2);
  });

  it('draws from a per-team shuffled order with no repeat until the pack is used up', async () => {
    const rig = await setUp();
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      seen.push((await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: true }))!.question.id);
      rig.clock.advance(DAY);
    }
    expect(new Set(seen).size).toBe(5); // the mini pack has five questions
    const sixth = (await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: true }))!.question.id;
    expect(sixth).not.toBe(seen[4]); // a new cycle never starts with the question that ended the last
  });

  it('shuffles options per presentation and judges a letter against the stored order', async () => {
    const rig = await setUp();
    const orders = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const { daily } = (await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: true }))!;
      orders.add(daily.order.join(''));
      const f = await rig.engine.dailies.answer(member(`m${i}`), daily.id, rightLetter(daily.order));
      expect(f.correct).toBe(true);
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it('streaks follow posted days: answered days extend, a missed posted day breaks, days without a daily do not', async () => {
    const rig = await setUp();
    const alice = member('alice');
    const answerToday = async (who = alice) => {
      const { daily } = (await rig.engine.dailies.open(TEAM, 'daily-channel'))!;
      await rig.engine.dailies.answer(who, daily.id, rightLetter(daily.order));
    };
    // Mon–Wed answered.
    for (let d = 0; d < 3; d++) {
      await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: false });
      await answerToday();
      rig.clock.advance(DAY);
    }
    expect((await rig.engine.standings.stats(TEAM, 'alice')).streak.current).toBe(3);
    // Two days with no daily at all (paused): nothing changes.
    await rig.engine.channels.update(TEAM, 'daily-channel', (c) => ({ ...c, paused: true }));
    rig.clock.advance(2 * DAY);
    await rig.engine.channels.update(TEAM, 'daily-channel', (c) => ({ ...c, paused: false }));
    await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: false });
    // Today's daily is open and unanswered: not a miss yet.
    expect((await rig.engine.standings.stats(TEAM, 'alice')).streak).toMatchObject({ current: 3, answeredOpen: false });
    await answerToday();
    expect((await rig.engine.standings.stats(TEAM, 'alice')).streak.current).toBe(4);
    // A posted day she misses (and holds no freeze): the streak restarts.
    rig.clock.advance(DAY);
    await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: false });
    rig.clock.advance(DAY);
    await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: false });
    expect((await rig.engine.standings.stats(TEAM, 'alice')).streak).toMatchObject({ current: 0, best: 4 });
    await answerToday();
    expect((await rig.engine.standings.stats(TEAM, 'alice')).streak).toMatchObject({ current: 1, best: 4 });
  });

  it('seven answered days earn a freeze that a missed posted day then spends, keeping the streak', async () => {
    const rig = await setUp();
    const alice = member('alice');
    for (let d = 0; d < 7; d++) {
      const { daily } = (await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: false }))!;
      await rig.engine.dailies.answer(alice, daily.id, rightLetter(daily.order));
      rig.clock.advance(DAY);
    }
    expect((await rig.engine.standings.stats(TEAM, 'alice')).streak).toMatchObject({ current: 7, freezes: 1 });
    await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: false }); // day 8: missed
    rig.clock.advance(DAY);
    const { daily } = (await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: false }))!; // day 9: answered
    await rig.engine.dailies.answer(alice, daily.id, rightLetter(daily.order));
    // Closing twice (a retry) must not spend a second freeze: the streak is computed, never decremented.
    await rig.engine.dailies.close(TEAM, 'daily-channel');
    await rig.engine.dailies.close(TEAM, 'daily-channel');
    expect((await rig.engine.standings.stats(TEAM, 'alice')).streak).toMatchObject({ current: 8, best: 8, freezes: 0 });
  });

  it('a retried close reveals once and spends nothing twice', async () => {
    const rig = await setUp();
    await rig.engine.dailies.post(TEAM, 'daily-channel', { extra: true });
    await rig.engine.dailies.close(TEAM, 'daily-channel');
    expect(await rig.engine.dailies.close(TEAM, 'daily-channel')).toBeUndefined();
    expect(rig.messenger.edits).toHaveLength(1);
  });

  it('only admins may run admin commands; the platform flag, the team role and the team list all count', async () => {
    const rig = await setUp();
    const config = await rig.engine.teams.config(TEAM);
    expect(rig.engine.teams.isAdmin(member('x'), config)).toBe(false);
    expect(rig.engine.teams.isAdmin(admin, config)).toBe(true);
    await rig.engine.teams.setup(TEAM, { adminRoleId: 'role-quiz', addAdmin: 'lead' }, 'c');
    const after = await rig.engine.teams.config(TEAM);
    expect(rig.engine.teams.isAdmin({ ...member('x'), roleIds: ['role-quiz'] }, after)).toBe(true);
    expect(rig.engine.teams.isAdmin(member('lead'), after)).toBe(true);
  });
});

describe('a daily an admin posts on a day without one', () => {
  it('counts for no streak: a member who skips it keeps theirs, on a weekday off and while paused', async () => {
    const rig = createRig({ start: '2026-03-02T12:00:00Z' }); // a Monday
    const ann = member('ann');
    await configure(rig, TEAM, { channelId: 'c', time: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5] });
    const answerToday = async () => {
      await rig.engine.dailies.post(TEAM, 'c', { extra: false });
      const { daily } = (await rig.engine.dailies.open(TEAM, 'c'))!;
      await rig.engine.dailies.answer(ann, daily.id, rightLetter(daily.order));
    };
    for (let d = 0; d < 5; d++, rig.clock.advance(DAY)) await answerToday(); // Monday to Friday
    const saturday = (await rig.engine.dailies.post(TEAM, 'c', { extra: true }))!;
    expect(saturday.daily.offDay).toBe(true);
    expect((await rig.engine.dailies.post(TEAM, 'c', { extra: true }))!.daily.offDay).toBe(true); // a second one too
    // bob answers it: it scores, and the day is no streak day of his.
    const second = (await rig.engine.dailies.open(TEAM, 'c'))!.daily;
    expect((await rig.engine.dailies.answer(member('bob'), second.id, rightLetter(second.order))).points).toBeGreaterThan(0);
    expect((await rig.engine.standings.record(TEAM, 'bob'))?.dailyDays ?? []).not.toContain(second.localDate);
    // quiz streak does not talk of it as the open day (it is no streak day).
    const streak = await rig.dispatcher.handle({ kind: 'text', member: member('bob'), channelId: 'c', group: 'quiz', text: 'streak' });
    expect(plainText(streak.message)).not.toContain('open day');
    rig.clock.advance(2 * DAY); // Monday: ann skipped Saturday's
    await answerToday();
    expect((await rig.engine.standings.stats(TEAM, 'ann')).streak).toMatchObject({ current: 6, best: 6 });
    await rig.engine.channels.update(TEAM, 'c', (c) => ({ ...c, paused: true }));
    rig.clock.advance(DAY);
    expect((await rig.engine.dailies.post(TEAM, 'c', { extra: true }))!.daily.offDay).toBe(true); // paused Tuesday
    await rig.engine.channels.update(TEAM, 'c', (c) => ({ ...c, paused: false }));
    rig.clock.advance(DAY);
    await answerToday();
    expect((await rig.engine.standings.stats(TEAM, 'ann')).streak).toMatchObject({ current: 7 });
  });
});

describe('the stat card of a member of a channel ahead of the team’s timezone', () => {
  it('shows the channel’s today, so its calendar agrees with the streak', async () => {
    const rig = createRig({ start: '2026-03-02T20:00:00Z' }); // Monday 12:00 in Los Angeles, Tuesday 09:00 in Auckland
    const ann = member('ann');
    await configure(rig, TEAM, { channelId: 'la', time: '09:00', timezone: 'America/Los_Angeles' });
    rig.clock.advance(60_000);
    await configure(rig, TEAM, { channelId: 'akl', time: '09:00', timezone: 'Pacific/Auckland' });
    const { daily } = (await rig.engine.dailies.post(TEAM, 'akl', { extra: false }))!;
    await rig.engine.dailies.answer(ann, daily.id, rightLetter(daily.order));
    const stats = await rig.engine.standings.stats(TEAM, 'ann');
    expect(daily.localDate).toBe('2026-03-03');
    expect(stats.today).toBe('2026-03-03');
    expect(stats.days.get('2026-03-03')).toBe('answered');
  });
});
