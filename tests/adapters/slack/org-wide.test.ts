import { afterEach, describe, expect, it } from 'vitest';
import { REVOKED_WINDOW_MS } from '../../../src/adapters/slack/oauth/installations.js';
import { keys } from '../../../src/core/shared/keys.js';
import type { TeamRef } from '../../../src/core/shared/refs.js';
import { rigScheduler } from '../../fakes/engine.js';
import { type DistributedRig, installThroughBrowser, startDistributedRig } from '../../fakes/slack/distributed.js';
import type { FakeWorkspace } from '../../fakes/slack/oauth.js';
import { blocksText } from '../../fakes/slack/server.js';

const teamOf = (workspace: FakeWorkspace): TeamRef => ({ platform: 'slack', teamId: workspace.teamId });
const channelOf = (workspace: FakeWorkspace) => `C0${workspace.name.toUpperCase()}`;

/** An organisation with two workspaces, the app installed org-wide and granted to both, each with a daily channel. */
async function orgWithDailies(rig: DistributedRig) {
  const { fake } = rig;
  const org = fake.oauth.addOrganisation('Umbrella');
  const workspaces = ['Labs', 'Ops'].map((name) => fake.oauth.addWorkspace(name, { enterpriseId: org.teamId }));
  for (const w of workspaces) fake.addChannel(channelOf(w), w);
  const done = await installThroughBrowser(rig.appUrl, org);
  expect(done.status).toBe(200);
  expect(done.html).toContain('Backprop is installed in Umbrella');
  expect(await rig.store.get(keys.slackInstallation('enterprise', org.teamId))).toBeDefined();
  // Installed, but granted no workspace yet: Slack delivers nothing from them.
  const boss = (w: FakeWorkspace) => fake.addUser(`boss-${w.name}`, { admin: true, teamId: w.teamId });
  await expect(fake.slash('http', boss(workspaces[0]!), '/quiz-admin', 'setup')).rejects.toThrow(/not in workspace Labs/);
  await fake.grantTeamAccess('http', org, workspaces);
  await fake.waitFor(async () => (await rig.store.get(keys.slackEnterpriseOf(workspaces[1]!.teamId))) === org.teamId, 'the grant');
  for (const w of workspaces) {
    const admin = boss(w);
    const eventId = await fake.slash('http', admin, '/quiz-admin', `setup <#${channelOf(w)}|daily>`);
    expect(blocksText((await fake.waitFor(() => fake.responsesTo(eventId)[0], 'the setup reply')).blocks)).toContain('Saved');
    expect(fake.callsOf('users.info').find((c) => c.args.user === admin.id)!.authorization).toBe(`Bearer ${org.token}`);
  }
  const scheduler = rigScheduler(rig);
  // The next daily due, or a day later when none is (every team removed).
  const runDay = async (first = false) => {
    const due = Math.min(...workspaces.map((w) => scheduler.nextDueAt(teamOf(w), channelOf(w)) ?? Infinity));
    if (!first) rig.clock.set(Number.isFinite(due) ? due : rig.clock.now() + 24 * 3600_000);
    await scheduler.tick();
    await scheduler.idle();
  };
  // Each workspace's dailies, counted where Slack says they were posted.
  const dailies = () => workspaces.map((w) => fake.dailyMessages.filter((m) => m.team === w.teamId && m.channel === channelOf(w)).length);
  const removed = async (w: FakeWorkspace) => (await rig.engine.teams.config(teamOf(w))).removedAt !== undefined;
  await runDay(true);
  expect(dailies()).toEqual([1, 1]);
  return { org, workspaces: workspaces as [FakeWorkspace, FakeWorkspace], runDay, dailies, removed };
}

describe('Slack org-wide install on Enterprise Grid: one installation serving the workspaces granted to it', () => {
  let rig: DistributedRig;
  afterEach(() => rig?.stop());

  it('a workspace taken out stops alone; uninstalling stops every one; installed and granted again, they are back', async () => {
    rig = await startDistributedRig();
    const { fake } = rig;
    const { org, workspaces, runDay, dailies, removed } = await orgWithDailies(rig);
    const [labs, ops] = workspaces;

    // The organisation takes Ops out: Ops stops (nothing can be posted there any more), Labs goes on.
    await fake.revokeTeamAccess('http', org, [ops]);
    await fake.waitFor(() => removed(ops), 'Ops removed');
    expect(await removed(labs)).toBe(false);
    await expect(rig.adapter.post(teamOf(ops), channelOf(ops), { lines: [] })).rejects.toMatchObject({ permanent: true });
    await runDay();
    expect(dailies()).toEqual([2, 1]);
    // …and grants it again: served at once, before any member of Ops does anything (that day's daily catches up).
    await fake.grantTeamAccess('http', org, [ops]);
    await fake.waitFor(async () => !(await removed(ops)), 'Ops back');
    await runDay();
    expect(dailies()).toEqual([2, 2]);
    await runDay();
    expect(dailies()).toEqual([3, 3]);

    // Uninstalled from the organisation, in the shape of Slack's own sample (no authorizations, no workspace).
    await fake.uninstall('http', org, 'app_uninstalled', { bare: true });
    await fake.waitFor(async () => (await removed(labs)) && (await removed(ops)), 'both workspaces removed');
    expect(await rig.store.get(keys.slackInstallation('enterprise', org.teamId))).toBeUndefined();
    expect(await rig.store.get(keys.slackEnterpriseOf(labs.teamId))).toBeUndefined();
    // The organisation's id is not taken for a team of its own.
    expect(await rig.store.get(keys.teamConfig({ platform: 'slack', teamId: org.teamId }))).toBeUndefined();
    await runDay();
    expect(dailies()).toEqual([3, 3]);

    // Installed again: a workspace is back once it is granted again, not before.
    expect((await installThroughBrowser(rig.appUrl, org)).status).toBe(200);
    expect([await removed(labs), await removed(ops)]).toEqual([true, true]);
    await fake.grantTeamAccess('http', org, [labs]);
    await fake.waitFor(async () => !(await removed(labs)), 'Labs back');
    await runDay();
    expect(dailies()).toEqual([4, 3]);
    expect(await removed(ops)).toBe(true);
    // Every call carried the organisation's current token, in a workspace granted to it: none was refused.
    expect(fake.calls.filter((c) => c.tokenError)).toEqual([]);
  });

  it('an event sent before a workspace was taken out is refused after it: the team stays out; granted again, it is served at once', async () => {
    rig = await startDistributedRig();
    const { fake } = rig;
    const { org, workspaces, runDay, dailies, removed } = await orgWithDailies(rig);
    const [, ops] = workspaces;
    const member = fake.addUser('ann', { teamId: ops.teamId });
    const linked = async () => (await rig.store.get(keys.slackEnterpriseOf(ops.teamId))) !== undefined;
    const refusals = () => rig.log.lines.filter((l) => l.msg?.startsWith('slack event refused')).length;

    // Ann's command leaves Slack while Ops is still granted, and reaches the app only after the revoke.
    fake.holdNext();
    const late = await fake.slash('http', member, '/quiz', 'stats', channelOf(ops));
    await fake.revokeTeamAccess('http', org, [ops]);
    await fake.waitFor(() => removed(ops), 'Ops removed');
    await fake.deliverHeld();
    await fake.waitFor(() => refusals() === 1, 'the late command refused');
    expect(fake.responsesTo(late)).toEqual([]);
    expect([await removed(ops), await linked()]).toEqual([true, false]);
    await runDay();
    expect(dailies()).toEqual([2, 1]);

    // Granted again, then revoked while a command of Ann's is being handled (authorized before, answered after): she
    // gets her reply, and the team stays out.
    await fake.grantTeamAccess('http', org, [ops]);
    await fake.waitFor(async () => !(await removed(ops)), 'Ops back');
    const bob = fake.addUser('bob', { teamId: ops.teamId });
    fake.beforeNext('users.info', async () => {
      await fake.revokeTeamAccess('http', org, [ops]);
      await fake.waitFor(() => removed(ops), 'Ops removed mid-command');
    });
    const during = await fake.slash('http', bob, '/quiz', 'stats', channelOf(ops));
    await fake.waitFor(() => fake.responsesTo(during)[0], 'the reply to the command under way');
    expect([await removed(ops), await linked()]).toEqual([true, false]);

    // Granted again: served at once, the window notwithstanding.
    await fake.grantTeamAccess('http', org, [ops]);
    await fake.waitFor(async () => !(await removed(ops)), 'Ops back');
    const now = await fake.slash('http', member, '/quiz', 'stats', channelOf(ops));
    await fake.waitFor(() => fake.responsesTo(now)[0], 'the reply in Ops');

    // Revoked again, then granted without Slack's event arriving: refused within the window, served after it.
    await fake.revokeTeamAccess('http', org, [ops]);
    await fake.waitFor(() => removed(ops), 'Ops removed again');
    org.granted!.add(ops.teamId);
    const early = await fake.slash('http', member, '/quiz', 'stats', channelOf(ops));
    await fake.waitFor(() => refusals() === 2, 'the command within the window refused');
    expect([fake.responsesTo(early), await removed(ops)]).toEqual([[], true]);
    rig.clock.set(rig.clock.now() + REVOKED_WINDOW_MS + 1000);
    const after = await fake.slash('http', member, '/quiz', 'stats', channelOf(ops));
    await fake.waitFor(() => fake.responsesTo(after)[0], 'the reply after the window');
    expect([await removed(ops), await linked()]).toEqual([false, true]);
    expect(rig.log.lines.filter((l) => l.level === 'error')).toEqual([]);

    // The store failing while Bolt looks for the installation is a failure, and logged as one: not a refused event.
    const get = rig.store.get.bind(rig.store);
    let failOnce = true;
    rig.store.get = (async (key: string) => {
      if (failOnce && key.startsWith('bp:slack-installation:')) {
        failOnce = false;
        throw new Error('the store is down');
      }
      return get(key);
    }) as typeof rig.store.get;
    await fake.slash('http', member, '/quiz', 'stats', channelOf(ops));
    await fake.waitFor(() => rig.log.lines.some((l) => l.level === 'error' && l.msg === 'slack listener failed'), 'the failure logged');
    expect(refusals()).toBe(2);
    rig.store.get = get;

    // The organisation uninstalls while a command from Ops is being handled: answered, and the team stays out.
    fake.beforeNext('users.info', async () => {
      await fake.uninstall('http', org, 'app_uninstalled', { bare: true });
      await fake.waitFor(() => removed(ops), 'Ops removed by the uninstall');
    });
    const carol = fake.addUser('carol', { teamId: ops.teamId });
    const last = await fake.slash('http', carol, '/quiz', 'stats', channelOf(ops));
    await fake.waitFor(() => fake.responsesTo(last)[0], 'the reply to the command under way');
    expect(await removed(ops)).toBe(true);
  });

  it('a workspace with an installation of its own stays served when the organisation takes it out of its install', async () => {
    rig = await startDistributedRig();
    const { fake } = rig;
    const { org, workspaces, removed } = await orgWithDailies(rig);
    const solo = fake.oauth.addWorkspace('Solo', { enterpriseId: org.teamId });
    fake.addChannel('C0SOLO', solo);
    expect((await installThroughBrowser(rig.appUrl, solo)).status).toBe(200);
    await fake.grantTeamAccess('http', org, [solo]);
    // Both in one event, Solo first: once Ops is removed, Solo's turn has passed.
    await fake.revokeTeamAccess('http', org, [solo, workspaces[1]]);
    await fake.waitFor(() => removed(workspaces[1]), 'Ops removed');
    expect(await removed(solo)).toBe(false);
    const member = fake.addUser('sol', { teamId: solo.teamId });
    const reply = await fake.slash('http', member, '/quiz', 'stats', 'C0SOLO');
    await fake.waitFor(() => fake.responsesTo(reply)[0], 'the reply in Solo');
  });

  it('tokens_revoked for the organisation’s bot removes every workspace; a workspace’s own install repeated never takes the organisation’s', async () => {
    rig = await startDistributedRig();
    const { fake } = rig;
    const { org, workspaces, removed } = await orgWithDailies(rig);
    // A third workspace of the organisation with an install of its own, uninstalled twice (Slack retries events).
    const solo = fake.oauth.addWorkspace('Solo', { enterpriseId: org.teamId });
    expect((await installThroughBrowser(rig.appUrl, solo)).status).toBe(200);
    await fake.uninstall('http', solo);
    await fake.waitFor(() => removed(solo), 'Solo removed');
    await fake.event('http', { type: 'app_uninstalled' }, solo.teamId, {
      enterpriseId: org.teamId,
      orgLevel: false,
      botUserId: solo.botUserId,
    });
    expect(await rig.store.get(keys.slackInstallation('team', solo.teamId))).toBeUndefined();
    expect(await rig.store.get(keys.slackInstallation('enterprise', org.teamId))).toBeDefined();
    expect([await removed(workspaces[0]), await removed(workspaces[1])]).toEqual([false, false]);

    await fake.uninstall('http', org, 'tokens_revoked');
    await fake.waitFor(async () => (await removed(workspaces[0])) && (await removed(workspaces[1])), 'both removed');
    expect(await rig.store.get(keys.slackInstallation('enterprise', org.teamId))).toBeUndefined();
  });
});
