import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { percentile } from '../../bench/stats.js';
import type { Store } from '../../src/core/ports/store.js';
import { keys } from '../../src/core/shared/keys.js';
import { LETTERS } from '../../src/core/shared/presentation.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { SqlitePrimitives } from '../../src/store/sqlite.js';
import { SyncStore } from '../../src/store/sync-store.js';
import { startDiscordRig } from '../fakes/discord/harness.js';
import { customId, embedText } from '../fakes/discord/read.js';
import { POSTGRES_URL, scratch } from '../fakes/stores.js';

/**
 * A burst through the real path: 500 members click the same daily within one second, through real discord.js
 * against the fake Discord, on the default store and on PostgreSQL. Discord drops an interaction not acknowledged
 * within 3 s, so every one must be; and every member gets their answer. The click-to-answer times are reported.
 */
const MEMBERS = 500;
const space = scratch('bp_burst');
const targets: { name: string; enabled: boolean; open: () => Promise<Store> }[] = [
  {
    name: 'sqlite',
    enabled: true,
    open: async () => new SyncStore(new SqlitePrimitives(join(mkdtempSync(join(tmpdir(), 'bp-burst-')), 'b.sqlite'))),
  },
  { name: 'postgres', enabled: POSTGRES_URL !== undefined, open: () => PostgresStore.open(space.postgresUrl()) },
];

describe.each(targets)('a burst of 500 daily clicks through discord.js ($name)', ({ enabled, open, name }) => {
  it.skipIf(!enabled)('acknowledges every click within 3 s and answers every member', { timeout: 120_000 }, async () => {
    const rig = await startDiscordRig({ store: await open(), pack: 'deep-learning' });
    try {
      const [channel] = rig.guild.channels as [string];
      const boss = rig.user('boss', { admin: true });
      const first = (token: string) => rig.fake.waitFor(() => rig.fake.repliesTo(token)[0], `a reply to ${token}`);
      await first(rig.fake.command(rig.guild.id, channel, boss, 'quiz-admin', 'setup', { channel, timezone: 'UTC' }));
      await first(rig.fake.command(rig.guild.id, channel, boss, 'quiz-admin', 'post'));
      const daily = rig.fake.dailyMessages[0]!;

      const clickedAt = new Map<string, number>();
      const ackAt = new Map<string, number>();
      const answeredAt = new Map<string, number>();
      const seen = { responses: 0, webhooks: 0 };
      // New responses are timestamped as they arrive (the fake keeps them in order): the first for a token is its
      // acknowledgement, the one carrying the verdict is the member's answer.
      const arrived = (token: string, body: Record<string, unknown>) => {
        const now = performance.now();
        if (!clickedAt.has(token)) return;
        if (!ackAt.has(token)) ackAt.set(token, now);
        if (!answeredAt.has(token) && /Right!|Not quite/.test(embedText(body))) answeredAt.set(token, now);
      };
      const watching = setInterval(() => {
        for (; seen.responses < rig.fake.responses.length; seen.responses++) {
          const r = rig.fake.responses[seen.responses]!;
          arrived(r.token, r.data ?? {});
        }
        for (; seen.webhooks < rig.fake.webhookMessages.length; seen.webhooks++) {
          const w = rig.fake.webhookMessages[seen.webhooks]!;
          arrived(w.token, w.body);
        }
      }, 2);
      // 500 members, one every 2 ms: the burst lasts one second.
      for (let i = 0; i < MEMBERS; i++) {
        setTimeout(
          () => {
            const token = rig.fake.click(rig.guild.id, rig.user(`m${i}`), daily, customId(daily.body, LETTERS[i % LETTERS.length]!));
            clickedAt.set(token, performance.now());
          },
          (i * 1000) / MEMBERS,
        );
      }
      await rig.fake.waitFor(() => answeredAt.size === MEMBERS, 'every member’s answer', 60_000);
      clearInterval(watching);

      const since = (at: Map<string, number>) => [...clickedAt].map(([token, t]) => at.get(token)! - t).sort((a, b) => a - b);
      const acks = since(ackAt);
      const answers = since(answeredAt);
      process.stdout.write(
        `discord burst on ${name}: ${MEMBERS} clicks in 1 s; acknowledged p50 ${acks[MEMBERS / 2]!.toFixed(0)} ms, ` +
          `max ${acks.at(-1)!.toFixed(0)} ms; click to answer p50 ${percentile(answers, 50).toFixed(0)} ms, p99 ${percentile(answers, 99).toFixed(0)} ms\n`,
      );
      expect(acks.at(-1)).toBeLessThan(3000);
      const state = await rig.engine.channels.state(rig.team, channel);
      expect((await rig.store.counters(keys.dailyTally(rig.team, state.open!.dailyId))).answered).toBe(MEMBERS);
    } finally {
      await rig.stop();
      await rig.store.close();
    }
  });
});

afterAll(() => space.cleanUp());
