import type { SpacedRepetition } from '../practice/srs.js';
import type { EngineDeps } from '../shared/context.js';
import type { MemberRef, TeamRef } from '../shared/refs.js';
import type { Period } from '../shared/time.js';
import type { Teams } from '../team/teams.js';
import { type Leaderboard, readLeaderboard } from './leaderboard.js';
import { type MemberStats, readStats } from './stats.js';

/** What members read about points: leaderboards, and a member's figures (answers, accuracy, streak, mastery). */
export class Standings {
  constructor(
    private readonly deps: EngineDeps,
    private readonly teams: Teams,
    private readonly srs: SpacedRepetition,
  ) {}

  /** Top 10 of the period and the reader's own standing. */
  leaderboard(member: MemberRef, period: Period): Promise<Leaderboard> {
    return readLeaderboard(this.deps, this.teams, member, member.userId, period);
  }

  stats(team: TeamRef, userId: string): Promise<MemberStats> {
    return readStats(this.deps, this.teams, this.srs, team, userId);
  }
}
