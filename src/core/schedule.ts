import { DateTime, IANAZone } from 'luxon';
import type { TeamConfig } from './model.js';
import { parseTimeOfDay } from './time.js';

/** What decides when a team's daily is due. */
export type ScheduleConfig = Pick<TeamConfig, 'time' | 'timezone' | 'weekdays' | 'paused'>;

const MINUTE = 60_000;

/**
 * The instant a team's daily is due on a team-local date (YYYY-MM-DD), or undefined when none is due that day
 * (paused, or not one of its weekdays). Pure.
 *
 * Daylight saving: a local time that does not exist that day (the spring-forward gap) is shifted by the gap
 * (02:30 on 2026-03-08 in America/New_York is 03:30 EDT); a local time that occurs twice (fall-back) is due
 * once, at its first occurrence.
 */
export function dueAt(config: ScheduleConfig, date: string): number | undefined {
  if (config.paused) return undefined;
  const day = DateTime.fromISO(date, { zone: 'UTC' });
  if (!day.isValid) throw new Error(`invalid local date ${date}`);
  if (config.weekdays?.length && !config.weekdays.includes(day.weekday)) return undefined;
  const time = parseTimeOfDay(config.time);
  if (!time) throw new Error(`invalid daily time ${config.time}`);
  const zone = IANAZone.create(config.timezone);
  if (!zone.isValid) throw new Error(`invalid timezone ${config.timezone}`);
  // The wall-clock time read as if it were UTC; the real instant is that minus the zone's offset then.
  const wall = Date.UTC(day.year, day.month - 1, day.day, time.hour, time.minute);
  const offsets = new Set([zone.offset(wall - 36 * 60 * MINUTE), zone.offset(wall), zone.offset(wall + 36 * 60 * MINUTE)]);
  const candidates = [...offsets]
    .map((offset) => wall - offset * MINUTE)
    .filter((instant) => zone.offset(instant) * MINUTE === wall - instant) // shows this wall time
    .sort((a, b) => a - b);
  if (candidates.length > 0) return candidates[0]; // the first occurrence when it occurs twice
  // In the gap: use the offset from before the change, which lands as many minutes after the gap as asked.
  const before = zone.offset(wall - 36 * 60 * MINUTE);
  return wall - before * MINUTE;
}

/** The next local date after `date` (YYYY-MM-DD). */
export function nextDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toISODate()!;
}

export interface Due {
  /** The team-local date the daily belongs to. */
  date: string;
  at: number;
}

/**
 * The next daily a team should post, looking from `today` (its current local date): today's when today has no
 * daily yet (however late in the day: a process that was down at the due time catches up while the day lasts),
 * else the next due day. Days entirely missed are never posted late.
 */
export function nextDue(config: ScheduleConfig, today: string, todayPosted: boolean): Due | undefined {
  let date = today;
  for (let i = 0; i < 8; i++, date = nextDate(date)) {
    if (i === 0 && todayPosted) continue;
    const at = dueAt(config, date);
    if (at !== undefined) return { date, at };
  }
  return undefined;
}
