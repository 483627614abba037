import type { SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../../core/ports/logger.js';

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
