import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, ErrorReply } from '@redis/client';
import { within } from '../core/shared/deadline.js';
import { maskedUrl, StoreOpenError } from './open-error.js';

/**
 * How long the first connection may take before opening the store fails. Once connected, the client reconnects
 * for as long as an outage lasts (members are told to try again meanwhile); before that there is nothing to
 * serve, and a server that is down, a host that does not resolve or a port that does not speak Redis would
 * otherwise leave start-up waiting forever, without a word.
 */
export const FIRST_CONNECT_MS = 10_000;
/** One attempt to connect (TCP, and TLS with rediss://) may take this long. */
export const CONNECT_TIMEOUT_MS = 5000;

/** The store's one connection to Redis. */
export function newRedisClient(url: string, firstConnectMs = FIRST_CONNECT_MS) {
  const started = Date.now();
  let connected = false;
  const client = createClient({
    url,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries: number, cause: Error) => {
        const wait = Math.min(100 * 2 ** retries, 5000);
        if (connected) return wait;
        // Before the first connection: a refusal (a password, a database number) is the same on every attempt,
        // and the attempts stop at firstConnectMs; connect() then rejects with this cause.
        // LOADING is the one refusal that passes (a Redis reading its data back after a restart).
        return (cause instanceof ErrorReply && !isLoading(cause)) || Date.now() - started + wait > firstConnectMs ? cause : wait;
      },
    },
    // While disconnected, commands fail at once (StoreUnavailable: "try again shortly") rather than queue up
    // and leave members waiting for however long the outage lasts.
    disableOfflineQueue: true,
  });
  client.once('ready', () => {
    connected = true;
  });
  return client;
}
export type RedisClient = ReturnType<typeof newRedisClient>;

/**
 * Connects within firstConnectMs, or gives up: the client's own limits cover a refused or silent TCP connect, not a
 * server that accepts and then never answers the handshake (a paused or frozen Redis), which would wait forever.
 */
export async function connectWithin(client: RedisClient, url: string, firstConnectMs = FIRST_CONNECT_MS): Promise<void> {
  const late = () => new StoreOpenError(`cannot reach Redis at ${maskedUrl(url)} (no answer within ${firstConnectMs / 1000} s)`);
  await within(client.connect(), firstConnectMs, late).catch((error: unknown) => {
    // Still trying (the late case): stop it. One that gave up by itself is closed already.
    if (client.isOpen) client.destroy();
    throw error;
  });
}

/** How long opening the store waits for a Redis that is loading its data (connected, answering LOADING). */
export const LOADING_WAIT_MS = 5 * 60_000;

const isLoading = (error: unknown) => error instanceof ErrorReply && error.message.startsWith('LOADING');

/**
 * A Redis restarted with persistence takes connections at once but answers LOADING to commands until its data is
 * back in memory (seconds, or minutes for a large one). Opening the store waits for it, telling `waiting` once,
 * instead of exiting: a service manager counts each exit as a failed start (systemd gives up after 5 in a minute),
 * and Redis and Backprop restarted together (a host's reboot) would otherwise leave Backprop stopped. It asks with
 * EXISTS on the store's own key (a least-privilege user may lack PING). Each question waits at most
 * CONNECT_TIMEOUT_MS: a server that stops answering is given up, not waited for forever. Once it has said LOADING,
 * a dropped connection is waited out too (a Redis that crashed while loading comes back). On any failure the
 * client is closed.
 */
export async function untilLoaded(client: RedisClient, url: string, key: string, waiting: () => void, waitMs = LOADING_WAIT_MS) {
  const started = Date.now();
  let loading = false;
  for (let attempt = 0; ; attempt++) {
    const left = waitMs - (Date.now() - started);
    const outcome = await within(client.exists(key), Math.min(CONNECT_TIMEOUT_MS, Math.max(left, 1)), () => new NoAnswer()).then(
      () => 'answered' as const,
      (error: unknown) => error,
    );
    if (outcome === 'answered' || (outcome instanceof ErrorReply && !isLoading(outcome))) return; // a refusal says itself next
    if (isLoading(outcome) && !loading) {
      loading = true;
      waiting();
    }
    const late = Date.now() - started >= waitMs;
    if (late || !loading) {
      client.destroy();
      throw loading
        ? new StoreOpenError(`Redis at ${maskedUrl(url)} was still loading its data after ${waitMs / 1000} s (it answers LOADING)`)
        : outcome instanceof NoAnswer
          ? new StoreOpenError(`cannot reach Redis at ${maskedUrl(url)} (no answer within ${CONNECT_TIMEOUT_MS / 1000} s)`)
          : outcome;
    }
    await sleep(Math.min(100 * 2 ** attempt, 2000, Math.max(left, 0)));
  }
}

/** A question to a loading Redis that had no answer in time. */
class NoAnswer extends Error {}

/**
 * What the client library would otherwise reject with a bare TypeError or URIError from inside its URL parser: a
 * database that is not a number, a user or password that is not valid percent-encoding.
 */
export function checkRedisUrl(url: string): void {
  const parsed = new URL(url);
  if (!/^\/?\d*$/.test(parsed.pathname)) {
    throw new StoreOpenError(`the database in ${maskedUrl(url)} must be a number, as in redis://127.0.0.1:6379/0`);
  }
  try {
    decodeURIComponent(parsed.username);
    decodeURIComponent(parsed.password);
  } catch {
    throw new StoreOpenError(`the user or password in ${maskedUrl(url)} is not valid percent-encoding (write % as %25)`);
  }
  // An option the store does not read would be ignored without a word (a misspelt namespace: every team "gone").
  // It was never read, so removing it leaves the data where it is.
  const unknown = [...parsed.searchParams.keys()].filter((name) => name !== 'namespace');
  if (unknown.length)
    throw new StoreOpenError(
      `${maskedUrl(url)}: unknown option ${unknown.join(', ')} (a Redis URL takes only ?namespace=; an unknown option was never read, so removing it changes nothing)`,
    );
}

/** A literal for a SCAN pattern: Redis glob characters escaped. */
export const globEscape = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');

/** Whether any key of a store is under the namespace (a scan that stops at the first). */
export async function holdsKeys(client: RedisClient, namespace: string): Promise<boolean> {
  for await (const batch of client.scanIterator({ MATCH: `${globEscape(namespace)}[dcahzlx]:*`, COUNT: 1000 }))
    if (batch.length > 0) return true;
  return false;
}
