import { applySetup, markRemoved, markReturned, purgeTeam, type SetupChanges, type SetupResult, setPaused } from './admin.js';
import { askConfirmation, type ConfirmKind, checkConfirmation } from './confirmations.js';
import { Dailies } from './daily.js';
import type { EngineDeps } from './deps.js';
import { readLeaderboard } from './leaderboard.js';
import type { MemberRef, TeamConfig, TeamRef } from './model.js';
import { Practice } from './practice.js';
import { forgetMember, setHidden } from './privacy.js';
import { Reminders } from './reminders.js';
import { Reports } from './reports.js';
import { Rounds } from './rounds.js';
import { SpacedRepetition } from './srs.js';
import { readStats } from './stats.js';
import { Teams } from './teams.js';
import type { Period } from './time.js';

/**
 * The quiz engine: everything Backprop does, with no platform and no store library in sight.
 * Adapters call it through the command dispatcher; the scheduler calls dailies.post on time.
 */
export class Engine {
  readonly teams: Teams;
  readonly reports: Reports;
  readonly dailies: Dailies;
  readonly practice: Practice;
  readonly rounds: Rounds;
  readonly srs: SpacedRepetition;
  readonly reminders: Reminders;

  constructor(readonly deps: EngineDeps) {
    this.teams = new Teams(deps);
    this.reports = new Reports(deps);
    this.srs = new SpacedRepetition(deps);
    this.dailies = new Dailies(deps, this.teams, this.reports, this.srs);
    this.practice = new Practice(deps, this.teams, this.srs);
    this.rounds = new Rounds(deps, this.teams, this.srs);
    this.reminders = new Reminders(deps, this.teams, this.srs);
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
    return readStats(this.deps, this.teams, this.srs, team, userId);
  }

  setup(team: TeamRef, changes: SetupChanges, currentChannelId: string): Promise<SetupResult> {
    return applySetup(this.deps, this.teams, team, changes, currentChannelId);
  }

  setPaused(team: TeamRef, paused: boolean): Promise<TeamConfig> {
    return setPaused(this.teams, team, paused);
  }

  setReminders(member: MemberRef, on: boolean): Promise<void> {
    return this.reminders.set(member, on);
  }

  setHidden(member: MemberRef, hidden: boolean): Promise<void> {
    return setHidden(this.deps, member, hidden);
  }

  askConfirmation(member: MemberRef, kind: ConfirmKind): Promise<string> {
    return askConfirmation(this.deps, member, kind);
  }

  /** quiz forget-me, once the member confirmed. */
  async forget(member: MemberRef, token: string): Promise<void> {
    await checkConfirmation(this.deps, member, 'forget', token);
    await forgetMember(this.deps, this.teams, member);
  }

  /** quiz-admin purge, once the admin confirmed. */
  async purge(member: MemberRef, token: string): Promise<number> {
    await checkConfirmation(this.deps, member, 'purge', token);
    return purgeTeam(this.deps, member);
  }

  markRemoved(team: TeamRef): Promise<void> {
    return markRemoved(this.deps, this.teams, team);
  }

  markReturned(team: TeamRef): Promise<boolean> {
    return markReturned(this.teams, team);
  }

  purgeTeam(team: TeamRef): Promise<number> {
    return purgeTeam(this.deps, team);
  }
}
