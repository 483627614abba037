import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dueAt, nextDue } from '../../../src/core/daily/schedule.js';

const cfg = (time: string, timezone: string, extra: { weekdays?: number[]; paused?: boolean } = {}) => ({
  time,
  timezone,
  paused: extra.paused ?? false,
  weekdays: extra.weekdays,
});
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('the due-time function', () => {
  it('a time in the spring-forward gap posts at the same clock time shifted by the gap', () => {
    expect(iso(dueAt(cfg('02:30', 'America/New_York'), '2026-03-08'))).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(iso(dueAt(cfg('02:30', 'Europe/Berlin'), '2026-03-29'))).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(iso(dueAt(cfg('02:30', 'Pacific/Auckland'), '2026-09-27'))).toBe('2026-09-26T14:30:00.000Z'); // 03:30 NZDT
  });

  it('a time that occurs twice (fall-back) posts once, at the first', () => {
    expect(iso(dueAt(cfg('01:30', 'America/New_York'), '2026-11-01'))).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
    expect(iso(dueAt(cfg('02:30', 'Europe/Berlin'), '2026-10-25'))).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST
    expect(iso(dueAt(cfg('02:30', 'Pacific/Auckland'), '2026-04-05'))).toBe('2026-04-04T13:30:00.000Z'); // 02:30 NZDT
  });

  it('Asia/Kolkata has no daylight saving: the same UTC time every day of the year', () => {
    for (let d = DateTime.fromISO('2026-01-01', { zone: 'UTC' }); d.year === 2026; d = d.plus({ days: 1 })) {
      expect(iso(dueAt(cfg('09:00', 'Asia/Kolkata'), d.toISODate()!))).toBe(`${d.toISODate()}T03:30:00.000Z`);
    }
  });

  it('weekday filters and pause hold', () => {
    const weekdays = cfg('09:00', 'UTC', { weekdays: [1, 2, 3, 4, 5] });
    expect(dueAt(weekdays, '2026-03-07')).toBeUndefined(); // Saturday
    expect(dueAt(weekdays, '2026-03-09')).toBeDefined(); // Monday
    expect(dueAt(cfg('09:00', 'UTC', { paused: true }), '2026-03-09')).toBeUndefined();
    // From a Saturday the next due day is Monday.
    expect(nextDue(weekdays, '2026-03-07', false)).toEqual({ date: '2026-03-09', at: Date.parse('2026-03-09T09:00:00Z') });
    expect(nextDue(cfg('09:00', 'UTC', { paused: true }), '2026-03-07', false)).toBeUndefined();
  });

  it('today stays due until posted, however late (catch-up); after that, tomorrow', () => {
    const c = cfg('09:00', 'Europe/Berlin');
    expect(nextDue(c, '2026-03-02', false)).toEqual({ date: '2026-03-02', at: Date.parse('2026-03-02T08:00:00Z') });
    expect(nextDue(c, '2026-03-02', true)).toEqual({ date: '2026-03-03', at: Date.parse('2026-03-03T08:00:00Z') });
  });
});
