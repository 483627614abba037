import { DateTime, IANAZone } from 'luxon';
import { shortened } from './shortened.js';

/** Calendar arithmetic in a team's timezone. Pure: every function takes the instant it works on. */

/**
 * Whether a zone name is one the runtime knows. Remembered per name: checking builds an Intl.DateTimeFormat,
 * whose ICU objects live in native memory until the garbage collector gets round to their small JS wrappers, and
 * every team and daily-channel record read is checked. Unremembered, that grew the process by about 60 MB
 * under load (the soak benchmark: 137 → 203 MB resident).
 */
const zoneValidity = new Map<string, boolean>();

/**
 * A valid zone spelt as the IANA database does ("europe/berlin" → "Europe/Berlin"): what is stored and shown. Only
 * the letters' case changes: Intl would also turn a current name into an older alias (Asia/Kolkata → Asia/Calcutta).
 */
export function canonicalTimeZone(zone: string): string {
  const spelt = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  if (spelt.toLowerCase() === zone.toLowerCase()) return spelt;
  // An alias Intl resolves elsewhere (asia/kolkata → Asia/Calcutta): a name the database writes in capitals as it
  // is written there (est5edt → EST5EDT); typed in mixed case, as typed; else each part written as the database
  // writes names (ASIA/KOLKATA and asia/kolkata → Asia/Kolkata, us/pacific → US/Pacific).
  const capitals = UPPER_ZONES.find((z) => z.toLowerCase() === zone.toLowerCase());
  if (capitals) return capitals;
  if (zone !== zone.toLowerCase() && zone !== zone.toUpperCase()) return zone;
  return zone.replace(/[^/_-]+/g, (word) => {
    const w = word.toLowerCase();
    if (ZONE_ACRONYMS.has(w)) return w.toUpperCase();
    return ZONE_PARTICLES.has(w) ? w : w.charAt(0).toUpperCase() + w.slice(1);
  });
}

/** Whole zone names the database writes in capitals. */
const UPPER_ZONES = [
  'EST5EDT',
  'CST6CDT',
  'MST7MDT',
  'PST8PDT',
  'NZ-CHAT',
  'W-SU',
  'GMT0',
  'GMT+0',
  'GMT-0',
  'UCT',
  'UTC',
  'GMT',
  'EST',
  'MST',
  'HST',
  'PRC',
  'ROC',
  'ROK',
  'NZ',
  'GB',
  'CET',
  'EET',
  'MET',
  'WET',
];
/** Parts of zone names written in capitals (US/Pacific, Etc/UTC, NZ) or in lower case (Dar_es_Salaam). */
const ZONE_ACRONYMS = new Set([
  'us',
  'utc',
  'gmt',
  'uct',
  'nz',
  'prc',
  'roc',
  'rok',
  'gb',
  'est',
  'mst',
  'hst',
  'cet',
  'eet',
  'met',
  'wet',
]);
const ZONE_PARTICLES = new Set(['au', 'es', 'of']);

export function isValidTimeZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    if (zoneValidity.size > 1000) zoneValidity.clear();
    valid = IANAZone.isValidZone(zone);
    zoneValidity.set(zone, valid);
  }
  return valid;
}

function inZone(at: number, zone: string): DateTime {
  const dt = DateTime.fromMillis(at, { zone });
  if (!dt.isValid) throw new Error(`invalid timezone ${JSON.stringify(zone)}`);
  return dt;
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "Sat 28 Nov" (or "28 Nov" without the weekday). Spelt out here rather than by the runtime's locale data, which
 * writes September "Sept" and every other month in three letters.
 */
export function dayAndMonth(d: DateTime, { weekday = true } = {}): string {
  const day = WEEKDAY_NAMES[d.weekday - 1]!;
  return `${weekday ? `${day[0]!.toUpperCase()}${day.slice(1)} ` : ''}${d.day} ${MONTH_NAMES[d.month - 1]}`;
}

/** An instant as the team reads it on a calendar: "Sat 28 Nov, 07:30". */
export function formatLocalDateTime(at: number, zone: string): string {
  const local = inZone(at, zone);
  return `${dayAndMonth(local)}, ${local.toFormat('HH:mm')}`;
}

/** The team-local calendar date of an instant, as YYYY-MM-DD. */
export function localDate(at: number, zone: string): string {
  return inZone(at, zone).toISODate()!;
}

export type Period = 'week' | 'month' | 'all';
export const PERIODS: readonly Period[] = ['week', 'month', 'all'];

export interface Calendar {
  date: string;
  periods: Record<Period, string>;
}

/**
 * Every UTC offset is a whole number of quarter hours, so a local date (and week and month) cannot change inside
 * a quarter hour of UTC: answers in the same one share a calendar (a hot path computes it once per 15 minutes).
 */
const QUARTER_HOUR = 15 * 60 * 1000;
const calendars = new Map<string, Calendar>();

/** The team-local date and all three leaderboard periods of an instant. */
export function calendarOf(at: number, zone: string): Calendar {
  const key = `${zone}|${Math.floor(at / QUARTER_HOUR)}`;
  let calendar = calendars.get(key);
  if (!calendar) {
    if (calendars.size > 1000) calendars.clear();
    calendar = computeCalendar(at, zone);
    calendars.set(key, calendar);
  }
  return calendar;
}

function computeCalendar(at: number, zone: string): Calendar {
  const dt = inZone(at, zone);
  return {
    date: dt.toISODate()!,
    periods: {
      week: `week:${dt.weekYear}-W${String(dt.weekNumber).padStart(2, '0')}`,
      month: `month:${dt.toFormat('yyyy-MM')}`,
      all: 'all',
    },
  };
}

/** The leaderboard period an instant falls in: ISO weeks (Monday first, ISO week-year) and calendar months. */
export function periodKey(period: Period, at: number, zone: string): string {
  return calendarOf(at, zone).periods[period];
}

const HH_MM = /^([01]?\d|2[0-3]):([0-5]\d)$/;
/** Parses HH:MM (24-hour). Returns undefined when the text is not a time of day. */
export function parseTimeOfDay(text: string): { hour: number; minute: number } | undefined {
  const m = HH_MM.exec(text.trim());
  if (!m) return undefined;
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** A time of day as stored and shown, two digits each ("9:05" → "09:05"); undefined when it is not one. */
export function normalTimeOfDay(text: string): string | undefined {
  const t = parseTimeOfDay(text);
  return t && formatTimeOfDay(t.hour, t.minute);
}

export function formatTimeOfDay(hour: number, minute: number): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

export const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const WEEKDAY_FULL = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** 1–7 for "mon"/"monday" … "sun"/"sunday", 0 when it is not a weekday. */
function weekdayNumber(word: string): number {
  const i = WEEKDAY_NAMES.findIndex((short, n) => word === short || word === WEEKDAY_FULL[n]);
  return i + 1;
}

/**
 * Parses a weekday list: "mon-fri", "mon,wed,fri", "weekdays", "weekends", "every day" / "daily" / "all".
 * Returns ISO weekday numbers (1 = Monday), sorted, or an error naming what was not understood.
 * An empty result means every day.
 */
export function parseWeekdays(text: string): { days: number[] } | { error: string } {
  const s = text.trim().toLowerCase();
  if (['', 'all', 'daily', 'every day', 'everyday', 'any'].includes(s)) return { days: [] };
  if (s === 'weekdays') return { days: [1, 2, 3, 4, 5] };
  if (s === 'weekends') return { days: [6, 7] };
  const days = new Set<number>();
  for (const part of s.split(/[\s,]+/).filter(Boolean)) {
    const range = part.split('-');
    const ids = range.map((p) => weekdayNumber(p));
    if (range.length > 2 || ids.some((d) => d === 0)) {
      return { error: `"${shortened(part)}" is not a weekday or a range like mon-fri` };
    }
    const [from, to = from] = ids as [number, number?];
    for (let d = from; ; d = (d % 7) + 1) {
      days.add(d);
      if (d === to) break;
    }
  }
  const list = [...days].sort((x, y) => x - y);
  return { days: list.length === 7 ? [] : list };
}

export function formatWeekdays(days: readonly number[] | undefined): string {
  if (!days || days.length === 0 || days.length === 7) return 'every day';
  return days.map((d) => WEEKDAY_NAMES[d - 1]).join(', ');
}
