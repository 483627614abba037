import { DateTime } from 'luxon';
import { cleanName, type Picture } from '../shared/messages.js';
import { dayAndMonth } from '../shared/time.js';
import type { DayStatus } from './day-statuses.js';
import type { MemberStats } from './stats.js';

/**
 * The stat card: a member's last 26 weeks as a calendar (one square a day, GitHub-style), mastery per topic as
 * bars (picking the answer and recalling it), and the headline figures. Built as a Vega-Lite spec (plain data:
 * src/pictures draws it); the alt text says the same in words.
 */
export const CARD_WEEKS = 26;

const STATUS_LABELS: Record<DayStatus | 'none', string> = {
  answered: 'answered',
  frozen: 'kept by a freeze',
  missed: 'missed',
  open: 'open today',
  none: 'no daily',
};
// GitHub's green for an answered day, blue for a freeze, red for a miss, amber for today, grey for no daily.
const STATUS_COLOURS = ['#1a7f37', '#54aeff', '#cf222e', '#bf8700', '#e1e4e8'];
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** 26 weeks of 14-unit squares: the whole card stays about 480 units wide, legible at a 400-pixel preview. */
const CELL = 14;
const WIDTH = CARD_WEEKS * CELL;
/** The topics shown as bars: the strongest ones (the text lists every topic). */
const MAX_TOPICS = 8;

/** One calendar square per day of the last 26 weeks (Monday to Sunday), up to today. */
export function calendarDays(
  days: ReadonlyMap<string, DayStatus>,
  today: string,
): { date: string; week: string; weekday: string; status: string }[] {
  const end = DateTime.fromISO(today, { zone: 'utc' });
  const start = end.startOf('week').minus({ weeks: CARD_WEEKS - 1 });
  const out: { date: string; week: string; weekday: string; status: string }[] = [];
  let week = '';
  for (let day = start; day <= end; day = day.plus({ days: 1 })) {
    // A week's label is formatted once, on its Monday (formatting is the costly part of this loop).
    if (day.weekday === 1) week = dayAndMonth(day, { weekday: false });
    const date = day.toISODate()!;
    out.push({ date, week, weekday: WEEKDAYS[day.weekday - 1]!, status: STATUS_LABELS[days.get(date) ?? 'none'] });
  }
  return out;
}

/** Names longer than fit one label line are broken at the space that best balances two lines ("Attention and / transformers"). */
const LINE = 20;
export function twoLines(name: string): string {
  if (name.length <= LINE || !name.includes(' ')) return name;
  let best = name;
  let longest = Number.POSITIVE_INFINITY;
  for (let i = name.indexOf(' '); i !== -1; i = name.indexOf(' ', i + 1)) {
    const worse = Math.max(i, name.length - i - 1);
    if (worse < longest) [best, longest] = [`${name.slice(0, i)}\n${name.slice(i + 1)}`, worse];
  }
  return best;
}

const pct = (share: number) => `${Math.round(100 * share)}%`;

export function statCard(stats: MemberStats, name: string): Picture {
  const who = cleanName(name, 40);
  const answered = stats.record?.answered ?? 0;
  const correct = stats.record?.correct ?? 0;
  const calendar = calendarDays(stats.days, stats.today);
  const weeks = [...new Set(calendar.map((d) => d.week))];
  const count = (label: string) => calendar.filter((d) => d.status === label).length;
  const recallOf = new Map(stats.recall.map((r) => [r.topic, r.mastery]));
  // Recall bars only for a member who has used interview mode (the text shows – otherwise).
  const kinds = stats.recallCards > 0 ? ['picking the answer', 'recalling it'] : ['picking the answer'];
  // Strongest by either kind of mastery: a topic practised only in interview mode is strong too.
  const strength = (m: { topic: string; mastery: number }) => [
    Math.max(m.mastery, recallOf.get(m.topic) ?? 0),
    m.mastery + (recallOf.get(m.topic) ?? 0),
  ];
  const byStrength = [...stats.mastery].sort((a, b) => {
    const [x, y] = [strength(a), strength(b)];
    return y[0]! - x[0]! || y[1]! - x[1]!;
  });
  // Topics with progress; untouched ones only to show three bars at least (eight at 0% said nothing).
  const progressed = byStrength.filter((m) => strength(m)[0]! > 0).length;
  const shown = byStrength.slice(0, Math.min(MAX_TOPICS, Math.max(3, progressed)));
  const label = new Map(shown.map((m) => [m.topic, twoLines(m.name)]));
  const wrapped = [...label.values()].some((l) => l.includes('\n'));
  const bars = shown.flatMap((m) => [
    { topic: label.get(m.topic)!, kind: 'picking the answer', mastery: m.mastery },
    ...(stats.recallCards > 0 ? [{ topic: label.get(m.topic)!, kind: 'recalling it', mastery: recallOf.get(m.topic) ?? 0 }] : []),
  ]);
  const accuracy = answered ? `${pct(correct / answered)} right (${correct} of ${answered})` : 'no answers yet';
  const streak = `streak ${stats.streak.current} day${stats.streak.current === 1 ? '' : 's'} (best ${stats.streak.best})`;
  const freezes = `${stats.streak.freezes} freeze${stats.streak.freezes === 1 ? '' : 's'} held`;
  const spec = {
    title: {
      text: `Backprop · ${who}`,
      subtitle: [accuracy, `${streak} · ${freezes}`],
      anchor: 'start',
      fontSize: 24,
      subtitleFontSize: 16,
      subtitleColor: '#222222',
      offset: 14,
    },
    spacing: 22,
    // The calendar's statuses and the bars' two kinds are different scales, each with its own legend.
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    vconcat: [
      {
        title: { text: `The last ${CARD_WEEKS} weeks of dailies`, anchor: 'start', fontSize: 15 },
        width: WIDTH,
        height: 7 * CELL,
        data: { values: calendar },
        mark: { type: 'rect', cornerRadius: 2, stroke: '#ffffff', strokeWidth: 2 },
        encoding: {
          x: {
            field: 'week',
            type: 'ordinal',
            sort: weeks,
            title: null,
            axis: { values: weeks.filter((_, i) => i % 4 === 0), labelAngle: 0, domain: false, ticks: false },
          },
          y: { field: 'weekday', type: 'ordinal', sort: WEEKDAYS, title: null, axis: { domain: false, ticks: false } },
          color: {
            field: 'status',
            type: 'nominal',
            title: null,
            scale: { domain: Object.values(STATUS_LABELS), range: STATUS_COLOURS },
            legend: {
              orient: 'bottom',
              direction: 'horizontal',
              symbolType: 'square',
              symbolSize: 150,
              labelFontSize: 13,
              labelLimit: 200,
              columns: 3,
            },
          },
        },
      },
      {
        title: {
          text: `Mastery${stats.mastery.length > shown.length ? `: your ${shown.length} strongest topics` : ' per topic'}`,
          anchor: 'start',
          fontSize: 15,
        },
        width: WIDTH,
        // A topic's two bars (or one) are as tall as its name's lines.
        height: { step: (stats.recallCards > 0 ? 11 : 18) * (wrapped ? 1.6 : 1) },
        data: { values: bars },
        mark: { type: 'bar', cornerRadiusEnd: 2 },
        encoding: {
          y: {
            field: 'topic',
            type: 'nominal',
            sort: shown.map((m) => label.get(m.topic)!),
            title: null,
            // A label with a line break is drawn as two lines (an array of lines is Vega's multi-line text).
            axis: { labelFontSize: 14, labelLimit: 190, labelExpr: "split(datum.label, '\\n')" },
          },
          yOffset: { field: 'kind', type: 'nominal', sort: ['picking the answer', 'recalling it'] },
          x: {
            field: 'mastery',
            type: 'quantitative',
            title: null,
            scale: { domain: [0, 1] },
            axis: { format: '.0%', tickCount: 4, labelFontSize: 13 },
          },
          color: {
            field: 'kind',
            type: 'nominal',
            title: null,
            scale: { domain: kinds, range: ['#1f5fa8', '#8fb9e8'].slice(0, kinds.length) },
            legend: { orient: 'bottom', direction: 'horizontal', symbolType: 'square', labelFontSize: 13, labelLimit: 200 },
          },
        },
      },
    ],
  };
  const strongest = byStrength.filter((m) => strength(m)[0]! > 0);
  const recallText = (topic: string) => (stats.recallCards > 0 ? `, recall ${pct(recallOf.get(topic) ?? 0)}` : '');
  const zero = stats.mastery.length - strongest.length;
  const mastery = strongest.length
    ? `Mastery is highest in ${strongest
        .slice(0, 5)
        .map((m) => `${m.name} (${pct(m.mastery)}${recallText(m.topic)})`)
        .join(', ')}${zero ? `; ${zero} of ${stats.mastery.length} topics have no mastery yet` : ''}.`
    : `No topic mastered yet (${stats.mastery.length} topics at 0%).`;
  const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  const alt = [
    `Stat card for ${who}: ${accuracy}; current streak ${days(stats.streak.current)} (best ${stats.streak.best}); ${freezes}.`,
    `Calendar of the last ${CARD_WEEKS} weeks: ${days(count('answered'))} answered, ${count(STATUS_LABELS.frozen)} kept by a freeze, ${count('missed')} missed, ${count('no daily')} without a daily.`,
    mastery,
  ].join(' ');
  return { name: `stats-${stats.userId.replace(/[^A-Za-z0-9-]/g, '').slice(0, 40) || 'member'}`, alt, source: { chart: spec } };
}
