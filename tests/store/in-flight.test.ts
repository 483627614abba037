import { describe, expect, it } from 'vitest';
import { InFlightLimit } from '../../src/store/in-flight.js';

describe('InFlightLimit', () => {
  it('runs at most its limit at once, the rest in arrival order, and passes on results and errors', async () => {
    const limit = new InFlightLimit(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const work = (i: number) =>
      limit.run(async () => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        await new Promise<void>((release) => releases.push(release));
        running--;
        if (i === 3) throw new Error('three failed');
        return i * 10;
      });
    const all = [0, 1, 2, 3, 4].map((i) => work(i));
    const settled = Promise.allSettled(all);
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    while (releases.length > 0 || started.length < 5) {
      releases.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    const results = await settled;
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([0, 10, 20, 'three failed', 40]);
  });
});
