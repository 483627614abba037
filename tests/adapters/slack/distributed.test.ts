import { afterEach, describe, expect, it } from 'vitest';
import { keys, SLACK_INSTALLATION_PREFIX } from '../../../src/core/shared/keys.js';
import type { TeamRef } from '../../../src/core/shared/refs.js';
import { rigScheduler } from '../../fakes/engine.js';
import { type DistributedRig, followRedirect, installThroughBrowser, startDistributedRig } from '../../fakes/slack/distributed.js';
import type { FakeWorkspace } from '../../fakes/slack/oauth.js';
import { blocksText, type FakeSlack, type FakeSlackUser } from '../../fakes/slack/server.js';

const teamOf = (workspace: FakeWorkspace): TeamRef => ({ platform: 'slack', teamId: workspace.teamId });

describe('Slack as a distributed app: OAuth installs in many workspaces, rotating tokens, uninstall', () => {
  let rig: DistributedRig;
  afterEach(() => rig?.stop());

  const replyTo = (fake: FakeSlack, eventId: string) => fake.waitFor(() => fake.responsesTo(eventId)[0], `a reply to ${eventId}`);
  const installations = async () => (await rig.store.keys(SLACK_INSTALLATION_PREFIX)).filter((k) => k.includes(':team:'));

  it('installs three workspaces through /slack/install and the consent screen; each is its own team, served with its own token', async () => {
    rig = await startDistributedRig();
    const { fake } = rig;
    const workspaces = ['Acme', 'Globex', 'Initech'].map((name) => fake.oauth.addWorkspace(name));
    // The install page says what is installed, with one link to Slack's consent screen.
    const page = await (await fetch(`${rig.appUrl}/slack/install`)).text();
    expect(page).toContain('<title>Install Backprop</title>');
    expect(page).toMatch(/<a href="[^"]+\/oauth\/v2\/authorize\?[^"]+">Add Backprop to a Slack workspace<\/a>/);
    for (const workspace of workspaces) {
      const done = await installThroughBrowser(rig.appUrl, workspace);
      expect(done.status).toBe(200);
      expect(done.html).toContain(`Backprop is installed in ${workspace.name}`);
    }
    expect(fake.oauth.grants.map((g) => g.teamId)).toEqual(workspaces.map((w) => w.teamId));
    expect(new Set(workspaces.map((w) => w.token)).size).toBe(3);
    expect((await installations()).sort()).toEqual(workspaces.map((w) => keys.slackInstallation('team', w.teamId)).sort());

    // A member of each workspace: their command is answered with their workspace's data and token only.
    for (const [i, workspace] of workspaces.entries()) {
      const boss = fake.addUser(`boss${i}`, { admin: true, teamId: workspace.teamId });
      const saved = await replyTo(
        fake,
        await fake.slash('http', boss, '/quiz-admin', `setup <#C0DAILY${i}|daily> add-admin=<@${boss.id}>`),
      );
      expect(blocksText(saved.blocks)).toContain('Saved');
      const info = fake.callsOf('users.info').filter((c) => c.args.user === boss.id);
      expect(info.map((c) => c.teamId)).toEqual([workspace.teamId]);
      expect(info[0]!.authorization).toBe(`Bearer ${workspace.token}`);
      // The setup confirmation is posted in that workspace, with its token.
      expect(fake.messages.filter((m) => m.channel === `C0DAILY${i}`).map((m) => m.team)).toEqual([workspace.teamId]);
      expect(await rig.engine.channels.list(teamOf(workspace))).toHaveLength(1);
    }
    expect(fake.calls.filter((c) => c.tokenError)).toEqual([]);
    // The App Home of a member shows their own workspace's team only.
    const ann = fake.addUser('ann', { teamId: workspaces[1]!.teamId });
    await fake.event('http', { type: 'app_home_opened', user: ann.id, tab: 'home' }, workspaces[1]!.teamId);
    await fake.waitFor(() => fake.views.find((v) => v.userId === ann.id), 'the App Home');
    expect(fake.callsOf('views.publish').at(-1)!.teamId).toBe(workspaces[1]!.teamId);
  });

  it('posts each workspace’s daily with its own refreshed token after the tokens expired; an uninstalled one stops, the others go on', async () => {
    rig = await startDistributedRig();
    const { fake } = rig;
    fake.oauth.tokenLifetimeSeconds = 2;
    const workspaces = ['Acme', 'Globex', 'Initech'].map((name) => fake.oauth.addWorkspace(name));
    const bosses: FakeSlackUser[] = [];
    for (const [i, workspace] of workspaces.entries()) {
      expect((await installThroughBrowser(rig.appUrl, workspace)).status).toBe(200);
      bosses.push(fake.addUser(`boss${i}`, { admin: true, teamId: workspace.teamId }));
      await replyTo(fake, await fake.slash('http', bosses[i]!, '/quiz-admin', 'setup <#C0DAILY|daily>'));
    }
    const scheduler = rigScheduler(rig);
    // Set up after today's time: today's daily goes out at once (catch-up), with the first tokens.
    await scheduler.tick();
    await scheduler.idle();
    const dailiesOf = (w: FakeWorkspace) => fake.dailyMessages.filter((m) => m.team === w.teamId).length;
    expect(workspaces.map(dailiesOf)).toEqual([1, 1, 1]);
    const firstTokens = workspaces.map((w) => w.issued[0]!);
    // Tokens expire mid-test: nothing used them since, so none was refreshed.
    await fake.waitFor(() => workspaces.every((w) => Date.now() >= w.expiresAt!), 'the first tokens to expire', 5000);
    expect(workspaces.map((w) => w.refreshes)).toEqual([0, 0, 0]);

    const runDay = async () => {
      rig.clock.set(Math.min(...workspaces.map((w) => scheduler.nextDueAt(teamOf(w), 'C0DAILY') ?? Infinity)));
      await scheduler.tick();
      await scheduler.idle();
    };
    await runDay();
    for (const workspace of workspaces) {
      expect(dailiesOf(workspace), workspace.name).toBe(2);
      expect(workspace.refreshes, workspace.name).toBeGreaterThanOrEqual(1);
      const post = fake.callsOf('chat.postMessage').filter((c) => c.teamId === workspace.teamId && c.args.channel === 'C0DAILY');
      expect(post.at(-1)!.authorization).toBe(`Bearer ${workspace.token}`);
      expect(firstTokens).not.toContain(workspace.token);
    }
    // Every call carried its workspace's current token: none was refused.
    expect(fake.calls.filter((c) => c.tokenError)).toEqual([]);
    expect(fake.oauth.grants.filter((g) => g.error)).toEqual([]);

    // Globex uninstalls: its installation goes and its schedule stops; the others go on, past another expiry.
    const [acme, globex, initech] = workspaces as [FakeWorkspace, FakeWorkspace, FakeWorkspace];
    await fake.uninstall('http', globex);
    await fake.waitFor(async () => (await rig.engine.teams.config(teamOf(globex))).removedAt !== undefined, 'the removal');
    expect(await rig.store.get(keys.slackInstallation('team', globex.teamId))).toBeUndefined();
    // A post outside the schedule (a round's close, say) is refused for good, naming what to do.
    await expect(rig.adapter.post(teamOf(globex), 'C0DAILY', { lines: [] })).rejects.toMatchObject({
      name: 'DeliveryError',
      permanent: true,
      reason: expect.stringContaining('install it again'),
    });
    await fake.waitFor(() => Date.now() >= Math.max(acme.expiresAt!, initech.expiresAt!), 'the tokens to expire again', 5000);
    await runDay();
    expect([acme, globex, initech].map(dailiesOf)).toEqual([3, 2, 3]);
    expect(fake.calls.filter((c) => c.tokenError)).toEqual([]);

    // Installed again within 30 days: the team is back, with its daily channel (that day's daily catches up).
    expect((await installThroughBrowser(rig.appUrl, globex)).status).toBe(200);
    expect((await rig.engine.teams.config(teamOf(globex))).removedAt).toBeUndefined();
    await runDay();
    expect([acme, globex, initech].map(dailiesOf)).toEqual([3, 3, 3]);
    expect(fake.calls.filter((c) => c.tokenError)).toEqual([]);
  });

  it('a token that expired because Slack refuses its refresh for good: the channel needs attention, the admin is told to install again', async () => {
    rig = await startDistributedRig();
    const { fake } = rig;
    fake.oauth.tokenLifetimeSeconds = 2;
    const globex = fake.oauth.addWorkspace('Globex');
    expect((await installThroughBrowser(rig.appUrl, globex)).status).toBe(200);
    const boss = fake.addUser('boss', { admin: true, teamId: globex.teamId });
    await replyTo(fake, await fake.slash('http', boss, '/quiz-admin', 'setup <#C0DAILY|daily>'));
    // Slack no longer takes the refresh token it holds (a store restored from an old backup, say).
    globex.refreshToken = 'xoxe-1-no-longer-valid';
    await fake.waitFor(() => Date.now() >= globex.expiresAt!, 'the token to expire', 5000);
    const said = blocksText((await replyTo(fake, await fake.slash('http', boss, '/quiz-admin', 'post'))).blocks);
    expect(said).toContain(
      "Slack refused to renew Backprop's token for this workspace (invalid_refresh_token): a workspace admin must install the app again.",
    );
    expect(said).not.toContain('Something went wrong');
    // Asked once: no retry changes Slack's answer, so the schedule stops there until the admin acts, and says so.
    expect(fake.oauth.grants.filter((g) => g.error === 'invalid_refresh_token')).toHaveLength(1);
    const [channel] = await rig.engine.channels.list(teamOf(globex));
    expect(channel!.attention?.reason).toContain('must install the app again');
    // Installed again (a new token and refresh token) and set up again: the daily goes out.
    expect((await installThroughBrowser(rig.appUrl, globex)).status).toBe(200);
    const again = blocksText((await replyTo(fake, await fake.slash('http', boss, '/quiz-admin', 'setup <#C0DAILY|daily>'))).blocks);
    expect(again).not.toContain('could not post');
    expect((await rig.engine.channels.list(teamOf(globex)))[0]!.attention).toBeUndefined();
  });

  it('refreshes a token due before it expires even when nothing uses it, so that no event waits for a refresh before its ack', async () => {
    rig = await startDistributedRig({ refreshEveryMs: 100 });
    const { fake } = rig;
    fake.oauth.tokenLifetimeSeconds = 4;
    const acme = fake.oauth.addWorkspace('Acme');
    expect((await installThroughBrowser(rig.appUrl, acme)).status).toBe(200);
    const first = { expiresAt: acme.expiresAt! };
    // Due at half a 4-second token's life: renewed by the sweep, with no event and no post asking for it.
    await fake.waitFor(() => acme.issued.length >= 2, 'the token to be refreshed', 5000);
    expect(Date.now()).toBeLessThan(first.expiresAt);
    expect(fake.oauth.grants.filter((g) => g.grant === 'refresh_token')).toEqual([{ grant: 'refresh_token', teamId: acme.teamId }]);
  });

  it('tokens_revoked for the bot deletes the installation and starts the retention; revoking user tokens only does not', async () => {
    rig = await startDistributedRig();
    const { fake } = rig;
    const [acme, globex] = [fake.oauth.addWorkspace('Acme'), fake.oauth.addWorkspace('Globex')];
    for (const workspace of [acme, globex]) expect((await installThroughBrowser(rig.appUrl, workspace)).status).toBe(200);
    await fake.event('http', { type: 'tokens_revoked', tokens: { oauth: ['U0SOMEONE'] } }, acme.teamId);
    expect(await installations()).toHaveLength(2);
    expect((await rig.engine.teams.config(teamOf(acme))).removedAt).toBeUndefined();
    await fake.uninstall('http', acme, 'tokens_revoked');
    await fake.waitFor(async () => (await rig.engine.teams.config(teamOf(acme))).removedAt !== undefined, 'the removal');
    expect(await installations()).toEqual([keys.slackInstallation('team', globex.teamId)]);
    expect((await rig.engine.teams.config(teamOf(globex))).removedAt).toBeUndefined();
  });

  it('refuses a forged or replayed state and a redirect without a code: an error page, nothing installed', async () => {
    rig = await startDistributedRig();
    const { fake } = rig;
    const workspace = fake.oauth.addWorkspace('Acme');
    const redirect = `${rig.appUrl}/slack/oauth_redirect`;

    // A state this app never issued, even with a matching cookie.
    const forged = 'AAAAAAAAAAAAAAAAAAAAAAAA.not-a-signature';
    const refused = await followRedirect(`${redirect}?code=whatever&state=${forged}`, `slack-app-oauth-state=${forged}`);
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('slack_oauth_invalid_state');

    // A redirect without a code.
    const page = await fetch(`${rig.appUrl}/slack/install`);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const state = cookie.split('=')[1]!;
    const noCode = await followRedirect(`${redirect}?state=${state}`, cookie);
    expect(noCode.status).toBe(400);
    expect(noCode.html).toContain('slack_oauth_missing_code');

    // Cancel on Slack's consent screen, and a code Slack does not accept: a page that says so, and no error logged.
    const fresh = async () => {
      const cookie = (await fetch(`${rig.appUrl}/slack/install`)).headers.get('set-cookie')!.split(';')[0]!;
      return { cookie, state: cookie.split('=')[1]! };
    };
    const cancel = await fresh();
    const cancelled = await followRedirect(`${redirect}?error=access_denied&state=${cancel.state}`, cancel.cookie);
    expect(cancelled.status).toBe(400);
    expect(cancelled.html).toContain('Backprop was not installed.');
    expect(cancelled.html).toContain('The installation was cancelled on Slack’s consent screen.');
    expect(cancelled.html).toContain('href="/slack/install"');
    const bad = await fresh();
    const badCode = await followRedirect(`${redirect}?code=not-a-code&state=${bad.state}`, bad.cookie);
    expect(badCode.status).toBe(400);
    expect(badCode.html).toContain('Slack did not accept the approval');
    expect(rig.log.lines.filter((l) => l.level === 'error')).toEqual([]);

    // A genuine install, then its redirect replayed (same code and state, same cookie).
    const done = await installThroughBrowser(rig.appUrl, workspace);
    expect(done.status).toBe(200);
    const grants = fake.oauth.grants.length;
    const replayed = await followRedirect(done.redirect, done.cookie);
    expect(replayed.status).toBe(400);
    expect(replayed.html).toContain('slack_oauth_invalid_state');
    expect(fake.oauth.grants.length).toBe(grants); // no second code exchange
    expect(await installations()).toEqual([keys.slackInstallation('team', workspace.teamId)]);

    // Refused before any install: nothing else was stored.
    const other = fake.oauth.addWorkspace('Globex');
    const consent = new URL(`${fake.url}/oauth/v2/authorize`);
    consent.search = new URLSearchParams({ client_id: fake.oauth.clientId, team: other.teamId, state: forged }).toString();
    const location = (await fetch(consent, { redirect: 'manual' })).headers.get('location')!;
    expect((await followRedirect(location, `slack-app-oauth-state=${forged}`)).status).toBe(400);
    expect(await installations()).toEqual([keys.slackInstallation('team', workspace.teamId)]);
  });
});
