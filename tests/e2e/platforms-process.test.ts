import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startArgs } from '../fakes/backprop-process.js';
import { FakeDiscord, snowflake } from '../fakes/discord/server.js';
import { setUpTeams } from '../fakes/process-teams.js';
import { cleanEnv, REPO_ROOT } from '../fakes/shell-process.js';
import { blocksText, FakeSlack } from '../fakes/slack/server.js';

describe('the real process with Discord and Slack configured (against the fakes)', () => {
  let fake: FakeDiscord;
  let slack: FakeSlack;
  afterEach(async () => {
    await fake?.stop();
    await slack?.stop();
  });

  it('serves both platforms, survives an INTERACTION_CREATE that discord.js cannot parse, logs no secret, and stops cleanly', async () => {
    fake = await new FakeDiscord().start();
    slack = await new FakeSlack().start();
    slack.botToken = 'xoxb-secret-bot-token';
    const guild = fake.addGuild();
    const token = 'MTIz.fake-secret-token.abc';
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), 'bp-dproc-')), 'b.sqlite')}`;
    // A team whose daily is due: its first post fails (a 500 each time discord.js tries), so errors are logged.
    const { channel } = (await setUpTeams(storeUrl, [guild]))[0]!;
    fake.failNext('POST', new RegExp(`^/channels/${channel}/messages$`), { status: 500, times: 4 });
    // node directly, as a service manager would run it: npm itself does not pass on the exit code of a signalled child.
    const child = spawn(process.execPath, startArgs(), {
      cwd: REPO_ROOT,
      env: cleanEnv({
        STORE_URL: storeUrl,
        DISCORD_TOKEN: token,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
        SLACK_BOT_TOKEN: 'xoxb-secret-bot-token',
        SLACK_APP_TOKEN: 'xapp-secret-app-token',
        SLACK_API_URL: slack.apiUrl,
        SLACK_SIGNING_SECRET: 'secret-signing-secret',
        // The most talkative level: whatever a library logs about its requests must still hold no secret.
        LOG_LEVEL: 'debug',
      }),
    });
    let logs = '';
    child.stdout.on('data', (c: Buffer) => (logs += c.toString()));
    child.stderr.on('data', (c: Buffer) => (logs += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    await fake.waitFor(() => logs.includes('"msg":"ready"'), 'the process to be ready', 30_000);
    expect(logs).toContain('https://discord.com/oauth2/authorize?client_id=');
    expect(logs).toContain('scope=bot+applications.commands');

    // Missing data, member and token: discord.js throws while building the interaction, outside our handlers.
    fake.rawInteraction({ id: snowflake(), type: 2, application_id: fake.applicationId, guild_id: guild.id });
    fake.rawInteraction({ id: snowflake(), type: 3, application_id: fake.applicationId, guild_id: guild.id, data: {} });
    const user = { id: snowflake(), username: 'ann' };
    const reply = fake.command(guild.id, guild.channels[0]!, user, 'quiz', 'help');
    await fake.waitFor(() => fake.repliesTo(reply).length > 0, 'a reply after the malformed payloads', 10_000);
    expect(JSON.stringify(fake.answerTo(reply)!.body)).toContain('quiz start');
    expect(child.exitCode).toBeNull();
    await fake.waitFor(() => logs.includes('(kept running)'), 'the malformed payload to be logged');

    await fake.waitFor(() => logs.includes('daily post failed; will retry'), 'the failed daily post to be logged', 20_000);
    // An interaction whose reply Discord refuses: logged with discord.js's error (and its request).
    fake.failNext('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, { status: 500, times: 4 });
    const failedReply = fake.command(guild.id, guild.channels[0]!, user, 'quiz', 'help');
    await fake.waitFor(() => logs.includes('could not answer an interaction'), 'the failed reply to be logged', 20_000);

    // The same process answers on Slack (Socket Mode); users.info fails first (logged with the Web API error).
    slack.failNext('users.info', { status: 500 });
    slack.failNext('users.info', { status: 500 });
    slack.failNext('users.info', { status: 500 });
    const member = slack.addUser('bea');
    const eventId = await slack.slash('socket', member, '/quiz', 'help');
    const slackReply = await slack.waitFor(() => slack.responsesTo(eventId)[0], 'the Slack reply', 10_000);
    expect(blocksText(slackReply.blocks)).toContain('quiz start');

    child.kill('SIGTERM');
    const started = Date.now();
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(logs).toContain('users.info failed');
    for (const secret of [token, 'xoxb-secret-bot-token', 'xapp-secret-app-token', 'secret-signing-secret', failedReply]) {
      expect(logs).not.toContain(secret);
    }
  });
});
