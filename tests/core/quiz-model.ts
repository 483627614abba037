import { DateTime } from 'luxon';

/**
 * A reference model of the daily question, written from README.md ("How scoring works", "The daily schedule")
 * and deliberately not from src/core: the property tests in properties.test.ts run the engine and this model
 * side by side and compare them after every step. Keep it small and literal; when the README changes, this
 * changes with it.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

/** "A right answer earns 10 points." */
export const DAILY_POINTS = 10;
/** "Every 7 answered days in a row earn a freeze (at most 2 held)." */
export const ANSWERED_DAYS_PER_FREEZE = 7;
export const MAX_FREEZES_HELD = 2;
/** `quiz leaderboard`: "The top 10 and your own rank". */
export const TOP_SIZE = 10;

export interface Schedule {
  time: string;
  timezone: string;
  /** ISO weekdays (1 = Monday); absent: every day. */
  weekdays?: number[];
}

export interface ModelStreak {
  current: number;
  best: number;
  freezes: number;
  answeredOpen: boolean;
}

export interface ModelDaily {
  /** The team-local date it was posted on. */
  day: string;
  /** A second (third, …) daily of a day that already had one. */
  extra: boolean;
  /** Posted on a day without a scheduled daily: answering it is no streak day. */
  offDay?: boolean;
  open: boolean;
  /** Member → whether their one recorded answer was right. */
  answers: Map<string, boolean>;
}

export type AnswerOutcome = { status: 'recorded'; points: number } | { status: 'closed' } | { status: 'duplicate' };

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The team-local calendar date of an instant (YYYY-MM-DD), through Intl rather than the engine's luxon code. */
export function localDateOf(at: number, timezone: string): string {
  let format = dateFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timezone, format);
  }
  return format.format(at);
}

/** A calendar date as midnight UTC: plain date arithmetic, no zone involved. */
const utcMidnight = (date: string) => new Date(`${date}T00:00:00Z`);

export function isoWeekday(date: string): number {
  return ((utcMidnight(date).getUTCDay() + 6) % 7) + 1;
}

export function nextDateOf(date: string): string {
  return new Date(utcMidnight(date).getTime() + DAY_MS).toISOString().slice(0, 10);
}

/** "this week (ISO weeks, Monday to Sunday)": the week of the date's Thursday, in that Thursday's year. */
export function isoWeekOf(date: string): string {
  const thursday = new Date(utcMidnight(date).getTime() + (4 - isoWeekday(date)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const dayOfYear = Math.round((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS) + 1;
  const week = Math.floor((dayOfYear - 1) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The three leaderboard periods an answer at this instant counts toward, named as the engine's board keys. */
export function periodsAt(at: number, timezone: string): string[] {
  const date = localDateOf(at, timezone);
  return [`week:${isoWeekOf(date)}`, `month:${date.slice(0, 7)}`, 'all'];
}

/** The instant of a wall-clock time on a team-local date (the test only uses times that exist on every day). */
export function wallTime(date: string, time: string, timezone: string): number {
  return DateTime.fromISO(`${date}T${time}`, { zone: timezone }).toMillis();
}

/**
 * "Streaks count days": a posted day counts when the member answered a daily posted that day; days without a
 * daily change nothing; the open daily's day is no miss until it closes; 7 answered days in a row earn a freeze
 * (at most 2); a missed posted day spends one (the streak stays, the day counts neither toward the streak nor
 * toward the next 7) or, with none held, restarts the streak at 0; the best streak is kept.
 */
export function documentedStreak(
  postedDays: readonly string[],
  answeredDays: ReadonlySet<string>,
  openDay: string | undefined,
): ModelStreak {
  const streak = { current: 0, best: 0, freezes: 0 };
  let answeredTowardFreeze = 0;
  for (const day of postedDays) {
    if (answeredDays.has(day)) {
      streak.current += 1;
      streak.best = Math.max(streak.best, streak.current);
      answeredTowardFreeze += 1;
      if (answeredTowardFreeze === ANSWERED_DAYS_PER_FREEZE) {
        streak.freezes = Math.min(MAX_FREEZES_HELD, streak.freezes + 1);
        answeredTowardFreeze = 0;
      }
    } else if (day === openDay) {
    } else if (streak.freezes > 0) {
      // Read as: the answered days before and after a frozen day still make up the same 7 (it neither counts
      // nor restarts them), as tests/core/streaks.test.ts has it too.
      streak.freezes -= 1;
    } else {
      streak.current = 0;
      answeredTowardFreeze = 0;
    }
  }
  return { ...streak, answeredOpen: openDay !== undefined && answeredDays.has(openDay) };
}

/** One team's daily question as the README describes it. */
export class QuizModel {
  paused = false;
  /** Team-local dates that had a scheduled daily (the first of the day; extras add none), in posting order. */
  readonly postedDays: string[] = [];
  /** Team-local dates that had any daily: the schedule posts none more that day, and a second post is an extra. */
  readonly claimedDays = new Set<string>();
  readonly dailies: ModelDaily[] = [];
  /** Period ("week:2026-W10", "month:2026-03", "all") → member → points. */
  readonly boards = new Map<string, Map<string, number>>();

  constructor(readonly schedule: Schedule) {}

  get open(): ModelDaily | undefined {
    return this.dailies.find((d) => d.open);
  }

  /**
   * What a scheduler tick at `now` posts: today's daily, once its time has come, unless the team is paused,
   * today is not one of its weekdays, or today already had a daily (an admin's post counts).
   */
  scheduledPostDue(now: number): boolean {
    const { time, timezone, weekdays } = this.schedule;
    const today = localDateOf(now, timezone);
    if (this.paused || this.claimedDays.has(today)) return false;
    if (weekdays && !weekdays.includes(isoWeekday(today))) return false;
    return now >= wallTime(today, time, timezone);
  }

  /**
   * Posting closes the open daily; on a day that already had one, the new daily is an extra (no new posted day).
   * "Posted on a day without a scheduled daily (not one of the channel's weekdays, or while it is paused), it counts
   * for no streak": no posted day either.
   */
  post(now: number): ModelDaily {
    this.close();
    const day = localDateOf(now, this.schedule.timezone);
    const extra = this.claimedDays.has(day);
    this.claimedDays.add(day);
    const { weekdays } = this.schedule;
    // Off: no daily is scheduled now (paused, or not one of the weekdays) and none of the day's dailies counted yet.
    const scheduled = !this.paused && (weekdays === undefined || weekdays.includes(isoWeekday(day)));
    const off = !scheduled && !this.postedDays.includes(day);
    if (!off && !this.postedDays.includes(day)) this.postedDays.push(day);
    const daily: ModelDaily = { day, extra, offDay: off, open: true, answers: new Map() };
    this.dailies.push(daily);
    return daily;
  }

  close(): ModelDaily | undefined {
    const open = this.open;
    if (open) open.open = false;
    return open;
  }

  /** "One answer per member. A second answer, or one after the question closed, is refused." */
  refusal(memberId: string, daily: ModelDaily): 'closed' | 'duplicate' | undefined {
    if (!daily.open) return 'closed';
    if (daily.answers.has(memberId)) return 'duplicate';
    return undefined;
  }

  /** An answer not refused earns 10 points if right, in each period of the answer's time. */
  answer(memberId: string, daily: ModelDaily, right: boolean, now: number): AnswerOutcome {
    const refused = this.refusal(memberId, daily);
    if (refused) return { status: refused };
    daily.answers.set(memberId, right);
    const points = right ? DAILY_POINTS : 0;
    if (points > 0) {
      for (const period of periodsAt(now, this.schedule.timezone)) {
        const board = this.boards.get(period) ?? new Map<string, number>();
        board.set(memberId, (board.get(memberId) ?? 0) + points);
        this.boards.set(period, board);
      }
    }
    return { status: 'recorded', points };
  }

  answeredDays(memberId: string): Set<string> {
    return new Set(this.dailies.filter((d) => d.answers.has(memberId) && !d.offDay).map((d) => d.day));
  }

  /**
   * "A day is posted for a member when a daily was posted that day in a channel where they answered at least once
   * in the last 30 days": the model's one channel's posted days, each kept when the member answered on that day
   * or one of the 29 before it.
   */
  streakOf(memberId: string): ModelStreak {
    const answered = this.answeredDays(memberId);
    // Calendar dates as whole days since 1970 (UTC midnight of each): their difference is the days between them.
    const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
    const answeredNumbers = [...answered].map(dayNumber);
    const takingPart = (day: string) => {
      const n = dayNumber(day);
      return answeredNumbers.some((a) => n - a >= 0 && n - a < 30);
    };
    const posted = this.postedDays.filter(takingPart);
    const open = this.open?.day !== undefined && takingPart(this.open.day) ? this.open.day : undefined;
    return documentedStreak(posted, answered, open);
  }

  /** Answers recorded for a member over all dailies. */
  answerCount(memberId: string): number {
    return this.dailies.filter((d) => d.answers.has(memberId)).length;
  }
}

/** "Ties share a rank and the next rank skips": 1 + the number of members with strictly more points. */
export function documentedRank(board: ReadonlyMap<string, number>, memberId: string): number {
  const points = board.get(memberId) ?? 0;
  return 1 + [...board.values()].filter((p) => p > points).length;
}

/** A board's order: points descending; equal points by member id (the Store port's stable order). */
export function documentedOrder(board: ReadonlyMap<string, number>): { memberId: string; points: number }[] {
  return [...board]
    .map(([memberId, points]) => ({ memberId, points }))
    .sort((a, b) => b.points - a.points || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
}
