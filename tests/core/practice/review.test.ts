import { type Card, createEmptyCard, fsrs, Rating } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { loadBank } from '../../../src/bank/load.js';
import type { PracticeStep } from '../../../src/core/practice/practice.js';
import { adaptiveSample } from '../../../src/core/practice/selection.js';
import { MASTERED_AT, replay, SRS_PARAMS, type SrsEntry } from '../../../src/core/practice/srs.js';
import { keys } from '../../../src/core/shared/keys.js';
import type { AnswerLogEntry, MemberRecord } from '../../../src/core/standings/member-model.js';
import { newMember } from '../../../src/core/standings/scoring.js';
import { seededRandom } from '../../fakes/clock.js';
import {
  configure,
  createRig,
  member,
  REAL_PACKS,
  rightLetter,
  rigScheduler,
  TEAM,
  type TestRig,
  wrongLetter,
} from '../../fakes/engine.js';

const DAY = 24 * 60 * 60 * 1000;
const ann = member('ann');
const orderOf = (s: PracticeStep) => s.session.items[s.step]!.order;

/** ann answers these questions in a practice quiz, right or wrong, in this order. */
async function answer(rig: TestRig, answers: [string, boolean][]) {
  for (const [questionId, right] of answers) {
    const s = await rig.engine.practice.start(ann, { topic: questionId.startsWith('alpha') ? 'alpha' : 'beta', count: 3 });
    // Find the step holding this question by answering through the session.
    let step = s;
    while (step.question.id !== questionId) {
      await rig.engine.practice.answer(ann, step.session.id, step.step, rightLetter(orderOf(step)));
      const next = await rig.engine.practice.next(ann, step.session.id, step.step);
      if ('total' in next) throw new Error(`${questionId} was not in the session`);
      step = next;
    }
    await rig.engine.practice.answer(ann, step.session.id, step.step, right ? rightLetter(orderOf(step)) : wrongLetter(orderOf(step)));
  }
}

describe('spaced repetition', () => {
  it('a question answered wrong comes back in review before one answered right; right answers push the next review further out', async () => {
    const rig = createRig();
    await rig.engine.srs.record(ann, 'alpha-one', true, rig.clock.now(), 'a1');
    await rig.engine.srs.record(ann, 'alpha-two', false, rig.clock.now(), 'a2');
    rig.clock.advance(5 * DAY);
    const review = await rig.engine.practice.start(ann, { review: true, count: 5 });
    const ids = review.session.items.map((i) => i.questionId);
    expect(ids.indexOf('alpha-two')).toBeLessThan(ids.indexOf('alpha-one'));
    expect(ids.slice(0, 2)).toEqual(['alpha-two', 'alpha-one']); // both due; the most overdue first
    // Successive right answers: the next due date moves further out each time.
    const r2 = createRig();
    const gaps: number[] = [];
    for (let i = 0; i < 4; i++) {
      await r2.engine.srs.record(ann, 'beta-one', true, r2.clock.now(), `b${i}`);
      const card = (await r2.store.get<SrsEntry>(keys.srsCard(TEAM, 'ann', 'beta-one')))!.card;
      gaps.push(card.due - r2.clock.now());
      r2.clock.set(card.due);
    }
    expect(gaps.every((g, i) => i === 0 || g > gaps[i - 1]!)).toBe(true);
  });

  it('due counts, next-due times and mastery match ts-fsrs for the same history, with and without a rating', async () => {
    const rig = createRig({ start: '2026-03-02T10:00:00Z' });
    const t0 = rig.clock.now();
    const history: [string, number, Rating.Good | Rating.Again][] = [
      ['alpha-one', t0, Rating.Good],
      ['alpha-two', t0 + 1000, Rating.Again],
      ['beta-one', t0 + 2000, Rating.Good],
      ['alpha-one', t0 + 4 * DAY, Rating.Good],
    ];
    for (const [q, at, grade] of history) {
      rig.clock.set(at);
      await rig.engine.srs.record(ann, q, grade === Rating.Good, at, `r${at}`);
    }
    // ann rates her last right answer Easy: it replaces that review's grade.
    await rig.engine.srs.rate(ann, 'alpha-one', t0 + 4 * DAY, Rating.Easy);

    // The same history through ts-fsrs directly.
    const f = fsrs(SRS_PARAMS);
    const cards = new Map<string, Card>();
    const lastGrade = new Map<string, Rating>();
    for (const [q, at, grade] of [...history.slice(0, 3), ['alpha-one', t0 + 4 * DAY, Rating.Easy] as const] as [
      string,
      number,
      Rating.Good | Rating.Again | Rating.Easy,
    ][]) {
      cards.set(q, f.next(cards.get(q) ?? createEmptyCard(new Date(at)), new Date(at), grade).card);
      lastGrade.set(q, grade);
    }
    const now = t0 + 10 * DAY;
    rig.clock.set(now);
    const doc = await rig.engine.srs.cards(ann);
    for (const [q, card] of cards) expect(doc.cards[q]!.card.due, q).toBe(card.due.getTime());
    const expectedDue = [...cards]
      .filter(([, c]) => c.due.getTime() <= now)
      .sort((a, b) => a[1].due.getTime() - b[1].due.getTime())
      .map(([q]) => q);
    expect(rig.engine.srs.due(doc, now)).toEqual(expectedDue);
    const later = [...cards.values()].map((c) => c.due.getTime()).filter((d) => d > now);
    expect(rig.engine.srs.nextDue(doc, now)).toBe(later.length ? Math.min(...later) : undefined);
    const stats = await rig.engine.standings.stats(TEAM, 'ann');
    const alpha = stats.mastery.find((m) => m.topic === 'alpha')!;
    const retained = ['alpha-one', 'alpha-two', 'alpha-three'].filter(
      (q) => cards.has(q) && lastGrade.get(q) !== Rating.Again && f.get_retrievability(cards.get(q)!, new Date(now), false) >= MASTERED_AT,
    );
    expect(alpha.mastery).toBeCloseTo(retained.length / 3, 10);
    expect(alpha.due).toBe(expectedDue.filter((q) => q.startsWith('alpha')).length);
  });

  it('a question answered wrong is not mastered, though FSRS puts its retrievability back at 1; answered right, it is', async () => {
    const rig = createRig({ start: '2026-03-02T10:00:00Z' });
    const alpha = async () => (await rig.engine.standings.stats(TEAM, 'ann')).mastery.find((m) => m.topic === 'alpha')!.mastery;
    const t0 = rig.clock.now();
    await rig.engine.srs.record(ann, 'alpha-one', false, t0, 'w1');
    rig.clock.set(t0 + 60_000);
    const card = (await rig.engine.srs.cards(ann)).cards['alpha-one']!;
    expect(
      fsrs(SRS_PARAMS).get_retrievability(
        { ...card.card, due: new Date(card.card.due), last_review: new Date(card.card.last_review!) },
        new Date(t0 + 60_000),
        false,
      ),
    ).toBeGreaterThan(MASTERED_AT);
    expect(await alpha()).toBe(0);
    await rig.engine.srs.record(ann, 'alpha-one', true, t0 + 2 * DAY, 'r1');
    rig.clock.set(t0 + 2 * DAY + 60_000);
    expect(await alpha()).toBeCloseTo(1 / 3, 10);
  });

  it('a rating replaces the grade of that review, and a rating for an older review is refused', async () => {
    const rig = createRig();
    const t0 = rig.clock.now();
    await rig.engine.srs.record(ann, 'alpha-one', true, t0, 'x1');
    const good = (await rig.store.get<SrsEntry>(keys.srsCard(TEAM, 'ann', 'alpha-one')))!;
    const easy = await rig.engine.srs.rate(ann, 'alpha-one', t0, Rating.Easy);
    expect(easy.card.reps).toBe(good.card.reps); // replaced, not a second review
    expect(easy.card.due).toBeGreaterThan(good.card.due);
    const hard = await rig.engine.srs.rate(ann, 'alpha-one', t0, Rating.Hard);
    expect(hard.card.due).toBeLessThan(good.card.due);
    rig.clock.advance(DAY);
    await rig.engine.srs.record(ann, 'alpha-one', true, rig.clock.now(), 'a1');
    await expect(rig.engine.srs.rate(ann, 'alpha-one', t0, Rating.Easy)).rejects.toMatchObject({ code: 'stale' });
  });

  it('states survive a restart, and replaying the answer log gives the same states as live recording', async () => {
    const rig = createRig();
    await answer(rig, [
      ['alpha-one', true],
      ['alpha-two', false],
      ['beta-one', true],
    ]);
    rig.clock.advance(3 * DAY);
    await answer(rig, [['alpha-two', true]]);
    const live = (await rig.engine.srs.cards(ann)).cards;
    const log = await rig.store.readLog(keys.memberLog(TEAM, 'ann'));
    // The same memory states (the live ones also note which answer made their last review).
    const states = (cards: Record<string, SrsEntry>) =>
      Object.fromEntries(Object.entries(cards).map(([q, { answer: _, ...state }]) => [q, state]));
    expect(states(replay(log).cards)).toEqual(states(live));
    // A new engine on the same store ("restart") sees the same cards.
    const after = createRig({ store: rig.store });
    expect((await after.engine.srs.cards(ann)).cards).toEqual(live);
  });

  it('members who answered before spaced repetition get their cards built from their answer log', async () => {
    const rig = createRig();
    const at = rig.clock.now();
    const log: AnswerLogEntry[] = [
      { questionId: 'beta-one', at, option: 0, correct: true, source: 'daily' },
      { questionId: 'beta-two', at: at + 1, option: 2, correct: false, source: 'practice' },
    ];
    // An old store: answers in the log, no cards.
    for (const entry of log) {
      await rig.store.commitAnswer({
        answer: { key: `bp:shell:team1:m:old:answer:x${entry.at}`, value: { option: entry.option, correct: entry.correct, at: entry.at } },
        member: {
          id: 'old',
          key: keys.member(TEAM, 'old'),
          // A record as written before spaced repetition existed: no `srs` mark.
          apply: (p) => {
            const { srs: _, ...before } = (p as MemberRecord | undefined) ?? newMember('old', 'old', 0);
            return { next: { ...before, answered: before.answered + 1 }, points: 0, boards: [] };
          },
        },
        log: { key: keys.memberLog(TEAM, 'old'), entry },
      });
    }
    const doc = await rig.engine.srs.cards(member('old'));
    expect(doc.cards).toEqual(replay(log).cards);
    // Their next answer is recorded on top of that history, exactly as a replay of the whole log would be.
    rig.clock.advance(2 * DAY);
    const s = await rig.engine.practice.start(member('old'), { topic: 'beta', count: 2 });
    await rig.engine.practice.answer(member('old'), s.session.id, 0, rightLetter(orderOf(s)));
    const all = await rig.store.readLog(keys.memberLog(TEAM, 'old'));
    const states = (cards: Record<string, SrsEntry>) =>
      Object.fromEntries(Object.entries(cards).map(([q, { answer: _, ...state }]) => [q, state]));
    expect(states((await rig.engine.srs.cards(member('old'))).cards)).toEqual(states(replay(all).cards));
  });

  it('a member whose answers predate spaced repetition gets cards from the log when they next answer', async () => {
    const rig = createRig();
    const old = member('older');
    const at = rig.clock.now();
    await rig.store.commitAnswer({
      answer: { key: 'bp:shell:team1:m:older:answer:x', value: { option: 1, correct: false, at } },
      member: {
        id: 'older',
        key: keys.member(TEAM, 'older'),
        apply: () => {
          const { srs: _, ...before } = newMember('older', 'older', at);
          return { next: { ...before, answered: 1 }, points: 0, boards: [] };
        },
      },
      log: { key: keys.memberLog(TEAM, 'older'), entry: { questionId: 'alpha-one', at, option: 1, correct: false, source: 'daily' } },
    });
    rig.clock.advance(DAY);
    const s = await rig.engine.practice.start(old, { topic: 'beta', count: 1 });
    await rig.engine.practice.answer(old, s.session.id, 0, rightLetter(orderOf(s)));
    // Straight from the store (no cards() read): the answer step itself triggered the replay.
    expect(await rig.store.get(keys.srsCard(TEAM, 'older', 'alpha-one'))).toMatchObject({ at, grade: Rating.Again });
    expect((await rig.store.get<{ srs?: true }>(keys.member(TEAM, 'older')))!.srs).toBe(true);
  });
});

describe('adaptive practice', () => {
  it('over 1,000 draws, the one weak topic comes up significantly more often than uniform', () => {
    const bank = loadBank(REAL_PACKS);
    const pool = bank.select({ pack: 'deep-learning' });
    const topics = [...new Set(pool.map((q) => q.topic))];
    const mastery = topics.map((topic) => ({ topic, name: topic, mastery: topic === 'rnn' ? 0 : 1, due: 0 }));
    const random = seededRandom(7);
    let weak = 0;
    const n = 1000;
    for (let i = 0; i < n; i++) if (adaptiveSample(pool, mastery, 1, random)[0]!.topic === 'rnn') weak++;
    // Uniform over topics would give p = 1/topics; 99.99% of uniform samples of 1,000 stay under p + 4 standard deviations.
    const p = 1 / topics.length;
    const bound = n * p + 4 * Math.sqrt(n * p * (1 - p));
    expect(weak).toBeGreaterThan(bound);
    // And it follows the weights: 4 / (4 + (topics − 1) × 1), within 0.06 (0.31 with the ten topics the bank once had).
    const expected = 4 / (4 + (topics.length - 1));
    expect(weak / n).toBeGreaterThan(expected - 0.06);
    expect(weak / n).toBeLessThan(expected + 0.06);
  });
});

describe('review reminders', () => {
  it('go out at the team’s daily time when 10+ reviews are due, at most once a day, never to members who turned them off', async () => {
    const rig = createRig({ start: '2026-03-02T08:00:00Z', pack: 'deep-learning' });
    await configure(rig, TEAM, { channelId: 'c', time: '09:00', timezone: 'UTC' });
    const ids = rig.engine.bank
      .select({ pack: 'deep-learning' })
      .slice(0, 12)
      .map((q) => q.id);
    for (const who of ['ann', 'bob', 'cid'])
      for (const q of ids) await rig.engine.srs.record(member(who), q, false, rig.clock.now(), `${who}-${q}`);
    await rig.engine.reminders.set(member('ann'), true);
    await rig.engine.reminders.set(member('bob'), true);
    await rig.engine.reminders.set(member('bob'), false);
    await rig.engine.reminders.set(member('dan'), true); // nothing due
    const s = rigScheduler(rig);
    rig.clock.set('2026-03-03T09:00:00Z'); // a day later: all 12 wrong answers are due
    await s.tick();
    await s.idle();
    expect(rig.messenger.privates.map((p) => p.userId)).toEqual(['ann']);
    expect(rig.messenger.privates[0]!.message.lines.map((l) => l.map((x) => x.text).join('')).join(' ')).toContain(
      'You have 12 questions due',
    );
    await rig.engine.reminders.send(TEAM); // again the same day (an extra daily): nothing more
    expect(rig.messenger.privates).toHaveLength(1);
    rig.clock.set('2026-03-04T09:00:00Z');
    await s.tick();
    await s.idle();
    expect(rig.messenger.privates.map((p) => p.userId)).toEqual(['ann', 'ann']);
  });

  it('go out with the team’s first running channel’s post, not with a channel whose post comes at night there', async () => {
    const rig = createRig({ start: '2026-03-01T06:00:00Z', pack: 'deep-learning' }); // the answers are due by the 3rd
    await configure(rig, TEAM, { channelId: 'berlin', time: '09:00', timezone: 'Europe/Berlin' });
    rig.clock.advance(60_000);
    await configure(rig, TEAM, { channelId: 'tokyo', time: '09:00', timezone: 'Asia/Tokyo' });
    for (const q of rig.engine.bank.select({ pack: 'deep-learning' }).slice(0, 12))
      await rig.engine.srs.record(member('ann'), q.id, false, rig.clock.now(), `ann-${q.id}`);
    await rig.engine.reminders.set(member('ann'), true);
    const s = rigScheduler(rig);
    rig.clock.set('2026-03-03T00:00:00Z'); // Tokyo's 09:00: 01:00 in Berlin
    await s.tick();
    await s.idle();
    expect(rig.messenger.posts.map((p) => p.channelId)).toContain('tokyo');
    expect(await rig.engine.srs.due(await rig.engine.srs.cards(member('ann')), rig.clock.now())).toHaveLength(12);
    expect(rig.messenger.privates).toEqual([]);
    rig.clock.set('2026-03-03T08:00:00Z'); // Berlin's 09:00
    await s.tick();
    await s.idle();
    expect(rig.messenger.privates.map((p) => p.userId)).toEqual(['ann']);
  });
});

describe('first reviews', () => {
  it('are the same as ts-fsrs computes them, whenever they happen (across daylight-saving changes too)', async () => {
    const { review } = await import('../../../src/core/practice/srs.js');
    const f = fsrs(SRS_PARAMS);
    for (const iso of ['2026-03-08T06:59:00Z', '2026-03-29T00:30:00Z', '2026-11-01T05:30:00Z', '2026-06-15T12:34:56Z']) {
      const at = Date.parse(iso);
      for (const grade of [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy] as const) {
        const direct = f.next(createEmptyCard(new Date(at)), new Date(at), grade).card;
        const mine = review(undefined, at, grade);
        expect(mine.card.due, `${iso} ${grade}`).toBe(direct.due.getTime());
        expect(mine.card.stability).toBe(direct.stability);
        expect(mine.card.difficulty).toBe(direct.difficulty);
        expect(mine.card.state).toBe(direct.state);
        expect(mine.card.last_review).toBe(direct.last_review!.getTime());
      }
    }
  });
});

describe('reviews across daily channels with their own packs', () => {
  /** The team's own pack "ours", of one topic (Infrastructure), holding these questions (copies of a mini one). */
  async function putOurs(rig: TestRig, ...ids: string[]): Promise<void> {
    const first = (await rig.engine.packs.bankFor(TEAM)).pool({ pack: 'mini' })[0]!;
    const questions = ids.map((id) => ({ ...first, id, pack: 'ours', topic: 'infra', topicName: 'Infrastructure' }));
    await rig.engine.packs.put(TEAM, { id: 'ours', name: 'Ours', topics: { infra: 'Infrastructure' }, questions }, { format: 'yaml' });
  }

  it('a card due from another channel’s pack is reviewed, and quiz stats counts it and its topic', async () => {
    const rig = createRig();
    await putOurs(rig, 'ours-gpu');
    await configure(rig, TEAM, { channelId: 'general' });
    rig.clock.advance(60_000);
    await configure(rig, TEAM, { channelId: 'ops', pack: 'ours' });
    const { daily } = (await rig.engine.dailies.post(TEAM, 'ops', { extra: false }))!;
    await rig.engine.dailies.answer(ann, daily.id, wrongLetter(daily.order));
    rig.clock.advance(2 * DAY);
    const stats = await rig.engine.standings.stats(TEAM, 'ann');
    expect(stats.mastery.find((m) => m.topic === 'infra')).toMatchObject({ name: 'Infrastructure', due: 1 });
    const review = await rig.engine.practice.start(ann, { review: true, count: 1 });
    expect(review.question.id).toBe('ours-gpu');
    expect(review.session.due?.count).toBe(1);
  });

  it('a retired question is not reviewed again, due or not', async () => {
    const rig = createRig();
    await putOurs(rig, 'ours-a', 'ours-b');
    await configure(rig, TEAM, { channelId: 'general' });
    for (const id of ['ours-a', 'ours-b']) await rig.engine.srs.record(ann, id, false, rig.clock.now(), `ann-${id}`);
    await putOurs(rig, 'ours-b'); // ours-a retired
    rig.clock.advance(3 * DAY);
    const review = await rig.engine.practice.start(ann, { review: true, count: 2 });
    expect(review.session.items.map((i) => i.questionId)).not.toContain('ours-a');
    expect(review.session.items.map((i) => i.questionId)).toContain('ours-b');
  });

  it('a card due from a pack no channel draws from (practised by its topic) is reviewed too', async () => {
    const rig = createRig();
    await putOurs(rig, 'ours-gpu');
    await configure(rig, TEAM, { channelId: 'general' });
    const practice = await rig.engine.practice.start(ann, { topic: 'infra', count: 1 });
    expect(practice.question.id).toBe('ours-gpu');
    await rig.engine.practice.answer(ann, practice.session.id, 0, wrongLetter(orderOf(practice)));
    rig.clock.advance(2 * DAY);
    const review = await rig.engine.practice.start(ann, { review: true, count: 1 });
    expect(review.question.id).toBe('ours-gpu');
  });
});
