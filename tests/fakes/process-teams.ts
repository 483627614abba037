import { DateTime } from 'luxon';
import type { TeamRef } from '../../src/core/shared/refs.js';
import { openStore } from '../../src/store/open.js';
import { snowflake } from './discord/server.js';
import { createRig } from './engine.js';

/** A timezone in which the local time now is well past midnight, so a daily at 00:00 there is due today. */
export function zonePastMidnight(): string {
  return ['UTC', 'Etc/GMT-6', 'Etc/GMT+6'].find((z) => DateTime.now().setZone(z).hour >= 1)!;
}

/**
 * Sets up Discord teams in the store a real process will use, before it starts: each team's daily is due already
 * today, so the process posts it at start-up. Pass guilds (from the fake Discord) for teams members can click in.
 */
export async function setUpTeams(
  storeUrl: string,
  teams: number | { id: string; channels: string[] }[],
): Promise<{ team: TeamRef; channel: string }[]> {
  const guilds = typeof teams === 'number' ? Array.from({ length: teams }, () => ({ id: snowflake(), channels: [snowflake()] })) : teams;
  const store = await openStore(storeUrl);
  const rig = createRig({ store, start: new Date().toISOString(), pack: 'deep-learning' });
  const timezone = zonePastMidnight();
  const out = [];
  for (const guild of guilds) {
    const team: TeamRef = { platform: 'discord', teamId: guild.id };
    const channel = guild.channels[0]!;
    await rig.engine.teams.setup(team, { channelId: channel, time: '00:00', timezone }, channel);
    out.push({ team, channel });
  }
  await store.close();
  return out;
}
