import { type Client, Events } from 'discord.js';
import type { Logger } from '../../core/ports/logger.js';

/** What the gateway did, counted per process (metrics read it). */
export const gatewayEvents = { disconnects: 0, resumes: 0, reidentifies: 0 };

/**
 * Logs the gateway's drops and comebacks, with how long each took: a drop at warn (nothing reaches the bot
 * meanwhile), a resume or a fresh IDENTIFY at info. Without this a reconnect was invisible.
 */
export function watchGateway(client: Client, log: Logger): void {
  const since = new Map<number, number>();
  const away = (shardId: number) => {
    const at = since.get(shardId);
    since.delete(shardId);
    return at === undefined ? undefined : Date.now() - at;
  };
  client.on(Events.ShardReconnecting, (shardId) => {
    if (!since.has(shardId)) {
      since.set(shardId, Date.now());
      gatewayEvents.disconnects += 1;
    }
    log.warn({ shardId }, 'discord gateway connection lost; reconnecting');
  });
  client.on(Events.ShardDisconnect, (event, shardId) => {
    gatewayEvents.disconnects += 1;
    log.warn({ shardId, code: event.code }, 'discord gateway disconnected for good');
  });
  client.on(Events.ShardResume, (shardId, replayed) => {
    gatewayEvents.resumes += 1;
    log.info({ shardId, replayed, durationMs: away(shardId) }, 'discord gateway resumed');
  });
  client.on(Events.ShardReady, (shardId) => {
    const durationMs = away(shardId);
    if (durationMs === undefined) return; // the first connection, not a comeback
    gatewayEvents.reidentifies += 1;
    log.info({ shardId, durationMs }, 'discord gateway identified again (a new session)');
  });
}
