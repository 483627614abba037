import { z } from 'zod';
import type { Question } from '../bank/bank.js';
import { OPTION_ORDER } from '../shared/presentation.js';
import { type RecordKind, recordKind } from '../shared/records.js';
import type { Streak } from '../standings/streaks.js';

/** The daily question's records: each daily, and the cycle's state per daily channel. */

export const DAILY_STATE_SCHEMA = 1;
/** What the daily cycle keeps per daily channel; written only by the process that posts and closes its dailies. */
export interface DailyState {
  v: typeof DAILY_STATE_SCHEMA;
  /** The daily that is open for answers, and the team-local date it was posted on. */
  open?: { dailyId: string; day: string };
  /** Channel-local dates on which a daily was posted, ascending (extra dailies add no day). */
  postedDays: string[];
  /** The channel's shuffled question order and the position of the next question in it (for one pool: `filter`). */
  deck: { pack: string; filter?: string; order: string[]; next: number };
}

export const DAILY_SCHEMA = 1;
export interface DailyRecord {
  v: typeof DAILY_SCHEMA;
  id: string;
  questionId: string;
  /** Canonical option indexes in the order shown (letters A–D). */
  order: number[];
  localDate: string;
  channelId: string;
  postedAt: number;
  /** True for a second daily posted on a day that already had one (quiz-admin post). */
  extra: boolean;
  /** Posted on a day with no scheduled daily (paused, or not one of its weekdays): the day counts for no streak. */
  offDay?: true;
  /** open: answered in one's own words and self-rated (no options; `order` is unused); absent: multiple choice. */
  format?: 'open';
  messageId?: string;
  closedAt?: number;
  /** Set once the closing edit (buttons off, reveal on) has reached the platform. */
  revealedAt?: number;
}

export interface Tally {
  answered: number;
  right: number;
  /** Answers per canonical option (0 = the right answer). */
  byOption: number[];
  /** An open daily's self-ratings: how many rated Again, Hard, Good, Easy (index 0–3). */
  ratings: number[];
}

export interface DailyView {
  daily: DailyRecord;
  question: Question;
  tally: Tally;
}

export interface DailyFeedback {
  daily: DailyRecord;
  question: Question;
  option: number;
  correct: boolean;
  points: number;
  streak: Streak;
  /** The time of this answer's spaced-repetition review (a rating refers to it). */
  reviewAt: number;
}

/** What a member sees after taking part in an open daily (typed or "Show answer"). */
export interface OpenDailyFeedback {
  daily: DailyRecord;
  question: Question;
  /** What they typed, shown back once (never stored), and the key points it appeared to mention. */
  typed?: string;
  covered?: boolean[];
  /** Points this answer earned: 0 when they had already taken part. */
  points: number;
  streak: Streak;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const dailyStateRecord: RecordKind<DailyState> = recordKind(
  'the daily’s state',
  z.looseObject({
    v: z.literal(DAILY_STATE_SCHEMA),
    open: z.object({ dailyId: z.string(), day: z.string().regex(DATE) }).optional(),
    postedDays: z.array(z.string().regex(DATE)),
    deck: z.object({ pack: z.string(), filter: z.string().optional(), order: z.array(z.string()), next: z.number().int().min(0) }),
  }),
);

export const dailyRecord: RecordKind<DailyRecord> = recordKind(
  'a daily question',
  z.looseObject({
    v: z.literal(DAILY_SCHEMA),
    id: z.string(),
    questionId: z.string(),
    order: OPTION_ORDER,
    localDate: z.string().regex(DATE),
    channelId: z.string(),
    postedAt: z.number(),
    extra: z.boolean(),
    offDay: z.literal(true).optional(),
    format: z.literal('open').optional(),
    messageId: z.string().optional(),
    closedAt: z.number().optional(),
    revealedAt: z.number().optional(),
  }),
);
