import { packIdsOf } from '../bank/bank.js';
import { TeamPacks } from '../bank/team-packs.js';
import type { DailyChannels } from '../daily/channels.js';
import type { EngineDeps } from '../shared/context.js';
import { CorruptRecord } from '../shared/errors.js';
import { keys, teamPrefix } from '../shared/keys.js';
import { ReadCache } from '../shared/read-cache.js';
import { readRecord, reportCorrupt, updateRecord } from '../shared/records.js';
import type { MemberRef, TeamRef } from '../shared/refs.js';
import type { Confirmations } from './confirmations.js';
import { applySetup, type SetupChanges, type SetupResult } from './setup.js';
import { TEAM_SCHEMA, type TeamConfig, teamConfigRecord } from './team-model.js';

/** How stale the answer path's copy of a team's settings may be (another process's change). */
const ANSWER_PATH_CACHE_MS = 2000;

/** Team settings, with the defaults a new team starts from. */
export class Teams {
  private readonly listeners: ((team: TeamRef, config: TeamConfig) => void)[] = [];
  private readonly configs: ReadCache<TeamConfig>;

  constructor(
    private readonly deps: EngineDeps,
    private readonly channels: DailyChannels,
    private readonly packs: TeamPacks,
    private readonly confirmations: Confirmations,
  ) {
    this.configs = new ReadCache(deps.clock, ANSWER_PATH_CACHE_MS);
  }

  /** Called after every change of a team's settings (the scheduler stops or restarts a removed team's dailies). */
  onConfigChanged(listener: (team: TeamRef, config: TeamConfig) => void): void {
    this.listeners.push(listener);
  }

  /**
   * The team's settings. Settings that cannot be read (a corrupt record) are quarantined: left as they are, logged
   * once, and the team runs on the defaults with `damaged` saying why, so that
   * its admins are told at their next command; quiz-admin setup writes a valid record again.
   */
  async config(team: TeamRef): Promise<TeamConfig> {
    try {
      return (await readRecord(this.deps.store, teamConfigRecord, keys.teamConfig(team))) ?? this.defaultConfig();
    } catch (error) {
      if (!(error instanceof CorruptRecord)) throw error;
      reportCorrupt(this.deps.log, error, { team });
      return { ...this.defaultConfig(), damaged: error.problem };
    }
  }

  defaultConfig(): TeamConfig {
    const { time, timezone, pack } = this.deps.defaults;
    return { v: TEAM_SCHEMA, time, timezone, admins: [], pack, updatedAt: 0 };
  }

  /** Changes a team's settings atomically (two admins at once never undo each other), and tells the listeners. */
  async update(team: TeamRef, change: (config: TeamConfig) => TeamConfig, { repair = false } = {}): Promise<TeamConfig> {
    const key = keys.teamConfig(team);
    const changed = (previous: TeamConfig | undefined): TeamConfig => {
      const { damaged: _, ...next } = change(previous ?? this.defaultConfig());
      return { ...next, updatedAt: this.deps.clock.now() };
    };
    let saved: TeamConfig;
    try {
      saved = (await updateRecord(this.deps.store, teamConfigRecord, key, changed))!;
    } catch (error) {
      // Only setup replaces corrupt settings (from the defaults and what the admin gave); nothing else does.
      if (!(error instanceof CorruptRecord) || !repair) throw error;
      saved = changed(undefined);
      await this.deps.store.set(key, saved);
      this.deps.log.warn({ team, key }, 'corrupt team settings replaced by quiz-admin setup');
    }
    this.configs.put(keys.teamConfig(team), saved);
    for (const listener of this.listeners) listener(team, saved);
    return saved;
  }

  /** The answer path's reads: a copy at most a couple of seconds old (see ReadCache). */
  cachedConfig(team: TeamRef): Promise<TeamConfig> {
    return this.configs.get(keys.teamConfig(team), () => this.config(team));
  }

  /** Quiz admin: the platform says so (Manage Server, workspace admin), or the team's role or list does. */
  isAdmin(member: MemberRef, config: TeamConfig): boolean {
    if (member.platformAdmin) return true;
    if (config.admins.includes(member.userId)) return true;
    return config.adminRoleId !== undefined && (member.roleIds ?? []).includes(config.adminRoleId);
  }

  /** Whether the member may use quiz-admin commands, from the team's current settings. */
  async isQuizAdmin(member: MemberRef): Promise<boolean> {
    return this.isAdmin(member, await this.cachedConfig(member));
  }

  /** quiz-admin setup: the team's admins, and one channel's daily (see applySetup). */
  async setup(team: TeamRef, changes: SetupChanges, currentChannelId: string): Promise<SetupResult> {
    return applySetup(this.deps, this, this.channels, await this.packs.bankFor(team), team, changes, currentChannelId);
  }

  /**
   * quiz-admin pack remove: the pack goes; daily channels (and practice) drawing from it keep their other packs,
   * or fall back to the default pack. Returns the daily channels that changed, for the admin to hear about.
   */
  async removePack(team: TeamRef, packId: string): Promise<{ removed: boolean; channels: string[] }> {
    const removed = await this.packs.remove(team, packId);
    const bank = await this.packs.bankFor(team);
    const changed: string[] = [];
    for (const channel of await this.channels.list(team)) {
      if (!packIdsOf(channel.pack).includes(packId)) continue;
      const next = TeamPacks.without(channel.pack, packId) ?? this.deps.defaults.pack;
      // The channel's topics that its remaining packs still have stay chosen; none left means all of them.
      const left = channel.topics?.filter((topic) => Object.hasOwn(bank.topicsOf(next), topic));
      const topics = left?.length ? left : undefined;
      await this.channels.update(team, channel.channelId, (c) => ({ ...c, pack: next, topics }));
      if (channel.removedAt === undefined) changed.push(channel.channelId);
    }
    await this.update(team, (c) => {
      const next = TeamPacks.without(c.pack, packId) ?? this.deps.defaults.pack;
      return next === c.pack ? c : { ...c, pack: next };
    });
    return { removed, channels: changed };
  }

  /**
   * The bot was removed (Discord server left, Slack app uninstalled): the schedule stops, the data is kept 30 days
   * from `at` (a removal undone by mistake is marked again with its first time).
   */
  async markRemoved(team: TeamRef, at = this.deps.clock.now()): Promise<void> {
    await this.update(team, (c) => ({ ...c, removedAt: c.removedAt ?? at }));
  }

  /** The bot is back in a team it was removed from: streaks, points and settings are all still there. */
  async markReturned(team: TeamRef): Promise<boolean> {
    const config = await this.config(team);
    if (config.removedAt === undefined) return false;
    await this.update(team, (c) => ({ ...c, removedAt: undefined }));
    return true;
  }

  /** Deletes all of a team's data at once: settings, daily channels, dailies, members, leaderboards, reports. */
  async purge(team: TeamRef): Promise<number> {
    const n = await this.deps.store.deletePrefix(teamPrefix(team));
    await this.deps.store.deletePrefix(keys.dailyIndexPrefix(team));
    await this.deps.store.delete(keys.teamIndex(team));
    this.configs.forget(keys.teamConfig(team));
    return n;
  }

  /** quiz-admin purge, once the admin confirmed with the token of their request. */
  async purgeConfirmed(member: MemberRef, token: string): Promise<number> {
    await this.confirmations.check(member, 'purge', token);
    return this.purge(member);
  }

  /** True the first time anyone in the team uses a command (the welcome is added to that reply, once). */
  firstContact(member: MemberRef): Promise<boolean> {
    return this.deps.store.claim(keys.firstContact(member), member.userId);
  }
}
