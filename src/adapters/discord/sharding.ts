import { REST, Routes, ShardClientUtil, ShardingManager } from 'discord.js';
import type { Logger } from '../../core/ports/logger.js';

export interface ShardingSettings {
  token: string;
  apiUrl: string;
  shards: 'auto' | number;
}

/** Which shard a guild's events and schedule belong to (Discord's rule: (guild_id >> 22) % shard_count). */
export function shardOf(guildId: string, count: number): number {
  return ShardClientUtil.shardIdForGuildId(guildId, count);
}

/** Discord's recommended shard count, from GET /gateway/bot on the configured API (so proxies and fakes work). */
async function recommendedShards(settings: ShardingSettings): Promise<number> {
  const rest = new REST({ api: settings.apiUrl }).setToken(settings.token);
  const { shards } = (await rest.get(Routes.gatewayBot())) as { shards: number };
  return Math.max(1, shards);
}

/**
 * DISCORD_SHARDS: this process becomes the shard manager. It starts one Backprop process per shard (the same
 * entry file, loaded the way this one was), each running Discord for its shard's guilds and scheduling only
 * those; a shard that dies is started again.
 */
export async function startShards(settings: ShardingSettings, entry: string, execArgv: string[], log: Logger): Promise<ShardingManager> {
  const count = settings.shards === 'auto' ? await recommendedShards(settings) : settings.shards;
  const manager = new ShardingManager(entry, { token: settings.token, totalShards: count, mode: 'process', respawn: true, execArgv });
  manager.on('shardCreate', (shard) => {
    log.info({ shard: shard.id, of: count }, 'starting Discord shard');
    shard.on('death', () => log.warn({ shard: shard.id }, 'Discord shard process exited'));
  });
  // Discord lets one shard identify every 5 seconds (max_concurrency 1): spawn() waits between them.
  await manager.spawn({ amount: count, delay: count > 1 ? 5500 : 0, timeout: 60_000 });
  return manager;
}

export async function stopShards(manager: ShardingManager): Promise<void> {
  manager.respawn = false;
  await Promise.all(
    manager.shards.map(
      (shard) =>
        new Promise<void>((resolve) => {
          const done = setTimeout(resolve, 10_000);
          shard.once('death', () => {
            clearTimeout(done);
            resolve();
          });
          // SIGTERM: each shard shuts down gracefully on its own.
          shard.process?.kill('SIGTERM');
        }),
    ),
  );
}
