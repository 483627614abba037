import { IANAZone } from 'luxon';
import { parseTimeOfDay } from '../shared/time.js';
import type { DailySettings } from './channel-model.js';

/** What decides when a channel's daily is due. */
export type ScheduleConfig = Pick<DailySettings, 'time' | 'timezone' | 'weekdays' | 'paused'>;

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
  const day = calendarDate(date);
  if (config.weekdays?.length && !config.weekdays.includes(day.weekday)) return undefined;
  const key = `${config.timezone}|${date}|${config.time}`;
  let at = instants.get(key);
  if (at === undefined) {
    if (instants.size > 10_000) instants.clear();
    at = wallTimeInstant(day, config.time, config.timezone);
    instants.set(key, at);
  }
  return at;
}

/**
 * Teams share a few zones and times, and asking the zone for its offsets is the costly part of planning, so the
 * instant of each (zone, date, time) is worked out once.
 */
const instants = new Map<string, number>();

function wallTimeInstant(day: { year: number; month: number; day: number }, timeOfDay: string, timezone: string): number {
  const time = parseTimeOfDay(timeOfDay);
  if (!time) throw new Error(`invalid daily time ${timeOfDay}`);
  const zone = IANAZone.create(timezone);
  if (!zone.isValid) throw new Error(`invalid timezone ${timezone}`);
  // The wall-clock time read as if it were UTC; the real instant is that minus the zone's offset then.
  const wall = Date.UTC(day.year, day.month - 1, day.day, time.hour, time.minute);
  const offsets = new Set([zone.offset(wall - 36 * 60 * MINUTE), zone.offset(wall), zone.offset(wall + 36 * 60 * MINUTE)]);
  const candidates = [...offsets]
    .map((offset) => wall - offset * MINUTE)
    .filter((instant) => zone.offset(instant) * MINUTE === wall - instant) // shows this wall time
    .sort((a, b) => a - b);
  const first = candidates[0]; // the first occurrence when it occurs twice
  if (first !== undefined) return first;
  // In the gap: use the offset from before the change, which lands as many minutes after the gap as asked.
  const before = zone.offset(wall - 36 * 60 * MINUTE);
  return wall - before * MINUTE;
}

/** The next local date after `date` (YYYY-MM-DD). */
export function nextDate(date: string): string {
  const { year, month, day } = calendarDate(date);
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

/**
 * A YYYY-MM-DD date's parts and ISO weekday (1 = Monday). Plain Date arithmetic in UTC rather than luxon: a
 * calendar date has no zone, and the scheduler plans every team with this at start-up (10,000 teams in
 * milliseconds rather than half a second).
 */
function calendarDate(date: string): { year: number; month: number; day: number; weekday: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [NaN, NaN, NaN];
  const at = new Date(Date.UTC(year, month - 1, day));
  if (!match || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) throw new Error(`invalid local date ${date}`);
  return { year, month, day, weekday: ((at.getUTCDay() + 6) % 7) + 1 };
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
