import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../src/core/shared/errors.js';
import { keys, memberPrefix } from '../../../src/core/shared/keys.js';
import { plainText } from '../../../src/core/shared/messages.js';
import { roundAnswerPoints, roundLeaderboardPoints } from '../../../src/core/standings/scoring.js';
import { createRig, member, rightLetter, rigScheduler, TEAM, type TestRig } from '../../fakes/engine.js';

const current = async (rig: TestRig, roundId: string) => (await rig.engine.rounds.get(TEAM, roundId))!;

describe('live round scoring', () => {
  it('falls linearly from 1000 at once to 500 at the deadline, plus 100 per right answer in a row before', () => {
    expect(roundAnswerPoints(0, 20_000, true, 0)).toBe(1000);
    expect(roundAnswerPoints(10_000, 20_000, true, 0)).toBe(750);
    expect(roundAnswerPoints(20_000, 20_000, true, 0)).toBe(500);
    expect(roundAnswerPoints(4_000, 20_000, true, 1)).toBe(1000);
    expect(roundAnswerPoints(8_000, 20_000, true, 2)).toBe(1000);
    expect(roundAnswerPoints(1_000, 20_000, false, 3)).toBe(0);
    expect(roundLeaderboardPoints(2950)).toBe(30);
    expect(roundLeaderboardPoints(849)).toBe(8);
  });
});

describe('live rounds', () => {
  async function started(rig: TestRig, channel = 'general', who = 'ann') {
    return rig.engine.rounds.start(member(who), channel, { questions: 3, seconds: 20 });
  }

  it('refuses late answers, second answers and answers to a closed question, each with a clear message', async () => {
    const rig = createRig();
    const r = await started(rig);
    const order = r.items[0]!.order;
    await rig.engine.rounds.answer(member('bob'), r.id, 0, rightLetter(order));
    await expect(rig.engine.rounds.answer(member('bob'), r.id, 0, 'A')).rejects.toMatchObject({ code: 'already-answered' });
    rig.clock.advance(20_001); // past the deadline, before the close has run
    await expect(rig.engine.rounds.answer(member('cid'), r.id, 0, 'A')).rejects.toMatchObject({
      code: 'question-closed',
      message: 'Time is up for this question.',
    });
    await rig.timers.advance(0);
    expect((await current(rig, r.id)).index).toBe(1);
    await expect(rig.engine.rounds.answer(member('cid'), r.id, 0, 'A')).rejects.toMatchObject({
      code: 'question-closed',
      message: 'Time is up for that question.',
    });
    // A question the round has not asked yet (an id no button carried) is not said to be over.
    for (const step of [2, 99]) {
      await expect(rig.engine.rounds.answer(member('cid'), r.id, step, 'A')).rejects.toMatchObject({
        message: 'That question of the round has not been asked.',
      });
    }
  });

  it('one round per channel; another channel can have its own; a stale round button says the round is over', async () => {
    const rig = createRig();
    const first = await started(rig, 'general');
    await expect(started(rig, 'general', 'bob')).rejects.toMatchObject({
      message: expect.stringContaining('already running in this channel'),
    });
    const other = await started(rig, 'random', 'bob');
    expect(other.channelId).toBe('random');
    await rig.engine.rounds.stop(member('ann'), 'general', false);
    await expect(rig.engine.rounds.answer(member('cid'), first.id, 0, 'A')).rejects.toMatchObject({
      code: 'stale',
      message: 'This round is over.',
    });
    expect((await started(rig, 'general', 'cid')).channelId).toBe('general'); // the channel is free again
  });

  it('only the starter or an admin may stop a round; stopping closes the question and posts the scoreboard once', async () => {
    const rig = createRig();
    const r = await started(rig);
    await expect(rig.engine.rounds.stop(member('bob'), 'general', false)).rejects.toMatchObject({ code: 'not-allowed' });
    await rig.engine.rounds.answer(member('bob'), r.id, 0, rightLetter(r.items[0]!.order));
    const stopped = await rig.engine.rounds.stop(member('boss'), 'general', true);
    expect(stopped.status).toBe('ended');
    expect(rig.messenger.edits.at(-1)!.message.buttons!.every((b) => b.disabled)).toBe(true);
    const boards = rig.messenger.posts.filter((p) => p.message.title?.startsWith('🏁'));
    expect(boards).toHaveLength(1);
    expect(boards[0]!.message.title).toBe('🏁 Round over · 1 question');
    // The question and the scoreboard each carry a key of their own, so a retried post is not a second message.
    expect(rig.messenger.posts.map((p) => p.idempotencyKey)).toEqual([`round:${r.id}:0`, `round:${r.id}:scoreboard`]);
    expect(rig.timers.size).toBe(0); // no timer left to fire
  });

  it('the scoreboard says what each member earns with the daily cap applied: 30 of 33, then 0 in the next round', async () => {
    const rig = createRig();
    const boards: string[] = [];
    for (let round = 0; round < 2; round++) {
      const r = await started(rig);
      // bob answers all three at once: 1000, 1100 and 1200 points, 33 for the leaderboards before the cap;
      // ann only the first, in the first round: 1000 points, 10.
      for (let q = 0; q < 3; q++) {
        const order = (await current(rig, r.id)).items[q]!.order;
        await rig.engine.rounds.answer(member('bob'), r.id, q, rightLetter(order));
        if (round === 0 && q === 0) await rig.engine.rounds.answer(member('ann'), r.id, q, rightLetter(order));
        rig.clock.advance(20_001);
        await rig.timers.advance(0);
      }
      const board = rig.messenger.posts.filter((p) => p.message.title?.startsWith('🏁')).at(-1)!.message;
      boards.push(plainText(board));
      expect(board.footer).toBe('Rounds count toward the leaderboards as points ÷ 100, at most 30 a day: the + after each member.');
    }
    expect(boards[0]).toContain('1. bob · 3300 (3/3 right) · +30 (daily cap)');
    expect(boards[0]).toContain('2. ann · 1000 (1/3 right) · +10');
    expect(boards[1]).toContain('1. bob · 3300 (3/3 right) · +0 (daily cap)');
    expect((await rig.engine.standings.leaderboard(member('bob'), 'all')).me?.points).toBe(30);
  });

  it('a member who used forget-me during a round leaves it: no answer, name or points after; a hidden one is "someone"', async () => {
    const rig = createRig();
    const r = await started(rig);
    for (const who of ['bob', 'cid', 'dan']) await rig.engine.rounds.answer(member(who), r.id, 0, rightLetter(r.items[0]!.order));
    await rig.engine.privacy.setHidden(member('dan'), true);
    const token = await rig.engine.confirmations.ask(member('cid'), 'forget');
    await rig.engine.privacy.forget(member('cid'), token);
    await rig.engine.rounds.stop(member('ann'), 'general', false);
    const said = rig.messenger.posts
      .concat(rig.messenger.edits)
      .map((p) => plainText(p.message))
      .join('\n');
    expect(said).toContain('bob');
    expect(said).not.toContain('cid');
    expect(said).not.toContain('dan');
    expect(said).toContain('someone');
    // Nothing brought cid back: no record, no points anywhere.
    expect(await rig.store.keys(memberPrefix(TEAM, 'cid'))).toEqual([]);
    expect((await rig.engine.standings.leaderboard(member('bob'), 'all')).rows.map((row) => row.memberId)).toEqual(['bob']);
  });

  it('a member who used forget-me after a question closed leaves the scoreboard too, and gets no award', async () => {
    const rig = createRig();
    const r = await started(rig);
    for (const who of ['bob', 'cid']) await rig.engine.rounds.answer(member(who), r.id, 0, rightLetter(r.items[0]!.order));
    rig.clock.advance(20_001);
    await rig.timers.advance(0); // question 1 closes with cid among those who got it
    const token = await rig.engine.confirmations.ask(member('cid'), 'forget');
    await rig.engine.privacy.forget(member('cid'), token);
    await rig.engine.rounds.stop(member('ann'), 'general', false);
    const board = plainText(rig.messenger.posts.find((p) => p.message.title?.startsWith('🏁'))!.message);
    expect(board).toContain('1. bob');
    expect(board).not.toContain('cid');
    // The round's record keeps no answer or name of theirs either (forget-me deletes everything about them).
    expect(JSON.stringify(await rig.store.get(keys.round(TEAM, r.id)))).not.toContain('cid');
    expect(await rig.store.keys(memberPrefix(TEAM, 'cid'))).toEqual([]);
    expect((await rig.engine.standings.leaderboard(member('bob'), 'all')).rows.map((row) => row.memberId)).toEqual(['bob']);
  });

  it('a round whose first question cannot be posted says why, posts nothing else, and frees the channel', async () => {
    const rig = createRig();
    const post = rig.messenger.post.bind(rig.messenger);
    rig.messenger.post = async () => {
      throw new DeliveryError(true, 'Backprop cannot see this channel (missing access).');
    };
    const said = plainText(
      (await rig.dispatcher.handle({ kind: 'text', member: member('ann'), channelId: 'general', group: 'quiz', text: 'round questions=3' }))
        .message,
    );
    expect(said).toContain(
      'The round could not start: Backprop cannot see this channel (missing access). Fix that, then start the round again.',
    );
    expect(said).not.toContain('Something went wrong');
    rig.messenger.post = post;
    expect(rig.messenger.posts).toEqual([]);
    expect((await started(rig)).channelId).toBe('general'); // the channel is free again
  });

  it('says so when a topic has too few questions for the round asked for', async () => {
    const rig = createRig();
    await expect(rig.engine.rounds.start(member('ann'), 'c', { topic: 'beta', questions: 3, seconds: 20 })).rejects.toMatchObject({
      message: 'There are only 2 questions on Beta: a round needs at least 3.',
    });
    await expect(rig.engine.rounds.start(member('ann'), 'c', { questions: 20, seconds: 20 })).rejects.toMatchObject({
      message: expect.stringMatching(/^There are only \d+ questions: ask for fewer\.$/),
    });
  });

  it('a round whose process stopped is ended on start-up: its question closed, its scoreboard posted once', async () => {
    const rig = createRig({ instanceId: 'host-a' });
    const r = await started(rig);
    await rig.engine.rounds.answer(member('bob'), r.id, 0, rightLetter(r.items[0]!.order));
    // "Restart": a new engine on the same store, same instance; the old timers are gone with the old process.
    const after = createRig({ instanceId: 'host-a', store: rig.store });
    const s = rigScheduler(after);
    await s.tick();
    await s.tick();
    const ended = (await after.engine.rounds.get(TEAM, r.id))!;
    expect(ended.status).toBe('ended');
    expect(after.messenger.edits).toHaveLength(1);
    expect(after.messenger.edits[0]!.message.buttons!.every((b) => b.disabled)).toBe(true);
    const boards = after.messenger.posts.filter((p) => p.message.title?.startsWith('🏁'));
    expect(boards).toHaveLength(1);
    expect(await rig.store.keys('bp:index:round:')).toEqual([]);
    expect(await rig.store.getClaim(keys.roundChannel(TEAM, 'general'))).toBeUndefined();
  });

  it('a round run by another live instance is left alone until its deadline is long past', async () => {
    const rig = createRig({ instanceId: 'host-a' });
    const r = await started(rig);
    await rig.store.set(keys.instance('host-a'), { at: 0 }, 60_000);
    const other = createRig({ instanceId: 'host-b', store: rig.store });
    const s = rigScheduler(other);
    await s.tick();
    expect((await other.engine.rounds.get(TEAM, r.id))!.status).toBe('running');
    other.clock.advance(20_000 + 61_000);
    await s.tick();
    expect((await other.engine.rounds.get(TEAM, r.id))!.status).toBe('ended');
  });
});
