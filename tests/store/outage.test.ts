import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Inbound, STORE_UNAVAILABLE } from '../../src/app/dispatcher.js';
import { encodeAction } from '../../src/core/actions.js';
import type { DailyRecord } from '../../src/core/daily/daily-model.js';
import type { Messenger } from '../../src/core/ports/messenger.js';
import type { Store } from '../../src/core/ports/store.js';
import { keys } from '../../src/core/shared/keys.js';
import { plainText } from '../../src/core/shared/messages.js';
import { openStore } from '../../src/store/open.js';
import { configure, createRig, member, rightLetter, rigScheduler, TEAM, type TestRig } from '../fakes/engine.js';
import { POSTGRES_URL, REDIS_URL, scratch } from '../fakes/stores.js';
import { TcpProxy } from '../fakes/tcp-proxy.js';

const space = scratch('bp_outage');
afterAll(() => space.cleanUp());

/** Polls until `probe` holds, in real time: the store's client reconnects on its own schedule. */
async function eventually(probe: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const [name, base, scratchUrl] of [
  ['Redis', REDIS_URL, () => space.redisUrl()],
  ['Postgres', POSTGRES_URL, () => space.postgresUrl()],
] as const) {
  describe.skipIf(!base)(`${name} going away mid-run (its connection cut by a proxy)`, () => {
    let proxy: TcpProxy;
    let store: Store;
    beforeEach(async () => {
      const target = new URL(base!);
      proxy = new TcpProxy({ host: target.hostname, port: Number(target.port) });
      store = await openStore(await proxy.start(scratchUrl()));
    });
    afterEach(async () => {
      proxy.restore();
      await store.close().catch(() => undefined);
      await proxy.stop();
    });

    const answer = (who: string, daily: DailyRecord): Inbound => ({
      kind: 'action',
      member: member(who),
      channelId: 'daily',
      actionId: encodeAction({ ns: 'daily', verb: 'answer', dailyId: daily.id, letter: rightLetter(daily.order) }),
    });

    it('members are told to try again shortly, nothing is written, and it works again by itself when the store is back', async () => {
      const rig = createRig({ store });
      await configure(rig, TEAM, { channelId: 'daily' });
      const { daily } = (await rig.engine.dailies.post(TEAM, 'daily', { extra: false }))!;
      expect(plainText((await rig.dispatcher.handle(answer('ann', daily))).message)).toContain('✅ Right!');

      proxy.cutOff();
      const started = Date.now();
      const refused = await rig.dispatcher.handle(answer('bob', daily));
      expect(plainText(refused.message)).toBe(STORE_UNAVAILABLE);
      const streak = await rig.dispatcher.handle({
        kind: 'text',
        member: member('ann'),
        channelId: 'daily',
        group: 'quiz',
        text: 'streak',
      });
      expect(plainText(streak.message)).toBe(STORE_UNAVAILABLE);
      expect(Date.now() - started, 'refused at once, not after the outage').toBeLessThan(5000);
      expect(rig.log.at('error'), 'an outage is not logged as a bug').toEqual([]);
      expect(rig.log.at('warn').some((l) => l.msg?.startsWith('store unavailable'))).toBe(true);

      proxy.restore();
      await eventually(
        async () => plainText((await rig.dispatcher.handle(answer('bob', daily))).message).includes('✅ Right!'),
        'bob’s answer after the outage',
      );
      // Bob's refused answer left nothing behind: his one answer is the one after the outage; Ann's is intact.
      expect((await rig.engine.dailies.tally(TEAM, daily.id)).answered).toBe(2);
      expect(await store.getAnswer(keys.dailyAnswer(TEAM, 'ann', daily.id))).toBeDefined();
      expect((await store.get<{ answered: number }>(keys.member(TEAM, 'bob')))?.answered).toBe(1);
    });

    it('a daily due during the outage is posted once the store is back: not lost, not doubled', async () => {
      const rig = createRig({ store, start: '2026-03-02T08:58:00Z' });
      await configure(rig, TEAM, { channelId: 'daily', time: '09:00', timezone: 'UTC' });
      const scheduler = rigScheduler(rig, { store });
      await scheduler.tick();

      proxy.cutOff();
      rig.clock.set('2026-03-02T09:00:00Z');
      await scheduler.tick();
      await scheduler.idle();
      expect(rig.messenger.dailies).toHaveLength(0);
      expect(rig.log.at('warn').some((l) => l.msg === 'store unreachable; the schedule retries next minute')).toBe(true);
      expect(rig.log.at('error'), 'an outage is not logged as a bug').toEqual([]);

      proxy.restore();
      await eventually(
        async () =>
          await store.getClaim('bp:probe').then(
            () => true,
            () => false,
          ),
        'the store to answer again',
      );
      for (const minute of ['09:01', '09:02', '09:03']) {
        rig.clock.set(`2026-03-02T${minute}:00Z`);
        await scheduler.tick();
        await scheduler.idle();
      }
      expect(rig.messenger.dailies).toHaveLength(1);
    });

    it('cut between sending the daily and recording it: recorded when the store is back, never sent twice', async () => {
      let rig!: TestRig;
      // Posts go to the recording messenger; the store goes away the moment the platform has the message.
      const cutAfterSend: Messenger = {
        post: async (...args) => {
          const sent = await rig.messenger.post(...args);
          proxy.cutOff();
          return sent;
        },
        edit: (...args) => rig.messenger.edit(...args),
        sendPrivate: (...args) => rig.messenger.sendPrivate(...args),
      };
      rig = createRig({ store, messenger: cutAfterSend, start: '2026-03-02T09:00:00Z' });
      await configure(rig, TEAM, { channelId: 'daily', time: '09:00', timezone: 'UTC' });
      let done = false;
      const posting = rig.engine.dailies.post(TEAM, 'daily', { extra: false }).finally(() => (done = true));
      await eventually(async () => rig.messenger.dailies.length === 1, 'the send');
      await rig.timers.advance(2000); // a couple of attempts while the store is away
      expect(done).toBe(false);

      proxy.restore();
      while (!done) {
        await rig.timers.advance(1000);
        await new Promise((r) => setTimeout(r, 50));
      }
      const view = (await posting)!;
      expect((await rig.engine.dailies.get(TEAM, view.daily.id))?.messageId).toBe(view.daily.messageId);
      const scheduler = rigScheduler(rig, { store });
      rig.clock.set('2026-03-02T09:05:00Z');
      await scheduler.tick();
      await scheduler.idle();
      expect(rig.messenger.dailies).toHaveLength(1);
    });
  });
}
