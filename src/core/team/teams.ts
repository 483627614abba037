import { TEAM_STATE_SCHEMA, type TeamState } from '../daily/daily-model.js';
import type { EngineDeps } from '../shared/context.js';
import { keys } from '../shared/keys.js';
import { ReadCache } from '../shared/read-cache.js';
import type { MemberRef, TeamRef } from '../shared/refs.js';
import { TEAM_SCHEMA, type TeamConfig } from './team-model.js';

/** How stale the answer path's copy of a team's settings and daily state may be (another process's change). */
const ANSWER_PATH_CACHE_MS = 2000;

/** Team settings and the daily cycle's per-team state, with the defaults a new team starts from. */
export class Teams {
  private readonly listeners: ((team: TeamRef, config: TeamConfig) => void)[] = [];
  private readonly configs = new ReadCache<TeamConfig>(ANSWER_PATH_CACHE_MS);
  private readonly states = new ReadCache<TeamState>(ANSWER_PATH_CACHE_MS);

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
    this.configs.put(keys.teamConfig(team), saved);
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
    this.states.put(keys.teamState(team), state);
  }

  /** The answer path's reads: a copy at most a couple of seconds old (see ReadCache). */
  cachedConfig(team: TeamRef): Promise<TeamConfig> {
    return this.configs.get(keys.teamConfig(team), () => this.config(team));
  }

  cachedState(team: TeamRef): Promise<TeamState> {
    return this.states.get(keys.teamState(team), () => this.state(team));
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
