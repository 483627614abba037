import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { teamPrefix } from '../../../src/core/shared/keys.js';
import { type SlackRig, startSlackRig } from '../../fakes/slack/harness.js';
import { blockButtons, blocksText } from '../../fakes/slack/server.js';

describe('Slack: administration and privacy, driven by the fake Slack (Socket Mode)', () => {
  let rig: SlackRig;
  beforeEach(async () => {
    rig = await startSlackRig('socket');
  });
  afterEach(() => rig.stop());
  const replyTo = (eventId: string) => rig.fake.waitFor(() => rig.fake.responsesTo(eventId)[0], 'a reply');

  it('app_uninstalled stops the schedule and keeps the data; the next event from the workspace restores it', async () => {
    const boss = rig.fake.addUser('boss', { admin: true });
    await replyTo(await rig.fake.slash('socket', boss, '/quiz-admin', 'setup <#C0DAILY|daily>'));
    await rig.fake.event('socket', { type: 'app_uninstalled' });
    await rig.fake.waitFor(async () => (await rig.engine.teams.config(rig.team)).removedAt !== undefined, 'the removal');
    expect(await rig.store.keys(teamPrefix(rig.team))).not.toEqual([]);
    await replyTo(await rig.fake.slash('socket', boss, '/quiz', 'stats'));
    expect((await rig.engine.teams.config(rig.team)).removedAt).toBeUndefined();
  });

  it('"Report a problem" opens a modal (views.open); the submitted text becomes a report, confirmed privately', async () => {
    const ann = rig.fake.addUser('ann');
    const q = await replyTo(await rig.fake.slash('socket', ann, '/quiz', 'start 1'));
    const answered = await replyTo(
      await rig.fake.click('socket', ann, blockButtons(q.blocks).A!, { channel: 'C0GENERAL', ephemeral: true }),
    );
    await rig.fake.click('socket', ann, blockButtons(answered.blocks)['Report a problem']!, { channel: 'C0GENERAL', ephemeral: true });
    const modal = await rig.fake.waitFor(() => rig.fake.modals[0], 'views.open');
    expect(modal.view.type).toBe('modal');
    expect(modal.view.title.text).toBe('Report a problem');
    await rig.fake.submitView('socket', ann, modal.view, 'The explanation cites the wrong paper.');
    const thanks = await rig.fake.waitFor(() => rig.fake.ephemerals[0], 'chat.postEphemeral');
    expect(thanks).toMatchObject({ channel: 'C0GENERAL', user: ann.id });
    expect(blocksText(thanks.blocks)).toContain('Thanks for the report');
    expect((await rig.engine.reports.open(rig.team)).map((r) => r.text)).toEqual(['The explanation cites the wrong paper.']);
  });

  it('a private message (a review reminder) is posted to the member’s conversation with the app', async () => {
    const ann = rig.fake.addUser('ann');
    await rig.adapter.sendPrivate(rig.team, ann.id, { title: '⏰ Time for a review', lines: [] });
    const dm = rig.fake.messages.find((m) => m.channel === ann.id)!;
    expect(blocksText(dm.blocks)).toContain('Time for a review');
  });

  it('purge asks first, refuses a non-admin’s click, and deletes everything after the admin confirms', async () => {
    const boss = rig.fake.addUser('boss', { admin: true });
    await replyTo(await rig.fake.slash('socket', boss, '/quiz-admin', 'setup <#C0DAILY|daily>'));
    const ask = await replyTo(await rig.fake.slash('socket', boss, '/quiz-admin', 'purge'));
    const yes = blockButtons(ask.blocks)['Yes, delete everything']!;
    const stranger = rig.fake.addUser('stranger');
    const refused = await replyTo(await rig.fake.click('socket', stranger, yes, { channel: 'C0GENERAL', ephemeral: true }));
    expect(blocksText(refused.blocks)).toMatch(/Only quiz admins|expired or was not yours/);
    expect(await rig.store.keys(teamPrefix(rig.team))).not.toEqual([]);
    const done = await replyTo(await rig.fake.click('socket', boss, yes, { channel: 'C0GENERAL', ephemeral: true }));
    expect(blocksText(done.blocks)).toContain('data is deleted');
    expect(await rig.store.keys(teamPrefix(rig.team))).toEqual([]);
  });
});
