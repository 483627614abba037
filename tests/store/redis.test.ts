import { afterAll, describe } from 'vitest';
import { RedisStore } from '../../src/store/redis.js';
import { REDIS_URL, scratch } from '../fakes/stores.js';
import { storeContract } from './contract/index.js';

/** Runs against the Redis at REDIS_URL (.ci/run sets it); without it the suite reports itself skipped. */
describe.skipIf(!REDIS_URL)('redis store (REDIS_URL)', () => {
  const space = scratch('bp-test');
  storeContract('redis', { open: (clock) => RedisStore.open(space.redisUrl(), clock), expiresOnClock: false });
  afterAll(() => space.cleanUp());
});
