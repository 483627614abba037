import { describe, expect, it } from 'vitest';
import { type Claimant, LEASE_TTL_MS, Lease } from '../../src/app/lease.js';
import { MemoryPrimitives } from '../../src/store/memory.js';
import { SyncStore } from '../../src/store/sync-store.js';
import { FakeClock } from '../fakes/clock.js';

const here = (instanceId: string, pid = process.pid): Claimant => ({ instanceId, host: 'this-host', pid });
const elsewhere = (instanceId: string): Claimant => ({ instanceId, host: 'other-host', pid: 4242 });

function setUp() {
  const clock = new FakeClock(Date.parse('2026-03-02T12:00:00Z'));
  const store = new SyncStore(new MemoryPrimitives(), clock);
  return { clock, lease: (who: Claimant) => new Lease(store, 'bp:lease:role:x', who, clock) };
}

describe('leases', () => {
  it('one holder at a time; the next one gets a larger fencing token once the first lapses', async () => {
    const { clock, lease } = setUp();
    const a = lease(elsewhere('a'));
    const b = lease(here('b'));
    expect((await a.acquire()).instanceId).toBe('a');
    expect(a.held).toBe(true);
    expect((await b.acquire()).instanceId).toBe('a');
    expect(b.held).toBe(false);
    clock.advance(LEASE_TTL_MS - 1);
    expect(await a.renew()).toBe(true);
    clock.advance(LEASE_TTL_MS - 1);
    expect((await b.acquire()).instanceId).toBe('a');
    clock.advance(2);
    const taken = await b.acquire();
    expect(taken).toMatchObject({ instanceId: 'b', token: 2 });
    expect(b.held).toBe(true);
    // The first holder learns it lost the lease at its next renewal.
    expect(await a.renew()).toBe(false);
    expect(a.held).toBe(false);
  });

  it('a holder on this host whose process is gone is replaced at once, not after the expiry', async () => {
    const { lease } = setUp();
    // A pid that is certainly not running: beyond the kernel's pid range.
    const crashed = lease(here('a', 2 ** 22 + 12345));
    await crashed.acquire();
    const restarted = lease(here('a'));
    expect((await restarted.acquire()).pid).toBe(process.pid);
    expect(restarted.held).toBe(true);
  });

  it('a released lease is free for the next one at once', async () => {
    const { lease } = setUp();
    const a = lease(elsewhere('a'));
    await a.acquire();
    await a.release();
    const b = lease(here('b'));
    await b.acquire();
    expect(b.held).toBe(true);
  });
});
