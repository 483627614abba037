import { describe, expect, it } from 'vitest';
import { addDay, computeStreak, daysThatCount, MAX_FREEZES } from '../../../src/core/standings/streaks.js';

/** Consecutive dates from a start day, as YYYY-MM-DD. */
function days(start: string, n: number): string[] {
  const out: string[] = [];
  const d = new Date(`${start}T00:00:00Z`);
  for (let i = 0; i < n; i++) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

const streak = (posted: string[], answered: string[], openDay?: string) =>
  computeStreak({ postedDays: posted, answeredDays: new Set(answered), openDays: new Set(openDay ? [openDay] : []) });

describe('streaks count team-local days', () => {
  it('counts consecutive posted days the member answered', () => {
    const posted = days('2026-03-02', 5);
    expect(streak(posted, posted)).toMatchObject({ current: 5, best: 5, freezes: 0 });
  });

  it('a posted day missed without a freeze restarts the streak; best is kept', () => {
    const posted = days('2026-03-02', 6);
    const answered = [posted[0]!, posted[1]!, posted[2]!, posted[4]!, posted[5]!];
    expect(streak(posted, answered)).toMatchObject({ current: 2, best: 3, freezes: 0 });
  });

  it('days with no daily (weekend off, paused, bot down) neither extend nor break it', () => {
    // Mon–Fri posted, weekend not posted, Mon–Tue posted: the gap is not a miss.
    const week1 = days('2026-03-02', 5);
    const week2 = days('2026-03-09', 2);
    const posted = [...week1, ...week2];
    expect(streak(posted, posted)).toMatchObject({ current: 7 });
    // Paused for ten days: the streak carries over.
    const afterPause = days('2026-03-21', 3);
    expect(streak([...posted, ...afterPause], [...posted, ...afterPause]).current).toBe(10);
  });

  it('the open day is not a miss until its daily closes', () => {
    const posted = days('2026-03-02', 3);
    const answered = posted.slice(0, 2);
    expect(streak(posted, answered, posted[2])).toMatchObject({ current: 2, answeredOpen: false });
    // Once closed (no longer open), the unanswered day is a miss.
    expect(streak(posted, answered).current).toBe(0);
  });

  it('earns one freeze per 7 answered days in a row and spends it on a missed posted day', () => {
    const posted = days('2026-03-01', 9);
    const answered = [...posted.slice(0, 7), posted[8]!]; // day 8 (index 7) missed
    const s = streak(posted, answered);
    expect(s.freezes).toBe(0); // earned after 7, spent on the miss
    expect(s.current).toBe(8); // the frozen day keeps the streak but does not add to it
  });

  it('holds at most two freezes', () => {
    const posted = days('2026-01-01', 28);
    expect(streak(posted, posted).freezes).toBe(MAX_FREEZES);
  });

  it('frozen days do not count toward the next freeze', () => {
    // 7 answered (freeze earned), 1 missed (freeze spent), 6 answered: 6 toward the next, not 7.
    const posted = days('2026-01-01', 14);
    const answered = posted.filter((_, i) => i !== 7);
    expect(streak(posted, answered)).toMatchObject({ current: 13, freezes: 0 });
    // One more answered day makes 7 answered since the last freeze was earned: a new freeze.
    const more = days('2026-01-01', 15);
    expect(
      streak(
        more,
        more.filter((_, i) => i !== 7),
      ),
    ).toMatchObject({ current: 14, freezes: 1 });
  });

  it('with no freeze left, the next miss restarts the streak', () => {
    const posted = days('2026-01-01', 10);
    const answered = posted.filter((_, i) => i !== 7 && i !== 8);
    expect(streak(posted, answered)).toMatchObject({ current: 1, best: 7, freezes: 0 });
  });

  it('is never negative and never exceeds the posted days', () => {
    expect(streak([], [])).toEqual({ current: 0, best: 0, freezes: 0, answeredOpen: false });
    expect(streak(days('2026-01-01', 3), ['2025-12-31']).current).toBe(0);
  });

  it('addDay keeps the list ascending without repeats', () => {
    expect(addDay(['2026-01-02'], '2026-01-03')).toEqual(['2026-01-02', '2026-01-03']);
    expect(addDay(['2026-01-02', '2026-01-04'], '2026-01-03')).toEqual(['2026-01-02', '2026-01-03', '2026-01-04']);
    expect(addDay(['2026-01-02'], '2026-01-02')).toEqual(['2026-01-02']);
  });
});

describe('days that count across daily channels', () => {
  it('a channel’s day counts for a member who answered there that day or in the 29 days before it', () => {
    const posted = days('2026-03-01', 40);
    const { postedDays } = daysThatCount([{ posted, answered: ['2026-03-05'] }]);
    // From the first answer on (earlier days never count), for 30 days: 03-05 … 04-03.
    expect(postedDays).toEqual(days('2026-03-05', 30));
  });

  it('days of a channel the member never answered in never count', () => {
    const { postedDays } = daysThatCount([
      { posted: days('2026-03-02', 5), answered: ['2026-03-02'] },
      { posted: days('2026-03-01', 10), answered: [] },
    ]);
    expect(postedDays).toEqual(days('2026-03-02', 5));
  });

  it('two channels posting the same day make one day', () => {
    const a = days('2026-03-02', 3);
    const { postedDays } = daysThatCount([
      { posted: a, answered: a },
      { posted: a, answered: [a[0]!] },
    ]);
    expect(postedDays).toEqual(a);
    expect(computeStreak({ postedDays, answeredDays: new Set(a) }).current).toBe(3);
  });

  it('an open daily is pending only in a channel where the day counts for the member', () => {
    const posted = days('2026-03-02', 3);
    const taking = daysThatCount([{ posted, open: posted[2], answered: [posted[0]!] }]);
    expect([...taking.openDays]).toEqual([posted[2]]);
    const never = daysThatCount([{ posted, open: posted[2], answered: [] }]);
    expect(never.openDays.size).toBe(0);
  });

  it('the 30-day window counts whole calendar days across a month end and a leap day', () => {
    const { postedDays } = daysThatCount([{ posted: ['2028-02-28', '2028-03-28', '2028-03-29'], answered: ['2028-02-28'] }]);
    // 2028-03-28 is 29 days after 2028-02-28 (2028 is a leap year); 03-29 is 30 days after: out.
    expect(postedDays).toEqual(['2028-02-28', '2028-03-28']);
  });
});
