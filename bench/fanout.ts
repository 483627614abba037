import { DiscordAdapter } from '../src/adapters/discord/adapter.js';
import { MessengerRouter } from '../src/adapters/router.js';
import type { TeamRef } from '../src/core/shared/refs.js';
import { MemoryPrimitives } from '../src/store/memory.js';
import { SyncStore } from '../src/store/sync-store.js';
import { FakeDiscord, snowflake } from '../tests/fakes/discord/server.js';
import { configure, createRig, rigScheduler } from '../tests/fakes/engine.js';

export interface FanoutResult {
  teams: number;
  /** Daily channels in all (teams × channels per team). */
  channels: number;
  seconds: number;
  postsPerSecond: number;
  /** Achieved posts per second as a share of Discord's global limit (50 requests/s). */
  shareOfLimit: number;
  duplicates: number;
  misses: number;
  rateLimited: number;
}

export const DISCORD_GLOBAL_LIMIT = 50;

/**
 * N teams with M daily channels each, all due at the same minute, posted through real discord.js against the
 * fake Discord with Discord's real global limit (50 requests/s; a 429 with Retry-After beyond it).
 */
export async function benchFanout(teams: number, channelsPerTeam = 1): Promise<FanoutResult> {
  const fake = await new FakeDiscord().start();
  fake.globalLimitPerSecond = DISCORD_GLOBAL_LIMIT;
  const router = new MessengerRouter();
  const rig = createRig({
    store: new SyncStore(new MemoryPrimitives()),
    messenger: router,
    pack: 'deep-learning',
    start: '2026-03-02T08:59:00Z',
  });
  const adapter = new DiscordAdapter(
    { token: 'bench', applicationId: fake.applicationId, apiUrl: fake.apiUrl },
    { log: rig.log, store: rig.store },
  );
  router.register('discord', adapter);
  await adapter.start(rig.dispatcher);
  const channels: string[] = [];
  for (let i = 0; i < teams; i++) {
    const team: TeamRef = { platform: 'discord', teamId: snowflake() };
    for (let c = 0; c < channelsPerTeam; c++) {
      const channelId = snowflake();
      channels.push(channelId);
      await configure(rig, team, { channelId, time: '09:00', timezone: 'UTC' });
    }
  }
  const scheduler = rigScheduler(rig);
  await scheduler.tick(); // loads the plan: nothing due yet
  rig.clock.set('2026-03-02T09:00:00Z');
  const requestsBefore = fake.requests.length;
  const start = performance.now();
  await scheduler.tick();
  await scheduler.idle();
  const seconds = (performance.now() - start) / 1000;
  const perChannel = new Map<string, number>();
  for (const m of fake.channelMessages) perChannel.set(m.channelId, (perChannel.get(m.channelId) ?? 0) + 1);
  const result: FanoutResult = {
    teams,
    channels: channels.length,
    seconds,
    postsPerSecond: fake.channelMessages.length / seconds,
    shareOfLimit: fake.channelMessages.length / seconds / DISCORD_GLOBAL_LIMIT,
    duplicates: [...perChannel.values()].filter((n) => n > 1).length,
    misses: channels.filter((c) => !perChannel.has(c)).length,
    rateLimited: fake.requests.slice(requestsBefore).filter((r) => r.status === 429).length,
  };
  await adapter.stop();
  await fake.stop();
  return result;
}
