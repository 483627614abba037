import type { DailyChannels } from '../daily/channels.js';
import type { EngineDeps } from '../shared/context.js';
import { keys } from '../shared/keys.js';
import { b, type Line, line, type OutMessage, ref, t } from '../shared/messages.js';
import type { TeamRef } from '../shared/refs.js';
import { type Period, periodKey } from '../shared/time.js';
import type { Teams } from '../team/teams.js';

/** One daily channel's activity in a period. */
export interface ChannelActivityFigures {
  channelId: string;
  /** Members with at least one answer in the channel in the period. */
  members: number;
  answered: number;
  right: number;
  points: number;
}

export interface ChannelsBoard {
  period: Period;
  periodKey: string;
  /** Channels with active members, best average first; ties share a rank and the next rank skips. */
  rows: (ChannelActivityFigures & { rank: number })[];
  /** Daily channels nobody answered in during the period. */
  idle: string[];
}

/** a/b compared with c/d without rounding: points per active member are compared exactly. */
const compareAverages = (x: ChannelActivityFigures, y: ChannelActivityFigures) => y.points * x.members - x.points * y.members;

/**
 * Ranks channels by average points per active member (so a large channel does not win by size), highest first;
 * equal averages share a rank (1, 2, 2, 4), as on every board, and are listed by channel id. Pure.
 */
export function rankChannels(figures: readonly ChannelActivityFigures[]): ChannelsBoard['rows'] {
  const sorted = [...figures].sort((x, y) => compareAverages(x, y) || (x.channelId < y.channelId ? -1 : 1));
  return sorted.map((row, i) => {
    let first = i;
    while (first > 0 && compareAverages(sorted[first - 1]!, row) === 0) first--;
    return { ...row, rank: first + 1 };
  });
}

/** The team's running daily channels compared over a period (team timezone), from each channel's activity counters. */
export async function readChannelsBoard(
  deps: EngineDeps,
  teams: Teams,
  channels: DailyChannels,
  team: TeamRef,
  period: Period,
): Promise<ChannelsBoard> {
  const config = await teams.config(team);
  const key = periodKey(period, deps.clock.now(), config.timezone);
  const figures = await Promise.all(
    (await channels.active(team)).map(async ({ channelId }): Promise<ChannelActivityFigures> => {
      const c = await deps.store.counters(keys.channelTally(team, channelId, key));
      // Points with no answer in the period (a round's award just after a week began) still make one member.
      const members = Math.max(c.members ?? 0, (c.points ?? 0) > 0 ? 1 : 0);
      return { channelId, members, answered: c.answered ?? 0, right: c.right ?? 0, points: c.points ?? 0 };
    }),
  );
  return {
    period,
    periodKey: key,
    rows: rankChannels(figures.filter((f) => f.members > 0)),
    idle: figures.filter((f) => f.members === 0).map((f) => f.channelId),
  };
}

const PERIOD_TITLE = { week: 'this week', month: 'this month', all: 'all time' } as const;

export function renderChannelsBoard(board: ChannelsBoard): OutMessage {
  const period = PERIOD_TITLE[board.period];
  const average = (r: ChannelActivityFigures) => (r.points / r.members).toFixed(1);
  const share = (r: ChannelActivityFigures) => (r.answered === 0 ? '–' : `${Math.round((100 * r.right) / r.answered)}%`);
  const rows: Line[] = board.rows.map((r) =>
    line(
      t(`${r.rank}. `),
      ref('channel', r.channelId),
      t(' · '),
      b(`${average(r)} points per member`),
      t(` · ${r.members} active member${r.members === 1 ? '' : 's'} · ${share(r)} right`),
    ),
  );
  // Set apart from the rows above it, when there are any (one blank line after the intro, not two).
  const idle: Line[] = board.idle.length
    ? [
        ...(rows.length ? [[]] : []),
        [t('No answers yet: '), ...board.idle.flatMap((id, i) => [...(i ? [t(', ')] : []), ref('channel', id)])],
      ]
    : [];
  const none = board.rows.length === 0 && board.idle.length === 0;
  return {
    title: `🏆 Channels · ${period}${board.period === 'all' ? '' : ` (${board.periodKey.split(':')[1]})`}`,
    lines: none
      ? [line(t('The team has no daily channel yet: an admin runs quiz-admin setup in one.'))]
      : [line(t('Average points per active member (anyone who answered there in the period).')), [], ...rows, ...idle],
    tone: 'info',
  };
}
