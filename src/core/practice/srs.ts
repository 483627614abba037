import { type Card, createEmptyCard, fsrs, type Grade, generatorParameters, Rating, State } from 'ts-fsrs';
import { z } from 'zod';
import type { Bank } from '../bank/bank.js';
import type { AnswerStep } from '../ports/store.js';
import type { EngineDeps } from '../shared/context.js';
import { stale } from '../shared/errors.js';
import { keys } from '../shared/keys.js';
import { emptyRecord } from '../shared/own.js';
import { parseRecord, type RecordKind, readRecord, recordKind, updateRecord } from '../shared/records.js';
import type { MemberRef, TeamRef } from '../shared/refs.js';
import type { AnswerLogEntry } from '../standings/member-model.js';
import { memberRecord } from '../standings/member-model.js';

/**
 * Spaced repetition with FSRS (ts-fsrs). Every answer anywhere is a review: Good if right, Again if wrong. A
 * private "Hard / Good / Easy" rating on a right answer replaces that review's grade, recomputed from the
 * state before it, never adding a second review. No fuzz (the same history always gives the same schedule) and
 * no minute-long learning steps (a daily quiz works in days).
 */
export const SRS_PARAMS = generatorParameters({ enable_fuzz: false, enable_short_term: false });
const scheduler = fsrs(SRS_PARAMS);

/** Retrievability at or above this counts a question as mastered. */
export const MASTERED_AT = 0.9;

/**
 * Whether a question counts as mastered now: its retrievability is at least MASTERED_AT, and its last answer
 * was right. A wrong answer resets FSRS's retrievability to 1 (the member has just seen the answer), which
 * would make a miss raise the topic's mastery for the hours that follow; a miss counts as not retained until
 * the question is answered right again.
 */
export function isMastered(entry: SrsEntry | undefined, now: number): boolean {
  return entry !== undefined && entry.grade !== Rating.Again && retrievability(entry, now) >= MASTERED_AT;
}

/** A card as stored: dates as milliseconds. */
type StoredCard = Omit<Card, 'due' | 'last_review'> & { due: number; last_review?: number };

export interface SrsEntry {
  card: StoredCard;
  /** The card before the last review, kept so that a rating can replace that review's grade. */
  before: StoredCard;
  /** When the last review happened, and its grade. */
  at: number;
  grade: Grade;
  /** Which answer the last review was (its claim key): a retried answer step is not reviewed twice. */
  answer?: string;
}

const STORED_CARD = z.looseObject({
  due: z.number(),
  stability: z.number(),
  difficulty: z.number(),
  elapsed_days: z.number(),
  scheduled_days: z.number(),
  learning_steps: z.number(),
  reps: z.number(),
  lapses: z.number(),
  state: z.enum(State),
  last_review: z.number().optional(),
});

/** How a review card is read back. */
export const srsEntryRecord: RecordKind<SrsEntry> = recordKind(
  'a review card',
  z.looseObject({
    card: STORED_CARD,
    before: STORED_CARD,
    at: z.number(),
    grade: z.union([z.literal(Rating.Again), z.literal(Rating.Hard), z.literal(Rating.Good), z.literal(Rating.Easy)]),
    answer: z.string().optional(),
  }),
);

/** A member's cards, gathered for review, stats and adaptive practice. */
export interface SrsDoc {
  v: 1;
  cards: Record<string, SrsEntry>;
}

const toStored = ({ last_review, ...c }: Card): StoredCard =>
  last_review === undefined ? { ...c, due: c.due.getTime() } : { ...c, due: c.due.getTime(), last_review: last_review.getTime() };
const toCard = (c: StoredCard): Card => ({
  ...c,
  due: new Date(c.due),
  last_review: c.last_review === undefined ? undefined : new Date(c.last_review),
});

/**
 * A new card's first review does not depend on when it happens, except for shifting every date by that time:
 * computed once per grade and shifted (a daily's burst of first answers skips the scheduler).
 */
const FIRST_REVIEW_BASE = 0;
const firstReviews = new Map<Grade, { before: StoredCard; card: StoredCard }>();
function firstReview(at: number, grade: Grade): SrsEntry {
  let base = firstReviews.get(grade);
  if (!base) {
    const before = toStored(createEmptyCard(new Date(FIRST_REVIEW_BASE)));
    base = { before, card: toStored(scheduler.next(toCard(before), new Date(FIRST_REVIEW_BASE), grade).card) };
    firstReviews.set(grade, base);
  }
  const shift = (c: StoredCard): StoredCard => ({
    ...c,
    due: c.due + at,
    ...(c.last_review === undefined ? {} : { last_review: c.last_review + at }),
  });
  return { card: shift(base.card), before: shift(base.before), at, grade };
}

/** One review applied to an entry (or a first review of a new card). Pure. */
export function review(entry: SrsEntry | undefined, at: number, grade: Grade): SrsEntry {
  if (!entry) return firstReview(at, grade);
  return { card: toStored(scheduler.next(toCard(entry.card), new Date(at), grade).card), before: entry.card, at, grade };
}

/** The same review with another grade. Pure. */
export function regrade(entry: SrsEntry, grade: Grade): SrsEntry {
  return { ...entry, card: toStored(scheduler.next(toCard(entry.before), new Date(entry.at), grade).card), grade };
}

export function retrievability(entry: SrsEntry | undefined, now: number): number {
  return entry ? scheduler.get_retrievability(toCard(entry.card), new Date(now), false) : 0;
}

/** Replays an answer log into cards (members who answered before spaced repetition existed). Pure. */
export function replay(log: readonly AnswerLogEntry[]): SrsDoc {
  const cards = emptyRecord<SrsEntry>();
  for (const e of [...log].sort((a, b) => a.at - b.at))
    cards[e.questionId] = review(cards[e.questionId], e.at, e.correct ? Rating.Good : Rating.Again);
  return { v: 1, cards };
}

export interface TopicMastery {
  topic: string;
  name: string;
  /** Share of the topic's questions (of the pack) that are mastered (isMastered); unseen ones count as not. */
  mastery: number;
  due: number;
}

/**
 * Which memory a card tracks: recognising the right option (choice: every multiple-choice answer) or recalling
 * the answer unaided (recall: interview mode's self-rated answers). They are different skills and are never mixed.
 */
export type CardFamily = 'choice' | 'recall';
const CARD_PREFIX = { choice: keys.srsPrefix, recall: keys.recallPrefix } as const;

export class SpacedRepetition {
  constructor(private readonly deps: EngineDeps) {}

  /**
   * A member whose answers predate spaced repetition gets cards replayed from the whole answer log (which holds
   * every answer, the current one included), replacing any card written meanwhile. Idempotent.
   */
  async rebuild(member: TeamRef & { userId: string }): Promise<void> {
    const log = await this.deps.store.readLog(keys.memberLog(member, member.userId));
    for (const [questionId, entry] of Object.entries(replay(log).cards)) {
      await this.deps.store.set(keys.srsCard(member, member.userId, questionId), entry);
    }
    await updateRecord(this.deps.store, memberRecord, keys.member(member, member.userId), (r) =>
      r && !r.srs ? { ...r, srs: true as const } : undefined,
    );
  }

  /**
   * The change one answer makes to its question's card, for the store's answer step. `answer` (the answer's
   * claim key) makes a retried step a no-op; a review older than the card's last one changes nothing.
   */
  reviewStep(member: MemberRef, questionId: string, correct: boolean, at: number, answer: string): NonNullable<AnswerStep['card']> {
    return {
      key: keys.srsCard(member, member.userId, questionId),
      update: (previous) => {
        const entry = parseRecord(srsEntryRecord, keys.srsCard(member, member.userId, questionId), previous);
        if (entry && (entry.answer === answer || entry.at > at)) return undefined;
        return { ...review(entry, at, correct ? Rating.Good : Rating.Again), answer };
      },
    };
  }

  /** Records one review on its own (outside an answer step). */
  async record(member: MemberRef, questionId: string, correct: boolean, at: number, answer: string): Promise<void> {
    const step = this.reviewStep(member, questionId, correct, at, answer);
    await this.deps.store.updateDoc(step.key, step.update);
  }

  /**
   * A self-rated recall (interview mode): the rating is the review's grade. `answer` names the rating (a retried
   * step is not reviewed twice); a review older than the card's last one changes nothing.
   */
  recallStep(member: MemberRef, questionId: string, grade: Grade, at: number, answer: string): NonNullable<AnswerStep['card']> {
    const key = keys.recallCard(member, member.userId, questionId);
    return {
      key,
      update: (previous) => {
        const entry = parseRecord(srsEntryRecord, key, previous);
        if (entry && (entry.answer === answer || entry.at > at)) return undefined;
        return { ...review(entry, at, grade), answer };
      },
    };
  }

  /** The member's cards of one family, by question id. */
  async cards(member: TeamRef & { userId: string }, family: CardFamily = 'choice'): Promise<SrsDoc> {
    if (family === 'choice') {
      const record = await readRecord(this.deps.store, memberRecord, keys.member(member, member.userId));
      if (record && record.answered > 0 && !record.srs) await this.rebuild(member);
    }
    const prefix = CARD_PREFIX[family](member, member.userId);
    const cards = emptyRecord<SrsEntry>();
    for (const key of await this.deps.store.docKeys(prefix)) {
      const entry = await readRecord(this.deps.store, srsEntryRecord, key);
      if (entry) cards[key.slice(prefix.length)] = entry;
    }
    return { v: 1, cards };
  }

  /** Hard / Good / Easy on a right answer: replaces the grade of that review (the one at `at`). */
  async rate(member: MemberRef, questionId: string, at: number, grade: Grade): Promise<SrsEntry> {
    let updated: SrsEntry | undefined;
    await updateRecord(this.deps.store, srsEntryRecord, keys.srsCard(member, member.userId, questionId), (entry) => {
      if (!entry || entry.at !== at || entry.grade === Rating.Again) return undefined;
      updated = regrade(entry, grade);
      return updated;
    });
    if (!updated) throw stale('That rating is for an older answer: answer the question again to rate it.');
    return updated;
  }

  /** The member's due cards of both families now, and which family holds the most overdue one. */
  async dueNow(member: TeamRef & { userId: string }): Promise<{ choice: string[]; recall: string[]; mostOverdue: CardFamily }> {
    const now = this.deps.clock.now();
    const [choiceDoc, recallDoc] = await Promise.all([this.cards(member, 'choice'), this.cards(member, 'recall')]);
    const choice = this.due(choiceDoc, now);
    const recall = this.due(recallDoc, now);
    const oldest = (doc: SrsDoc, ids: string[]) => (ids[0] === undefined ? Number.POSITIVE_INFINITY : doc.cards[ids[0]]!.card.due);
    return { choice, recall, mostOverdue: oldest(recallDoc, recall) < oldest(choiceDoc, choice) ? 'recall' : 'choice' };
  }

  /** Question ids due now, most overdue first. */
  due(doc: SrsDoc, now: number): string[] {
    return Object.entries(doc.cards)
      .filter(([, e]) => e.card.due <= now)
      .sort(([, a], [, b]) => a.card.due - b.card.due)
      .map(([id]) => id);
  }

  /** When the next review falls due after now, if any. */
  nextDue(doc: SrsDoc, now: number): number | undefined {
    const later = Object.values(doc.cards)
      .map((e) => e.card.due)
      .filter((d) => d > now);
    return later.length ? Math.min(...later) : undefined;
  }

  /** Per topic of the pack; recall counts only the questions interview mode can ask (those with key points). */
  mastery(doc: SrsDoc, bank: Bank, pack: string, now: number, family: CardFamily = 'choice'): TopicMastery[] {
    const all = bank.select({ pack });
    return Object.entries(bank.topicsOf(pack)).map(([topic, name]) => {
      const questions = all.filter((q) => q.topic === topic && (family === 'choice' || (q.keyPoints?.length ?? 0) > 0));
      const mastered = questions.filter((q) => isMastered(doc.cards[q.id], now)).length;
      const due = questions.filter((q) => (doc.cards[q.id]?.card.due ?? Infinity) <= now).length;
      return { topic, name, mastery: questions.length ? mastered / questions.length : 0, due };
    });
  }
}
