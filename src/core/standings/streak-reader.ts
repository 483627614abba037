import type { ChannelHistory } from '../daily/channels.js';
import type { MemberRecord } from './member-model.js';
import { computeStreak, daysThatCount, type Streak, type StreakInput } from './streaks.js';

/** A member's streak from the team's daily channels' posted days and the dailies the member answered in each. */
export function streakOf(histories: readonly ChannelHistory[], member: MemberRecord | undefined): Streak {
  return computeStreak(streakInput(histories, member));
}

/** The days a member's streak is computed from (see daysThatCount). */
export function streakInput(histories: readonly ChannelHistory[], member: MemberRecord | undefined): StreakInput {
  const { postedDays, openDays } = daysThatCount(
    histories.map(({ channelId, state }) => ({
      posted: state.postedDays,
      open: state.open?.day,
      answered: member?.channels?.[channelId]?.days ?? [],
    })),
  );
  return { postedDays, answeredDays: new Set(member?.dailyDays ?? []), openDays };
}
