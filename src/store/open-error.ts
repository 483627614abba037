import { ConnectionTimeoutError, ErrorReply, ReconnectStrategyError } from '@redis/client';
import { isPostgresOutage } from './postgres-tx.js';

/**
 * The store could not be opened for a reason the operator fixes (a path, a host, a password, a URL), not a bug:
 * start-up and the store commands say it in one line, naming the setting (STORE_URL, or a command's --from or
 * --to) and the cause, without a stack trace. A backend throws it with STORE_URL; openStore renames the setting.
 */
export class StoreOpenError extends Error {
  constructor(
    readonly problem: string,
    readonly setting = 'STORE_URL',
    options?: ErrorOptions,
  ) {
    super(`${setting}: ${problem}`, options);
    this.name = 'StoreOpenError';
  }

  /** The same problem, said of another setting (a command's --from or --to). */
  of(setting: string): StoreOpenError {
    return new StoreOpenError(this.problem, setting, { cause: this.cause });
  }
}

/**
 * A store URL as it may be printed: its password replaced by ***. Up to the last @, as URL parsers read it, so a
 * password with an unescaped @ is hidden whole.
 */
export function maskedUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)(.*)@/i, (_, scheme: string, user: string) =>
    user.includes(':') ? `${scheme}${user.slice(0, user.indexOf(':'))}:***@` : `${scheme}${user}@`,
  );
}

/**
 * Why opening the store at `url` failed, when it is the operator's to fix: a file or folder that cannot be used,
 * a server that cannot be reached or refuses the connection, a URL that does not parse. Undefined for anything
 * else: a bug, which keeps its stack.
 */
export function openProblem(url: string, target: string, error: unknown): string | undefined {
  if (codeOf(error) === 'ERR_INVALID_URL') return `${maskedUrl(url)} is not a valid URL`;
  const scheme = url.slice(0, url.indexOf(':'));
  if (scheme === 'sqlite') return sqliteProblem(target, error);
  if (scheme === 'redis' || scheme === 'rediss') return redisProblem(maskedUrl(url), error);
  if (scheme === 'postgres' || scheme === 'postgresql') return postgresProblem(maskedUrl(url), error);
  return undefined;
}

/** An error's code; for an AggregateError (every address of a host refused), its first error's. */
const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof AggregateError ? codeOf(error.errors[0]) : undefined;
};
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** A socket's failure as an operator reads it: ECONNREFUSED, ENOTFOUND alone; any other code with its message. */
const socketCause = (error: unknown, code: string) => (/^E[A-Z]+$/.test(code) ? code : `${code}: ${messageOf(error)}`);

/** SQLite's codes for a file that cannot be opened, read or written as a database: all about the file, not the code. */
const SQLITE_FILE_CODES = /^SQLITE_(CANTOPEN|NOTADB|READONLY|PERM|IOERR|CORRUPT|FULL|BUSY|LOCKED|AUTH)/;

function sqliteProblem(file: string, error: unknown): string | undefined {
  const code = codeOf(error);
  // A Node system error (mkdir, open: EACCES, EROFS, ENOSPC, …) names its call and path in its message.
  const system = code !== undefined && typeof (error as { syscall?: unknown }).syscall === 'string';
  if (!system && !(code && SQLITE_FILE_CODES.test(code))) return undefined;
  const hint = code?.startsWith('SQLITE_CANTOPEN') ? '; check that its folder exists and can be written' : '';
  return `cannot open the SQLite file ${file} (${messageOf(error)}${hint})`;
}

/** Redis replies that refuse the connection itself: a password, a user's rights, a database number. */
function redisProblem(url: string, error: unknown): string | undefined {
  // The first connection gave up (redis-scripts.ts): what made the last attempt fail.
  const cause = error instanceof ReconnectStrategyError ? error.originalError : error;
  if (cause instanceof ErrorReply) return `Redis at ${url} refused the connection (${cause.message})`;
  if (cause instanceof ConnectionTimeoutError) {
    const tls = url.startsWith('rediss:') ? '; rediss:// needs a server that speaks TLS on that port' : '';
    return `cannot reach Redis at ${url} (no answer within the connect timeout${tls})`;
  }
  const code = codeOf(cause);
  if (code !== undefined) return `cannot reach Redis at ${url} (${socketCause(cause, code)})`;
  return error instanceof ReconnectStrategyError ? `cannot reach Redis at ${url} (${messageOf(cause)})` : undefined;
}

/**
 * PostgreSQL server codes that refuse the connection or the schema: 28 (authentication), 3D000 (no such
 * database), 3F000 (no such schema), 42501 (no right to create the schema), 53 (too many connections), 57P03
 * (starting up).
 */
const POSTGRES_REFUSALS = /^(28|3D000|3F000|42501|53|57P03)/;
/** pg's own messages (no code) for TLS and password negotiation that the server and the URL disagree on. */
const POSTGRES_NEGOTIATION = /\bSSL\b|\bSASL\b|password/;

function postgresProblem(url: string, error: unknown): string | undefined {
  const code = codeOf(error);
  if (code && POSTGRES_REFUSALS.test(code)) return `PostgreSQL at ${url} refused (${messageOf(error)})`;
  if (isPostgresOutage(error)) return `cannot reach PostgreSQL at ${url} (${code ? socketCause(error, code) : messageOf(error)})`;
  if (error instanceof Error && POSTGRES_NEGOTIATION.test(error.message))
    return `cannot connect to PostgreSQL at ${url} (${error.message})`;
  return undefined;
}
