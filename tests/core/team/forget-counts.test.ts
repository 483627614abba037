import { describe, expect, it } from 'vitest';
import { keys } from '../../../src/core/shared/keys.js';
import { plainText } from '../../../src/core/shared/messages.js';
import { calendarOf, PERIODS } from '../../../src/core/shared/time.js';
import { configure, createRig, member, rightLetter, TEAM, type TestRig } from '../../fakes/engine.js';

const DAY = 24 * 60 * 60 * 1000;
const wrongLetter = (order: readonly number[]) => (rightLetter(order) === 'A' ? 'B' : 'A');

async function forget(rig: TestRig, who: string) {
  const token = await rig.engine.confirmations.ask(member(who), 'forget');
  await rig.engine.privacy.forget(member(who), token);
}

/** The channel's activity counters in each period, next to the points its boards hold (shown and hidden). */
async function channelFigures(rig: TestRig, channelId: string) {
  const periods = calendarOf(rig.clock.now(), 'UTC').periods;
  return Promise.all(
    PERIODS.map(async (p) => {
      const tally = await rig.store.counters(keys.channelTally(TEAM, channelId, periods[p]));
      const boards = [keys.channelBoard(TEAM, channelId, periods[p]), keys.hiddenChannelBoard(TEAM, channelId, periods[p])];
      const entries = (await Promise.all(boards.map((b) => rig.store.top(b, 100)))).flat();
      return { tally, boardPoints: entries.reduce((sum, e) => sum + e.points, 0), onBoards: entries.length };
    }),
  );
}

/** ann, bob and cat each answered the open daily of channel c, right. */
async function threeAnswered() {
  const rig = createRig({ start: '2026-03-02T09:00:00Z' });
  await configure(rig, TEAM, { channelId: 'c', timezone: 'UTC' });
  const { daily } = (await rig.engine.dailies.post(TEAM, 'c', { extra: false }))!;
  for (const who of ['ann', 'bob', 'cat']) await rig.engine.dailies.answer(member(who), daily.id, rightLetter(daily.order));
  return { rig, daily };
}

describe('forget-me and counts a member could add to again', () => {
  it('a member who forgets themselves and answers the open daily again is counted once, in its tally and its channel', async () => {
    const rig = createRig({ start: '2026-03-02T09:00:00Z' });
    await configure(rig, TEAM, { channelId: 'c', timezone: 'UTC' });
    // Monday's daily, closed by Tuesday's: ann's answer to it cannot be given again, and its tally keeps it.
    const monday = (await rig.engine.dailies.post(TEAM, 'c', { extra: false }))!.daily;
    for (const who of ['ann', 'bob']) await rig.engine.dailies.answer(member(who), monday.id, rightLetter(monday.order));
    rig.clock.advance(DAY);
    const tuesday = (await rig.engine.dailies.post(TEAM, 'c', { extra: false }))!.daily;
    await rig.engine.dailies.answer(member('ann'), tuesday.id, wrongLetter(tuesday.order));
    await rig.engine.dailies.answer(member('bob'), tuesday.id, rightLetter(tuesday.order));
    const mondayTally = await rig.store.counters(keys.dailyTally(TEAM, monday.id));

    await forget(rig, 'ann');
    expect(await rig.store.counters(keys.dailyTally(TEAM, tuesday.id))).toMatchObject({ answered: 1, option0: 1, right: 1 });
    expect((await rig.engine.dailies.tally(TEAM, tuesday.id)).answered).toBe(1);
    for (const { tally, boardPoints } of await channelFigures(rig, 'c')) {
      expect(tally).toMatchObject({ members: 1, points: boardPoints });
    }

    const again = await rig.engine.dailies.answer(member('ann'), tuesday.id, rightLetter(tuesday.order));
    expect(again.points).toBeGreaterThan(0);
    const tally = await rig.store.counters(keys.dailyTally(TEAM, tuesday.id));
    expect(tally.answered).toBe(2);
    expect(tally.right).toBe(2);
    expect(
      Object.entries(tally)
        .filter(([f]) => f.startsWith('option'))
        .reduce((sum, [, n]) => sum + n, 0),
    ).toBe(2);
    for (const { tally: activity, boardPoints, onBoards } of await channelFigures(rig, 'c')) {
      expect(activity.members).toBe(2);
      expect(onBoards).toBe(2);
      expect(activity.points).toBe(boardPoints);
      // Bob's two answers, ann's Monday answer (not kept per member in the channel's counts) and her new one.
      expect(activity).toMatchObject({ answered: 4, right: 4 });
    }
    expect(await rig.store.counters(keys.dailyTally(TEAM, monday.id))).toEqual(mondayTally);
    const board = plainText(
      (await rig.dispatcher.handle({ kind: 'text', member: member('bob'), channelId: 'c', group: 'quiz', text: 'leaderboard channels' }))
        .message,
    );
    expect(board).toContain('2 active members');
  });

  it('takes nothing back twice: "Yes" pressed twice at once, or forget-me retried after a failure further on', async () => {
    const { rig, daily } = await threeAnswered();
    const token = await rig.engine.confirmations.ask(member('ann'), 'forget');
    await Promise.all([0, 1].map(() => rig.engine.privacy.forget(member('ann'), token).catch(() => undefined)));
    expect(await rig.store.counters(keys.dailyTally(TEAM, daily.id))).toMatchObject({ answered: 2, right: 2 });
    expect((await channelFigures(rig, 'c'))[0]!.tally).toMatchObject({ members: 2 });

    // The store fails after bob's counts were taken back: he presses "Yes" again, and they are not taken again.
    const move = rig.store.moveBoardMember.bind(rig.store);
    let down = true;
    rig.store.moveBoardMember = async (...args) => {
      if (down) {
        down = false;
        throw new Error('the store went away');
      }
      return move(...args);
    };
    const bobs = await rig.engine.confirmations.ask(member('bob'), 'forget');
    await expect(rig.engine.privacy.forget(member('bob'), bobs)).rejects.toThrow('the store went away');
    await rig.engine.privacy.forget(member('bob'), bobs);
    expect(await rig.store.counters(keys.dailyTally(TEAM, daily.id))).toMatchObject({ answered: 1, right: 1 });
    for (const { tally, boardPoints } of await channelFigures(rig, 'c')) expect(tally).toMatchObject({ members: 1, points: boardPoints });
  });

  it('a second "Yes" that read the counts before the first one deleted the member still takes nothing back', async () => {
    const { rig, daily } = await threeAnswered();
    const token = await rig.engine.confirmations.ask(member('ann'), 'forget');
    // The first "Yes" to reach the claim waits there, its counts read, until the other has finished entirely.
    const claim = rig.store.claim.bind(rig.store);
    let release = () => {};
    const gate = new Promise<void>((done) => (release = done));
    let held = false;
    rig.store.claim = async (key, value, ttl) => {
      if (key.includes('forget-counted') && !held) {
        held = true;
        await gate;
      }
      return claim(key, value, ttl);
    };
    const second = rig.engine.privacy.forget(member('ann'), token).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await rig.engine.privacy.forget(member('ann'), token);
    release();
    await second;
    expect(await rig.store.counters(keys.dailyTally(TEAM, daily.id))).toMatchObject({ answered: 2, right: 2 });
  });

  it('an open daily: taking part and the rating are taken back, so doing both again counts each once', async () => {
    const rig = createRig({ start: '2026-03-02T09:00:00Z' });
    const admin = member('boss', { admin: true });
    await rig.dispatcher.handle({ kind: 'text', member: admin, channelId: 'c', group: 'quiz-admin', text: 'setup format=open' });
    const { daily } = (await rig.engine.dailies.post(TEAM, 'c', { extra: false }))!;
    const ann = member('ann');
    await rig.engine.openDailies.answer(ann, daily.id);
    await rig.engine.openDailies.rate(ann, daily.id, 3);
    await forget(rig, 'ann');
    expect(await rig.store.counters(keys.dailyTally(TEAM, daily.id))).toEqual({ answered: 0, rating3: 0 });
    await rig.engine.openDailies.answer(ann, daily.id);
    await rig.engine.openDailies.rate(ann, daily.id, 3);
    expect(await rig.store.counters(keys.dailyTally(TEAM, daily.id))).toEqual({ answered: 1, rating3: 1 });
    const [week] = await channelFigures(rig, 'c');
    expect(week!.tally).toMatchObject({ members: 1, points: week!.boardPoints });
    expect(week!.tally.answered ?? 0).toBe(0); // taking part in an open daily is not a choice answer
  });
});
