import type { EngineDeps } from './deps.js';
import { badInput } from './errors.js';
import type { TeamConfig, TeamRef } from './model.js';
import type { Teams } from './teams.js';
import { formatTimeOfDay, isValidTimeZone, parseTimeOfDay } from './time.js';

/** What quiz-admin setup may change; absent fields stay as they are. */
export interface SetupChanges {
  channelId?: string;
  time?: string;
  timezone?: string;
  /** ISO weekdays; an empty list means every day. */
  weekdays?: number[];
  /** A role id, or null to clear the role. */
  adminRoleId?: string | null;
  addAdmin?: string;
  removeAdmin?: string;
}

/**
 * Applies setup. Validates again even though the command parser did, because this is the last line before
 * the settings are stored. The channel defaults to where setup was typed, the first time.
 */
export async function applySetup(
  deps: EngineDeps,
  teams: Teams,
  team: TeamRef,
  changes: SetupChanges,
  currentChannelId: string,
): Promise<TeamConfig> {
  const config = await teams.config(team);
  const next: TeamConfig = { ...config, admins: [...config.admins] };
  next.channelId = changes.channelId ?? config.channelId ?? currentChannelId;
  if (changes.time !== undefined) {
    const t = parseTimeOfDay(changes.time);
    if (!t) throw badInput(`time: "${changes.time}" is not a time of day as HH:MM (24-hour), for example 09:30.`);
    next.time = formatTimeOfDay(t.hour, t.minute);
  }
  if (changes.timezone !== undefined) {
    if (!isValidTimeZone(changes.timezone)) {
      throw badInput(`timezone: "${changes.timezone}" is not an IANA timezone, for example Europe/Berlin or America/New_York.`);
    }
    next.timezone = changes.timezone;
  }
  if (changes.weekdays !== undefined) {
    if (changes.weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) throw badInput('weekdays: days are 1 (Monday) to 7 (Sunday).');
    next.weekdays = changes.weekdays.length === 0 ? undefined : [...new Set(changes.weekdays)].sort((a, b) => a - b);
  }
  if (changes.adminRoleId !== undefined) next.adminRoleId = changes.adminRoleId ?? undefined;
  if (changes.addAdmin && !next.admins.includes(changes.addAdmin)) next.admins.push(changes.addAdmin);
  if (changes.removeAdmin) next.admins = next.admins.filter((a) => a !== changes.removeAdmin);
  // Setting up again is how admins acknowledge a problem with the channel.
  next.attention = undefined;
  await teams.saveConfig(team, next);
  return { ...next, updatedAt: deps.clock.now() };
}

export async function setPaused(teams: Teams, team: TeamRef, paused: boolean): Promise<TeamConfig> {
  const config = await teams.config(team);
  const next = { ...config, paused };
  await teams.saveConfig(team, next);
  return next;
}
