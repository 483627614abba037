import { randomUUID } from 'node:crypto';
import type { Logger } from '../core/ports/logger.js';
import type { Documents } from '../core/ports/store.js';
import { DAILY_INDEX_PREFIX, keys, TEAM_INDEX_PREFIX } from '../core/shared/keys.js';
import { PLATFORMS, type Platform, type TeamRef } from '../core/shared/refs.js';

/** A team as one string, for maps and the queue's groups. */
export const teamKey = (t: TeamRef) => `${t.platform}:${t.teamId}`;

/** Every owned team with its daily channels, from the two indexes (one prefix listing each). */
export async function ownedDailyChannels(
  store: Documents,
  owns: (team: TeamRef) => boolean,
): Promise<Map<string, { team: TeamRef; channelIds: string[] }>> {
  const teams = new Map<string, { team: TeamRef; channelIds: string[] }>();
  const add = (platform: Platform, teamId: string | undefined, channelId?: string) => {
    if (!PLATFORMS.includes(platform) || !teamId) return;
    const team = { platform, teamId };
    if (!owns(team)) return;
    const entry = teams.get(teamKey(team)) ?? { team, channelIds: [] };
    teams.set(teamKey(team), entry);
    if (channelId) entry.channelIds.push(channelId);
  };
  for (const key of await store.docKeys(TEAM_INDEX_PREFIX)) {
    const [platform, teamId] = key.slice(TEAM_INDEX_PREFIX.length).split(':') as [Platform, string];
    add(platform, teamId);
  }
  for (const key of await store.docKeys(DAILY_INDEX_PREFIX)) {
    const [platform, teamId, channelId] = key.slice(DAILY_INDEX_PREFIX.length).split(':') as [Platform, string, string];
    if (channelId) add(platform, teamId, channelId);
  }
  return teams;
}

/**
 * A process changed a daily channel of a team it does not schedule: the process that does is told through the
 * store (a new value it reads at its next tick), since the change's in-process event reaches only this one.
 */
export async function signalScheduleChange(store: Documents, log: Logger): Promise<void> {
  await store.set(keys.scheduleChanged, randomUUID()).catch((error: unknown) => {
    log.warn({ err: error }, 'could not tell the scheduling process of a change; it rescans within 10 minutes');
  });
}
