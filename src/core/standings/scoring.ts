import { own } from '../shared/own.js';
import type { AnswerSource, MemberRecord } from './member-model.js';
import { MEMBER_SCHEMA } from './member-model.js';
import { addDay } from './streaks.js';

/** Points per right answer (an open daily: for taking part), and the daily caps (per member, per team-local day). */
export const POINTS = { daily: 10, practice: 1, review: 1, openDaily: 5 } as const;
export const DAILY_CAP = { practice: 10, round: 30 } as const;

/** Which cap an answer source counts against; the daily question is not capped (one per day). */
function capOf(source: AnswerSource): keyof typeof DAILY_CAP | undefined {
  if (source === 'practice' || source === 'review') return 'practice';
  if (source === 'round') return 'round';
  return undefined;
}

export function newMember(id: string, name: string, at: number): MemberRecord {
  return {
    v: MEMBER_SCHEMA,
    id,
    name,
    answered: 0,
    correct: 0,
    topics: {},
    dailyDays: [],
    capDay: '',
    capped: { practice: 0, round: 0 },
    firstSeenAt: at,
    lastSeenAt: at,
  };
}

export interface AnswerFacts {
  memberId: string;
  name: string;
  topic: string;
  correct: boolean;
  source: AnswerSource;
  /** Points the answer would earn before caps. */
  basePoints: number;
  at: number;
  /** Team-local date of the answer, for the caps. */
  today: string;
  /** For daily answers: the local date of the daily, which the streak counts. */
  dailyDay?: string;
  /** The daily channel answered in (its daily, or a round played there). */
  channelId?: string;
}

/** The member's record after one answer, and the points it earns with the caps applied. Pure. */
export function applyAnswer(previous: MemberRecord | undefined, facts: AnswerFacts): { next: MemberRecord; points: number } {
  const base = previous ?? newMember(facts.memberId, facts.name, facts.at);
  const capped = base.capDay === facts.today ? { ...base.capped } : { practice: 0, round: 0 };
  // An open daily is self-rated, so it cannot be right or wrong: taking part earns its points, and the
  // multiple-choice figures (answers, accuracy, topics) stay as they were.
  const open = facts.source === 'open';
  let points = facts.correct || open ? facts.basePoints : 0;
  const cap = capOf(facts.source);
  if (cap) {
    points = Math.max(0, Math.min(points, DAILY_CAP[cap] - capped[cap]));
    capped[cap] += points;
  }
  const topic = own(base.topics, facts.topic) ?? { answered: 0, correct: 0 };
  const next: MemberRecord = {
    ...base,
    name: facts.name || base.name,
    answered: base.answered + (open ? 0 : 1),
    correct: base.correct + (facts.correct && !open ? 1 : 0),
    topics: open
      ? base.topics
      : { ...base.topics, [facts.topic]: { answered: topic.answered + 1, correct: topic.correct + (facts.correct ? 1 : 0) } },
    dailyDays: facts.dailyDay ? addDay(base.dailyDays, facts.dailyDay) : base.dailyDays,
    channels: facts.channelId ? withActivity(base.channels, facts.channelId, facts.at, facts.dailyDay) : base.channels,
    capDay: facts.today,
    capped,
    lastSeenAt: facts.at,
    srs: true,
  };
  return { next, points };
}

/** The member's channels after an answer in one of them (and its daily's day, for a daily). Pure. */
function withActivity(channels: MemberRecord['channels'], channelId: string, at: number, dailyDay?: string): MemberRecord['channels'] {
  const was = channels?.[channelId];
  const days = was?.days ?? [];
  return { ...channels, [channelId]: { days: dailyDay ? addDay(days, dailyDay) : days, lastAt: Math.max(at, was?.lastAt ?? 0) } };
}

/** Live rounds: a right answer earns 1000 at once, falling linearly to 500 at the deadline. */
export const ROUND_POINTS = { fastest: 1000, slowest: 500, streakBonus: 100 } as const;

/**
 * A right answer's round points: speed (1000 down to 500 over the time allowed) plus 100 for each consecutive
 * right answer in the round before this one (the 2nd in a row +100, the 3rd +200, …). Wrong: 0. Pure.
 */
export function roundAnswerPoints(elapsedMs: number, allowedMs: number, correct: boolean, rightInARowBefore: number): number {
  if (!correct) return 0;
  const share = Math.min(1, Math.max(0, elapsedMs / allowedMs));
  const speed = Math.round(ROUND_POINTS.fastest - (ROUND_POINTS.fastest - ROUND_POINTS.slowest) * share);
  return speed + ROUND_POINTS.streakBonus * rightInARowBefore;
}

/** What a round adds to the team leaderboards: its points ÷ 100, rounded (the daily round cap applies). */
export const roundLeaderboardPoints = (roundPoints: number) => Math.round(roundPoints / 100);

/** A round's leaderboard points for one member, with the daily round cap applied. Pure. */
export function applyRoundAward(
  previous: MemberRecord | undefined,
  award: { memberId: string; name: string; points: number; at: number; today: string },
): { next: MemberRecord; points: number } {
  const base = previous ?? newMember(award.memberId, award.name, award.at);
  const capped = base.capDay === award.today ? { ...base.capped } : { practice: 0, round: 0 };
  const points = Math.max(0, Math.min(award.points, DAILY_CAP.round - capped.round));
  capped.round += points;
  return { next: { ...base, capDay: award.today, capped, lastSeenAt: award.at }, points };
}
