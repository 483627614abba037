import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackpropProcess } from '../fakes/backprop-process.js';
import { installThroughBrowser } from '../fakes/slack/distributed.js';
import { blocksText, FakeSlack } from '../fakes/slack/server.js';

describe('the real process as a distributed Slack app (against the fake Slack)', () => {
  let slack: FakeSlack;
  let process_: BackpropProcess | undefined;
  afterEach(async () => {
    if (process_?.child.exitCode === null) await process_.kill();
    await slack?.stop();
  });

  it('installs a workspace through OAuth, serves it across a token refresh, and logs no token or secret at trace level', async () => {
    slack = await new FakeSlack().start();
    slack.oauth.tokenLifetimeSeconds = 2;
    const tokenKey = Buffer.alloc(32, 5).toString('base64');
    const stateSecret = 'state-secret-for-the-process-test';
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), 'bp-oauth-')), 'b.sqlite')}`;
    const env = (key: string) => ({
      STORE_URL: storeUrl,
      SLACK_CLIENT_ID: slack.oauth.clientId,
      SLACK_CLIENT_SECRET: slack.oauth.clientSecret,
      SLACK_STATE_SECRET: stateSecret,
      SLACK_TOKEN_KEY: key,
      SLACK_SIGNING_SECRET: slack.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      LOG_LEVEL: 'trace',
    });
    process_ = new BackpropProcess(env(tokenKey));
    await process_.waitForLog('"msg":"ready"');
    const appUrl = /"url":"(http:\/\/127\.0\.0\.1:\d+)\/slack\/events"/.exec(process_.logs)![1]!;
    expect(process_.logs).toContain(`"install":"${appUrl}/slack/install"`);
    slack.appUrl = appUrl;
    slack.oauth.redirectUrl = `${appUrl}/slack/oauth_redirect`;

    const workspace = slack.oauth.addWorkspace('Acme');
    const installed = await installThroughBrowser(appUrl, workspace);
    expect(installed.status).toBe(200);
    const boss = slack.addUser('boss', { admin: true, teamId: workspace.teamId });
    const ask = async () => {
      const eventId = await slack.slash('http', boss, '/quiz', 'help');
      return blocksText((await slack.waitFor(() => slack.responsesTo(eventId)[0], 'the reply', 10_000)).blocks);
    };
    expect(await ask()).toContain('quiz start');
    await slack.waitFor(() => Date.now() >= workspace.expiresAt!, 'the token to expire', 5000);
    expect(await ask()).toContain('quiz start');
    expect(workspace.refreshes).toBe(1);
    expect(slack.calls.filter((c) => c.tokenError)).toEqual([]);

    expect(await process_.kill('SIGTERM')).toBe(0);
    const secrets = [
      ...workspace.issued,
      workspace.refreshToken!,
      slack.oauth.clientSecret,
      slack.signingSecret,
      stateSecret,
      tokenKey,
      new URL(installed.redirect).searchParams.get('code')!,
      new URL(installed.redirect).searchParams.get('state')!,
    ];
    for (const secret of secrets) expect(process_.logs.split('\n').filter((l) => l.includes(secret))).toEqual([]);
    expect(process_.logs).toContain('refreshed a Slack bot token');

    // Started again with another key: refused at once, naming it, rather than serving no workspace without a word.
    process_ = new BackpropProcess(env(Buffer.alloc(32, 6).toString('base64')));
    expect(await process_.exited).toBe(1);
    expect(process_.logs).toContain('backprop: SLACK_TOKEN_KEY: it does not open the Slack installations stored (1 tried, none opened)');
  });
});
