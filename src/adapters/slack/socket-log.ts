import type { SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../../core/ports/logger.js';
import { startingSlack } from '../platform-start.js';

/** Socket Mode reconnects, counted per process (metrics read it). */
export const socketEvents = { reconnects: 0 };

/** Logs Socket Mode drops (warn) and comebacks (info, with how long they took): they were invisible before. */
export function watchSocket(receiver: SocketModeReceiver, log: Logger): void {
  let since: number | undefined;
  receiver.client.on('reconnecting', () => {
    since ??= Date.now();
    socketEvents.reconnects += 1;
    log.warn({}, 'slack socket mode connection lost; reconnecting');
  });
  receiver.client.on('connected', () => {
    if (since === undefined) return;
    log.info({ durationMs: Date.now() - since }, 'slack socket mode reconnected');
    since = undefined;
  });
}

/** Opens Socket Mode with the app-level token (a refused one stops start-up, named), then watches the connection. */
export async function startSocket(receiver: SocketModeReceiver, apiUrl: string, log: Logger): Promise<void> {
  await startingSlack('SLACK_APP_TOKEN', apiUrl, () => receiver.start());
  watchSocket(receiver, log);
}
