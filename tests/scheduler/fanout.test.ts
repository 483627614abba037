import { afterEach, describe, expect, it } from 'vitest';
import type { TeamRef } from '../../src/core/shared/refs.js';
import { type DiscordRig, startDiscordRig } from '../fakes/discord/harness.js';
import { snowflake } from '../fakes/discord/server.js';
import { configure, onlyDaily, rigScheduler } from '../fakes/engine.js';

describe('fan-out: many teams due in the same minute, against the fake Discord through real discord.js', () => {
  let rig: DiscordRig;
  afterEach(async () => rig?.stop());

  it('1,000 teams each get exactly one post; a 403 team is marked and the rest are unaffected; 429s land once', {
    timeout: 120_000,
  }, async () => {
    // The fake's and discord.js's rate limits are raised for this test, so it measures correctness, not waiting.
    rig = await startDiscordRig({ globalRequestsPerSecond: 100_000 });
    rig.clock.set('2026-03-02T08:59:00Z');
    const teams: { team: TeamRef; channel: string }[] = [];
    for (let i = 0; i < 1000; i++) {
      const team: TeamRef = { platform: 'discord', teamId: snowflake() };
      const channel = snowflake();
      await configure(rig, team, { channelId: channel, time: '09:00', timezone: 'UTC' });
      teams.push({ team, channel });
    }
    const [forbidden, ...rest] = teams;
    rig.fake.failNext('POST', new RegExp(`^/channels/${forbidden!.channel}/messages$`), { status: 403, code: 50001 });
    const limited = rest.slice(0, 3);
    for (const { channel } of limited)
      rig.fake.failNext('POST', new RegExp(`^/channels/${channel}/messages$`), { status: 429, retryAfter: 0.05 });

    const scheduler = rigScheduler(rig, { concurrency: 16 });
    await scheduler.tick();
    await scheduler.idle();
    expect(rig.fake.channelMessages).toHaveLength(0); // not yet 09:00
    rig.clock.set('2026-03-02T09:00:00Z');
    await scheduler.tick();
    await scheduler.idle();

    const perChannel = new Map<string, number>();
    for (const m of rig.fake.channelMessages) perChannel.set(m.channelId, (perChannel.get(m.channelId) ?? 0) + 1);
    expect(perChannel.has(forbidden!.channel)).toBe(false);
    for (const { channel } of rest) expect(perChannel.get(channel), channel).toBe(1);
    expect(rig.fake.channelMessages).toHaveLength(999);
    for (const { channel } of limited) {
      const attempts = rig.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);
      expect(attempts.map((a) => a.status)).toEqual([429, 200]);
    }
    expect((await onlyDaily(rig.engine, forbidden!.team)).attention?.reason).toContain('missing access');
    expect(scheduler.nextDueAt(forbidden!.team, forbidden!.channel)).toBeUndefined();

    // The next minute's tick posts nothing again.
    rig.clock.set('2026-03-02T09:01:00Z');
    await scheduler.tick();
    await scheduler.idle();
    expect(rig.fake.channelMessages).toHaveLength(999);
  });
});
