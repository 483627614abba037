import { Dailies } from './daily/dailies.js';
import { Practice } from './practice/practice.js';
import { Reminders } from './practice/reminders.js';
import { SpacedRepetition } from './practice/srs.js';
import { Rounds } from './rounds/rounds.js';
import type { EngineDeps } from './shared/context.js';
import type { MemberRef, TeamRef } from './shared/refs.js';
import type { Period } from './shared/time.js';
import { readLeaderboard } from './standings/leaderboard.js';
import { readStats } from './standings/stats.js';
import { askConfirmation, type ConfirmKind, checkConfirmation } from './team/confirmations.js';
import { forgetMember, setHidden } from './team/privacy.js';
import { Reports } from './team/reports.js';
import { applySetup, markRemoved, markReturned, purgeTeam, type SetupChanges, type SetupResult, setPaused } from './team/setup.js';
import type { TeamConfig } from './team/team-model.js';
import { Teams } from './team/teams.js';

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
