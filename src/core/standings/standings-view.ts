import { b, cleanName, type Line, line, nm, type OutMessage, ref, t } from '../shared/messages.js';

/** Titles are plain text on every platform: a name in one is cleaned the same way a name span is. */
const TITLE_NAME = 80;

import type { Leaderboard } from './leaderboard.js';
import type { MemberStats } from './stats.js';
import { streakLine } from './streak-view.js';

const PERIOD_TITLE = { week: 'this week', month: 'this month', all: 'all time' } as const;
const pct = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((100 * part) / whole)}%`);

export function renderLeaderboard(board: Leaderboard, userId: string): OutMessage {
  const period = PERIOD_TITLE[board.period];
  const rows: Line[] = board.rows.map((r) =>
    r.memberId === userId
      ? line(b(`${r.rank}. `), { ...nm(r.name), bold: true }, b(` · ${r.points} (you)`))
      : line(t(`${r.rank}. `), nm(r.name), t(` · ${r.points}`)),
  );
  const inTop = board.rows.some((r) => r.memberId === userId);
  const me = board.me
    ? inTop
      ? []
      : [[], line(t('You: '), b(`#${board.me.rank}`), t(` with ${board.me.points} points`))]
    : board.hidden
      ? [
          [],
          line(
            t(
              `You are hidden from the leaderboards: your ${board.hidden.points} points ${period} count out of sight (quiz privacy show puts you back).`,
            ),
          ),
        ]
      : [[], noPointsLine(board, period)];
  const scope = board.channelId === undefined ? [] : [line(ref('channel', board.channelId), t('’s dailies and rounds')), []];
  return {
    title: `🏆 Leaderboard · ${period}${board.period === 'all' ? '' : ` (${board.periodKey.split(':')[1]})`}`,
    lines: [...scope, ...(rows.length === 0 ? [line(t(`Nobody has scored ${period} yet.`)), ...me.slice(1)] : [...rows, ...me])],
    tone: 'info',
  };
}

/** What the caller is told when they are not on the board: where their points are, and how to earn some here. */
function noPointsLine(board: Leaderboard, period: string): Line {
  if (board.channelId === undefined) return line(t(`You have no points ${period} yet: answer the daily or start a quiz.`));
  const here = 'only this channel’s dailies and rounds count here';
  if (board.teamPoints) {
    const when = board.period === 'all' ? '' : ` ${period}`;
    const yours = board.teamPoints === 1 ? `Your 1 point${when} is` : `Your ${board.teamPoints} points${when} are`;
    return line(t(`You have no points on this board${when}: ${here}. ${yours} on the team’s board (`), b('quiz leaderboard team'), t(').'));
  }
  return line(t(`You have no points ${period} yet: ${here} (answer the daily, or play a round with quiz round).`));
}

export function renderStreak(stats: MemberStats, name: string, openDaily: boolean): OutMessage {
  const lines: Line[] = [streakLine(stats.streak)];
  // The open daily may be an earlier day's (a Monday morning before the week's first post): not called today's.
  // A day counts once any of its dailies is answered, in whichever channel: said so, not "this daily: answered".
  const open = stats.streak.answeredOpen
    ? '✔️ The open day counts: you answered one of its dailies'
    : '⏳ The open day: no daily of it answered yet';
  if (openDaily) lines.push(line(t(open)));
  return { title: `Streak · ${cleanName(name, TITLE_NAME)}`, lines, tone: 'info' };
}

/** Mastery per topic (spaced repetition): share of questions retained, and reviews due. */
function masteryLines(stats: MemberStats): Line[] {
  const recallOf = new Map(stats.recall.map((r) => [r.topic, r]));
  const due = [...stats.mastery, ...stats.recall].reduce((n, m) => n + m.due, 0);
  const pct = (share: number) => `${Math.round(100 * share)}%`;
  const touched = (m: MemberStats['mastery'][number]) => {
    const r = recallOf.get(m.topic);
    return m.mastery > 0 || m.due > 0 || (r !== undefined && (r.mastery > 0 || r.due > 0));
  };
  const started = stats.mastery.filter(touched);
  const untouched = stats.mastery.filter((m) => !touched(m));
  return [
    [],
    line(
      b('Mastery'),
      t(' · picking the answer / recalling it (quiz interview)'),
      t(` · ${due} review${due === 1 ? '' : 's'} due${due ? ' (quiz review)' : ''}`),
    ),
    // Topics with some progress or a review due, each; the untouched ones in one line (22 lines at 0% said nothing).
    ...started.map((m) => {
      const r = recallOf.get(m.topic);
      const dueHere = m.due + (r?.due ?? 0);
      return line(t(`• ${m.name}: ${pct(m.mastery)} / ${r ? pct(r.mastery) : '–'}${dueHere ? ` · ${dueHere} due` : ''}`));
    }),
    ...(untouched.length ? [line(t(`• Not started yet (0%): ${untouched.map((m) => m.name).join(', ')}`))] : []),
  ];
}

export function renderStats(stats: MemberStats, name: string, topicName: (slug: string) => string): OutMessage {
  const r = stats.record;
  const recalled = stats.recallCards > 0;
  if (!r || r.answered === 0) {
    return {
      title: `Stats · ${cleanName(name, TITLE_NAME)}`,
      lines: [
        line(t(recalled ? 'No multiple-choice answers yet.' : 'No answers yet. Try quiz start, quiz interview or the daily question.')),
        ...(r ? [streakLine(stats.streak)] : []),
        ...(recalled ? masteryLines(stats) : []),
      ],
      tone: 'info',
    };
  }
  const topics = Object.entries(r.topics)
    .sort(([, x], [, y]) => y.answered - x.answered)
    .map(([slug, tally]) =>
      line(t(`• ${topicName(slug)}: ${tally.correct}/${tally.answered} right (${pct(tally.correct, tally.answered)})`)),
    );
  return {
    title: `Stats · ${cleanName(name, TITLE_NAME)}`,
    lines: [
      line(t('Answered '), b(String(r.answered)), t(' · '), b(pct(r.correct, r.answered)), t(' right')),
      streakLine(stats.streak),
      ...(stats.allTime
        ? [
            line(
              t(
                `All-time points: ${stats.allTime.points} (${stats.allTime.rank ? `rank #${stats.allTime.rank}` : 'off the leaderboards'})`,
              ),
            ),
          ]
        : []),
      [],
      line(b('By topic')),
      ...topics,
      ...masteryLines(stats),
    ],
    tone: 'info',
  };
}
