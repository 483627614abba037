import { existsSync } from 'node:fs';
import { type Clock, systemClock } from '../core/ports/clock.js';
import type { Store } from '../core/ports/store.js';
import { MemoryPrimitives } from './memory.js';
import { openProblem, StoreOpenError } from './open-error.js';
import { reportingOutages } from './outage.js';
import { PostgresStore } from './postgres.js';
import { RedisStore } from './redis.js';
import { isSqliteOutage, SqlitePrimitives } from './sqlite.js';
import { SyncStore } from './sync-store.js';

export interface OpenOptions {
  clock?: Clock;
  /** What the URL came from, named in every problem: STORE_URL (the default), or a command's --from or --to. */
  setting?: string;
  /**
   * The store must be there already (a store to copy from): a mistyped SQLite path, Redis namespace or PostgreSQL
   * schema is refused, not created empty.
   */
  mustExist?: boolean;
  /** Redis: how long the first connection may take before opening fails (tests shorten it). */
  firstConnectMs?: number;
  /** Redis: how long to wait for a server that is loading its data (redis-client.ts untilLoaded; tests shorten it). */
  loadingWaitMs?: number;
  /** Told once when opening waits for the store (a Redis loading its data), to log or print. */
  waiting?: (message: string) => void;
}

/**
 * Opens the store named by STORE_URL:
 *   memory://                    everything in this process (tests, trying things out)
 *   sqlite://data/backprop.sqlite  a file relative to the working directory (the default)
 *   sqlite:///var/lib/backprop.sqlite  an absolute path
 *   redis://host:6379[/db][?namespace=prefix:]       Redis (several processes can share it)
 *   postgres://user@host:5432/db[?schema=backprop]   PostgreSQL (several processes can share it)
 *
 * A problem the operator fixes (a path, a host, a password, the URL itself) is a StoreOpenError naming the setting;
 * anything else is a bug and is thrown as it is.
 */
export async function openStore(url: string, options: OpenOptions = {}): Promise<Store> {
  const setting = options.setting ?? 'STORE_URL';
  // A path without a scheme is named whole, not cut at its last character.
  const scheme = url.includes(':') ? url.slice(0, url.indexOf(':')) : url;
  let target = url;
  try {
    switch (scheme) {
      case 'memory':
        return new SyncStore(new MemoryPrimitives(), options.clock ?? systemClock);
      case 'sqlite': {
        target = sqlitePath(url);
        if (options.mustExist && !existsSync(target)) throw new StoreOpenError(`${target} does not exist`);
        const clock = options.clock ?? systemClock;
        return reportingOutages(new SyncStore(new SqlitePrimitives(target, clock), clock), isSqliteOutage);
      }
      case 'redis':
      case 'rediss':
        return await RedisStore.open(url, options.clock, {
          firstConnectMs: options.firstConnectMs,
          mustExist: options.mustExist,
          loadingWaitMs: options.loadingWaitMs,
          waiting: () => options.waiting?.(`${setting}: Redis is loading its data (answering LOADING); waiting for it`),
        });
      case 'postgres':
      case 'postgresql':
        return await PostgresStore.open(url, options.clock, { mustExist: options.mustExist });
      default:
        throw new StoreOpenError(
          url.includes('://')
            ? `unsupported store "${scheme}" (use sqlite://, redis://, postgres:// or memory://)`
            : `"${url}" is not a store URL (use sqlite://, redis://, postgres:// or memory://; a file is sqlite://${url})`,
        );
    }
  } catch (error) {
    if (error instanceof StoreOpenError) throw error.of(setting);
    const problem = openProblem(url, target, error);
    if (problem === undefined) throw error;
    throw new StoreOpenError(problem, setting, { cause: error });
  }
}

export function sqlitePath(url: string): string {
  const path = url.replace(/^sqlite:\/\//, '');
  if (!path) throw new StoreOpenError(`${url} names no file (for example sqlite://data/backprop.sqlite)`);
  // "?mode=ro" would become part of the file's name: SQLite URLs take no options.
  if (path.includes('?'))
    throw new StoreOpenError(`${url}: an sqlite:// URL takes no options (a file name after sqlite://, nothing after ?)`);
  return path;
}
