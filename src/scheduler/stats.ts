import type { DailyChannel } from '../core/daily/channel-model.js';
import type { TeamRef } from '../core/shared/refs.js';
import type { TeamConfig } from '../core/team/team-model.js';

/** A team as /metrics counts it; a team with several daily channels takes the state that most needs a look. */
export const TEAM_STATES = ['active', 'paused', 'needs_attention', 'removed'] as const;
export type TeamState = (typeof TEAM_STATES)[number];

/** One planned daily channel, as far as the statistics need it. */
export interface PlannedChannel {
  team: TeamRef;
  dueAt?: number;
  retryAt?: number;
  /** undefined: the channel's daily was removed (it no longer counts towards its team's state). */
  state?: TeamState;
}

export interface ScheduleStats {
  /** Daily posts queued or being sent now. */
  queueDepth: number;
  /** How late the most overdue daily that has not gone out yet is (0: nothing due is waiting). */
  lagMs: number;
  /** Teams (with at least one daily channel this process schedules) by state. */
  teams: Record<TeamState, number>;
}

/** The state one daily channel gives its team. */
export function channelState(config: TeamConfig, channel: DailyChannel | undefined): TeamState | undefined {
  if (config.removedAt !== undefined) return 'removed';
  if (!channel || channel.removedAt !== undefined) return undefined;
  if (channel.attention) return 'needs_attention';
  return channel.paused ? 'paused' : 'active';
}

/** Worst first: removed, then needing attention, then active (a paused channel beside an active one is fine). */
const RANK: Record<TeamState, number> = { removed: 3, needs_attention: 2, active: 1, paused: 0 };

/**
 * The schedule's figures, from the plan the scheduler already holds (no store read: a scrape during an outage
 * still answers). A daily waiting out a retry backoff is not lag: it waits on purpose, and is counted as retried.
 */
export function scheduleStats(
  plan: Iterable<PlannedChannel>,
  owns: (team: TeamRef) => boolean,
  now: number,
  queueDepth: number,
): ScheduleStats {
  let lagMs = 0;
  const teams = new Map<string, TeamState>();
  for (const entry of plan) {
    if (!owns(entry.team)) continue;
    const waiting = entry.dueAt !== undefined && entry.dueAt <= now && (entry.retryAt === undefined || entry.retryAt <= now);
    if (waiting) lagMs = Math.max(lagMs, now - entry.dueAt!);
    if (entry.state === undefined) continue;
    const key = `${entry.team.platform}:${entry.team.teamId}`;
    const known = teams.get(key);
    if (known === undefined || RANK[entry.state] > RANK[known]) teams.set(key, entry.state);
  }
  const counts = Object.fromEntries(TEAM_STATES.map((s) => [s, 0])) as Record<TeamState, number>;
  for (const state of teams.values()) counts[state] += 1;
  return { queueDepth, lagMs, teams: counts };
}
