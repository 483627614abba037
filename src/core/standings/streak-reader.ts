import type { TeamState } from '../daily/daily-model.js';
import type { MemberRecord } from './member-model.js';
import { computeStreak, type Streak } from './streaks.js';

/** A member's streak from the team's posted days and the dailies the member answered. */
export function streakOf(state: TeamState, member: MemberRecord | undefined): Streak {
  return computeStreak({
    postedDays: state.postedDays,
    answeredDays: new Set(member?.dailyDays ?? []),
    openDay: state.open?.day,
  });
}
