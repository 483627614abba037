import { createClient } from '@redis/client';
import { randomUUID } from 'node:crypto';
import { afterAll, describe } from 'vitest';
import { RedisStore } from '../../src/store/redis.js';
import { storeContract } from './contract.js';

/** Runs against the Redis at REDIS_URL (.ci/run sets it); without it the suite reports itself skipped. */
const REDIS_URL = process.env.REDIS_URL;
const prefix = `bp-test-${randomUUID().slice(0, 8)}`;
let n = 0;

describe.skipIf(!REDIS_URL)('redis store (REDIS_URL)', () => {
  storeContract('redis', {
    open: () => RedisStore.open(`${REDIS_URL}?namespace=${prefix}-${++n}:`),
  });

  afterAll(async () => {
    const client = createClient({ url: REDIS_URL });
    await client.connect();
    for await (const keys of client.scanIterator({ MATCH: `${prefix}-*`, COUNT: 1000 })) if (keys.length) await client.del(keys);
    await client.close();
  });
});
