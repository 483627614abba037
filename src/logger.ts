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
  // A distributed Slack app: installations (bot, user and refresh tokens) and the OAuth client's secrets.
  'refreshToken',
  '*.refreshToken',
  'refresh_token',
  '*.refresh_token',
  'access_token',
  '*.access_token',
  'userToken',
  '*.userToken',
  'clientSecret',
  '*.clientSecret',
  'client_secret',
  '*.client_secret',
  'stateSecret',
  '*.stateSecret',
  'tokenKey',
  '*.tokenKey',
  'bot.token',
  'user.token',
  '*.bot.token',
  '*.user.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

/**
 * Credentials that libraries put inside values of their own — a request URL or a header in an error — where no
 * field name gives them away: replaced wherever they appear in a logged value.
 */
const SECRET_PATTERNS: [RegExp, string][] = [
  // Discord interaction tokens in REST paths (/interactions/<id>/<token>/callback, /webhooks/<app>/<token>/...).
  [/\/(interactions|webhooks)\/(\d+)\/[\w.-]+/g, '/$1/$2/[redacted]'],
  // Slack response URLs: whoever holds one can post as the app for 30 minutes.
  [/(hooks\.slack(?:-gov)?\.com\/)[^\s"'<>]+/g, '$1[redacted]'],
  // Slack tokens (bot, user, app-level, refresh; xoxe- are rotating refresh tokens, xoxe.xoxb- rotating bot tokens).
  [/\bx(?:ox[abposre]|app)[.-][\w.-]+/g, '[redacted]'],
  // OAuth secrets and codes in form bodies or URLs (oauth.v2.access arguments, a redirect's query).
  [/\b(client_secret|refresh_token)=[^&\s"']+/g, '$1=[redacted]'],
  // The same as JSON inside a message (@slack/web-api logs request bodies at debug level).
  [/"(client_secret|refresh_token|access_token|token|code)"\s*:\s*"[^"]*"/g, '"$1":"[redacted]"'],
  [/([?&](?:code|state))=[^&\s"']+/g, '$1=[redacted]'],
  // Discord bot tokens: three dot-separated base64url parts.
  [/\b[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}\b/g, '[redacted]'],
  // Authorization header values.
  [/\b(Bot|Bearer) [\w.-]+/g, '$1 [redacted]'],
];

/** A copy of a logged value with every secret pattern replaced (strings, arrays and plain objects, a few levels deep). */
export function scrubSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return SECRET_PATTERNS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), value);
  if (depth > 8 || value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => scrubSecrets(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubSecrets(item, depth + 1)]));
}

export interface LoggerOptions {
  level: string;
  /** Where log lines go: 1 (stdout) normally; 2 (stderr) in the shell, whose stdout is the conversation. */
  fd: 1 | 2;
}

/** pino's options: redaction of secret fields, scrubbing of secret values, the app's name on every line. */
export function loggerOptions(level: string) {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { app: 'backprop' },
    // Errors are serialized first (message, stack and the library's fields), then scrubbed like everything else.
    serializers: { err: (error: unknown) => scrubSecrets(pino.stdSerializers.err(error as Error)) },
    formatters: { log: (object: Record<string, unknown>) => scrubSecrets(object) as Record<string, unknown> },
    // Messages are scrubbed too: libraries (Bolt's installer) put request details in the message text itself.
    hooks: {
      logMethod(this: Logger, args: Parameters<Logger['info']>, method: Logger['info']) {
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubSecrets(arg) : arg)) as Parameters<Logger['info']>;
        return method.apply(this, scrubbed);
      },
    },
  };
}

/** pino: pretty and synchronous in a terminal, JSON lines otherwise. */
export function createLogger({ level, fd }: LoggerOptions): Logger {
  const options = loggerOptions(level);
  const tty = fd === 1 ? process.stdout.isTTY : process.stderr.isTTY;
  if (tty) return pino(options, pretty({ destination: fd, sync: true, colorize: true, ignore: 'pid,hostname,app' }));
  // Synchronous: a line logged just before an exit (a shutdown, a fatal error) is never lost in a buffer.
  return pino(options, pino.destination({ fd, sync: true }));
}
