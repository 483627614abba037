import { WebClientEvent } from '@slack/web-api';
import type { SlackAdapter } from '../adapters/slack/adapter.js';
import { socketEvents } from '../adapters/slack/socket-log.js';
import type { BackpropMetrics } from './metrics.js';

/**
 * Slack in /metrics: its 429s, from both Web API clients the adapter uses (Bolt's, and the poster of channel
 * messages; each emits rate_limited when Slack answers 429), and Socket Mode's reconnects.
 */
export function watchSlack(adapter: SlackAdapter, metrics: BackpropMetrics): void {
  for (const client of [adapter.app.client, adapter.poster]) {
    client.on(WebClientEvent.RATE_LIMITED, () => metrics.rateLimited('slack', 'too_many_requests'));
  }
  metrics.observe({ slackSocket: () => socketEvents });
}
