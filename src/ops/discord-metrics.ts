import type { Client } from 'discord.js';
import { gatewayEvents } from '../adapters/discord/gateway-log.js';
import type { BackpropMetrics } from './metrics.js';

/**
 * Discord in /metrics: its rate limits as discord.js meets them (a 429 answer, or a request held back because a
 * known limit is used up: both are waits; its REST manager emits both), and the gateway's drops and comebacks.
 */
export function watchDiscord(client: Client, metrics: BackpropMetrics): void {
  client.rest.on('response', (_request, response) => {
    if (response.status === 429) metrics.rateLimited('discord', 'too_many_requests');
  });
  client.rest.on('rateLimited', () => metrics.rateLimited('discord', 'pacing'));
  metrics.observe({ discordGateway: () => gatewayEvents });
}
