import { Rating } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { INTERVIEW_TYPE } from '../../../src/core/interview/interview-actions.js';
import { renderInterviewQuestion, renderInterviewReveal } from '../../../src/core/interview/interview-view.js';
import { isInterviewSummary } from '../../../src/core/interview/interviews.js';
import { keys } from '../../../src/core/shared/keys.js';
import { plainText } from '../../../src/core/shared/messages.js';
import { createRig, member, rightLetter, TEAM, type TestRig } from '../../fakes/engine.js';
import { allRecords } from '../../fakes/stores.js';

const ann = member('ann');
const DAY = 24 * 60 * 60 * 1000;
/** An answer to the mini pack's alpha-one that mentions its first two key points and not the third. */
const TYPED = 'The gradients vanish as they pass back through many layers; a skip connection gives them a path around.';

async function dump(rig: TestRig): Promise<string> {
  return JSON.stringify(await allRecords(rig.store, 'bp:'));
}

describe('interview mode', () => {
  it('asks only questions with key points, without options; a typed answer is marked against them, never stored', async () => {
    const rig = createRig();
    const first = await rig.engine.interviews.start(ann, { topic: 'alpha', count: 1 });
    expect(first.question.id).toBe('alpha-one'); // the only alpha question with key points
    await expect(rig.engine.interviews.start(ann, { topic: 'alpha', difficulty: 3 })).rejects.toMatchObject({
      message: expect.stringContaining('No question for topic "alpha" and difficulty 3 has key points'),
    });
    const reveal = await rig.engine.interviews.submit(ann, first.session.id, 0, TYPED);
    expect(reveal.covered).toEqual([true, true, false]);
    expect(reveal.typed).toBe(TYPED);
    // What the member typed is nowhere in the store: only which points it covered.
    expect(await dump(rig)).not.toContain('skip connection');
    expect((await rig.store.get<{ steps: unknown[] }>(keys.interview(ann, 'ann')))!.steps[0]).toEqual({
      revealed: true,
      covered: [true, true, false],
    });
  });

  it('a rating is a review of the question’s recall card, kept apart from its multiple-choice card', async () => {
    const rig = createRig();
    const s = await rig.engine.interviews.start(ann, { topic: 'alpha', count: 1 });
    await rig.engine.interviews.show(ann, s.session.id, 0);
    const done = await rig.engine.interviews.rate(ann, s.session.id, 0, 3);
    expect(isInterviewSummary(done)).toBe(true);
    const recall = await rig.engine.srs.cards(ann, 'recall');
    expect(Object.keys(recall.cards)).toEqual(['alpha-one']);
    expect(recall.cards['alpha-one']!.grade).toBe(Rating.Good);
    expect(Object.keys((await rig.engine.srs.cards(ann, 'choice')).cards)).toEqual([]);
    // A multiple-choice answer of the same question reviews the choice card only.
    await rig.engine.teams.setup(TEAM, {}, 'c');
    const { daily } = (await rig.engine.dailies.post(TEAM, 'c', { extra: true }))!;
    if (daily.questionId === 'alpha-one') {
      await rig.engine.dailies.answer(ann, daily.id, rightLetter(daily.order));
      expect((await rig.engine.srs.cards(ann, 'recall')).cards['alpha-one']!.at).toBe(recall.cards['alpha-one']!.at);
    }
    // Interview answers earn no points: a self-rating cannot be checked.
    expect((await rig.engine.standings.leaderboard(ann, 'all')).me?.points ?? 0).toBe(daily.questionId === 'alpha-one' ? 10 : 0);
  });

  it('Again, Hard, Good and Easy are FSRS’s grades: the easier the recall, the later the next review', async () => {
    const dues: number[] = [];
    for (const grade of [1, 2, 3, 4] as const) {
      const rig = createRig();
      const s = await rig.engine.interviews.start(ann, { topic: 'beta', count: 1 });
      await rig.engine.interviews.show(ann, s.session.id, 0);
      await rig.engine.interviews.rate(ann, s.session.id, 0, grade);
      const entry = (await rig.engine.srs.cards(ann, 'recall')).cards['beta-one']!;
      expect(entry.grade).toBe(grade);
      dues.push(entry.card.due);
    }
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
    expect(new Set(dues).size).toBe(4);
  });

  it('rating needs the answer first, counts once, and moves to the next question, then to a summary', async () => {
    const rig = createRig();
    const s = await rig.engine.interviews.start(ann, { count: 2 });
    expect(s.session.items.map((i) => i.questionId).sort()).toEqual(['alpha-one', 'beta-one']);
    const id = s.session.id;
    await expect(rig.engine.interviews.rate(ann, id, 0, 3)).rejects.toMatchObject({ message: expect.stringContaining('Answer first') });
    await expect(rig.engine.interviews.submit(ann, id, 0, '   ')).rejects.toMatchObject({ code: 'bad-input' });
    await expect(rig.engine.interviews.submit(ann, id, 0, 'x'.repeat(2001))).rejects.toMatchObject({
      message: 'Answers are at most 2000 characters; this one has 2001.',
    });
    await rig.engine.interviews.submit(ann, id, 0, 'nothing relevant at all');
    const second = await rig.engine.interviews.rate(ann, id, 0, 1);
    expect(isInterviewSummary(second)).toBe(false);
    await expect(rig.engine.interviews.rate(ann, id, 0, 4)).rejects.toMatchObject({ code: 'already-answered' });
    await rig.engine.interviews.show(ann, id, 1);
    const summary = await rig.engine.interviews.rate(ann, id, 1, 4);
    if (!isInterviewSummary(summary)) throw new Error('expected the summary');
    expect(summary.ratings).toEqual({ 1: 1, 2: 0, 3: 0, 4: 1 });
    expect(summary.typed).toBe(1);
    expect(summary.missed).toHaveLength(3); // the typed answer mentioned none of its three points
    await expect(rig.engine.interviews.show(ann, id, 1)).rejects.toMatchObject({ code: 'stale' }); // the session is over
    await expect(rig.engine.interviews.show(member('bob'), id, 0)).rejects.toMatchObject({ code: 'stale' });
  });

  it('one answer per question: "Type my answer" on a question answered or moved past is refused before the form opens', async () => {
    const rig = createRig();
    const s = await rig.engine.interviews.start(ann, { count: 2 });
    const { id } = s.session;
    const click = async (step: number) =>
      rig.dispatcher.handle({ kind: 'action', member: ann, channelId: 'c', actionId: INTERVIEW_TYPE.encode({ sessionId: id, step }) });
    expect((await click(0)).form).toBeDefined();
    await rig.engine.interviews.submit(ann, id, 0, TYPED);
    // Discord leaves the question's message, with its buttons, above the answer a form's submit brings.
    const again = await click(0);
    expect(again.form).toBeUndefined();
    expect(plainText(again.message)).toContain('You already answered this question and its answer is shown');
    await expect(rig.engine.interviews.submit(ann, id, 0, 'a second try')).rejects.toMatchObject({ code: 'already-answered' });
    expect((await rig.engine.interviews.show(ann, id, 0)).covered).toHaveLength(3); // the first answer's marks stay
    await rig.engine.interviews.rate(ann, id, 0, 3);
    const movedOn = await click(0);
    expect(movedOn.form).toBeUndefined();
    expect(plainText(movedOn.message)).toContain('the interview has moved on');
    expect((await click(1)).form).toBeDefined();
  });

  it('"End here" ends the interview with the summary of what was rated so far; the last question has no such button', async () => {
    const rig = createRig();
    const s = await rig.engine.interviews.start(ann, { count: 2 });
    const { id } = s.session;
    const click = async (actionId: string) =>
      plainText((await rig.dispatcher.handle({ kind: 'action', member: ann, channelId: 'c', actionId })).message);
    const first = renderInterviewQuestion(s);
    expect(first.buttons!.map((b) => b.label)).toEqual(['Type my answer', 'Show answer', 'End here']);
    const revealed = renderInterviewReveal(await rig.engine.interviews.submit(ann, id, 0, 'nothing relevant at all'));
    expect(revealed.buttons!.at(-1)!.label).toBe('End here');
    const next = await rig.engine.interviews.rate(ann, id, 0, 2);
    if (isInterviewSummary(next)) throw new Error('expected the second question');
    expect(renderInterviewQuestion(next).buttons!.map((b) => b.label)).not.toContain('End here');
    // The second question answered but not rated: it counts among those answered, as its typed answer does.
    await rig.engine.interviews.submit(ann, id, 1, 'still nothing relevant');
    const ended = await click(first.buttons!.at(-1)!.actionId);
    expect(ended).toContain('Interview ended after 2 of 2 questions');
    expect(ended).toContain('(in 2 typed answers)');
    expect(ended).toContain('Your ratings: Hard 1');
    expect(ended).toContain('One answered question was not rated, so no review is scheduled for it.');
    expect(await rig.store.get(keys.interview(ann, 'ann'))).toBeUndefined();
    expect(await click(first.buttons!.at(-1)!.actionId)).toContain('This interview has ended');
  });

  it('quiz review offers due recall cards in interview form; stats show recall mastery next to choice mastery', async () => {
    const rig = createRig();
    const s = await rig.engine.interviews.start(ann, { topic: 'alpha', count: 1 });
    await rig.engine.interviews.show(ann, s.session.id, 0);
    await rig.engine.interviews.rate(ann, s.session.id, 0, 1); // Again: due again soon
    rig.clock.advance(2 * DAY);
    const say = async (text: string) =>
      plainText((await rig.dispatcher.handle({ kind: 'text', member: ann, channelId: 'c', group: 'quiz', text })).message);
    const review = await say('review');
    expect(review).toContain('Recall review · question 1');
    expect(review).toContain('1 recall review due now');
    expect(review).toContain('Alpha question number one?');
    expect(review).not.toMatch(/A\) /); // no options: interview form
    expect(await say('review kind=choice')).toContain('Review · question 1');
    const stats = await say('stats');
    expect(stats).toContain('Mastery · picking the answer / recalling it (quiz interview)');
    expect(stats).toMatch(/• Alpha: 0% \/ 0% · 1 due/);
    // Topics untouched are one line, not one each at 0%.
    expect(stats).toMatch(/• Not started yet \(0%\): .*Beta/);
    expect(stats).not.toMatch(/• Beta: 0%/);
  });

  it('forget-me deletes the member’s interview session and recall cards with the rest', async () => {
    const rig = createRig();
    const s = await rig.engine.interviews.start(ann, { count: 2 });
    await rig.engine.interviews.submit(ann, s.session.id, 0, TYPED);
    await rig.engine.interviews.rate(ann, s.session.id, 0, 3);
    expect(await rig.store.keys(keys.recallPrefix(ann, 'ann'))).toHaveLength(1);
    expect(await rig.store.get(keys.interview(ann, 'ann'))).toBeDefined();
    const token = await rig.engine.confirmations.ask(ann, 'forget');
    await rig.engine.privacy.forget(ann, token);
    expect(await rig.store.keys(keys.recallPrefix(ann, 'ann'))).toEqual([]);
    expect(await rig.store.get(keys.interview(ann, 'ann'))).toBeUndefined();
  });
});
