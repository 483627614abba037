import { DateTime } from 'luxon';
import type { Question } from '../bank/bank.js';
import { b, cleanName, i, line, nm, type OutMessage, type Picture, ref, t } from '../shared/messages.js';
import { dayAndMonth } from '../shared/time.js';

/** A daily channel's last week, as the recap shows it. */
export interface RecapData {
  channelId: string;
  /** The ISO week recapped, as 2026-W10. */
  week: string;
  /** Monday to Sunday: whether a daily was posted (how many, extras included), its answers and right answers. */
  days: { date: string; posted: boolean; dailies?: number; answered: number; right: number }[];
  /** The channel board's top 5 of that week. */
  top: { rank: number; name: string; points: number }[];
  /** The timezone whose weeks the board keeps, when it is not the channel's (the team's first channel's). */
  boardZone?: string;
  /** Every multiple-choice answer of the week was right (so no question was the hardest). */
  everyRight?: boolean;
  /** The week's hardest question: the lowest share right, among dailies someone got wrong. */
  hardest?: { question: Question; answered: number; right: number };
}

const pct = (right: number, answered: number) => (answered ? `${Math.round((100 * right) / answered)}%` : '–');
const dayName = (date: string) => dayAndMonth(DateTime.fromISO(date));

export function renderRecap(data: RecapData): OutMessage {
  const answered = data.days.reduce((n, d) => n + d.answered, 0);
  const right = data.days.reduce((n, d) => n + d.right, 0);
  const dailies = data.days.reduce((n, d) => n + (d.posted ? (d.dailies ?? 1) : 0), 0);
  const range = `${dayName(data.days[0]!.date)} – ${dayName(data.days[6]!.date)}`;
  const lines = [
    line(
      t('Last week in '),
      ref('channel', data.channelId),
      t(` (${range}): `),
      b(`${dailies} ${dailies === 1 ? 'daily' : 'dailies'}`),
      t(' · '),
      b(`${answered} ${answered === 1 ? 'answer' : 'answers'}`),
      t(` · ${pct(right, answered)} right`),
    ),
    [],
    line(b('Top 5'), ...(data.boardZone ? [t(` (the team's week, by ${data.boardZone} time)`)] : [])),
    ...(data.top.length
      ? data.top.map((r) => line(t(`${r.rank}. `), nm(r.name), t(' · '), b(String(r.points))))
      : [line(i('Nobody scored on this board.'))]),
  ];
  if (data.hardest) {
    const { question, answered: n, right: r } = data.hardest;
    lines.push(
      [],
      line(b('Hardest question'), t(` (${pct(r, n)} of ${n} right): `), t(question.prompt)),
      line(t('Answer: '), b(question.answer)),
    );
  }
  return { title: `📅 Weekly recap · ${data.week}`, lines, tone: 'info', image: recapPicture(data, range) };
}

/** The recap card: answers per day (right and not), the top 5, and the hardest question with its answer. */
function recapPicture(data: RecapData, range: string): Picture {
  const answered = data.days.reduce((n, d) => n + d.answered, 0);
  const right = data.days.reduce((n, d) => n + d.right, 0);
  const perDay = data.days.flatMap((d) => [
    { day: dayName(d.date).slice(0, 3), kind: 'right', answers: d.right },
    { day: dayName(d.date).slice(0, 3), kind: 'not right', answers: d.answered - d.right },
  ]);
  const order = data.days.map((d) => dayName(d.date).slice(0, 3));
  const hardest = data.hardest
    ? [
        `Hardest: ${pct(data.hardest.right, data.hardest.answered)} right`,
        ...wrap(data.hardest.question.prompt, 44, 5),
        // Wrapped like the prompt: one long line widened the whole picture two to three times.
        ...wrap(`Answer: ${data.hardest.question.answer}`, 44, 4),
      ]
    : [data.everyRight ? 'Every answer was right.' : 'No multiple-choice daily was answered.'];
  const spec = {
    title: {
      text: `Weekly recap · ${data.week}`,
      subtitle: `${range} · ${answered} ${answered === 1 ? 'answer' : 'answers'} · ${pct(right, answered)} right`,
      anchor: 'start',
      fontSize: 22,
      subtitleFontSize: 15,
    },
    spacing: 20,
    resolve: { scale: { color: 'independent' } },
    // One column, about 440 units wide: legible when a platform shows the picture 400 pixels wide.
    vconcat: [
      {
        title: { text: 'Answers per day', anchor: 'start', fontSize: 15 },
        width: 400,
        height: 150,
        data: { values: perDay },
        mark: 'bar',
        encoding: {
          x: { field: 'day', type: 'ordinal', sort: order, title: null, axis: { labelAngle: 0, labelFontSize: 13 } },
          y: { field: 'answers', type: 'quantitative', title: null, axis: { tickMinStep: 1, labelFontSize: 12 } },
          color: {
            field: 'kind',
            type: 'nominal',
            title: null,
            scale: { domain: ['right', 'not right'], range: ['#1a7f37', '#8c959f'] },
            legend: { orient: 'bottom', labelFontSize: 13 },
          },
        },
      },
      // Nobody scored: said in words, not drawn as an empty bar labelled 0.
      data.top.length === 0
        ? textBlock(['Top 5', 'Nobody scored this week.'], 15)
        : {
            title: { text: 'Top 5', anchor: 'start', fontSize: 15 },
            width: 300,
            height: { step: 26 },
            data: {
              values: data.top.map((r) => ({ ...r, label: `${r.rank}. ${cleanName(r.name, 16)}` })),
            },
            layer: [
              {
                mark: { type: 'bar', color: '#1f5fa8' },
                encoding: {
                  y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelFontSize: 13, labelLimit: 140 } },
                  x: { field: 'points', type: 'quantitative', title: null, axis: null },
                },
              },
              {
                mark: { type: 'text', align: 'left', dx: 4, fontSize: 13 },
                encoding: {
                  y: { field: 'label', type: 'nominal', sort: null },
                  x: { field: 'points', type: 'quantitative' },
                  text: { field: 'points' },
                },
              },
            ],
          },
      // The hardest question as a (multi-line) title over an empty view: a title's size is measured line by line.
      // Lines stay short: without a canvas, vega estimates text widths generously and would widen the picture.
      textBlock(hardest, 14),
    ],
  };
  const alt = [
    `Weekly recap of ${range}: ${answered} ${answered === 1 ? 'answer' : 'answers'}, ${pct(right, answered)} right.`,
    `Answers per day: ${data.days.map((d) => `${dayName(d.date).slice(0, 3)} ${d.posted ? `${d.answered} (${d.right} right)` : 'no daily'}`).join(', ')}.`,
    data.top.length ? `Top 5: ${data.top.map((r) => `${r.rank}. ${cleanName(r.name, 40)} ${r.points}`).join(', ')}.` : 'Nobody scored.',
    data.hardest ? `Hardest question: ${data.hardest.question.prompt} Answer: ${data.hardest.question.answer}.` : '',
  ].join(' ');
  return { name: `recap-${data.week}`, alt: alt.trim(), source: { chart: spec } };
}

/** Lines of text as a title over an empty view, about 440 units wide (the picture's one column). */
function textBlock(lines: string[], fontSize: number) {
  return {
    title: { text: lines, anchor: 'start', fontSize, fontWeight: 'normal', lineHeight: fontSize + 5, color: '#111111' },
    width: 440,
    height: 1,
    data: { values: [{}] },
    mark: { type: 'rule', opacity: 0 },
    encoding: {},
    view: { stroke: null },
  };
}

/** Text cut into lines of at most `width` characters at spaces, at most `max` lines (the last one shortened). */
function wrap(text: string, width: number, max: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length > max ? [...lines.slice(0, max - 1), `${lines[max - 1]!.slice(0, width - 1)}…`] : lines;
}
