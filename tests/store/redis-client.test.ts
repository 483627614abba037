import { mkdtempSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { StoreOpenError } from '../../src/store/open-error.js';
import { cli } from '../fakes/cli.js';
import { closedPort } from '../fakes/closed-port.js';
import { LoadingRedis } from '../fakes/loading-redis.js';
import { REDIS_URL, scratch } from '../fakes/stores.js';
import { TcpProxy } from '../fakes/tcp-proxy.js';

/** How long opening took, and what it was refused with. */
async function timedRefusal(url: string, firstConnectMs?: number): Promise<{ ms: number; error: unknown }> {
  const started = Date.now();
  const error = await openStore(url, { firstConnectMs }).then(
    async (store) => {
      await store.close();
      return new Error(`${url} opened`);
    },
    (e: unknown) => e,
  );
  return { ms: Date.now() - started, error };
}

describe('the first connection to Redis is bounded: start-up fails with the reason instead of waiting forever', () => {
  it('a port nothing listens on: refused once the first connection’s time is up, naming STORE_URL and the cause', async () => {
    const port = await closedPort();
    const { ms, error } = await timedRefusal(`redis://:s3cret@127.0.0.1:${port}`, 400);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as Error).message).toBe(`STORE_URL: cannot reach Redis at redis://:***@127.0.0.1:${port} (ECONNREFUSED)`);
    expect(ms).toBeLessThan(2000);
  });

  it('a server that accepts the connection and never answers (a paused Redis): refused once the time is up', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const { ms, error } = await timedRefusal(`redis://127.0.0.1:${port}`, 400);
      expect((error as Error).message).toBe(`STORE_URL: cannot reach Redis at redis://127.0.0.1:${port} (no answer within 0.4 s)`);
      expect(ms).toBeLessThan(2000);
    } finally {
      silent.close();
    }
  });

  it('migrate-store to a Redis that is not there says so, naming --to, within the default bound', { timeout: 40_000 }, async () => {
    const from = `sqlite://${join(mkdtempSync(join(tmpdir(), 'bp-connect-')), 'b.sqlite')}`;
    const seed = await openStore(from);
    await seed.set('bp:shell:t:config', { time: '09:00' });
    await seed.close();
    const port = await closedPort();
    const started = Date.now();
    const failed = await cli('migrate-store', ['--from', from, '--to', `redis://127.0.0.1:${port}`]).then(
      () => 'succeeded',
      (e: { stderr: string }) => e.stderr,
    );
    expect(failed).toBe(`migrate-store: --to: cannot reach Redis at redis://127.0.0.1:${port} (ECONNREFUSED)\n`);
    expect(Date.now() - started).toBeLessThan(25_000);
  });

  describe.skipIf(!REDIS_URL)('with a Redis server (REDIS_URL)', () => {
    const space = scratch('bp-connect');

    it('a refusal (a database number the server does not have) fails at once, not after the bound', async () => {
      const url = new URL(REDIS_URL!);
      url.pathname = '/99';
      const { ms, error } = await timedRefusal(url.toString());
      expect((error as Error).message).toBe(`STORE_URL: Redis at ${url} refused the connection (ERR DB index is out of range)`);
      expect(ms).toBeLessThan(2000);
    });

    it('a Redis loading its data after a restart (LOADING) is waited for, said once, and then used', async () => {
      const target = new URL(REDIS_URL!);
      const loading = new LoadingRedis({ host: target.hostname, port: Number(target.port) });
      const said: string[] = [];
      try {
        const url = await loading.start(space.redisUrl());
        setTimeout(() => loading.loaded(), 1500);
        const store = await openStore(url, { waiting: (message) => said.push(message) });
        try {
          expect(loading.refused).toBeGreaterThan(2);
          expect(said).toEqual(['STORE_URL: Redis is loading its data (answering LOADING); waiting for it']);
          await store.set('bp:shell:t:x', { n: 1 });
          expect(await store.get('bp:shell:t:x')).toEqual({ n: 1 });
        } finally {
          await store.close();
        }
      } finally {
        await loading.stop();
        await space.cleanUp();
      }
    });

    it('still loading past the wait: a one-line refusal naming the setting, and the connection closed', async () => {
      const target = new URL(REDIS_URL!);
      const loading = new LoadingRedis({ host: target.hostname, port: Number(target.port) });
      try {
        const url = await loading.start(space.redisUrl());
        const error = await openStore(url, { setting: '--from', loadingWaitMs: 1000 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreOpenError);
        expect((error as Error).message).toBe(`--from: Redis at ${url} was still loading its data after 1 s (it answers LOADING)`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(loading.closed).toBe(1);
      } finally {
        await loading.stop();
      }
    });

    it('a Redis that crashes while loading is waited out; one that stops answering is given up at the bound', async () => {
      const target = new URL(REDIS_URL!);
      const crashing = new LoadingRedis({ host: target.hostname, port: Number(target.port) });
      const frozen = new LoadingRedis({ host: target.hostname, port: Number(target.port) });
      try {
        const url = await crashing.start(space.redisUrl());
        setTimeout(() => crashing.dropConnections(), 500);
        setTimeout(() => crashing.loaded(), 2000);
        const store = await openStore(url, { loadingWaitMs: 20_000 });
        expect(crashing.closed).toBeGreaterThanOrEqual(1);
        await store.set('bp:shell:t:y', { n: 2 });
        await store.close();

        const silent = await frozen.start(space.redisUrl());
        setTimeout(() => frozen.freeze(), 500);
        const started = Date.now();
        const error = await openStore(silent, { loadingWaitMs: 3000 }).catch((e: unknown) => e);
        expect((error as Error).message).toBe(`STORE_URL: Redis at ${silent} was still loading its data after 3 s (it answers LOADING)`);
        expect(Date.now() - started).toBeLessThan(9000);
      } finally {
        await crashing.stop();
        await frozen.stop();
        await space.cleanUp();
      }
    });

    it('once connected, an outage longer than the first connection’s bound is waited out: it reconnects by itself', async () => {
      const target = new URL(REDIS_URL!);
      const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port) });
      const store = await openStore(await proxy.start(space.redisUrl()), { firstConnectMs: 200 });
      try {
        await store.set('bp:shell:t:x', { n: 1 });
        proxy.cutOff();
        await expect(store.get('bp:shell:t:x')).rejects.toThrow();
        // Past the bound while still down: the client keeps trying.
        await new Promise((resolve) => setTimeout(resolve, 600));
        proxy.restore();
        const deadline = Date.now() + 10_000;
        // Probed with ping, which uses the store's own client: a document read goes through Keyv, which would open
        // a closed client again by itself, and pass even if the client had given up.
        let back = false;
        while (!back && Date.now() < deadline) {
          back = await store.ping().then(
            () => true,
            () => false,
          );
          if (!back) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(back).toBe(true);
        expect(await store.get('bp:shell:t:x')).toEqual({ n: 1 });
      } finally {
        await store.close().catch(() => undefined);
        await proxy.stop();
        await space.cleanUp();
      }
    });
  });
});
