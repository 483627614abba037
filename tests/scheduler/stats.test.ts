import { describe, expect, it } from 'vitest';
import type { DailyChannel } from '../../src/core/daily/channel-model.js';
import type { TeamConfig } from '../../src/core/team/team-model.js';
import { channelState, type PlannedChannel, scheduleStats } from '../../src/scheduler/stats.js';

const team = (teamId: string) => ({ platform: 'discord' as const, teamId });
const config = (removedAt?: number) => ({ removedAt }) as TeamConfig;
const channel = (c: Partial<DailyChannel>) => ({ paused: false, ...c }) as DailyChannel;

describe('the schedule’s figures for /metrics', () => {
  it('a channel’s state: removed team, removed daily, needing attention, paused, active', () => {
    expect(channelState(config(1), channel({}))).toBe('removed');
    expect(channelState(config(), channel({ removedAt: 1 }))).toBeUndefined();
    expect(channelState(config(), undefined)).toBeUndefined();
    expect(channelState(config(), channel({ attention: { reason: 'gone', since: 1 }, paused: true }))).toBe('needs_attention');
    expect(channelState(config(), channel({ paused: true }))).toBe('paused');
    expect(channelState(config(), channel({}))).toBe('active');
  });

  it('counts each team once, in the state that most needs a look; lag is the most overdue daily not waiting out a retry', () => {
    const now = 1_000_000;
    const plan: PlannedChannel[] = [
      { team: team('a'), state: 'paused' },
      { team: team('a'), state: 'active', dueAt: now - 30_000 },
      { team: team('b'), state: 'paused' },
      { team: team('c'), state: 'active', dueAt: now - 600_000, retryAt: now + 60_000 }, // backing off: not lag
      { team: team('c'), state: 'needs_attention' },
      { team: team('d'), state: 'removed' },
      { team: team('e'), state: 'active', dueAt: now + 60_000 },
      { team: team('f'), state: undefined },
      { team: team('other'), state: 'active', dueAt: now - 900_000 }, // another process's now
    ];
    const owns = (t: { teamId: string }) => t.teamId !== 'other';
    expect(scheduleStats(plan, owns, now, 3)).toEqual({
      queueDepth: 3,
      lagMs: 30_000,
      teams: { active: 2, paused: 1, needs_attention: 1, removed: 1 },
    });
    expect(scheduleStats([], owns, now, 0).lagMs).toBe(0);
  });
});
