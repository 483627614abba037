import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../src/scheduler/queue.js';

describe('KeyedQueue', () => {
  it('a group past its share leaves two slots free: another group’s job starts at once while the first one’s hang', async () => {
    const queue = new KeyedQueue(8, () => undefined);
    const started: string[] = [];
    const release: (() => void)[] = [];
    const hanging = (key: string) => () => {
      started.push(key);
      return new Promise<void>((resolve) => release.push(resolve));
    };
    const settled = () => new Promise((resolve) => setImmediate(resolve));
    // Alone, a team with many channels due uses all but the two reserved slots.
    for (let i = 0; i < 10; i++) queue.push(`slow:${i}`, hanging(`slow:${i}`), 'slow-workspace');
    await settled();
    expect(started).toEqual(['slow:0', 'slow:1', 'slow:2', 'slow:3', 'slow:4', 'slow:5']);
    queue.push('other:0', hanging('other:0'), 'other-workspace');
    queue.push('third:0', hanging('third:0'), 'third-workspace');
    await settled();
    expect(started.slice(6)).toEqual(['other:0', 'third:0']);
    // As jobs end, another team's waiting job comes first; the slow team gets a slot back only past the reserve.
    queue.push('fourth:0', hanging('fourth:0'), 'fourth-workspace');
    release.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started.slice(8)).toEqual(['fourth:0']);
    for (let i = 0; i < 30 && release.length > 0; i++) {
      release.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await queue.idle();
    expect(started).toHaveLength(13);
  });

  it('jobs queued together start by team first: each team’s share before one team’s extra slots', async () => {
    const queue = new KeyedQueue(8, () => undefined);
    const started: string[] = [];
    const hanging = (key: string) => () => {
      started.push(key);
      return new Promise<void>(() => undefined);
    };
    // One tick: a big team's ten channels come first in the plan, then five teams of one channel each.
    for (let i = 0; i < 10; i++) queue.push(`big:${i}`, hanging(`big:${i}`), 'big');
    for (const team of ['a', 'b', 'c', 'd', 'e']) queue.push(`${team}:0`, hanging(`${team}:0`), team);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['big:0', 'big:1', 'a:0', 'b:0', 'c:0', 'd:0', 'e:0']);
  });

  it('without groups, every key is its own group: the concurrency limit alone applies', async () => {
    const queue = new KeyedQueue(3, () => undefined);
    const started: string[] = [];
    for (let i = 0; i < 5; i++)
      queue.push(`k${i}`, () => {
        started.push(`k${i}`);
        return new Promise<void>(() => undefined);
      });
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['k0', 'k1', 'k2']);
    expect(queue.push('k0', async () => undefined)).toBe(false);
  });
});
