import type { AnswerSource, MemberRecord } from './model.js';
import { MEMBER_SCHEMA } from './model.js';
import { addDay } from './streaks.js';

/** Points per right answer, and the daily caps (per member, per team-local day). */
export const POINTS = { daily: 10, practice: 1, review: 1 } as const;
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
}

/** The member's record after one answer, and the points it earns with the caps applied. Pure. */
export function applyAnswer(
  previous: MemberRecord | undefined,
  facts: AnswerFacts,
): { next: MemberRecord; points: number } {
  const base = previous ?? newMember(facts.memberId, facts.name, facts.at);
  const capped = base.capDay === facts.today ? { ...base.capped } : { practice: 0, round: 0 };
  let points = facts.correct ? facts.basePoints : 0;
  const cap = capOf(facts.source);
  if (cap) {
    points = Math.max(0, Math.min(points, DAILY_CAP[cap] - capped[cap]));
    capped[cap] += points;
  }
  const topic = base.topics[facts.topic] ?? { answered: 0, correct: 0 };
  const next: MemberRecord = {
    ...base,
    name: facts.name || base.name,
    answered: base.answered + 1,
    correct: base.correct + (facts.correct ? 1 : 0),
    topics: {
      ...base.topics,
      [facts.topic]: { answered: topic.answered + 1, correct: topic.correct + (facts.correct ? 1 : 0) },
    },
    dailyDays: facts.dailyDay ? addDay(base.dailyDays, facts.dailyDay) : base.dailyDays,
    capDay: facts.today,
    capped,
    lastSeenAt: facts.at,
  };
  return { next, points };
}
