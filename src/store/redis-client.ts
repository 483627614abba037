import { createClient } from '@redis/client';
import { maskedUrl, StoreOpenError } from './open-error.js';

/** The store's one connection to Redis. */
export function newRedisClient(url: string) {
  return createClient({
    url,
    socket: { connectTimeout: 5000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000) },
    // While disconnected, commands fail at once (StoreUnavailable: "try again shortly") rather than queue up
    // and leave members waiting for however long the outage lasts.
    disableOfflineQueue: true,
  });
}
export type RedisClient = ReturnType<typeof newRedisClient>;

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
}
