import { afterEach, describe, expect, it } from 'vitest';
import { keys } from '../../../src/core/shared/keys.js';
import type { TeamRef } from '../../../src/core/shared/refs.js';
import { DailyScheduler } from '../../../src/scheduler/scheduler.js';
import { type DistributedRig, installThroughBrowser, startDistributedRig } from '../../fakes/slack/distributed.js';
import type { FakeWorkspace } from '../../fakes/slack/oauth.js';
import { blocksText } from '../../fakes/slack/server.js';

const teamOf = (workspace: FakeWorkspace): TeamRef => ({ platform: 'slack', teamId: workspace.teamId });

describe('Slack org-wide install on Enterprise Grid: one installation serving the organisation’s workspaces', () => {
  let rig: DistributedRig;
  afterEach(() => rig?.stop());

  it('serves each workspace; taking one out stops only it; uninstalling stops them all; installing again brings them all back', async () => {
    rig = await startDistributedRig();
    const { fake } = rig;
    const org = fake.oauth.addOrganisation('Umbrella');
    const workspaces = ['Labs', 'Ops'].map((name) => fake.oauth.addWorkspace(name, { enterpriseId: org.teamId }));
    const [labs, ops] = workspaces as [FakeWorkspace, FakeWorkspace];
    const done = await installThroughBrowser(rig.appUrl, org);
    expect(done.status).toBe(200);
    expect(done.html).toContain('Backprop is installed in Umbrella');
    expect(await rig.store.get(keys.slackInstallation('enterprise', org.teamId))).toBeDefined();

    // An admin of each workspace sets up a daily channel: served through the organisation's token.
    for (const workspace of workspaces) {
      const boss = fake.addUser(`boss-${workspace.name}`, { admin: true, teamId: workspace.teamId });
      const eventId = await fake.slash('http', boss, '/quiz-admin', `setup <#C0${workspace.name.toUpperCase()}|daily>`);
      const saved = await fake.waitFor(() => fake.responsesTo(eventId)[0], 'the setup reply');
      expect(blocksText(saved.blocks)).toContain('Saved');
      expect(fake.callsOf('users.info').find((c) => c.args.user === boss.id)!.authorization).toBe(`Bearer ${org.token}`);
      expect(await rig.engine.channels.list(teamOf(workspace))).toHaveLength(1);
    }
    const scheduler = new DailyScheduler({
      engine: rig.engine,
      instanceId: rig.instanceId,
      store: rig.store,
      clock: rig.clock,
      log: rig.log,
      owns: () => true,
      cron: false,
    });
    const dailies = () => workspaces.map((w) => fake.dailyMessages.filter((m) => m.channel === `C0${w.name.toUpperCase()}`).length);
    // The next daily due (a day later when none is: every team removed).
    const runDay = async (first = false) => {
      const due = Math.min(...workspaces.map((w) => scheduler.nextDueAt(teamOf(w), `C0${w.name.toUpperCase()}`) ?? Infinity));
      if (!first) rig.clock.set(Number.isFinite(due) ? due : rig.clock.now() + 24 * 3600_000);
      await scheduler.tick();
      await scheduler.idle();
    };
    const removed = async (w: FakeWorkspace) => (await rig.engine.teams.config(teamOf(w))).removedAt !== undefined;
    await runDay(true);
    expect(dailies()).toEqual([1, 1]);

    // The organisation takes Ops out of the install: Ops stops, Labs goes on.
    await fake.revokeTeamAccess('http', org, [ops]);
    await fake.waitFor(() => removed(ops), 'Ops removed');
    expect(await removed(labs)).toBe(false);
    expect(await rig.store.get(keys.slackEnterpriseOf(ops.teamId))).toBeUndefined();
    await runDay();
    expect(dailies()).toEqual([2, 1]);
    // …and adds it back: it is served again at once, before any member of Ops does anything (that day's daily
    // catches up), and the next day both go out.
    await fake.grantTeamAccess('http', org, [ops]);
    await fake.waitFor(async () => !(await removed(ops)), 'Ops back');
    await runDay();
    expect(dailies()).toEqual([2, 2]);
    await runDay();
    expect(dailies()).toEqual([3, 3]);

    // Uninstalled from the whole organisation (the event names the organisation): every workspace it served stops.
    await fake.uninstall('http', org);
    await fake.waitFor(async () => (await removed(labs)) && (await removed(ops)), 'both workspaces removed');
    expect(await rig.store.get(keys.slackInstallation('enterprise', org.teamId))).toBeUndefined();
    // The organisation's id is not taken for a team of its own.
    expect(await rig.store.get(keys.teamConfig({ platform: 'slack', teamId: org.teamId }))).toBeUndefined();
    await runDay();
    expect(dailies()).toEqual([3, 3]);

    // Installed again org-wide within 30 days: both teams are back, with their daily channels.
    expect((await installThroughBrowser(rig.appUrl, org)).status).toBe(200);
    expect([await removed(labs), await removed(ops)]).toEqual([false, false]);
    await runDay();
    expect(dailies()).toEqual([4, 4]);
    // Every call carried the organisation's current token: none was refused.
    expect(fake.calls.filter((c) => c.tokenError)).toEqual([]);
  });
});
