import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../core/ports/logger.js';
import { installRefusal } from './oauth/install-pages.js';

/** Bolt's logger option, writing through our pino logger (so Bolt's lines are JSON and redacted like ours). */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (args: unknown[]) =>
    args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' ');
  return {
    debug: (...args) => log.debug({ source: 'bolt' }, text(args)),
    info: (...args) => log.info({ source: 'bolt' }, text(args)),
    warn: (...args) => log.warn({ source: 'bolt' }, text(args)),
    // Bolt logs every failed install as an error before our failure page does; a refusal (Cancel, an old link)
    // is someone's choice or slip, not a failure to look into.
    error: (...args) => (installRefusal(args[0]) ? log.info : log.error).call(log, { source: 'bolt' }, text(args)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
