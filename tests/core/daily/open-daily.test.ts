import { Rating } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { keys } from '../../../src/core/shared/keys.js';
import { plainText } from '../../../src/core/shared/messages.js';
import { createRig, member, TEAM, type TestRig } from '../../fakes/engine.js';
import { allRecords } from '../../fakes/stores.js';

const admin = member('boss', { admin: true });
const DAY = 24 * 60 * 60 * 1000;

async function openDailyRig(): Promise<TestRig> {
  const rig = createRig({ start: '2026-03-02T09:00:00Z' });
  const say = await rig.dispatcher.handle({ kind: 'text', member: admin, channelId: 'c', group: 'quiz-admin', text: 'setup format=open' });
  expect(plainText(say.message)).toContain('open (answered in your own words)');
  return rig;
}

describe('the open daily (quiz-admin setup format=open)', () => {
  it('posts the question alone, with "Answer privately" and "Show answer", drawn only from questions with key points', async () => {
    const rig = await openDailyRig();
    for (let day = 0; day < 4; day++) {
      const view = (await rig.engine.dailies.post(TEAM, 'c', { extra: false }))!;
      expect(view.daily.format).toBe('open');
      expect(['alpha-one', 'beta-one']).toContain(view.question.id);
      const post = rig.messenger.dailies.at(-1)!.message;
      expect(post.buttons!.map((b) => b.label)).toEqual(['Answer privately', 'Show answer']);
      expect(plainText(post)).not.toMatch(/A\) /);
      rig.clock.advance(DAY);
    }
  });

  it('taking part earns 5 points and the day’s streak whatever the rating; a second time earns nothing', async () => {
    const rig = await openDailyRig();
    const { daily } = (await rig.engine.dailies.post(TEAM, 'c', { extra: false }))!;
    const ann = member('ann');
    const typed = await rig.engine.openDailies.answer(
      ann,
      daily.id,
      'attention with a softmax over scores divided by sqrt of the key size',
    );
    expect(typed.points).toBe(5);
    expect(typed.streak.current).toBe(1);
    expect(typed.covered?.length).toBe(3);
    const bob = await rig.engine.openDailies.answer(member('bob'), daily.id); // "Show answer": answered aloud
    expect(bob).toMatchObject({ points: 5, covered: undefined });
    expect((await rig.engine.openDailies.answer(ann, daily.id, 'again')).points).toBe(0);
    expect((await rig.engine.dailies.tally(TEAM, daily.id)).answered).toBe(2);
    // Not a multiple-choice answer: accuracy figures and the answer log stay as they were.
    const record = (await rig.engine.standings.record(TEAM, 'ann'))!;
    expect(record).toMatchObject({ answered: 0, correct: 0, topics: {}, dailyDays: [daily.localDate] });
    expect(await rig.store.readLog(keys.memberLog(TEAM, 'ann'))).toEqual([]);
    expect((await rig.engine.standings.leaderboard(ann, 'week')).me?.points).toBe(5);
    expect((await rig.engine.standings.leaderboard(ann, 'week', 'c')).me?.points).toBe(5);
    // The letter buttons of a choice daily do not apply to it.
    await expect(rig.engine.dailies.answer(ann, daily.id, 'A')).rejects.toMatchObject({ code: 'stale' });
    // What ann typed is not stored anywhere.
    expect(JSON.stringify(await allRecords(rig.store, 'bp:'))).not.toContain('softmax over scores');
  });

  it('a rating counts once, reviews the recall card, and the reveal shows how the team rated itself, no names', async () => {
    const rig = await openDailyRig();
    const { daily, question } = (await rig.engine.dailies.post(TEAM, 'c', { extra: false }))!;
    await expect(rig.engine.openDailies.rate(member('ann'), daily.id, 3)).rejects.toMatchObject({
      message: expect.stringContaining('Take part first'),
    });
    for (const [who, grade] of [
      ['ann', 3],
      ['bob', 1],
      ['cid', 3],
    ] as const) {
      await rig.engine.openDailies.answer(member(who), daily.id);
      const entry = await rig.engine.openDailies.rate(member(who), daily.id, grade);
      expect(entry.grade).toBe(grade === 1 ? Rating.Again : Rating.Good);
    }
    await expect(rig.engine.openDailies.rate(member('ann'), daily.id, 4)).rejects.toMatchObject({
      message: 'You already rated your answer to this daily.',
    });
    expect(Object.keys((await rig.engine.srs.cards(member('ann'), 'recall')).cards)).toEqual([question.id]);
    expect(Object.keys((await rig.engine.srs.cards(member('ann'), 'choice')).cards)).toEqual([]);
    // The admin who closes it is told how many took part, with no share of right answers (there are none).
    const said = await rig.dispatcher.handle({ kind: 'text', member: admin, channelId: 'c', group: 'quiz-admin', text: 'close' });
    expect(plainText(said.message)).toContain('3 took part');
    expect(plainText(said.message)).not.toContain('right');
    expect((await rig.engine.dailies.tally(TEAM, daily.id)).ratings).toEqual([1, 0, 2, 0]);
    const reveal = plainText(rig.messenger.edits.at(-1)!.message);
    expect(reveal).toContain('3 took part · they rated themselves: Again 1 · Hard 0 · Good 2 · Easy 0');
    expect(reveal).toContain('Key points an interviewer listens for');
    for (const point of question.keyPoints!) expect(reveal).toContain(point.point);
    expect(reveal).not.toMatch(/ann|bob|cid/);
    // After close, nothing more is recorded.
    await expect(rig.engine.openDailies.answer(member('dan'), daily.id)).rejects.toMatchObject({ code: 'question-closed' });
  });

  it('counts for streaks like any daily, next to a choice daily in another channel', async () => {
    const rig = await openDailyRig();
    await rig.engine.teams.setup(TEAM, {}, 'choice-channel');
    for (let day = 0; day < 3; day++) {
      const open = (await rig.engine.dailies.post(TEAM, 'c', { extra: false }))!;
      await rig.engine.dailies.post(TEAM, 'choice-channel', { extra: false });
      await rig.engine.openDailies.answer(member('ann'), open.daily.id);
      rig.clock.advance(DAY);
    }
    expect((await rig.engine.standings.stats(TEAM, 'ann')).streak).toMatchObject({ current: 3, best: 3 });
  });
});
