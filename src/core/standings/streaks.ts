/**
 * Streaks count team-local days (the README states the rule for members):
 * - a day counts when a daily was posted that day and the member answered a daily posted that day;
 * - days with no daily (weekends off, paused, bot down) neither extend nor break a streak;
 * - one freeze is earned per 7 answered days in a row (frozen days keep the row going but do not count
 *   toward the 7), at most 2 held; a posted day the member missed spends a freeze if one is held,
 *   otherwise the streak restarts at 0;
 * - the day whose daily is still open is not a miss yet.
 * Computed from the history when read, so closing a daily writes nothing per member and a retried
 * close can never spend a freeze twice.
 */
export const FREEZE_EVERY = 7;
export const MAX_FREEZES = 2;

export interface StreakInput {
  /** Team-local dates with a daily, ascending, no repeats. */
  postedDays: readonly string[];
  /** Team-local dates of dailies the member answered. */
  answeredDays: ReadonlySet<string>;
  /** The day of the daily that is still open, if any. */
  openDay?: string;
}

export interface Streak {
  current: number;
  best: number;
  freezes: number;
  /** Whether the member has answered the open daily. */
  answeredOpen: boolean;
}

export function computeStreak({ postedDays, answeredDays, openDay }: StreakInput): Streak {
  let current = 0;
  let best = 0;
  let freezes = 0;
  let row = 0; // answered days toward the next freeze
  for (const day of postedDays) {
    if (answeredDays.has(day)) {
      current += 1;
      row += 1;
      if (row === FREEZE_EVERY) {
        freezes = Math.min(MAX_FREEZES, freezes + 1);
        row = 0;
      }
      best = Math.max(best, current);
    } else if (day === openDay) {
      // still answerable: not a miss yet
    } else if (freezes > 0) {
      freezes -= 1;
    } else {
      current = 0;
      row = 0;
    }
  }
  return { current, best, freezes, answeredOpen: openDay !== undefined && answeredDays.has(openDay) };
}

/** Adds a day to an ascending, duplicate-free list of dates (YYYY-MM-DD sorts as text). */
export function addDay(days: readonly string[], day: string): string[] {
  const last = days[days.length - 1];
  if (last === undefined || last < day) return [...days, day]; // the usual case: today comes last
  if (days.includes(day)) return [...days];
  return [...days, day].sort();
}
