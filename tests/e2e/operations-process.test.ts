import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BackpropProcess } from '../fakes/backprop-process.js';
import { FakeDiscord, MANAGE_GUILD, snowflake } from '../fakes/discord/server.js';
import { getText, opsUrl, scrape, until } from '../fakes/ops-client.js';
import { setUpTeams } from '../fakes/process-teams.js';
import { idLikeLabels, seriesValue } from '../fakes/prometheus.js';
import { POSTGRES_URL, REDIS_URL, scratch } from '../fakes/stores.js';
import { TcpProxy } from '../fakes/tcp-proxy.js';

const space = scratch('bp_ops');
/** A store a test can cut off: Redis if there is one, else PostgreSQL (through the TCP proxy). */
const store = REDIS_URL
  ? { kind: 'redis', base: REDIS_URL, url: () => space.redisUrl() }
  : POSTGRES_URL
    ? { kind: 'postgres', base: POSTGRES_URL, url: () => space.postgresUrl() }
    : undefined;

describe('the real process with METRICS_PORT: /metrics, /healthz, /readyz', () => {
  let fake: FakeDiscord;
  let proxy: TcpProxy | undefined;
  const processes: BackpropProcess[] = [];
  afterEach(async () => {
    for (const p of processes.splice(0)) if (p.child.exitCode === null) await p.kill();
    await fake?.stop();
    await proxy?.stop();
  });
  afterAll(() => space.cleanUp());

  it.skipIf(!store)(
    'a daily (post, answers, close) and a store outage move the counters; /readyz 503 during it',
    { timeout: 90_000 },
    async () => {
      fake = await new FakeDiscord().start();
      const guild = fake.addGuild('Ops');
      const target = new URL(store!.base);
      proxy = new TcpProxy({ host: target.hostname, port: Number(target.port) });
      const storeUrl = await proxy.start(store!.url());
      const { channel } = (await setUpTeams(storeUrl, [guild]))[0]!;
      const p = new BackpropProcess({
        STORE_URL: storeUrl,
        INSTANCE_ID: 'ops-1',
        DISCORD_TOKEN: 'fake-token',
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
        METRICS_PORT: '0',
      });
      processes.push(p);
      const base = await opsUrl(p);
      expect(new URL(base).hostname).toBe('127.0.0.1'); // METRICS_HOST's default: this machine only
      await until(async () => (await getText(`${base}/readyz`)).status === 200, '/readyz 200 after start-up');

      // The daily goes out at start-up (due since 00:00): posted once, late by hours, the team active.
      const daily = await fake.waitFor(() => fake.dailyMessages[0], 'the daily', 30_000);
      expect(daily.channelId).toBe(channel);
      let m = await until(async () => {
        const s = await scrape(base);
        return seriesValue(s, 'backprop_daily_posts_total', { result: 'posted' }) === 1 && s;
      }, 'the daily counted as posted');
      expect(seriesValue(m, 'backprop_daily_post_delay_seconds_count')).toBe(1);
      expect(seriesValue(m, 'backprop_teams', { state: 'active' })).toBe(1);
      expect(seriesValue(m, 'backprop_scheduler_lag_seconds')).toBe(0);
      expect(seriesValue(m, 'backprop_store_up')).toBe(1);
      expect(seriesValue(m, 'backprop_platform_connected', { platform: 'discord' })).toBe(1);
      const latency = () => seriesValue(m, 'backprop_answer_latency_seconds_count', { store: store!.kind });
      const events = (kind: string, outcome: string) => seriesValue(m, 'backprop_events_total', { platform: 'discord', kind, outcome });
      const before = { latency: latency(), ok: events('button', 'ok'), mistakes: events('button', 'user_error') };

      // Two answers, and one member answering twice (their mistake).
      const ann = { id: snowflake(), username: 'ann' };
      const bob = { id: snowflake(), username: 'bob' };
      const buttons = daily.body.components[0].components as { custom_id: string }[];
      for (const [who, button] of [
        [ann, buttons[0]!],
        [bob, buttons[1]!],
        [ann, buttons[1]!],
      ] as const) {
        const token = fake.click(guild.id, who, daily, button.custom_id);
        await fake.waitFor(() => fake.repliesTo(token)[0], 'the answer’s reply');
      }
      // The close's reveal edit meets a 429 first: discord.js waits it out, and it is counted.
      fake.failNext('PATCH', new RegExp(`^/channels/${channel}/messages/${daily.id}$`), { status: 429, retryAfter: 0.05 });
      const boss = { id: snowflake(), username: 'boss', permissions: MANAGE_GUILD };
      const close = fake.command(guild.id, channel, boss, 'quiz-admin', 'close');
      // On a busy machine the reply may be deferred first ("thinking…"): the text comes in the edit.
      const closed = await fake.waitFor(() => fake.repliesTo(close).find((r) => r.body.embeds), 'the close’s reply', 15_000);
      expect(JSON.stringify(closed.body)).toContain('closed');
      await fake.waitFor(() => daily.edits.some((e) => JSON.stringify(e).includes('closed')) || undefined, 'the reveal');
      m = await scrape(base);
      expect(events('button', 'ok') - before.ok).toBe(2);
      expect(events('button', 'user_error') - before.mistakes).toBe(1);
      expect(events('command', 'ok')).toBeGreaterThanOrEqual(1);
      expect(latency() - before.latency).toBeGreaterThanOrEqual(4);
      expect(seriesValue(m, 'backprop_rate_limit_waits_total', { platform: 'discord', cause: 'too_many_requests' })).toBeGreaterThanOrEqual(
        1,
      );
      expect(seriesValue(m, 'backprop_store_errors_total')).toBe(0);

      // The store goes away: members hear "try again", /readyz says why, /healthz stays 200, /metrics still answers.
      proxy.cutOff();
      const cat = { id: snowflake(), username: 'cat' };
      const refused = fake.command(guild.id, channel, cat, 'quiz', 'streak');
      expect(JSON.stringify((await fake.waitFor(() => fake.repliesTo(refused)[0], 'the refusal', 15_000)).body)).toContain(
        'cannot reach its storage',
      );
      const down = await until(async () => {
        const r = await getText(`${base}/readyz`);
        return r.status === 503 && r.body;
      }, '/readyz 503 during the outage');
      expect(JSON.parse(down).reasons).toContain('the store does not answer');
      expect((await getText(`${base}/healthz`)).status).toBe(200);
      m = await scrape(base);
      expect(events('command', 'store_unreachable')).toBeGreaterThanOrEqual(1);
      expect(seriesValue(m, 'backprop_store_errors_total', { reason: 'unreachable' })).toBeGreaterThanOrEqual(1);
      expect(seriesValue(m, 'backprop_store_up')).toBe(0);

      // Back: ready again by itself, and members are served.
      proxy.restore();
      await until(async () => (await getText(`${base}/readyz`)).status === 200, '/readyz 200 after the outage', 30_000);
      expect((await getText(`${base}/healthz`)).status).toBe(200);
      const after = fake.command(guild.id, channel, cat, 'quiz', 'streak');
      expect(JSON.stringify((await fake.waitFor(() => fake.repliesTo(after)[0], 'the reply after')).body)).not.toContain(
        'cannot reach its storage',
      );
      m = await scrape(base);
      expect(seriesValue(m, 'backprop_store_up')).toBe(1);

      // No label anywhere carries an id of a team, member, channel, message or the application.
      const ids = [guild.id, ...guild.channels, ...guild.roles, ann.id, bob.id, cat.id, boss.id, daily.id, fake.applicationId, 'ops-1'];
      expect(idLikeLabels(m, ids)).toEqual([]);
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    },
  );
});
