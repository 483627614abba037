import { afterEach, describe, expect, it, vi } from 'vitest';
import { LEASE_TTL_MS, Lease, RENEW_MS } from '../../src/app/lease.js';
import { Ownership } from '../../src/app/ownership.js';
import type { Store } from '../../src/core/ports/store.js';
import { StoreUnavailable } from '../../src/core/shared/errors.js';
import { SqlitePrimitives } from '../../src/store/sqlite.js';
import { SyncStore } from '../../src/store/sync-store.js';
import { FakeClock } from '../fakes/clock.js';
import { MemoryLogger } from '../fakes/logger.js';

/** An SQLite store (whose file lease is exclusive) that can be made to stop answering. */
function flakyStore(clock: FakeClock) {
  const store = new SyncStore(new SqlitePrimitives(':memory:', clock), clock);
  const state = { down: false };
  const flaky = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (state.down) return Promise.reject(new StoreUnavailable(new Error('ECONNRESET')));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as Store;
  return { store: flaky, state };
}

describe('an exclusive lease that lapses', () => {
  afterEach(() => vi.useRealTimers());

  it('during an outage, with no other process, is a warning that it is taken again; taken by another process, an error', async () => {
    vi.useFakeTimers();
    const clock = new FakeClock(Date.parse('2026-03-02T12:00:00Z'));
    const { store, state } = flakyStore(clock);
    const log = new MemoryLogger();
    const ownership = await Ownership.claim(store, { instanceId: 'only', shardChild: false, clock, log });
    state.down = true;
    clock.advance(LEASE_TTL_MS + 1);
    await vi.advanceTimersByTimeAsync(RENEW_MS);
    const said = () => log.lines.filter((l) => /exclusive lease/.test(l.msg ?? '')).map((l) => [l.level, l.msg]);
    expect(said()).toEqual([['warn', 'this process’s exclusive lease lapsed (the store did not answer in time); taking it again']]);

    // Back, and taken again by this process; then a second process really takes it while this one's renewal lapses.
    state.down = false;
    await vi.advanceTimersByTimeAsync(RENEW_MS);
    state.down = true;
    clock.advance(LEASE_TTL_MS + 1);
    state.down = false;
    // The same INSTANCE_ID and pid (node as pid 1 in two containers), on another host: another process all the same.
    await new Lease(store, 'bp:lease:sqlite-file', { instanceId: 'only', host: 'another-container', pid: process.pid }, clock).acquire();
    await vi.advanceTimersByTimeAsync(RENEW_MS);
    expect(said().at(-1)).toEqual(['error', 'another process took this process’s exclusive lease: stop one of them']);
    await ownership.stop();
  });
});
