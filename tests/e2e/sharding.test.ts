import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { BackpropProcess } from '../fakes/backprop-process.js';
import { FakeDiscord, snowflake } from '../fakes/discord/server.js';
import { createRig } from '../fakes/engine.js';
import { blocksText, FakeSlack } from '../fakes/slack/server.js';

describe('DISCORD_SHARDS: a shard manager, one process per shard (real processes, fake Discord and Slack)', () => {
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let manager: BackpropProcess | undefined;
  afterEach(async () => {
    if (manager && manager.child.exitCode === null) await manager.kill();
    await discord?.stop();
    await slack?.stop();
  });

  it('each shard serves and schedules only its guilds; the manager runs Slack; SIGTERM stops them all', { timeout: 90_000 }, async () => {
    discord = await new FakeDiscord().start();
    discord.recommendedShards = 2;
    slack = await new FakeSlack().start();
    const guilds = [discord.addGuild('zero', { shard: 0, of: 2 }), discord.addGuild('one', { shard: 1, of: 2 })];
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), 'bp-shards-')), 'b.sqlite')}`;
    const store = await openStore(storeUrl);
    const rig = createRig({ store, start: new Date().toISOString(), pack: 'deep-learning' });
    const timezone = ['UTC', 'Etc/GMT-6', 'Etc/GMT+6'].find(
      (z) => Number(new Date().toLocaleString('en-GB', { timeZone: z, hour: '2-digit', hour12: false })) >= 1,
    )!;
    for (const g of guilds)
      await rig.engine.teams.setup({ platform: 'discord', teamId: g.id }, { channelId: g.channels[1]!, time: '00:00', timezone }, 'x');
    await store.close();

    manager = new BackpropProcess({
      STORE_URL: storeUrl,
      DISCORD_TOKEN: 'fake-token',
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_SHARDS: 'auto',
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_APP_TOKEN: 'xapp-fake',
      SLACK_API_URL: slack.apiUrl,
    });
    // Shard processes write to the same output: wait for the manager's own ready line.
    await manager.waitForLog('"role":"manager","platforms":["slack"]', 60_000);
    expect([...discord.identified.values()].map((s) => s.join('/')).sort()).toEqual(['0/2', '1/2']);
    expect(slack.connections).toBe(1); // only the manager connects to Slack

    // Each guild's daily is posted once, by the shard that holds it.
    await discord.waitFor(() => discord.channelMessages.length >= 2, 'both dailies', 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    for (const g of guilds) expect(discord.channelMessages.filter((m) => m.channelId === g.channels[1])).toHaveLength(1);
    expect(discord.commandRegistrations).toHaveLength(1); // by shard 0 only

    // An interaction in the guild on shard 1 is answered (by shard 1's process).
    const token = discord.command(guilds[1]!.id, guilds[1]!.channels[0]!, { id: snowflake(), username: 'ann' }, 'quiz', 'help');
    await discord.waitFor(() => discord.repliesTo(token).length > 0, 'the reply from shard 1', 10_000);
    // And Slack is served by the manager.
    const eventId = await slack.slash('socket', slack.addUser('bea'), '/quiz', 'help');
    expect(blocksText((await slack.waitFor(() => slack.responsesTo(eventId)[0], 'the Slack reply', 10_000)).blocks)).toContain(
      'quiz start',
    );

    manager.child.kill('SIGTERM');
    expect(await manager.exited).toBe(0);
    await discord.waitFor(() => discord.connections === 0, 'the shards to disconnect', 15_000);
  });
});
