import { applySetup, setPaused, type SetupChanges } from './admin.js';
import { Dailies } from './daily.js';
import type { EngineDeps } from './deps.js';
import { readLeaderboard } from './leaderboard.js';
import type { MemberRef, TeamConfig, TeamRef } from './model.js';
import { Practice } from './practice.js';
import { readStats } from './stats.js';
import { Teams } from './teams.js';
import type { Period } from './time.js';

/**
 * The quiz engine: everything Backprop does, with no platform and no store library in sight.
 * Adapters call it through the command dispatcher; the scheduler calls dailies.post on time.
 */
export class Engine {
  readonly teams: Teams;
  readonly dailies: Dailies;
  readonly practice: Practice;

  constructor(readonly deps: EngineDeps) {
    this.teams = new Teams(deps);
    this.dailies = new Dailies(deps, this.teams);
    this.practice = new Practice(deps, this.teams);
  }

  get bank() {
    return this.deps.bank;
  }

  async isAdmin(member: MemberRef): Promise<boolean> {
    return this.teams.isAdmin(member, await this.teams.config(member));
  }

  leaderboard(member: MemberRef, period: Period) {
    return readLeaderboard(this.deps, this.teams, member, member.userId, period);
  }

  stats(team: TeamRef, userId: string) {
    return readStats(this.deps, this.teams, team, userId);
  }

  setup(team: TeamRef, changes: SetupChanges, currentChannelId: string): Promise<TeamConfig> {
    return applySetup(this.deps, this.teams, team, changes, currentChannelId);
  }

  setPaused(team: TeamRef, paused: boolean): Promise<TeamConfig> {
    return setPaused(this.teams, team, paused);
  }
}
