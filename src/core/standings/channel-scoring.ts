import { keys } from '../shared/keys.js';
import type { TeamRef } from '../shared/refs.js';
import { calendarOf, PERIODS } from '../shared/time.js';
import type { MemberRecord } from './member-model.js';

/** What one answer (or a round's award) in a daily channel adds to that channel's activity. */
export interface ChannelContribution {
  /** An answer, which makes its member active in the period (a round's award alone does not). */
  active: boolean;
  /** Choice answers and right ones, for the share right (an open daily's self-rated answer counts in neither). */
  answered: number;
  right: number;
  points: number;
}

/** The counters of a channel's activity in a period: what the channels board ranks from. */
export const CHANNEL_TALLY_FIELDS = ['members', 'answered', 'right', 'points'] as const;

/**
 * The writes an answer in a daily channel adds to the answer step: the member's points on the channel's boards
 * (hidden ones for a hidden member), and the channel's activity per period, where the member counts as an active
 * member the first time they answer there in the period (their previous answer there fell in another period).
 * Periods follow the team's timezone, as the team's boards do. Pure.
 */
export function channelScoring(
  team: TeamRef,
  channelId: string,
  previous: MemberRecord | undefined,
  next: MemberRecord,
  at: number,
  timezone: string,
  contribution: ChannelContribution,
): { boards: string[]; counts: { key: string; by: Record<string, number> }[] } {
  const now = calendarOf(at, timezone).periods;
  const lastAt = previous?.channels?.[channelId]?.lastAt;
  const before = lastAt === undefined ? undefined : calendarOf(lastAt, timezone).periods;
  const board = next.hidden ? keys.hiddenChannelBoard : keys.channelBoard;
  const counts = PERIODS.map((p) => ({
    key: keys.channelTally(team, channelId, now[p]),
    by: {
      members: contribution.active && before?.[p] !== now[p] ? 1 : 0,
      answered: contribution.answered,
      right: contribution.right,
      points: contribution.points,
    },
  }));
  return { boards: PERIODS.map((p) => board(team, channelId, now[p])), counts };
}
