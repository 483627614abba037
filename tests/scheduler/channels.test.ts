import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { TeamRef } from '../../src/core/shared/refs.js';
import { configure, createRig, rigScheduler } from '../fakes/engine.js';

const TEAM: TeamRef = { platform: 'shell', teamId: 'company' };

/** Three daily channels of one team across the spring daylight-saving changes of their zones. */
const CHANNELS = [
  { channelId: 'new-york', time: '02:30', timezone: 'America/New_York' }, // in the gap on 2026-03-08
  { channelId: 'berlin', time: '02:30', timezone: 'Europe/Berlin' }, // in the gap on 2026-03-29
  { channelId: 'auckland', time: '02:30', timezone: 'Pacific/Auckland' }, // repeated hour on 2026-04-05
];

describe('the scheduler with several daily channels per team', () => {
  it('posts exactly once per channel and local day across two processes, a restart and the DST changes', { timeout: 60_000 }, async () => {
    const a = createRig({ start: '2026-03-01T00:00:00Z', instanceId: 'host-a' });
    const b = createRig({ start: '2026-03-01T00:00:00Z', instanceId: 'host-b', store: a.store });
    for (const c of CHANNELS) await configure(a, TEAM, c);
    let sa = rigScheduler(a);
    const sb = rigScheduler(b);
    await Promise.all([sa.start(), sb.start()]);
    const end = Date.parse('2026-04-12T00:00:00Z');
    let restarted = false;
    for (;;) {
      const next = Math.min(
        ...CHANNELS.map((c) => Math.min(sa.nextDueAt(TEAM, c.channelId) ?? Infinity, sb.nextDueAt(TEAM, c.channelId) ?? Infinity)),
      );
      if (next >= end) break;
      a.clock.set(next);
      b.clock.set(next);
      // Both processes tick at the same minute, as two replicas would; which one starts first alternates.
      const first = Math.floor(next / 86_400_000) % 2 === 0;
      await Promise.all(first ? [sa.tick(), sb.tick()] : [sb.tick(), sa.tick()]);
      await Promise.all([sa.idle(), sb.idle()]);
      if (!restarted && next > Date.parse('2026-03-20T00:00:00Z')) {
        // host-a restarts: a new scheduler plans from the store and posts nothing twice.
        await sa.stop();
        sa = rigScheduler(a);
        await sa.start();
        await sa.idle();
        restarted = true;
      }
    }
    expect(restarted).toBe(true);
    const posts = [...a.messenger.dailies, ...b.messenger.dailies];
    expect(a.messenger.dailies.length).toBeGreaterThan(0);
    expect(b.messenger.dailies.length).toBeGreaterThan(0);
    for (const { channelId, timezone } of CHANNELS) {
      const days = posts
        .filter((p) => p.channelId === channelId)
        .map((p) => DateTime.fromMillis(p.at, { zone: timezone }).toISODate()!)
        .filter((d) => d >= '2026-03-01' && d <= '2026-04-10');
      expect(new Set(days).size, `${channelId}: one post per local day`).toBe(days.length);
      expect(days, channelId).toHaveLength(41); // every local day from 03-01 to 04-10
    }
    // The spring-forward gap posts as many minutes after the jump; the repeated hour posts once, at the first.
    const at = (channelId: string, date: string, zone: string) =>
      posts
        .filter((p) => p.channelId === channelId)
        .map((p) => DateTime.fromMillis(p.at, { zone }))
        .find((d) => d.toISODate() === date)
        ?.toUTC()
        .toISO();
    expect(at('new-york', '2026-03-08', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(at('berlin', '2026-03-29', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(at('auckland', '2026-04-05', 'Pacific/Auckland')).toBe('2026-04-04T13:30:00.000Z'); // 02:30 NZDT, the first
    await Promise.all([sa.stop(), sb.stop()]);
  });

  it('plans one entry per daily channel and none for removed ones; a removed team’s channels stop', async () => {
    const rig = createRig({ start: '2026-03-02T08:00:00Z' });
    for (const c of CHANNELS) await configure(rig, TEAM, c);
    const other: TeamRef = { platform: 'shell', teamId: 'other' };
    await configure(rig, other, { channelId: 'solo', time: '09:00', timezone: 'UTC' });
    const s = rigScheduler(rig);
    await s.tick();
    expect(s.planned).toBe(4);
    await rig.engine.dailies.remove(TEAM, 'berlin');
    await s.idle();
    expect(s.nextDueAt(TEAM, 'berlin')).toBeUndefined();
    expect(s.nextDueAt(TEAM, 'new-york')).toBeDefined();
    await rig.engine.teams.markRemoved(TEAM);
    await s.idle();
    for (const c of CHANNELS) expect(s.nextDueAt(TEAM, c.channelId), c.channelId).toBeUndefined();
    expect(s.nextDueAt(other, 'solo')).toBeDefined();
  });
});
