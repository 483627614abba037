import { type Clock, systemClock } from '../core/ports/clock.js';
import type { Store } from '../core/ports/store.js';
import { MemoryPrimitives } from './memory.js';
import { reportingOutages } from './outage.js';
import { PostgresStore } from './postgres.js';
import { RedisStore } from './redis.js';
import { isSqliteOutage, SqlitePrimitives } from './sqlite.js';
import { SyncStore } from './sync-store.js';

/**
 * Opens the store named by STORE_URL:
 *   memory://                    everything in this process (tests, trying things out)
 *   sqlite://data/backprop.sqlite  a file relative to the working directory (the default)
 *   sqlite:///var/lib/backprop.sqlite  an absolute path
 *   redis://host:6379[/db][?namespace=prefix:]       Redis (several processes can share it)
 *   postgres://user@host:5432/db[?schema=backprop]   PostgreSQL (several processes can share it)
 */
export async function openStore(url: string, clock: Clock = systemClock): Promise<Store> {
  const scheme = url.slice(0, url.indexOf(':'));
  switch (scheme) {
    case 'memory':
      return new SyncStore(new MemoryPrimitives(), clock);
    case 'sqlite':
      return reportingOutages(new SyncStore(new SqlitePrimitives(sqlitePath(url), clock), clock), isSqliteOutage);
    case 'redis':
    case 'rediss':
      return RedisStore.open(url, clock);
    case 'postgres':
    case 'postgresql':
      return PostgresStore.open(url, clock);
    default:
      throw new Error(`STORE_URL: unsupported store "${scheme}" (use sqlite://, redis://, postgres:// or memory://)`);
  }
}

export function sqlitePath(url: string): string {
  const path = url.replace(/^sqlite:\/\//, '');
  if (!path) throw new Error(`STORE_URL: ${url} names no file (for example sqlite://data/backprop.sqlite)`);
  return path;
}
