import { z } from 'zod';
import { type RecordKind, recordKind } from '../shared/records.js';
/** What Backprop keeps about a member in a team: their record, their answer log, their answers. */

/**
 * Where an answer was given; every multiple-choice answer lands in the member's answer log with this. An open
 * daily ("open": answered in one's own words, self-rated) is no choice answer: it earns fixed points and a
 * streak day, and leaves the accuracy figures and the log alone.
 */
export type AnswerSource = 'daily' | 'practice' | 'round' | 'review' | 'open';

export interface AnswerLogEntry {
  questionId: string;
  at: number;
  /** Index into the question's canonical options: 0 is the correct answer, 1–3 the distractors. */
  option: number;
  correct: boolean;
  source: Exclude<AnswerSource, 'open'>;
}

export const MEMBER_SCHEMA = 1;
export interface TopicTally {
  answered: number;
  correct: number;
}
/** A member's part in one daily channel of the team. */
export interface ChannelActivity {
  /** Local dates of the channel's dailies the member answered, ascending, no repeats. */
  days: string[];
  /** The member's latest answer in the channel (its dailies, and rounds played in it). */
  lastAt: number;
}

export interface MemberRecord {
  v: typeof MEMBER_SCHEMA;
  id: string;
  /** Display name as last seen, for leaderboards. */
  name: string;
  answered: number;
  correct: number;
  topics: Record<string, TopicTally>;
  /** Local dates (YYYY-MM-DD) of the dailies this member answered, in any channel, ascending, no repeats. */
  dailyDays: string[];
  /** Per daily channel the member answered in: their days there (streaks) and latest answer (active members). */
  channels?: Record<string, ChannelActivity>;
  /** Capped points already earned on capDay (team-local date): practice+review share one cap, rounds another. */
  capDay: string;
  capped: { practice: number; round: number };
  firstSeenAt: number;
  lastSeenAt: number;
  /** Off the leaderboards (quiz privacy hide): points go to hidden boards; streak and stats stay the member's. */
  hidden?: boolean;
  /** Every answer of this member is a spaced-repetition review (absent: answers from before that existed, in the log only). */
  srs?: true;
}

/** An answer record: what the member picked, when, and the points it earned. */
export interface StoredAnswer {
  option: number;
  correct: boolean;
  at: number;
  points: number;
}

const COUNT = z.number().int().min(0);

export const memberRecord: RecordKind<MemberRecord> = recordKind(
  'a member’s record',
  z.looseObject({
    v: z.literal(MEMBER_SCHEMA),
    id: z.string(),
    name: z.string(),
    answered: COUNT,
    correct: COUNT,
    topics: z.record(z.string(), z.object({ answered: COUNT, correct: COUNT })),
    dailyDays: z.array(z.string()),
    channels: z.record(z.string(), z.object({ days: z.array(z.string()), lastAt: z.number() })).optional(),
    capDay: z.string(),
    capped: z.object({ practice: z.number(), round: z.number() }),
    firstSeenAt: z.number(),
    lastSeenAt: z.number(),
    hidden: z.boolean().optional(),
    srs: z.literal(true).optional(),
  }),
);
