import type { Bank, Difficulty, Question } from '../bank/bank.js';
import type { TeamPacks } from '../bank/team-packs.js';
import { packsInUse } from '../daily/channel-model.js';
import type { DailyChannels } from '../daily/channels.js';
import { adaptiveSample, reviewSample, withDue } from '../practice/selection.js';
import type { SpacedRepetition } from '../practice/srs.js';
import type { EngineDeps } from '../shared/context.js';
import { alreadyAnswered, badInput, stale } from '../shared/errors.js';
import { keys } from '../shared/keys.js';
import { shortId, shuffled } from '../shared/presentation.js';
import { readRecord } from '../shared/records.js';
import type { MemberRef } from '../shared/refs.js';
import type { Teams } from '../team/teams.js';
import { INTERVIEW_SCHEMA, type InterviewSession, interviewRecord, type RecallGrade } from './interview-model.js';
import { coveredPoints } from './matcher.js';

export const INTERVIEW_COUNT = { min: 1, max: 20, default: 5 } as const;
/** A review session offers up to this many recall cards by default. */
const REVIEW_COUNT = 10;
/** The longest typed answer taken (a long interview answer is a few hundred words). */
export const MAX_TYPED_ANSWER = 2000;
/** Sessions outlive any platform's window for editing the message. */
const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

export interface InterviewStep {
  session: InterviewSession;
  question: Question;
  /** Zero-based index of the question shown. */
  step: number;
}

/** The answer shown after the member answered: with what their typed answer appeared to cover, if they typed. */
export interface InterviewReveal extends InterviewStep {
  /** What the member typed, as they typed it: shown back once, never stored. */
  typed?: string;
  covered?: boolean[];
}

export interface InterviewSummary {
  kind: InterviewSession['kind'];
  total: number;
  /** Ended before the last question ("End here"): how many questions were answered. */
  endedAfter?: number;
  /** Answered but ended before rated: no recall review is scheduled for them (the member is told). */
  unrated?: number;
  ratings: Record<RecallGrade, number>;
  /** How many answers were typed (the key points missed come from those). */
  typed: number;
  /** Key points a typed answer did not appear to cover, most often missed first (at most five). */
  missed: { point: string; times: number }[];
}

const endedMessage = 'This interview has ended or was replaced by a newer one. Start another with quiz interview.';

/**
 * Interview mode: a question without options; the member answers in their own words (typed, or aloud), sees
 * the model answer and its key points, and rates their recall. The rating is the review of the question's
 * recall card. Interview answers earn no leaderboard points: a self-rating cannot be checked.
 */
export class Interviews {
  constructor(
    private readonly deps: EngineDeps,
    private readonly teams: Teams,
    private readonly channels: DailyChannels,
    private readonly packs: TeamPacks,
    private readonly srs: SpacedRepetition,
  ) {}

  /** Questions interview mode can ask: those with key points. */
  private pool(bank: Bank, pack: string, topic?: string, difficulty?: Difficulty): Question[] {
    return bank.pool({ pack, topic, difficulty }, (q) => (q.keyPoints?.length ?? 0) > 0);
  }

  /** Starts an interview (or, with review, a review of due recall cards), replacing any the member had running. */
  async start(
    member: MemberRef,
    options: { topic?: string; count?: number; difficulty?: Difficulty; review?: boolean },
  ): Promise<InterviewStep> {
    const count = options.count ?? (options.review ? REVIEW_COUNT : INTERVIEW_COUNT.default);
    if (!Number.isInteger(count) || count < INTERVIEW_COUNT.min || count > INTERVIEW_COUNT.max) {
      throw badInput(`count must be a whole number from ${INTERVIEW_COUNT.min} to ${INTERVIEW_COUNT.max}.`);
    }
    const config = await this.teams.config(member);
    const bank = await this.packs.bankFor(member);
    // A review draws from every pack the team's dailies use (an open-format daily's recall card too).
    const pack = options.review ? packsInUse(config.pack, await this.channels.cachedList(member)) : config.pack;
    const pool = this.pool(bank, pack, options.topic, options.difficulty);
    if (pool.length === 0) {
      const what = [options.topic && `topic "${options.topic}"`, options.difficulty && `difficulty ${options.difficulty}`]
        .filter(Boolean)
        .join(' and ');
      throw badInput(
        `No question ${what ? `for ${what} ` : ''}has key points to practise in interview form. Try another topic or difficulty.`,
      );
    }
    const now = this.deps.clock.now();
    const cards = await this.srs.cards(member, 'recall');
    const mastery = this.srs.mastery(cards, bank, pack, now, 'recall');
    let picked: Question[];
    let due: number | undefined;
    if (options.review) {
      const dueIds = this.srs.due(cards, now);
      const wanted = (q: Question) =>
        q.keyPoints !== undefined &&
        (!options.topic || q.topic === options.topic) &&
        (!options.difficulty || q.difficulty === options.difficulty);
      picked = reviewSample(
        withDue(pool, dueIds, (id) => bank.drawable(id), wanted),
        cards,
        dueIds,
        mastery,
        count,
        this.deps.random,
      );
      due = dueIds.length;
    } else {
      picked = options.topic ? shuffled(pool, this.deps.random).slice(0, count) : adaptiveSample(pool, mastery, count, this.deps.random);
    }
    const session: InterviewSession = {
      v: INTERVIEW_SCHEMA,
      id: shortId(this.deps.random),
      kind: options.review ? 'review' : 'interview',
      ...(due === undefined ? {} : { due }),
      items: picked.map((q) => ({ questionId: q.id })),
      index: 0,
      steps: picked.map(() => ({ revealed: false })),
      startedAt: now,
    };
    await this.save(member, session);
    return this.stepOf(session, 0, bank);
  }

  /**
   * "Type my answer": refused before the member types when the question is no longer theirs to answer (the
   * interview moved on, or its answer is already shown), so nothing they write is thrown away.
   */
  async beforeTyping(member: MemberRef, sessionId: string, step: number): Promise<void> {
    await this.unanswered(member, sessionId, step);
  }

  /** A typed answer: the model answer and key points, with those the answer appears to mention. */
  async submit(member: MemberRef, sessionId: string, step: number, text: string): Promise<InterviewReveal> {
    const typed = text.trim();
    if (typed === '') throw badInput('The answer was empty: type it, or press "Show answer" if you said it aloud.');
    if (typed.length > MAX_TYPED_ANSWER)
      throw badInput(`Answers are at most ${MAX_TYPED_ANSWER} characters; this one has ${typed.length}.`);
    const session = await this.unanswered(member, sessionId, step);
    const bank = await this.packs.bankFor(member);
    const { question } = this.stepOf(session, step, bank);
    const covered = coveredPoints(typed, question.keyPoints ?? []);
    session.steps[step] = { ...session.steps[step]!, revealed: true, covered };
    await this.save(member, session);
    return { ...this.stepOf(session, step, bank), typed, covered };
  }

  /** "Show answer" (answered aloud): the model answer and key points; a typed answer's coverage, if there was one. */
  async show(member: MemberRef, sessionId: string, step: number): Promise<InterviewReveal> {
    const session = await this.current(member, sessionId, step);
    session.steps[step] = { ...session.steps[step]!, revealed: true };
    await this.save(member, session);
    return { ...this.stepOf(session, step, await this.packs.bankFor(member)), covered: session.steps[step]!.covered };
  }

  /** The member's rating: the recall card's review, then the next question or, after the last, the summary. */
  async rate(member: MemberRef, sessionId: string, step: number, grade: RecallGrade): Promise<InterviewStep | InterviewSummary> {
    const session = await this.current(member, sessionId, step);
    const state = session.steps[step]!;
    if (!state.revealed) throw badInput('Answer first (type it, or say it and press "Show answer"), then rate it.');
    const bank = await this.packs.bankFor(member);
    const { question } = this.stepOf(session, step, bank);
    const card = this.srs.recallStep(member, question.id, grade, this.deps.clock.now(), `interview:${sessionId}:${step}`);
    await this.deps.store.updateDoc(card.key, card.update);
    session.steps[step] = { ...state, rating: grade };
    session.index = step + 1;
    if (session.index < session.items.length) {
      await this.save(member, session);
      return this.stepOf(session, session.index, bank);
    }
    await this.deps.store.delete(keys.interview(member, member.userId));
    return this.summary(session, bank);
  }

  /** "End here": the session ends now, with the summary of the questions rated so far. */
  async end(member: MemberRef, sessionId: string): Promise<InterviewSummary> {
    const session = await readRecord(this.deps.store, interviewRecord, keys.interview(member, member.userId));
    if (!session || session.id !== sessionId) throw stale(endedMessage);
    await this.deps.store.delete(keys.interview(member, member.userId));
    const summary = this.summary(session, await this.packs.bankFor(member));
    // Questions answered (typed, or said and shown): the summary's typed answers and missed points count them too.
    const unrated = session.steps.filter((s) => s.revealed && !s.rating).length;
    return { ...summary, endedAfter: session.steps.filter((s) => s.revealed).length, ...(unrated ? { unrated } : {}) };
  }

  private summary(session: InterviewSession, bank: Bank): InterviewSummary {
    const ratings: Record<RecallGrade, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
    const missed = new Map<string, number>();
    let typed = 0;
    for (const [i, s] of session.steps.entries()) {
      if (s.rating) ratings[s.rating] += 1;
      if (!s.covered) continue;
      typed += 1;
      const points = bank.question(session.items[i]!.questionId)?.keyPoints ?? [];
      for (const [j, covered] of s.covered.entries()) {
        const point = points[j]?.point;
        if (!covered && point) missed.set(point, (missed.get(point) ?? 0) + 1);
      }
    }
    return {
      kind: session.kind,
      total: session.items.length,
      ratings,
      typed,
      missed: [...missed]
        .map(([point, times]) => ({ point, times }))
        .sort((a, b) => b.times - a.times)
        .slice(0, 5),
    };
  }

  /** The session, at this step: an earlier step is done (rated), a later one not reached. */
  private async current(member: MemberRef, sessionId: string, step: number): Promise<InterviewSession> {
    const session = await readRecord(this.deps.store, interviewRecord, keys.interview(member, member.userId));
    if (!session || session.id !== sessionId) throw stale(endedMessage);
    if (step < session.index) throw alreadyAnswered('You already rated that answer: the interview has moved on.');
    if (step > session.index) throw stale(endedMessage);
    return session;
  }

  /** The session at this step, whose answer is not shown yet: one answer per question, typed or said aloud. */
  private async unanswered(member: MemberRef, sessionId: string, step: number): Promise<InterviewSession> {
    const session = await this.current(member, sessionId, step);
    if (session.steps[step]!.revealed) {
      throw alreadyAnswered('You already answered this question and its answer is shown: rate yourself there to go on.');
    }
    return session;
  }

  private async save(member: MemberRef, session: InterviewSession): Promise<void> {
    await this.deps.store.set(keys.interview(member, member.userId), session, SESSION_TTL_MS);
  }

  private stepOf(session: InterviewSession, step: number, bank: Bank): InterviewStep {
    const item = session.items[step];
    const question = item && bank.question(item.questionId);
    if (!question) throw stale('This question is no longer in the question bank. Start a new interview.');
    return { session, question, step };
  }
}

export function isInterviewSummary(x: InterviewStep | InterviewSummary): x is InterviewSummary {
  return 'ratings' in x;
}
