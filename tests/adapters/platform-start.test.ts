import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../../src/adapters/discord/adapter.js';
import { PlatformStartError } from '../../src/adapters/platform-start.js';
import { SlackAdapter } from '../../src/adapters/slack/adapter.js';
import { startFailure } from '../../src/start-failure.js';
import { FakeDiscord } from '../fakes/discord/server.js';
import { createRig } from '../fakes/engine.js';
import { FakeSlack } from '../fakes/slack/server.js';

/** A port nothing listens on (one just freed): connections are refused at once. */
async function nowhere(): Promise<string> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return `http://127.0.0.1:${port}`;
}

async function startFails(start: () => Promise<unknown>): Promise<string> {
  const error = await start().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformStartError);
  const said = startFailure(error);
  expect(said.trimEnd().split('\n')).toHaveLength(1); // one line, no stack
  return said;
}

describe('a platform refusing Backprop, or out of reach, at start-up: one line naming the variable to fix', () => {
  it('Discord: a token it does not know, an API it cannot reach', async () => {
    const fake = await new FakeDiscord().start();
    const rig = createRig();
    const NOWHERE = await nowhere();
    const discord = (token: string, apiUrl: string) =>
      new DiscordAdapter({ token, applicationId: fake.applicationId, apiUrl }, { log: rig.log, store: rig.store });
    try {
      const wrong = discord('not-the-bot-token', fake.apiUrl);
      expect(await startFails(() => wrong.start(rig.dispatcher))).toMatch(/^backprop: DISCORD_TOKEN: Discord refused the bot token/);
      await wrong.stop();
      const away = discord('fake-token', `${NOWHERE}/api`);
      expect(await startFails(() => away.start(rig.dispatcher))).toBe(
        `backprop: DISCORD_API_URL: cannot reach Discord at ${NOWHERE}/api (ECONNREFUSED): check the network, or the URL\n`,
      );
      await away.stop();
    } finally {
      await fake.stop();
    }
  });

  it('Slack: a bot token or an app-level token it refuses, an API it cannot reach', async () => {
    const fake = await new FakeSlack().start();
    const rig = createRig();
    const NOWHERE = await nowhere();
    const slack = (botToken: string, appToken: string, apiUrl: string) =>
      new SlackAdapter({ botToken, appToken, signingSecret: fake.signingSecret, port: 0, host: '127.0.0.1', apiUrl }, rig.log);
    try {
      expect(await startFails(() => slack('xoxb-wrong', 'xapp-fake-app-token', fake.apiUrl).start(rig.dispatcher))).toBe(
        "backprop: SLACK_BOT_TOKEN: Slack refused it (invalid_auth): copy it again from the Slack app's settings\n",
      );
      // Slack's own trouble is not blamed on the token: it stays a failure with its stack, for the report.
      fake.failNext('auth.test', { error: 'fatal_error' });
      const troubled = await slack(fake.botToken, 'xapp-fake-app-token', fake.apiUrl)
        .start(rig.dispatcher)
        .catch((e: unknown) => e);
      expect(troubled).not.toBeInstanceOf(PlatformStartError);
      expect(startFailure(troubled)).toMatch(/^backprop: failed to start: .*fatal_error/);
      const app = slack(fake.botToken, 'xapp-not-this-app', fake.apiUrl);
      expect(await startFails(() => app.start(rig.dispatcher))).toMatch(/^backprop: SLACK_APP_TOKEN: Slack refused it \(invalid_auth\)/);
      await app.stop();
      expect(await startFails(() => slack(fake.botToken, 'xapp-fake-app-token', `${NOWHERE}/api/`).start(rig.dispatcher))).toBe(
        `backprop: SLACK_API_URL: cannot reach Slack at ${NOWHERE}/api/ (ECONNREFUSED): check the network, or the URL\n`,
      );
    } finally {
      await fake.stop();
    }
  }, 30_000);

  it('Slack in HTTP mode: a PORT another program holds', async () => {
    const fake = await new FakeSlack().start();
    const rig = createRig();
    const taken = createServer().listen(0);
    await once(taken, 'listening');
    const { port } = taken.address() as AddressInfo;
    const http = new SlackAdapter({ botToken: fake.botToken, signingSecret: fake.signingSecret, port, apiUrl: fake.apiUrl }, rig.log);
    try {
      expect(await startFails(() => http.start(rig.dispatcher))).toBe(`backprop: PORT: port ${port} is already in use: choose another\n`);
    } finally {
      await http.stop();
      taken.close();
      await fake.stop();
    }
  }, 30_000);
});
