import { MessengerRouter } from '../../../src/adapters/router.js';
import { SlackAdapter } from '../../../src/adapters/slack/adapter.js';
import type { Store } from '../../../src/core/ports/store.js';
import { createRig, type TestRig } from '../engine.js';
import type { FakeWorkspace } from './oauth.js';
import { FakeSlack } from './server.js';

/** A 32-byte key, as SLACK_TOKEN_KEY holds it (base64). */
export const TEST_TOKEN_KEY = Buffer.alloc(32, 42);

/** A real SlackAdapter as a distributed app (Bolt's OAuth installer, HTTP mode) on an engine, against a fake Slack. */
export interface DistributedRig extends TestRig {
  fake: FakeSlack;
  adapter: SlackAdapter;
  appUrl: string;
  stop(): Promise<void>;
}

export async function startDistributedRig(
  opts: { fake?: FakeSlack; store?: Store; instanceId?: string; refreshEveryMs?: number } = {},
): Promise<DistributedRig> {
  const fake = opts.fake ?? (await new FakeSlack().start());
  const router = new MessengerRouter();
  const rig = createRig({ messenger: router, liveCountsMs: { slack: 20 }, store: opts.store, instanceId: opts.instanceId });
  const adapter = new SlackAdapter(
    {
      oauth: {
        clientId: fake.oauth.clientId,
        clientSecret: fake.oauth.clientSecret,
        stateSecret: 'a-state-secret-for-tests',
        tokenKey: TEST_TOKEN_KEY,
      },
      signingSecret: fake.signingSecret,
      port: 0,
      host: '127.0.0.1',
      apiUrl: fake.apiUrl,
    },
    rig.log,
    { store: rig.store, refreshEveryMs: opts.refreshEveryMs },
  );
  router.register('slack', adapter);
  await adapter.start(rig.dispatcher);
  const appUrl = adapter.httpUrl!;
  fake.appUrl ??= appUrl;
  fake.oauth.redirectUrl ??= `${appUrl}/slack/oauth_redirect`;
  return {
    ...rig,
    fake,
    adapter,
    appUrl,
    async stop() {
      await adapter.stop();
      if (!opts.fake) await fake.stop();
    },
  };
}

export interface InstallAttempt {
  /** The redirect's answer: the success or error page. */
  status: number;
  html: string;
  /** The redirect URL the consent screen sent the browser to (code and state), and the state cookie. */
  redirect: string;
  cookie: string;
}

/**
 * A browser installing the app in a workspace: the "Add to Slack" page at /slack/install, the link to Slack's
 * consent screen (approved at once by the workspace), then the redirect back, with the state cookie.
 */
export async function installThroughBrowser(appUrl: string, workspace: FakeWorkspace): Promise<InstallAttempt> {
  const page = await fetch(`${appUrl}/slack/install`);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
  const link = /<a href="([^"]+)"/.exec(await page.text())?.[1];
  if (page.status !== 200 || !link) throw new Error(`/slack/install answered ${page.status} without an Add to Slack link`);
  const consentUrl = new URL(link.replace(/&amp;/g, '&'));
  consentUrl.searchParams.set('team', workspace.teamId);
  const consent = await fetch(consentUrl, { redirect: 'manual' });
  const redirect = consent.headers.get('location');
  if (consent.status !== 302 || !redirect) throw new Error(`the consent screen answered ${consent.status}: ${await consent.text()}`);
  return { ...(await followRedirect(redirect, cookie)), redirect, cookie };
}

/** The browser arriving at the app's redirect URL (with or without the state cookie). */
export async function followRedirect(url: string, cookie?: string): Promise<{ status: number; html: string }> {
  const response = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  return { status: response.status, html: await response.text() };
}
