import { isActive } from '../core/daily/channel-model.js';
import { UserError } from '../core/shared/errors.js';
import { privateReply } from '../core/shared/messages.js';
import type { MemberRef } from '../core/shared/refs.js';
import { renderChannelsBoard } from '../core/standings/channels-board.js';
import { renderLeaderboard, renderStats, renderStreak } from '../core/standings/standings-view.js';
import { statCard } from '../core/standings/stat-card.js';
import type { MemberStats } from '../core/standings/stats.js';
import { command } from './command.js';

/**
 * A member's name for a title: the caller's own, or as their record last saw it. A teammate with no record (never
 * played here, or a mistyped name in the terminal) is said to be so, rather than shown as an empty record.
 */
function nameOf(member: MemberRef, userId: string, stats: MemberStats): string {
  if (userId === member.userId) return member.displayName;
  if (!stats.record) throw new UserError('not-found', 'That member has not played in this team yet: there is nothing to show.');
  // Off the leaderboards, a member's figures are theirs: a teammate does not look them up one by one instead.
  if (stats.record.hidden) throw new UserError('not-found', 'That member keeps their figures to themselves (quiz privacy hide).');
  return stats.record.name;
}

export const streak = command({
  group: 'quiz',
  name: 'streak',
  description: 'Your streak, or a teammate’s',
  options: [{ name: 'member', type: 'member', description: 'Whose streak (default: yours)' }],
  async run({ engine, member }, args) {
    const userId = args.member ?? member.userId;
    const [stats, histories] = await Promise.all([engine.standings.stats(member, userId), engine.channels.histories(member)]);
    return privateReply(
      renderStreak(
        stats,
        nameOf(member, userId, stats),
        // An open daily of a scheduled day: one an admin posted on a day off counts for no streak, and is not meant.
        histories.some((h) => h.state.open !== undefined && h.state.postedDays.includes(h.state.open.day)),
      ),
    );
  },
});

export const leaderboard = command({
  group: 'quiz',
  name: 'leaderboard',
  description: 'Top 10 and your rank: this channel’s, the team’s, or the daily channels compared',
  options: [
    { name: 'period', type: 'period', description: 'week (default), month or all' },
    { name: 'board', type: 'board', description: 'channel (default in a daily channel), team (default elsewhere) or channels' },
  ],
  async run({ engine, member, channelId }, args) {
    const period = args.period ?? 'week';
    if (args.board === 'channels') return privateReply(renderChannelsBoard(await engine.standings.channelsBoard(member, period)));
    const here = (await engine.channels.list(member)).find((c) => c.channelId === channelId);
    if (args.board === 'channel' && !here) {
      throw new UserError(
        'not-found',
        'This channel has no daily question, so no board of its own: quiz leaderboard team shows the team’s.',
      );
    }
    // In a running daily channel its own board is the default; a removed one's is there when asked for.
    const own = args.board === 'channel' || (args.board === undefined && here !== undefined && isActive(here));
    const board = await engine.standings.leaderboard(member, period, own ? channelId : undefined);
    return privateReply(renderLeaderboard(board, member.userId));
  },
});

export const stats = command({
  group: 'quiz',
  name: 'stats',
  description: 'Answers, accuracy per topic, streak',
  options: [{ name: 'member', type: 'member', description: 'Whose stats (default: yours)' }],
  async run({ engine, member }, args) {
    const userId = args.member ?? member.userId;
    const figures = await engine.standings.stats(member, userId);
    const bank = await engine.packs.bankFor(member);
    const name = nameOf(member, userId, figures);
    // The picture adds to the text, which stays as it is.
    return privateReply({ ...renderStats(figures, name, (s) => bank.topicName(s)), image: statCard(figures, name) });
  },
});
