import { describe, expect, it } from 'vitest';
import { plainText } from '../../../src/core/shared/messages.js';
import { rankChannels, renderChannelsBoard } from '../../../src/core/standings/channels-board.js';

const figures = (channelId: string, members: number, points: number) => ({ channelId, members, points, answered: members, right: 0 });

describe('the channels board', () => {
  it('ranks by average points per active member, not by size', () => {
    const rows = rankChannels([figures('big', 30, 300), figures('small', 2, 40), figures('mid', 10, 150)]);
    expect(rows.map((r) => [r.channelId, r.rank])).toEqual([
      ['small', 1], // 20 per member
      ['mid', 2], // 15
      ['big', 3], // 10
    ]);
  });

  it('equal averages share a rank and the next rank skips (1, 2, 2, 4), compared exactly', () => {
    // 10/3 and 20/6 are equal; 0.1 + 0.2-style rounding never splits them.
    const rows = rankChannels([figures('d', 1, 1), figures('a', 1, 5), figures('c', 6, 20), figures('b', 3, 10)]);
    expect(rows.map((r) => [r.channelId, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });
});

describe('the channels board as read', () => {
  it('with no answers anywhere: the intro, one blank line, then the idle channels', () => {
    const text = plainText(renderChannelsBoard({ period: 'week', periodKey: 'week:2026-W10', rows: [], idle: ['a', 'b'] }));
    expect(text).not.toMatch(/\n\s*\n\s*\n/);
    expect(text).toContain('No answers yet: #a, #b');
  });
});
