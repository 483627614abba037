import { describe, expect, it } from 'vitest';
import { PrefixIndex } from '../../src/store/prefix-index.js';
import { seededRandom } from '../fakes/clock.js';

describe('PrefixIndex', () => {
  const filled = () => {
    const index = new PrefixIndex();
    for (const key of [
      'bp:shell:t1:channel:b',
      'bp:shell:t1:channel:a',
      'bp:shell:t1:m:u1:card:q1',
      'bp:shell:t2:channel:a',
      'bp:index:daily:x',
    ])
      index.add(key);
    return index;
  };

  it('lists the keys under a prefix that ends at a colon, sorted, and nothing of another team', () => {
    expect(filled().under('bp:shell:t1:channel:')).toEqual(['bp:shell:t1:channel:a', 'bp:shell:t1:channel:b']);
    expect(filled().under('bp:shell:t1:')).toEqual(['bp:shell:t1:channel:a', 'bp:shell:t1:channel:b', 'bp:shell:t1:m:u1:card:q1']);
    expect(filled().under('bp:shell:t3:')).toEqual([]);
  });

  it('answers a prefix that does not end at a colon, and one with no colon at all', () => {
    expect(filled().under('bp:shell:t1:chan')).toEqual(['bp:shell:t1:channel:a', 'bp:shell:t1:channel:b']);
    expect(filled().under('bp:shell:t')).toHaveLength(4);
    expect(filled().under('bp')).toHaveLength(5);
    expect(filled().under('')).toHaveLength(5);
  });

  it('forgets deleted keys at every level, keeps a key once however often it is added, and clears', () => {
    const index = filled();
    index.add('bp:shell:t1:channel:a');
    index.delete('bp:shell:t1:channel:a');
    index.delete('bp:shell:t1:never');
    expect(index.under('bp:shell:t1:channel:')).toEqual(['bp:shell:t1:channel:b']);
    expect(index.under('bp:')).not.toContain('bp:shell:t1:channel:a');
    expect(index.under('bp:shell:t1:channel:a')).toEqual([]);
    index.clear();
    expect(index.under('')).toEqual([]);
  });

  it('holds a key that itself ends at a colon under its own name', () => {
    const index = new PrefixIndex();
    index.add('bp:x:');
    expect(index.under('bp:x:')).toEqual(['bp:x:']);
    expect(index.under('bp:')).toEqual(['bp:x:']);
  });
});

describe('PrefixIndex, as keys come and go', () => {
  it('agrees with a plain filter over every key, for every prefix, through adds and deletes', () => {
    const index = new PrefixIndex();
    const held = new Set<string>();
    // Empty segments too: keys that start with a colon or hold two in a row.
    const segments = ['bp', 'shell', 'discord', 't1', 't2', 'm', 'u1', 'card', 'channel', 'x', '', ''];
    const random = seededRandom(7);
    const next = (n: number) => Math.floor(random() * n);
    const randomKey = () =>
      Array.from({ length: 1 + next(5) }, () => segments[next(segments.length)]).join(':') + (next(4) === 0 ? ':' : '');
    for (let step = 0; step < 3000; step++) {
      const key = randomKey();
      if (next(3) === 0) {
        index.delete(key);
        held.delete(key);
      } else {
        index.add(key);
        held.add(key);
      }
    }
    const prefixes = new Set([
      '',
      'b',
      'bp',
      'bp:',
      'bp:sh',
      ...[...held].flatMap((k) => [k, k.slice(0, k.length - 1), k.slice(0, k.lastIndexOf(':') + 1)]),
    ]);
    expect([...held].some((k) => k.startsWith(':'))).toBe(true);
    for (const prefix of prefixes) expect(index.under(prefix), prefix).toEqual([...held].filter((k) => k.startsWith(prefix)).sort());
    for (const key of held) index.delete(key);
    expect(index.under('')).toEqual([]);
    expect((index as unknown as { groups: Map<string, unknown> }).groups.size).toBeLessThanOrEqual(1);
  });
});
