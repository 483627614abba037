import type { Bank, Difficulty, Question } from '../bank/bank.js';
import type { TeamPacks } from '../bank/team-packs.js';
import { packsInUse } from '../daily/channel-model.js';
import type { DailyChannels } from '../daily/channels.js';
import type { EngineDeps } from '../shared/context.js';
import { alreadyAnswered, badInput, stale } from '../shared/errors.js';
import { keys } from '../shared/keys.js';
import { type Letter, newOptionOrder, optionAt, shortId, shuffled } from '../shared/presentation.js';
import { readRecord } from '../shared/records.js';
import type { MemberRef } from '../shared/refs.js';
import { recordAnswer } from '../standings/answers.js';
import { POINTS } from '../standings/scoring.js';
import type { Teams } from '../team/teams.js';
import { PRACTICE_SCHEMA, type PracticeSession, practiceRecord } from './practice-model.js';
import { adaptiveSample, reviewSample, withDue } from './selection.js';
import type { SpacedRepetition } from './srs.js';

export const PRACTICE_COUNT = { min: 1, max: 20, default: 5 } as const;
/** A review session shows up to this many questions by default. */
const REVIEW_COUNT = 10;
/** Practice sessions outlive any platform's window for editing the message (15–30 minutes). */
const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

export interface PracticeStep {
  session: PracticeSession;
  question: Question;
  /** Zero-based index of the question shown. */
  step: number;
}
export interface PracticeFeedback extends PracticeStep {
  option: number;
  correct: boolean;
  points: number;
  /** The time of this answer's spaced-repetition review (a rating refers to it). */
  reviewAt: number;
}
export interface PracticeSummary {
  kind: PracticeSession['kind'];
  right: number;
  total: number;
  points: number;
}

const endedMessage = 'This practice quiz has ended or was replaced by a newer one. Start another with quiz start.';

/** Private practice quizzes: one question at a time, feedback after each, a summary at the end. */
export class Practice {
  constructor(
    private readonly deps: EngineDeps,
    private readonly teams: Teams,
    private readonly channels: DailyChannels,
    private readonly packs: TeamPacks,
    private readonly srs: SpacedRepetition,
  ) {}

  /** Starts a quiz for the member, replacing any quiz they had running. */
  async start(
    member: MemberRef,
    options: { topic?: string; count?: number; difficulty?: Difficulty; review?: boolean },
  ): Promise<PracticeStep> {
    const count = options.count ?? (options.review ? REVIEW_COUNT : PRACTICE_COUNT.default);
    if (!Number.isInteger(count) || count < PRACTICE_COUNT.min || count > PRACTICE_COUNT.max) {
      throw badInput(`count must be a whole number from ${PRACTICE_COUNT.min} to ${PRACTICE_COUNT.max}.`);
    }
    const config = await this.teams.config(member);
    const bank = await this.packs.bankFor(member);
    // A review draws from every pack the team's dailies use: a card due from another channel's pack can be shown.
    const pack = options.review ? packsInUse(config.pack, await this.channels.cachedList(member)) : config.pack;
    const pool = bank.pool({ pack, topic: options.topic, difficulty: options.difficulty });
    if (pool.length === 0) {
      const what = [options.topic && `topic "${options.topic}"`, options.difficulty && `difficulty ${options.difficulty}`]
        .filter(Boolean)
        .join(' and ');
      throw badInput(`There are no questions for ${what || 'this team'}. Try another topic or difficulty.`);
    }
    const now = this.deps.clock.now();
    const needsCards = options.review || !options.topic;
    const cards = needsCards ? await this.srs.cards(member) : undefined;
    const mastery = cards ? this.srs.mastery(cards, bank, pack, now) : [];
    let due: PracticeSession['due'];
    let picked: Question[];
    if (options.review) {
      const dueIds = this.srs.due(cards!, now);
      const wanted = (q: Question) =>
        (!options.topic || q.topic === options.topic) && (!options.difficulty || q.difficulty === options.difficulty);
      const reviewable = withDue(pool, dueIds, (id) => bank.drawable(id), wanted);
      picked = reviewSample(reviewable, cards!, dueIds, mastery, count, this.deps.random);
      due = { count: dueIds.length, nextAt: this.srs.nextDue(cards!, now) };
    } else {
      // Without a topic, weak topics come up more often than strong ones.
      picked = options.topic ? shuffled(pool, this.deps.random).slice(0, count) : adaptiveSample(pool, mastery, count, this.deps.random);
    }
    const session: PracticeSession = {
      v: PRACTICE_SCHEMA,
      id: shortId(this.deps.random),
      kind: options.review ? 'review' : 'practice',
      due,
      items: picked.map((q) => ({ questionId: q.id, order: newOptionOrder(this.deps.random) })),
      index: 0,
      results: picked.map(() => null),
      startedAt: now,
    };
    await this.save(member, session);
    return this.stepOf(session, 0, bank);
  }

  async answer(member: MemberRef, sessionId: string, step: number, letter: Letter): Promise<PracticeFeedback> {
    const session = await this.session(member, sessionId);
    if (step !== session.index) throw session.results[step] ? alreadyAnswered() : stale(endedMessage);
    const bank = await this.packs.bankFor(member);
    const { question } = this.stepOf(session, step, bank);
    const option = optionAt(session.items[step]!.order, letter);
    const { result, at } = await recordAnswer(this.deps, this.srs, {
      member,
      config: await this.teams.cachedConfig(member),
      question,
      option,
      source: session.kind === 'review' ? 'review' : 'practice',
      basePoints: session.kind === 'review' ? POINTS.review : POINTS.practice,
      answerKey: keys.practiceAnswer(member, member.userId, sessionId, step),
      answerTtlMs: SESSION_TTL_MS,
    });
    // A duplicate here means this step's answer was recorded but the session was not updated (a crash in
    // between, or two clicks at once): finish the bookkeeping from the recorded answer instead of refusing.
    const recorded =
      result.status === 'recorded'
        ? { option, points: result.points, at }
        : result.status === 'duplicate' && session.results[step] === null
          ? { option: result.existing.option, points: result.existing.points, at: result.existing.at }
          : undefined;
    if (!recorded) throw alreadyAnswered();
    session.results[step] = { correct: recorded.option === 0, points: recorded.points };
    await this.save(member, session);
    return {
      ...this.stepOf(session, step, bank),
      option: recorded.option,
      correct: recorded.option === 0,
      points: recorded.points,
      reviewAt: recorded.at,
    };
  }

  /**
   * Moves past the answered question `step`: the next question, or the summary after the last one.
   * A repeated click (the same step again) shows the question already on screen instead of skipping one.
   */
  async next(member: MemberRef, sessionId: string, step: number): Promise<PracticeStep | PracticeSummary> {
    const session = await this.session(member, sessionId);
    if (step === session.index) {
      if (!session.results[step]) throw badInput('Answer this question first.');
      session.index += 1;
    } else if (step !== session.index - 1) {
      throw stale(endedMessage);
    }
    if (session.index >= session.items.length) {
      await this.deps.store.delete(keys.practice(member, member.userId));
      return {
        kind: session.kind,
        right: session.results.filter((r) => r?.correct).length,
        total: session.items.length,
        points: session.results.reduce((sum, r) => sum + (r?.points ?? 0), 0),
      };
    }
    await this.save(member, session);
    return this.stepOf(session, session.index, await this.packs.bankFor(member));
  }

  private async session(member: MemberRef, sessionId: string): Promise<PracticeSession> {
    const session = await readRecord(this.deps.store, practiceRecord, keys.practice(member, member.userId));
    if (!session || session.id !== sessionId) throw stale(endedMessage);
    return session;
  }

  private async save(member: MemberRef, session: PracticeSession): Promise<void> {
    await this.deps.store.set(keys.practice(member, member.userId), session, SESSION_TTL_MS);
  }

  private stepOf(session: PracticeSession, step: number, bank: Bank): PracticeStep {
    const item = session.items[step];
    const question = item && bank.question(item.questionId);
    if (!question) throw stale('This practice question is no longer in the question bank. Start a new quiz.');
    return { session, question, step };
  }
}

export function isSummary(x: PracticeStep | PracticeSummary): x is PracticeSummary {
  return 'total' in x && !('session' in x);
}
