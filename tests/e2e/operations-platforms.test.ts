import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackpropProcess } from '../fakes/backprop-process.js';
import { FakeDiscord, snowflake } from '../fakes/discord/server.js';
import { canSeeSockets, openPorts } from '../fakes/listening.js';
import { getText, opsUrl, scrape, until } from '../fakes/ops-client.js';
import { setUpTeams } from '../fakes/process-teams.js';
import { idLikeLabels, seriesValue } from '../fakes/prometheus.js';
import { blocksText, FakeSlack } from '../fakes/slack/server.js';

describe('where /metrics is served', () => {
  let discord: FakeDiscord | undefined;
  let slack: FakeSlack | undefined;
  const processes: BackpropProcess[] = [];
  const start = (env: Record<string, string>) => {
    const p = new BackpropProcess({ STORE_URL: 'memory://', INSTANCE_ID: 'ops-1', ...env });
    processes.push(p);
    return p;
  };
  afterEach(async () => {
    for (const p of processes.splice(0)) if (p.child.exitCode === null) await p.kill();
    await discord?.stop();
    await slack?.stop();
    discord = slack = undefined;
  });

  const slackHttp = async (env: Record<string, string>) => {
    slack = await new FakeSlack().start();
    const p = start({
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: slack.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      ...env,
    });
    await p.waitForLog('"msg":"ready"');
    const line = p.logs.split('\n').find((l) => l.includes('"msg":"Slack ready"'))!;
    const base = (JSON.parse(line) as { url: string }).url.replace(/\/slack\/events$/, '');
    slack.appUrl = base;
    const eventId = await slack.slash('http', slack.addUser('bea'), '/quiz', 'help');
    expect(blocksText((await slack.waitFor(() => slack!.responsesTo(eventId)[0], 'the reply')).blocks)).toContain('quiz start');
    return { p, base };
  };
  const commandCounted = (base: string) =>
    until(async () => {
      const s = await scrape(base);
      return seriesValue(s, 'backprop_events_total', { platform: 'slack', kind: 'command', outcome: 'ok' }) === 1 && s;
    }, 'the slash command counted');

  it('Slack in HTTP mode without METRICS_PORT: on Bolt’s own server, next to /slack/events', async () => {
    const { p, base } = await slackHttp({});
    const m = await commandCounted(base);
    expect(seriesValue(m, 'backprop_answer_latency_seconds_count', { store: 'memory' })).toBe(1);
    expect(seriesValue(m, 'backprop_platform_connected', { platform: 'slack' })).toBe(1);
    expect(idLikeLabels(m, [slack!.teamId, slack!.appId, slack!.botUserId])).toEqual([]);
    expect(await getText(`${base}/healthz`)).toEqual({ status: 200, body: '{"alive":true}' });
    expect((await getText(`${base}/readyz`)).status).toBe(200);
    expect(p.logs).not.toContain('metrics, health and readiness served at');
    if (canSeeSockets) expect(openPorts(p.child.pid!)).toEqual([Number(new URL(base).port)]);
  });

  it('Slack in HTTP mode with METRICS_PORT: /metrics only there, private; health and readiness on both', async () => {
    const { p, base } = await slackHttp({ METRICS_PORT: '0' });
    const ops = await opsUrl(p);
    expect(new URL(ops).hostname).toBe('127.0.0.1');
    expect(seriesValue(await commandCounted(ops), 'backprop_platform_connected', { platform: 'slack' })).toBe(1);
    expect((await getText(`${base}/metrics`)).status).toBe(404);
    for (const at of [base, ops]) {
      expect(await getText(`${at}/healthz`)).toEqual({ status: 200, body: '{"alive":true}' });
      expect((await getText(`${at}/readyz`)).status).toBe(200);
    }
    if (canSeeSockets) expect(openPorts(p.child.pid!).sort()).toEqual([Number(new URL(base).port), Number(new URL(ops).port)].sort());
  });

  it.skipIf(!canSeeSockets)('the terminal session opens no port; with METRICS_PORT, exactly that one', async () => {
    const quiet = start({});
    await quiet.waitForLog('"msg":"ready"');
    expect(quiet.logs).toContain('"role":"shell"');
    expect(openPorts(quiet.child.pid!)).toEqual([]);
    // The check itself sees a port when there is one.
    const served = start({ METRICS_PORT: '0' });
    const base = await opsUrl(served);
    await served.waitForLog('"msg":"ready"');
    expect(openPorts(served.child.pid!)).toEqual([Number(new URL(base).port)]);
  });

  it('two Discord shards: the manager serves one /metrics summed over its shard processes', { timeout: 90_000 }, async () => {
    discord = await new FakeDiscord().start();
    discord.recommendedShards = 2;
    const guilds = [discord.addGuild('zero', { shard: 0, of: 2 }), discord.addGuild('one', { shard: 1, of: 2 })];
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), 'bp-ops-shards-')), 'b.sqlite')}`;
    await setUpTeams(storeUrl, guilds);
    const manager = start({
      STORE_URL: storeUrl,
      DISCORD_TOKEN: 'fake-token',
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_SHARDS: 'auto',
      METRICS_PORT: '0',
    });
    const base = await opsUrl(manager);
    await manager.waitForLog('"role":"manager"', 60_000);
    // Only the manager listens: the shard processes (same environment, METRICS_PORT included) serve no HTTP.
    expect(manager.logs.split('\n').filter((l) => l.includes('metrics, health and readiness served at'))).toHaveLength(1);
    await discord.waitFor(() => discord!.dailyMessages.length >= 2 || undefined, 'both dailies', 30_000);
    // One click in each guild: each is answered by its own shard's process.
    for (const [i, guild] of guilds.entries()) {
      const daily = discord.dailyMessages.find((d) => d.channelId === guild.channels[0])!;
      const token = discord.click(
        guild.id,
        { id: snowflake(), username: `m${i}` },
        daily,
        daily.body.components[0].components[0].custom_id,
      );
      await discord.waitFor(() => discord!.repliesTo(token)[0], 'the answer’s reply', 10_000);
    }
    const m = await until(async () => {
      const s = await scrape(base);
      return seriesValue(s, 'backprop_events_total', { platform: 'discord', kind: 'button', outcome: 'ok' }) === 2 && s;
    }, 'both shards’ answers in the manager’s /metrics');
    expect(seriesValue(m, 'backprop_daily_posts_total', { result: 'posted' })).toBe(2);
    expect(seriesValue(m, 'backprop_teams', { state: 'active' })).toBe(2);
    expect(seriesValue(m, 'backprop_answer_latency_seconds_count', { store: 'sqlite' })).toBe(2);
    // Each series once, however many processes: three processes' default metrics summed into one exposition.
    expect(m.samples.filter((s) => s.name === 'backprop_store_up')).toHaveLength(1);
    expect(seriesValue(m, 'backprop_platform_connected', { platform: 'discord' })).toBe(1);
    expect(idLikeLabels(m, [...guilds.flatMap((g) => [g.id, ...g.channels]), discord.applicationId])).toEqual([]);
    expect(await until(async () => (await getText(`${base}/readyz`)).status === 200 || undefined, 'ready')).toBe(true);
    manager.child.kill('SIGTERM');
    expect(await manager.exited).toBe(0);
  });
});
