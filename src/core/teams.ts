import type { EngineDeps } from './deps.js';
import { keys } from './keys.js';
import { TEAM_SCHEMA, TEAM_STATE_SCHEMA, type MemberRef, type TeamConfig, type TeamRef, type TeamState } from './model.js';

/** Team settings and the daily cycle's per-team state, with the defaults a new team starts from. */
export class Teams {
  private readonly listeners: ((team: TeamRef, config: TeamConfig) => void)[] = [];

  constructor(private readonly deps: EngineDeps) {}

  /** Called after every change of a team's settings (the scheduler moves the team's next post at once). */
  onConfigChanged(listener: (team: TeamRef, config: TeamConfig) => void): void {
    this.listeners.push(listener);
  }

  async config(team: TeamRef): Promise<TeamConfig> {
    const stored = await this.deps.store.get<TeamConfig>(keys.teamConfig(team));
    return stored ?? this.defaultConfig();
  }

  defaultConfig(): TeamConfig {
    const { time, timezone, pack } = this.deps.defaults;
    return { v: TEAM_SCHEMA, time, timezone, paused: false, admins: [], pack, updatedAt: 0 };
  }

  /**
   * Changes a team's settings atomically (two admins at once, or an admin and a failing post, never undo each
   * other), indexes the team for the scheduler once it has a channel, and tells the listeners.
   */
  async update(team: TeamRef, change: (config: TeamConfig) => TeamConfig): Promise<TeamConfig> {
    const saved = (await this.deps.store.updateDoc<TeamConfig>(keys.teamConfig(team), (previous) => ({
      ...change(previous ?? this.defaultConfig()),
      updatedAt: this.deps.clock.now(),
    })))!;
    if (saved.channelId) await this.deps.store.set(keys.teamIndex(team), { platform: team.platform, teamId: team.teamId });
    for (const listener of this.listeners) listener(team, saved);
    return saved;
  }

  async state(team: TeamRef): Promise<TeamState> {
    const stored = await this.deps.store.get<TeamState>(keys.teamState(team));
    return stored ?? { v: TEAM_STATE_SCHEMA, postedDays: [], deck: { pack: '', order: [], next: 0 } };
  }

  async saveState(team: TeamRef, state: TeamState): Promise<void> {
    await this.deps.store.set(keys.teamState(team), state);
  }

  /** A post to the team's channel failed for good: admins are told at their next command until setup runs again. */
  async markAttention(team: TeamRef, reason: string): Promise<void> {
    await this.update(team, (config) => ({ ...config, attention: { reason, since: this.deps.clock.now() } }));
  }

  /** Quiz admin: the platform says so (Manage Server, workspace admin), or the team's role or list does. */
  isAdmin(member: MemberRef, config: TeamConfig): boolean {
    if (member.platformAdmin) return true;
    if (config.admins.includes(member.userId)) return true;
    return config.adminRoleId !== undefined && (member.roleIds ?? []).includes(config.adminRoleId);
  }
}
