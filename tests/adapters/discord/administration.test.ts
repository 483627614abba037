import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { teamPrefix } from '../../../src/core/shared/keys.js';
import { type DiscordRig, startDiscordRig } from '../../fakes/discord/harness.js';
import { buttonsOf as buttons, embedText } from '../../fakes/discord/read.js';
import { onlyDaily } from '../../fakes/engine.js';

describe('Discord: administration and privacy, driven by the fake Discord', () => {
  let rig: DiscordRig;
  beforeEach(async () => {
    rig = await startDiscordRig();
  });
  afterEach(() => rig.stop());
  const reply = (token: string) => rig.fake.waitFor(() => rig.fake.repliesTo(token)[0], 'a reply');

  it('joining a new server posts the welcome in its system channel', async () => {
    const guild = rig.fake.joinGuild('Fresh');
    const welcome = await rig.fake.waitFor(() => rig.fake.channelMessages.find((m) => m.channelId === guild.channels[0]), 'the welcome');
    expect(embedText(welcome.body)).toContain('The daily question is not set up here yet');
    expect(embedText(welcome.body)).toContain('quiz-admin setup');
  });

  it('GUILD_DELETE stops the schedule and keeps the data; joining again restores it', async () => {
    const boss = rig.user('boss', { admin: true });
    await reply(rig.fake.command(rig.guild.id, rig.guild.channels[1]!, boss, 'quiz-admin', 'setup'));
    const keysBefore = await rig.store.keys(teamPrefix(rig.team));
    rig.fake.removeGuild(rig.guild.id);
    await rig.fake.waitFor(async () => (await rig.engine.teams.config(rig.team)).removedAt !== undefined, 'the removal');
    expect(await rig.store.keys(teamPrefix(rig.team))).toEqual(keysBefore);
    // Back: the same guild id joins again; no welcome (it is set up), everything restored.
    rig.fake.guilds.set(rig.guild.id, { ...rig.guild, name: 'Back' });
    rig.fake.dispatch('GUILD_CREATE', rig.fake.guildPayload(rig.guild.id));
    await rig.fake.waitFor(async () => (await rig.engine.teams.config(rig.team)).removedAt === undefined, 'the return');
  });

  it('an interaction handled after GUILD_DELETE does not bring the server back; one from a server in the cache does', async () => {
    const boss = rig.user('boss', { admin: true });
    await reply(rig.fake.command(rig.guild.id, rig.guild.channels[1]!, boss, 'quiz-admin', 'setup'));
    rig.fake.removeGuild(rig.guild.id);
    await rig.fake.waitFor(async () => (await rig.engine.teams.config(rig.team)).removedAt !== undefined, 'the removal');
    // Sent by a member just before the bot was removed, handled after: answered, and the server stays removed.
    await reply(rig.fake.command(rig.guild.id, rig.guild.channels[1]!, rig.user('ann'), 'quiz', 'leaderboard'));
    expect((await rig.engine.teams.config(rig.team)).removedAt).toBeDefined();
    // Marked removed while the bot is in the server (it was added back while no process ran: READY lists it, and
    // no GUILD_CREATE follows): the first interaction restores it.
    const other = rig.fake.joinGuild('Other');
    const otherTeam = { platform: 'discord', teamId: other.id } as const;
    await rig.fake.waitFor(() => rig.fake.channelMessages.find((m) => m.channelId === other.channels[0]), 'the welcome');
    await rig.engine.teams.markRemoved(otherTeam);
    await reply(rig.fake.command(other.id, other.channels[0]!, rig.user('ann'), 'quiz', 'leaderboard'));
    expect((await rig.engine.teams.config(otherTeam)).removedAt).toBeUndefined();
  });

  it('"Report a problem" opens a modal; its text becomes a report an admin can list and close', async () => {
    const ann = rig.user('ann');
    const start = await reply(rig.fake.command(rig.guild.id, rig.guild.channels[0]!, ann, 'quiz', 'start', { count: 1 }));
    const message = rig.fake.replyMessage(rig.fake.responses.at(-1)!.token)!;
    const answered = await reply(rig.fake.click(rig.guild.id, ann, message, buttons(start.body)[0].custom_id));
    const report = buttons(answered.body).find((b: any) => b.label === 'Report a problem');
    const modal = await reply(rig.fake.click(rig.guild.id, ann, message, report.custom_id));
    expect(modal.type).toBe('callback:9'); // MODAL
    expect(modal.body.title).toBe('Report a problem');
    const field = modal.body.components[0].components[0];
    expect(field).toMatchObject({ type: 4, custom_id: 'text', required: true });
    const thanks = await reply(
      rig.fake.submitModal(rig.guild.id, rig.guild.channels[0]!, ann, modal.body.custom_id, 'Two options are both right.'),
    );
    expect(thanks.body.flags).toBe(64);
    expect(embedText(thanks.body)).toContain('Thanks for the report');
    const list = await reply(
      rig.fake.command(rig.guild.id, rig.guild.channels[0]!, rig.user('boss', { admin: true }), 'quiz-admin', 'reports'),
    );
    expect(embedText(list.body)).toContain('Two options are both right.');
  });

  it('forget-me asks first, then deletes the member’s data', async () => {
    const ann = rig.user('ann');
    await reply(rig.fake.command(rig.guild.id, rig.guild.channels[0]!, ann, 'quiz', 'privacy', { mode: 'hide' }));
    const ask = await reply(rig.fake.command(rig.guild.id, rig.guild.channels[0]!, ann, 'quiz', 'forget-me'));
    expect(embedText(ask.body)).toContain('Delete everything Backprop holds about you');
    const yes = buttons(ask.body).find((b: any) => b.label === 'Yes, forget me');
    const done = await reply(rig.fake.click(rig.guild.id, ann, rig.fake.replyMessage(rig.fake.responses.at(-1)!.token)!, yes.custom_id));
    expect(embedText(done.body)).toContain('Forgotten.');
    expect((await rig.store.keys(teamPrefix(rig.team))).filter((k) => k.includes(ann.id))).toEqual([]);
  });

  it('a private message (a review reminder) goes to the member’s DM channel', async () => {
    const ann = rig.user('ann');
    await rig.adapter.sendPrivate(rig.team, ann.id, { title: '⏰ Time for a review', lines: [] });
    const dm = rig.fake.dmChannels.get(ann.id);
    expect(dm).toBeDefined();
    expect(embedText(rig.fake.channelMessages.find((m) => m.channelId === dm)!.body)).toContain('Time for a review');
  });

  it('setup in a channel Backprop cannot post in says so, and keeps the team marked', async () => {
    const boss = rig.user('boss', { admin: true });
    rig.fake.failNext('POST', /^\/channels\/\d+\/messages$/, { status: 403, code: 50013 });
    const r = await reply(
      rig.fake.command(rig.guild.id, rig.guild.channels[0]!, boss, 'quiz-admin', 'setup', { channel: rig.guild.channels[1]! }),
    );
    expect(embedText(r.body)).toContain('Saved, but Backprop could not post in the daily channel: Backprop lacks permission');
    expect((await onlyDaily(rig.engine, rig.team)).attention).toBeDefined();
    const show = await reply(rig.fake.command(rig.guild.id, rig.guild.channels[0]!, boss, 'quiz-admin', 'show'));
    expect(embedText(show.body)).toContain('Needs attention');
    // Setup naming the channel again, once it is fixed, clears the mark (bare setup here would start a daily here).
    const fixed = await reply(
      rig.fake.command(rig.guild.id, rig.guild.channels[0]!, boss, 'quiz-admin', 'setup', { channel: rig.guild.channels[1]! }),
    );
    expect(embedText(fixed.body)).toContain('✅ Saved.');
    expect((await onlyDaily(rig.engine, rig.team)).attention).toBeUndefined();
  });
});
