import { IANAZone } from 'luxon';
import { describe, expect, it, vi } from 'vitest';
import {
  formatLocalDateTime,
  isValidTimeZone,
  localDate,
  parseTimeOfDay,
  parseWeekdays,
  periodKey,
} from '../../../src/core/shared/time.js';
import { calendarDays } from '../../../src/core/standings/stat-card.js';

const at = (iso: string) => Date.parse(iso);

describe('team-local calendar', () => {
  it('Pacific/Auckland: a Monday morning there is still Sunday in UTC, and the week turns on the local Monday', () => {
    // 2026-11-29 23:30 UTC = Monday 2026-11-30 12:30 NZDT (UTC+13)
    const t = at('2026-11-29T23:30:00Z');
    expect(localDate(t, 'Pacific/Auckland')).toBe('2026-11-30');
    expect(periodKey('week', t, 'Pacific/Auckland')).toBe('week:2026-W49');
    expect(periodKey('week', t, 'UTC')).toBe('week:2026-W48');
    // 10:59 UTC on Sunday 29th = 23:59 Sunday in Auckland: still week 48 there.
    expect(periodKey('week', at('2026-11-29T10:59:00Z'), 'Pacific/Auckland')).toBe('week:2026-W48');
    expect(periodKey('week', at('2026-11-29T11:00:00Z'), 'Pacific/Auckland')).toBe('week:2026-W49');
  });

  it('America/Los_Angeles: the month turns at local midnight, eight hours after UTC', () => {
    const lastMinute = at('2026-12-01T07:59:00Z'); // 23:59 PST on Nov 30
    expect(periodKey('month', lastMinute, 'America/Los_Angeles')).toBe('month:2026-11');
    expect(periodKey('month', lastMinute, 'UTC')).toBe('month:2026-12');
    expect(periodKey('month', at('2026-12-01T08:00:00Z'), 'America/Los_Angeles')).toBe('month:2026-12');
  });

  it('Pacific/Auckland: the month turns thirteen hours before UTC', () => {
    const t = at('2026-11-30T11:00:00Z'); // 00:00 NZDT on Dec 1
    expect(periodKey('month', t, 'Pacific/Auckland')).toBe('month:2026-12');
    expect(periodKey('month', at('2026-11-30T10:59:59Z'), 'Pacific/Auckland')).toBe('month:2026-11');
  });

  it('ISO week-year: 2027-01-01 (a Friday) belongs to 2026-W53', () => {
    expect(periodKey('week', at('2027-01-01T12:00:00Z'), 'UTC')).toBe('week:2026-W53');
    expect(periodKey('week', at('2027-01-04T12:00:00Z'), 'UTC')).toBe('week:2027-W01');
  });

  it('weeks start on Monday in Los Angeles across a daylight-saving change', () => {
    // Sunday 2026-03-08 is the spring-forward day; Monday 03-09 starts W11.
    expect(periodKey('week', at('2026-03-09T06:59:00Z'), 'America/Los_Angeles')).toBe('week:2026-W10');
    expect(periodKey('week', at('2026-03-09T07:00:00Z'), 'America/Los_Angeles')).toBe('week:2026-W11');
  });

  it('validates timezones and times of day', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(parseTimeOfDay('09:30')).toEqual({ hour: 9, minute: 30 });
    expect(parseTimeOfDay('24:00')).toBeUndefined();
    expect(parseTimeOfDay('9.30')).toBeUndefined();
  });

  it('parses weekday lists', () => {
    expect(parseWeekdays('mon-fri')).toEqual({ days: [1, 2, 3, 4, 5] });
    expect(parseWeekdays('Monday,wed, fri')).toEqual({ days: [1, 3, 5] });
    expect(parseWeekdays('fri-mon')).toEqual({ days: [1, 5, 6, 7] });
    expect(parseWeekdays('every day')).toEqual({ days: [] });
    expect(parseWeekdays('weekends')).toEqual({ days: [6, 7] });
    expect(parseWeekdays('mon-sun')).toEqual({ days: [] });
    expect(parseWeekdays('funday')).toEqual({ error: '"funday" is not a weekday or a range like mon-fri' });
  });
});

describe('zone validity', () => {
  it('is worked out once per zone name: each check builds an Intl.DateTimeFormat, whose native memory outlives it', () => {
    const built = vi.spyOn(IANAZone, 'isValidZone');
    try {
      for (let i = 0; i < 1000; i++) {
        expect(isValidTimeZone('Asia/Kathmandu')).toBe(true);
        expect(isValidTimeZone('Mars/Phobos')).toBe(false);
      }
      expect(built.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      built.mockRestore();
    }
  });
});

describe('dates as members read them', () => {
  it('every month in three letters, September included (the runtime’s en-GB data writes "Sept")', () => {
    const sept = Date.parse('2026-09-15T07:30:00Z');
    expect(formatLocalDateTime(sept, 'Europe/Berlin')).toBe('Tue 15 Sep, 09:30');
    expect(formatLocalDateTime(Date.parse('2026-11-28T07:30:00Z'), 'UTC')).toBe('Sat 28 Nov, 07:30');
    const labels = calendarDays(new Map(), '2026-10-02').map((d) => d.week);
    expect(labels).toContain('7 Sep');
    expect(labels.every((l) => /^\d{1,2} [A-Z][a-z]{2}$/.test(l))).toBe(true);
  });
});
