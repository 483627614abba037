import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../src/scheduler/queue.js';

describe('KeyedQueue', () => {
  it('gives one group at most its share of the slots, so another group’s job starts while the first one’s hang', async () => {
    const queue = new KeyedQueue(8, () => undefined);
    const started: string[] = [];
    const release: (() => void)[] = [];
    const hanging = (key: string) => () => {
      started.push(key);
      return new Promise<void>((resolve) => release.push(resolve));
    };
    for (let i = 0; i < 10; i++) queue.push(`slow:${i}`, hanging(`slow:${i}`), 'slow-workspace');
    queue.push('other:0', hanging('other:0'), 'other-workspace');
    expect(started).toEqual(['slow:0', 'slow:1', 'other:0']);
    // As the slow group's jobs end, its next ones take their slots, one for one, in the order they came.
    release.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['slow:0', 'slow:1', 'other:0', 'slow:2']);
    for (let i = 0; i < 20 && release.length > 0; i++) {
      release.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await queue.idle();
    expect(started).toHaveLength(11);
  });

  it('without groups, every key is its own group: the concurrency limit alone applies', () => {
    const queue = new KeyedQueue(3, () => undefined);
    const started: string[] = [];
    for (let i = 0; i < 5; i++)
      queue.push(`k${i}`, () => {
        started.push(`k${i}`);
        return new Promise<void>(() => undefined);
      });
    expect(started).toEqual(['k0', 'k1', 'k2']);
    expect(queue.push('k0', async () => undefined)).toBe(false);
  });
});
