/** The neutral vocabulary shared by the engine, the store and every adapter. No platform types here. */

export const PLATFORMS = ['discord', 'slack', 'shell'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** A team is a Discord server, a Slack workspace, or the local shell. */
export interface TeamRef {
  platform: Platform;
  teamId: string;
}

/**
 * A member as an adapter saw them in one event. The adapter reports what the platform says
 * (platformAdmin: Manage Server on Discord, workspace admin/owner on Slack; roleIds where roles exist);
 * the engine adds what the team configured (its quiz-admin role and admin list) to decide.
 */
export interface MemberRef extends TeamRef {
  userId: string;
  displayName: string;
  platformAdmin: boolean;
  roleIds?: readonly string[];
}

/** Where an answer was given; every answer lands in the member's answer log with this. */
export type AnswerSource = 'daily' | 'practice' | 'round' | 'review';

export interface AnswerLogEntry {
  questionId: string;
  at: number;
  /** Index into the question's canonical options: 0 is the correct answer, 1–3 the distractors. */
  option: number;
  correct: boolean;
  source: AnswerSource;
}

export const MEMBER_SCHEMA = 1;
export interface TopicTally {
  answered: number;
  correct: number;
}
export interface MemberRecord {
  v: typeof MEMBER_SCHEMA;
  id: string;
  /** Display name as last seen, for leaderboards. */
  name: string;
  answered: number;
  correct: number;
  topics: Record<string, TopicTally>;
  /** Team-local dates (YYYY-MM-DD) of the dailies this member answered, ascending, no repeats. */
  dailyDays: string[];
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

export const TEAM_SCHEMA = 1;
export interface TeamConfig {
  v: typeof TEAM_SCHEMA;
  /** Channel the daily is posted to; absent until an admin runs setup. */
  channelId?: string;
  /** HH:MM, team-local. */
  time: string;
  /** IANA zone name. */
  timezone: string;
  /** ISO weekdays (1 = Monday … 7 = Sunday) the daily is posted on; absent = every day. */
  weekdays?: number[];
  paused: boolean;
  /** A platform role whose holders count as quiz admins (Discord). */
  adminRoleId?: string;
  /** Members added as quiz admins by the team's admins (Slack team leads, shell users). */
  admins: string[];
  /** Question pack the daily and practice draw from. */
  pack: string;
  /** Topics the daily draws from (absent: all of the pack's). */
  dailyTopics?: string[];
  /** Difficulty range the daily draws from (absent: all). */
  dailyDifficulty?: { min: number; max: number };
  /** When the bot was removed from the team (Discord server left, Slack app uninstalled): the schedule stops,
   * and the team's data is deleted 30 days later unless the bot comes back. */
  removedAt?: number;
  /** Set when a post to the daily channel failed for good; shown to admins until setup succeeds again. */
  attention?: { reason: string; since: number };
  updatedAt: number;
}

export const TEAM_STATE_SCHEMA = 1;
/** What the daily cycle keeps per team; written only by the process that posts and closes dailies. */
export interface TeamState {
  v: typeof TEAM_STATE_SCHEMA;
  /** The daily that is open for answers, and the team-local date it was posted on. */
  open?: { dailyId: string; day: string };
  /** Team-local dates on which a daily was posted, ascending (extra dailies add no day). */
  postedDays: string[];
  /** The team's shuffled question order and the position of the next question in it (for one pool: `filter`). */
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
  messageId?: string;
  closedAt?: number;
  /** Set once the closing edit (buttons off, reveal on) has reached the platform. */
  revealedAt?: number;
}

export const PRACTICE_SCHEMA = 1;
export interface PracticeSession {
  v: typeof PRACTICE_SCHEMA;
  id: string;
  /** review: due questions from spaced repetition (answers count as review); practice otherwise. */
  kind?: 'practice' | 'review';
  /** For a review: how many were due when it started, and when the next review after those falls due. */
  due?: { count: number; nextAt?: number };
  items: { questionId: string; order: number[] }[];
  /** Index of the question on screen. */
  index: number;
  /** Per item: not answered yet (null), or whether it was right and the points it earned. */
  results: ({ correct: boolean; points: number } | null)[];
  startedAt: number;
}

/** The value stored under an answer claim: what the member picked. */
export interface StoredAnswer {
  option: number;
  correct: boolean;
  at: number;
  points: number;
}
