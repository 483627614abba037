import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

/** Fields that may hold secrets, wherever they appear in a log line. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

export interface LoggerOptions {
  level: string;
  /** Where log lines go: 1 (stdout) normally; 2 (stderr) in the shell, whose stdout is the conversation. */
  fd: 1 | 2;
}

/** pino: pretty and synchronous in a terminal, JSON lines otherwise. */
export function createLogger({ level, fd }: LoggerOptions): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'backprop' } };
  const tty = fd === 1 ? process.stdout.isTTY : process.stderr.isTTY;
  if (tty) return pino(options, pretty({ destination: fd, sync: true, colorize: true, ignore: 'pid,hostname,app' }));
  // Synchronous: a line logged just before an exit (a shutdown, a fatal error) is never lost in a buffer.
  return pino(options, pino.destination({ fd, sync: true }));
}
