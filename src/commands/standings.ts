import type { Engine } from '../core/engine.js';
import { privateReply } from '../core/shared/messages.js';
import type { MemberRef } from '../core/shared/refs.js';
import { renderLeaderboard, renderStats, renderStreak } from '../core/standings/standings-view.js';
import { command } from './command.js';

/** A member's name for a title: the caller's own, or as their record last saw it. */
async function nameOf(engine: Engine, member: MemberRef, userId: string): Promise<string> {
  if (userId === member.userId) return member.displayName;
  return (await engine.standings.stats(member, userId)).record?.name ?? 'that member';
}

export const streak = command({
  group: 'quiz',
  name: 'streak',
  description: 'Your streak, or a teammate’s',
  options: [{ name: 'member', type: 'member', description: 'Whose streak (default: yours)' }],
  async run({ engine, member }, args) {
    const userId = args.member ?? member.userId;
    const [stats, open] = await Promise.all([engine.standings.stats(member, userId), engine.dailies.open(member)]);
    return privateReply(renderStreak(stats, await nameOf(engine, member, userId), open !== undefined));
  },
});

export const leaderboard = command({
  group: 'quiz',
  name: 'leaderboard',
  description: 'Top 10 and your rank',
  options: [{ name: 'period', type: 'period', description: 'week (default), month or all' }],
  async run({ engine, member }, { period }) {
    return privateReply(renderLeaderboard(await engine.standings.leaderboard(member, period ?? 'week'), member.userId));
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
    return privateReply(renderStats(figures, await nameOf(engine, member, userId), (s) => engine.bank.topicName(s)));
  },
});
