/**
 * Streaks count days, one streak per member per team however many daily channels it has (the README states the
 * rule for members):
 * - a day counts when the member answered a daily of that day (a daily's day is its channel's local date);
 * - a day is a posted day for the member when a daily was posted that day in a channel where they answered at
 *   least once in the 30 days up to it (see daysThatCount): a channel they never take part in never costs them;
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
  /** The member's posted days (see daysThatCount), ascending, no repeats. */
  postedDays: readonly string[];
  /** Days of dailies the member answered. */
  answeredDays: ReadonlySet<string>;
  /** Days of dailies still open in the member's channels: not a miss yet. */
  openDays?: ReadonlySet<string>;
}

export interface Streak {
  current: number;
  best: number;
  freezes: number;
  /** Whether the member has answered a daily that is still open (today's streak day is in). */
  answeredOpen: boolean;
}

export function computeStreak({ postedDays, answeredDays, openDays = new Set() }: StreakInput): Streak {
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
    } else if (openDays.has(day)) {
      // still answerable: not a miss yet
    } else if (freezes > 0) {
      freezes -= 1;
    } else {
      current = 0;
      row = 0;
    }
  }
  return { current, best, freezes, answeredOpen: [...openDays].some((day) => answeredDays.has(day)) };
}

/** How far back an answer in a channel makes that channel's days count for the member. */
export const TAKING_PART_DAYS = 30;

/** One daily channel as a member's streak sees it. */
export interface ChannelDays {
  /** Days a daily was posted in the channel, ascending. */
  posted: readonly string[];
  /** The day of its daily still open, if any. */
  open?: string;
  /** Days of the channel's dailies the member answered, ascending. */
  answered: readonly string[];
}

/**
 * The member's posted days and open days across a team's daily channels: a channel's day counts when the member
 * answered in that channel on that day or in the 29 days before it. Pure; linear in the days listed.
 */
export function daysThatCount(channels: readonly ChannelDays[]): { postedDays: string[]; openDays: Set<string> } {
  const posted = new Set<string>();
  const openDays = new Set<string>();
  for (const channel of channels) {
    if (channel.answered.length === 0) continue;
    const answered = channel.answered.map(dayNumber);
    let last = -1; // index of the latest answered day on or before the posted day
    for (const day of channel.posted) {
      const n = dayNumber(day);
      while (last + 1 < answered.length && answered[last + 1]! <= n) last++;
      if (last >= 0 && n - answered[last]! < TAKING_PART_DAYS) {
        posted.add(day);
        if (day === channel.open) openDays.add(day);
      }
    }
  }
  return { postedDays: [...posted].sort(), openDays };
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

/** Adds a day to an ascending, duplicate-free list of dates (YYYY-MM-DD sorts as text). */
export function addDay(days: readonly string[], day: string): string[] {
  const last = days[days.length - 1];
  if (last === undefined || last < day) return [...days, day]; // the usual case: today comes last
  if (days.includes(day)) return [...days];
  return [...days, day].sort();
}
