import type { Engine } from '../core/engine.js';
import { b, cleanName, type Line, line, nm, type OutMessage, t } from '../core/shared/messages.js';
import type { MemberRef } from '../core/shared/refs.js';
import { renderStats } from '../core/standings/standings-view.js';

export const HOME_TOP = 5;

/** A member's own page (Slack's App Home): their streak and stats, and the team's top 5 this week. */
export async function renderHome(engine: Engine, member: MemberRef): Promise<OutMessage> {
  const [stats, board, bank] = await Promise.all([
    engine.standings.stats(member, member.userId),
    engine.standings.leaderboard(member, 'week'),
    engine.packs.bankFor(member),
  ]);
  const mine = renderStats(stats, member.displayName, (s) => bank.topicName(s));
  const top: Line[] = board.rows.slice(0, HOME_TOP).map((r) => line(t(`${r.rank}. `), nm(r.name), t(` · ${r.points}`)));
  return {
    title: `Backprop · ${cleanName(member.displayName, 80)}`,
    lines: [
      ...mine.lines,
      [],
      line(b('This week’s top 5')),
      ...(top.length ? top : [line(t('Nobody has scored this week yet.'))]),
      [],
      line(t('Practise any time with /quiz start, or /quiz help for everything else.')),
    ],
    tone: 'info',
  };
}
