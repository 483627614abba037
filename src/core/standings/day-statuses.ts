import { FREEZE_EVERY, MAX_FREEZES, type StreakInput } from './streaks.js';

/** What a day was for a member's streak: the squares of the stat card's calendar. */
export type DayStatus = 'answered' | 'frozen' | 'missed' | 'open';

/**
 * Each posted day's part in the streak, by the same rule as computeStreak (streaks.ts): answered, missed with a
 * freeze spent (frozen), missed, or still open. Days not listed had no daily for the member.
 */
export function dayStatuses({ postedDays, answeredDays, openDays = new Set() }: StreakInput): Map<string, DayStatus> {
  const statuses = new Map<string, DayStatus>();
  let freezes = 0;
  let row = 0;
  for (const day of postedDays) {
    if (answeredDays.has(day)) {
      statuses.set(day, 'answered');
      row += 1;
      if (row === FREEZE_EVERY) {
        freezes = Math.min(MAX_FREEZES, freezes + 1);
        row = 0;
      }
    } else if (openDays.has(day)) {
      statuses.set(day, 'open');
    } else if (freezes > 0) {
      freezes -= 1;
      statuses.set(day, 'frozen');
    } else {
      statuses.set(day, 'missed');
      row = 0;
    }
  }
  return statuses;
}
