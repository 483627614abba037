import { describe, expect, it } from 'vitest';
import { plainText } from '../../../src/core/shared/messages.js';
import { rankRows } from '../../../src/core/standings/leaderboard.js';
import { createRig, member, onlyChannel, rightLetter, TEAM, wrongLetter } from '../../fakes/engine.js';

describe('leaderboards', () => {
  it('ranks share ties and skip after them (1, 2, 2, 4)', () => {
    const rows = rankRows([{ points: 30 }, { points: 20 }, { points: 20 }, { points: 5 }, { points: 5 }, { points: 1 }]);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 2, 4, 4, 6]);
  });

  async function dailyWith(rig: ReturnType<typeof createRig>, answers: Record<string, boolean>) {
    const { daily } = (await rig.engine.dailies.post(TEAM, await onlyChannel(rig.engine, TEAM), { extra: true }))!;
    for (const [id, right] of Object.entries(answers)) {
      await rig.engine.dailies.answer(
        member(id, { name: id.toUpperCase() }),
        daily.id,
        right ? rightLetter(daily.order) : wrongLetter(daily.order),
      );
    }
  }

  it('top 10 with names and tied ranks, plus the caller’s own rank outside the top', async () => {
    const rig = createRig();
    await rig.engine.teams.setup(TEAM, { channelId: 'c' }, 'c');
    await dailyWith(rig, { ann: true, bea: true, cid: true });
    await dailyWith(rig, { ann: true, bea: false, cid: false });
    const ids = Array.from({ length: 11 }, (_, i) => `z${String(i).padStart(2, '0')}`);
    await dailyWith(rig, Object.fromEntries(ids.map((id) => [id, true])));
    const board = await rig.engine.standings.leaderboard(member('z10'), 'week');
    expect(board.rows).toHaveLength(10);
    expect(board.rows[0]).toMatchObject({ rank: 1, name: 'ANN', points: 20 });
    expect(board.rows.slice(1).every((r) => r.rank === 2 && r.points === 10)).toBe(true);
    expect(board.me).toMatchObject({ memberId: 'z10', rank: 2, points: 10 });
    const nobody = await rig.engine.standings.leaderboard(member('newcomer'), 'week');
    expect(nobody.me).toBeUndefined();
  });

  it('a daily channel’s board tells a member with practice points only where their points are, and how to score here', async () => {
    const rig = createRig();
    await rig.engine.teams.setup(TEAM, { channelId: 'c' }, 'c');
    await dailyWith(rig, { bea: true });
    const say = async (who: string, text: string) =>
      plainText((await rig.dispatcher.handle({ kind: 'text', member: member(who), channelId: 'c', group: 'quiz', text })).message);
    expect(await say('ann', 'leaderboard')).toContain(
      'You have no points this week yet: only this channel’s dailies and rounds count here (answer the daily, or play a round with quiz round).',
    );
    const s = await rig.engine.practice.start(member('ann'), { count: 1 });
    await rig.engine.practice.answer(member('ann'), s.session.id, 0, rightLetter(s.session.items[0]!.order));
    const channel = await say('ann', 'leaderboard');
    expect(channel).toContain('You have no points on this board this week: only this channel’s dailies and rounds count here.');
    expect(channel).toMatch(/Your (1 point this week is|\d+ points this week are) on the team’s board \(quiz leaderboard team\)\./);
    expect(await say('ann', 'leaderboard all')).toMatch(
      /You have no points on this board: .* Your (1 point is|\d+ points are) on the team’s board/,
    );
    expect(await say('ann', 'leaderboard team')).toContain('(you)');
    expect(await say('bea', 'leaderboard')).not.toContain('no points');
    // The open daily may be an earlier day's: quiz streak does not call it today's.
    expect(await say('bea', 'streak')).toContain('✔️ The open day counts: you answered one of its dailies');
    expect(await say('ann', 'streak')).toContain('⏳ The open day: no daily of it answered yet');
  });

  it('Pacific/Auckland: points on a local Monday morning count toward the new week and month', async () => {
    // Sunday 2026-11-29 22:00 UTC is Monday 2026-11-30 11:00 in Auckland; 11:00 UTC on 2026-11-30 is Dec 1 there.
    const rig = createRig({ start: '2026-11-29T10:00:00Z', timezone: 'Pacific/Auckland' });
    await rig.engine.teams.setup(TEAM, { channelId: 'c' }, 'c');
    await dailyWith(rig, { ann: true }); // Sunday 23:00 local: week 48, November
    rig.clock.set('2026-11-29T22:00:00Z');
    await dailyWith(rig, { ann: true, bea: true }); // Monday local: week 49
    const week = await rig.engine.standings.leaderboard(member('ann'), 'week');
    expect(week.periodKey).toBe('week:2026-W49');
    expect(week.rows.map((r) => [r.name, r.points])).toEqual([
      ['ANN', 10],
      ['BEA', 10],
    ]);
    rig.clock.set('2026-11-30T11:00:00Z');
    await dailyWith(rig, { bea: true });
    const month = await rig.engine.standings.leaderboard(member('ann'), 'month');
    expect(month.periodKey).toBe('month:2026-12');
    expect(month.rows.map((r) => [r.name, r.points])).toEqual([['BEA', 10]]);
    const all = await rig.engine.standings.leaderboard(member('ann'), 'all');
    expect(all.rows.map((r) => [r.name, r.points])).toEqual([
      ['ANN', 20],
      ['BEA', 20],
    ]);
  });

  it('America/Los_Angeles: an answer late on the last local evening of a week stays in that week', async () => {
    // Sunday 2026-03-08 23:30 PDT is Monday 06:30 UTC.
    const rig = createRig({ start: '2026-03-09T06:30:00Z', timezone: 'America/Los_Angeles' });
    await rig.engine.teams.setup(TEAM, { channelId: 'c' }, 'c');
    await dailyWith(rig, { ann: true });
    expect((await rig.engine.standings.leaderboard(member('ann'), 'week')).periodKey).toBe('week:2026-W10');
    rig.clock.set('2026-03-09T07:30:00Z'); // Monday 00:30 PDT
    const week = await rig.engine.standings.leaderboard(member('ann'), 'week');
    expect(week.periodKey).toBe('week:2026-W11');
    expect(week.rows).toEqual([]);
    // The month is still March in both.
    expect((await rig.engine.standings.leaderboard(member('ann'), 'month')).rows).toHaveLength(1);
  });

  it('a teammate’s streak or stats: their name; one who never played here is said to be so, not shown as empty', async () => {
    const rig = createRig();
    await rig.engine.teams.setup(TEAM, { channelId: 'c' }, 'c');
    await dailyWith(rig, { ann: true });
    const ask = async (text: string) =>
      plainText((await rig.dispatcher.handle({ kind: 'text', member: member('bob'), channelId: 'c', group: 'quiz', text })).message);
    expect(await ask('streak ann')).toContain('Streak · ANN');
    expect(await ask('stats ann')).toContain('ANN');
    for (const text of ['streak nobody', 'stats nobody'])
      expect(await ask(text)).toContain('That member has not played in this team yet: there is nothing to show.');
  });
});
