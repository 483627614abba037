import { describe, expect, it } from 'vitest';
import { isSummary, type PracticeStep } from '../../../src/core/practice/practice.js';
import { renderPracticeSummary } from '../../../src/core/practice/practice-view.js';
import { plainText } from '../../../src/core/shared/messages.js';
import { DAILY_CAP } from '../../../src/core/standings/scoring.js';
import { createRig, member, onlyChannel, rightLetter, TEAM, wrongLetter } from '../../fakes/engine.js';
import { OWN_PACK } from '../../fakes/played.js';

const alice = member('alice');
const orderOf = (s: PracticeStep) => s.session.items[s.step]!.order;

describe('practice quiz', () => {
  it('one question at a time, feedback after each, a summary that counts right', async () => {
    const { engine } = createRig();
    let step = await engine.practice.start(alice, { count: 3 });
    expect(step.session.items).toHaveLength(3);
    const picks = [true, false, true];
    for (let i = 0; i < 3; i++) {
      const letter = picks[i] ? rightLetter(orderOf(step)) : wrongLetter(orderOf(step));
      const feedback = await engine.practice.answer(alice, step.session.id, i, letter);
      expect(feedback.correct).toBe(picks[i]);
      expect(feedback.points).toBe(picks[i] ? 1 : 0);
      const next = await engine.practice.next(alice, step.session.id, i);
      if (i < 2) {
        expect(isSummary(next)).toBe(false);
        step = next as PracticeStep;
        expect(step.step).toBe(i + 1);
      } else {
        expect(next).toEqual({ kind: 'practice', right: 2, total: 3, points: 2 });
      }
    }
  });

  it('a review says how many of its questions were due (none, some or all), and ends as a review', async () => {
    const rig = createRig();
    const say = async (text: string) =>
      plainText((await rig.dispatcher.handle({ kind: 'text', member: alice, channelId: 'c', group: 'quiz', text })).message);
    expect(await say('review 1')).toContain('📚 No reviews due now: these are new questions from your weakest topics.');
    // Two questions answered wrong come back the next day.
    for (let i = 0; i < 2; i++) {
      const s = await rig.engine.practice.start(alice, { count: 1, topic: i ? 'beta' : 'alpha' });
      await rig.engine.practice.answer(alice, s.session.id, 0, wrongLetter(orderOf(s)));
    }
    rig.clock.advance(3 * 24 * 60 * 60 * 1000);
    const some = await say('review 3');
    expect(some).toContain('📚 2 reviews due now; the rest are new questions from your weakest topics.');
    const all = await say('review 1');
    expect(all).toMatch(/📚 2 reviews due now\.\s/); // one of them is asked: "the rest" would be wrong
    expect(all).not.toContain('the rest');
    const s = (await rig.engine.practice.start(alice, { review: true, count: 1 }))!;
    await rig.engine.practice.answer(alice, s.session.id, 0, rightLetter(orderOf(s)));
    const end = await rig.engine.practice.next(alice, s.session.id, 0);
    if (!isSummary(end)) throw new Error('expected the summary');
    const summary = plainText(renderPracticeSummary(end));
    expect(summary).toContain('Review finished: 1 of 1 right');
    expect(summary).toContain('quiz review');
    expect(summary).not.toContain('quiz start');
  });

  it('filters by topic and difficulty, and says so when nothing matches', async () => {
    const { engine } = createRig();
    const step = await engine.practice.start(alice, { topic: 'beta', count: 20 });
    expect(step.session.items.map((i) => i.questionId).sort()).toEqual(['beta-one', 'beta-two']);
    const hard = await engine.practice.start(alice, { topic: 'alpha', difficulty: 3 });
    expect(hard.session.items.map((i) => i.questionId)).toEqual(['alpha-three']);
    await expect(engine.practice.start(alice, { topic: 'beta', difficulty: 3 })).rejects.toMatchObject({
      code: 'bad-input',
      message: expect.stringContaining('topic "beta" and difficulty 3'),
    });
    await expect(engine.practice.start(alice, { count: 21 })).rejects.toMatchObject({ code: 'bad-input' });
  });

  it('starting another quiz replaces the first; its buttons then say so', async () => {
    const { engine } = createRig();
    const first = await engine.practice.start(alice, {});
    await engine.practice.start(alice, {});
    await expect(engine.practice.answer(alice, first.session.id, 0, 'A')).rejects.toMatchObject({ code: 'stale' });
  });

  it("a member cannot answer someone else's quiz: the session is looked up for the clicking member", async () => {
    const { engine } = createRig();
    const aliceQuiz = await engine.practice.start(alice, {});
    await expect(engine.practice.answer(member('mallory'), aliceQuiz.session.id, 0, 'A')).rejects.toMatchObject({ code: 'stale' });
  });

  it('a question is answered once; a repeated Next does not skip a question', async () => {
    const { engine } = createRig();
    const s = await engine.practice.start(alice, { count: 3 });
    await engine.practice.answer(alice, s.session.id, 0, 'A');
    await expect(engine.practice.answer(alice, s.session.id, 0, 'B')).rejects.toMatchObject({ code: 'already-answered' });
    const n1 = (await engine.practice.next(alice, s.session.id, 0)) as PracticeStep;
    const n2 = (await engine.practice.next(alice, s.session.id, 0)) as PracticeStep;
    expect(n1.step).toBe(1);
    expect(n2.step).toBe(1);
    await expect(engine.practice.next(alice, s.session.id, 1)).rejects.toMatchObject({ message: 'Answer this question first.' });
  });

  it(`practice points are capped at ${DAILY_CAP.practice} a day per member, and the cap resets the next team-local day`, async () => {
    const rig = createRig({ start: '2026-03-02T10:00:00Z' });
    const { engine } = rig;
    let earned = 0;
    for (let round = 0; round < 3; round++) {
      let step = await engine.practice.start(alice, { count: 5 });
      for (let i = 0; i < 5; i++) {
        earned += (await engine.practice.answer(alice, step.session.id, i, rightLetter(orderOf(step)))).points;
        const next = await engine.practice.next(alice, step.session.id, i);
        if (!isSummary(next)) step = next;
      }
    }
    expect(earned).toBe(DAILY_CAP.practice); // 15 right answers, 10 points
    expect((await rig.store.standing('bp:shell:team1:board:all', 'alice'))!.points).toBe(10);
    rig.clock.advance(24 * 60 * 60 * 1000);
    const step = await engine.practice.start(alice, { count: 1 });
    expect((await engine.practice.answer(alice, step.session.id, 0, rightLetter(orderOf(step)))).points).toBe(1);
  });

  it('every answer lands in the member’s answer log with where it was given', async () => {
    const rig = createRig();
    await rig.engine.teams.setup(TEAM, { channelId: 'c' }, 'c');
    const { daily } = (await rig.engine.dailies.post(TEAM, await onlyChannel(rig.engine, TEAM), { extra: true }))!;
    await rig.engine.dailies.answer(alice, daily.id, wrongLetter(daily.order));
    const s = await rig.engine.practice.start(alice, { count: 1 });
    await rig.engine.practice.answer(alice, s.session.id, 0, rightLetter(orderOf(s)));
    const log = await rig.store.readLog('bp:shell:team1:m:alice:log');
    expect(log.map((e) => [e.source, e.correct, e.questionId])).toEqual([
      ['daily', false, daily.questionId],
      ['practice', true, s.session.items[0]!.questionId],
    ]);
    expect(log[0]!.option).not.toBe(0);
  });

  it('a topic of a pack the daily does not use (uploaded, or approved suggestions) can be practised, interviewed and played', async () => {
    const rig = createRig();
    const own = OWN_PACK.questions[0]!;
    const withPoints = { ...own, keyPoints: [{ point: 'Atlas trains', terms: [['atlas'], ['training']] }] };
    await rig.engine.packs.put(TEAM, { ...OWN_PACK, questions: [withPoints] }, { format: 'yaml', by: 'boss' });
    expect((await rig.engine.teams.config(TEAM)).pack).toBe('mini'); // the daily keeps the built-in pack
    const practice = await rig.engine.practice.start(alice, { topic: 'our-stack', count: 1 });
    expect(practice.session.items.map((i) => i.questionId)).toEqual([own.id]);
    const interview = await rig.engine.interviews.start(alice, { topic: 'our-stack', count: 1 });
    expect(interview.session.items.map((i) => i.questionId)).toEqual([own.id]);
    const round = await rig.engine.rounds.start(alice, 'general', { topic: 'our-stack', questions: 1 });
    expect(round.items.map((i) => i.questionId)).toEqual([own.id]);
    // Without a topic, the team's pack setting still decides.
    const mixed = await rig.engine.practice.start(alice, { count: 5 });
    expect(mixed.session.items.map((i) => i.questionId)).not.toContain(own.id);
  });

  it('a topic the team’s pack setting has stays within it (a team that practises only its own questions)', async () => {
    const rig = createRig();
    const ours = { ...OWN_PACK.questions[0]!, id: 'ours-alpha', topic: 'alpha', pack: 'ours' };
    await rig.engine.packs.put(TEAM, { id: 'ours', name: 'Ours', topics: { alpha: 'Alpha' }, questions: [ours] }, { format: 'yaml' });
    await rig.engine.teams.setup(TEAM, { channelId: 'c', pack: 'ours' }, 'c');
    const step = await rig.engine.practice.start(alice, { topic: 'alpha', count: 5 });
    expect(step.session.items.map((i) => i.questionId)).toEqual(['ours-alpha']);
    // What the setting cannot serve on that topic (a difficulty, key points for an interview) comes from the others.
    const hard = await rig.engine.practice.start(alice, { topic: 'alpha', difficulty: 3, count: 5 });
    expect(hard.session.items.length).toBeGreaterThan(0);
    expect(hard.session.items.map((i) => i.questionId)).not.toContain('ours-alpha');
    const interview = await rig.engine.interviews.start(alice, { topic: 'alpha', count: 5 });
    expect(interview.session.items.length).toBeGreaterThan(0);
    expect(interview.session.items.map((i) => i.questionId)).not.toContain('ours-alpha');
  });

  it('a quiz shorter than asked for says so on its first question; one of the length asked does not', async () => {
    const rig = createRig();
    const ask = async (text: string) =>
      plainText((await rig.dispatcher.handle({ kind: 'text', member: alice, channelId: 'c', group: 'quiz', text })).message);
    expect(await ask('start beta 20')).toContain('Only 2 questions match, not 20: here they are.');
    expect(await ask('interview beta 20')).toMatch(/Only \d questions? match(es)?, not 20/);
    expect(await ask('start beta 2')).not.toContain('Only');
  });
});
