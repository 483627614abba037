import { describe, expect, it } from 'vitest';
import { ReadCache } from '../../../src/core/shared/read-cache.js';
import { FakeClock } from '../../fakes/clock.js';

/** A load that finishes when the test says so, counting how often it was started. */
function gatedLoads() {
  const gates: ((value: string) => void)[] = [];
  return {
    started: () => gates.length,
    load: () => new Promise<string>((resolve) => gates.push(resolve)),
    finish: (i: number, value: string) => gates[i]!(value),
  };
}

describe('ReadCache', () => {
  it('loads a cold entry once for a burst of callers, then serves it until it expires', async () => {
    const clock = new FakeClock(0);
    const cache = new ReadCache<string>(clock, 1000);
    const loads = gatedLoads();
    const burst = Array.from({ length: 64 }, () => cache.get('daily', loads.load));
    expect(loads.started()).toBe(1);
    loads.finish(0, 'v1');
    expect(new Set(await Promise.all(burst))).toEqual(new Set(['v1']));
    expect(await cache.get('daily', loads.load)).toBe('v1');
    clock.advance(1001);
    const again = cache.get('daily', loads.load);
    expect(loads.started()).toBe(2);
    loads.finish(1, 'v2');
    expect(await again).toBe('v2');
  });

  it('a load under way when the entry is forgotten or replaced does not land in the cache', async () => {
    const cache = new ReadCache<string>(new FakeClock(0), 1000);
    const loads = gatedLoads();
    const stale = cache.get('k', loads.load);
    cache.forget('k');
    const fresh = cache.get('k', loads.load);
    expect(loads.started()).toBe(2);
    loads.finish(1, 'new');
    loads.finish(0, 'old');
    expect([await stale, await fresh]).toEqual(['old', 'new']);
    expect(await cache.get('k', loads.load)).toBe('new');
    const replaced = cache.get('p', loads.load);
    cache.put('p', 'written');
    loads.finish(2, 'read before the write');
    await replaced;
    expect(await cache.get('p', loads.load)).toBe('written');
  });

  it('a failed load is not kept: the next caller loads again', async () => {
    const cache = new ReadCache<string>(new FakeClock(0), 1000);
    await expect(cache.get('k', () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await cache.get('k', async () => 'back')).toBe('back');
  });
});
