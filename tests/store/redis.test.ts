import { createClient } from '@redis/client';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/store/redis.js';
import { REDIS_URL, scratch } from '../fakes/stores.js';
import { storeContract } from './contract/index.js';

/** Runs against the Redis at REDIS_URL (.ci/run sets it); without it the suite reports itself skipped. */
describe.skipIf(!REDIS_URL)('redis store (REDIS_URL)', () => {
  const space = scratch('bp-test');
  storeContract('redis', { open: (clock) => RedisStore.open(space.redisUrl(), clock), expiresOnClock: false });

  it('lists more documents than one page of the index holds (1,000 a script), all of them, in order', async () => {
    const store = await RedisStore.open(space.redisUrl());
    try {
      const keys = Array.from({ length: 2345 }, (_, i) => `bp:shell:t:m:${String(i).padStart(5, '0')}:record`);
      await Promise.all(keys.map((key) => store.set(key, { n: 1 })));
      await store.set('bp:shell:t:n:after', { n: 1 });
      expect(await store.docKeys('bp:shell:t:m:')).toEqual(keys);
      await store.delete(keys[1000]!);
      expect(await store.docKeys('bp:shell:t:m:')).toEqual(keys.filter((_, i) => i !== 1000));
    } finally {
      await store.close();
    }
  });

  it('indexes the documents of a store written before the index existed, once, when it opens', async () => {
    const url = space.redisUrl();
    const namespace = new URL(url).searchParams.get('namespace')!;
    const first = await RedisStore.open(url);
    await first.set('bp:shell:t:ch:1', { n: 1 });
    await first.set('bp:shell:t:ch:2', { n: 2 });
    await first.close();
    const client = createClient({ url: REDIS_URL });
    await client.connect();
    try {
      // What an earlier version left: the documents, no index and no flag saying it was built.
      await client.del([`${namespace}x:docs`, `${namespace}x:meta`]);
      const again = await RedisStore.open(url);
      expect(await again.docKeys('bp:shell:t:ch:')).toEqual(['bp:shell:t:ch:1', 'bp:shell:t:ch:2']);
      expect(await client.hGet(`${namespace}x:meta`, 'docIndex')).toBe('1');
      // Built once: a document the index does not hold is not found by walking Redis again at the next open.
      await client.set(`${namespace}d:bp:shell:t:ch:3`, 'written around the store');
      await again.close();
      const third = await RedisStore.open(url);
      expect(await third.docKeys('bp:shell:t:ch:')).toEqual(['bp:shell:t:ch:1', 'bp:shell:t:ch:2']);
      await third.close();
    } finally {
      await client.close();
    }
  });
  afterAll(() => space.cleanUp());
});
