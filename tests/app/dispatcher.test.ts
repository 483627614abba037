import { describe, expect, it } from 'vitest';
import type { Inbound } from '../../src/app/dispatcher.js';
import { GENERIC_FAILURE, RESTARTING } from '../../src/app/dispatcher.js';
import { commandsOf } from '../../src/commands/table.js';
import { encodeAction } from '../../src/core/actions.js';
import { keys } from '../../src/core/shared/keys.js';
import { plainText } from '../../src/core/shared/messages.js';
import { MemoryPrimitives } from '../../src/store/memory.js';
import { SyncStore } from '../../src/store/sync-store.js';
import { configure, createRig, member, onlyChannel, rightLetter, TEAM } from '../fakes/engine.js';
import { GatedStore } from '../fakes/gated-store.js';
import { allRecords } from '../fakes/stores.js';

const text = (m: ReturnType<typeof member>, group: 'quiz' | 'quiz-admin', t: string): Inbound => ({
  kind: 'text',
  member: m,
  channelId: 'here',
  group,
  text: t,
});

describe('dispatcher', () => {
  it('an event from a removed team brings it back, unless its platform says this one may not', async () => {
    const rig = createRig();
    await configure(rig, TEAM, { channelId: 'c' });
    const removed = async () => (await rig.engine.teams.config(TEAM)).removedAt !== undefined;
    await rig.dispatcher.teamEvent({ kind: 'removed', team: TEAM });
    const asked: string[] = [];
    const refusing: Inbound = {
      ...text(member('ann'), 'quiz', 'help'),
      mayRestore: async () => {
        asked.push('ann');
        return false;
      },
    };
    expect(plainText((await rig.dispatcher.handle(refusing)).message)).toContain('quiz');
    expect([await removed(), asked]).toEqual([true, ['ann']]);
    rig.clock.advance(60_000); // past the cached copy of the team's settings
    await rig.dispatcher.handle({ ...text(member('bob'), 'quiz', 'help'), mayRestore: async () => true });
    expect(await removed()).toBe(false);
    // Not asked while the team is not removed.
    await rig.dispatcher.handle(refusing);
    expect(asked).toEqual(['ann']);
  });

  it('a removal that lands between the question and the restore stands, with its first time', async () => {
    const rig = createRig();
    await configure(rig, TEAM, { channelId: 'c' });
    await rig.dispatcher.teamEvent({ kind: 'removed', team: TEAM });
    const removedAt = (await rig.engine.teams.config(TEAM)).removedAt;
    rig.clock.advance(60_000);
    // The platform says yes, then (the revoke done meanwhile) no.
    const answers = [true, false];
    const reply = await rig.dispatcher.handle({ ...text(member('ann'), 'quiz', 'help'), mayRestore: async () => answers.shift()! });
    expect(plainText(reply.message)).toContain('quiz');
    expect(answers).toEqual([]);
    expect((await rig.engine.teams.config(TEAM)).removedAt).toBe(removedAt);
  });

  it('words a known command cannot take get the problem and its usage, not the whole help', async () => {
    const rig = createRig();
    const reply = plainText((await rig.dispatcher.handle(text(member('ann'), 'quiz', 'leaderboard channels all time'))).message);
    expect(reply).toContain('"time": quiz leaderboard takes no more arguments');
    expect(reply).toContain('Usage: quiz leaderboard');
    expect(reply).not.toContain('Topics:');
    // An admin command's usage only to an admin.
    const pleb = plainText((await rig.dispatcher.handle(text(member('pleb'), 'quiz-admin', 'close a b c'))).message);
    expect(pleb).toContain('Only quiz admins can do that');
    // A command that does not exist still gets the help.
    expect(plainText((await rig.dispatcher.handle(text(member('ann'), 'quiz', 'dance'))).message)).toContain('Topics:');
  });

  it('refuses every admin command to a member who is not an admin, and changes nothing', async () => {
    const rig = createRig();
    for (const command of commandsOf('quiz-admin')) {
      const reply = await rig.dispatcher.handle(text(member('pleb'), 'quiz-admin', command.name));
      expect(plainText(reply.message), command.name).toContain('Only quiz admins can do that');
      expect(reply.visibility).toBe('private');
    }
    expect(await rig.store.keys('bp:')).toEqual([]);
    expect(rig.messenger.posts).toHaveLength(0);
  });

  it('lets a member added with setup add-admin run admin commands', async () => {
    const rig = createRig();
    await rig.dispatcher.handle(text(member('boss', { admin: true }), 'quiz-admin', 'setup add-admin=<@lead>'));
    // Setup that only changes admins starts no daily, even the team's first (README).
    expect(await rig.engine.channels.active(TEAM)).toEqual([]);
    expect(rig.messenger.posts).toEqual([]);
    await rig.dispatcher.handle(text(member('lead'), 'quiz-admin', 'setup'));
    const reply = await rig.dispatcher.handle(text(member('lead'), 'quiz-admin', 'post'));
    expect(plainText(reply.message)).toContain('Daily question posted');
    expect(rig.messenger.dailies).toHaveLength(1);
  });

  it('a change to the added admins that would change nothing is said, and nothing is saved', async () => {
    const rig = createRig();
    const boss = member('boss', { admin: true });
    const say = async (words: string) => plainText((await rig.dispatcher.handle(text(boss, 'quiz-admin', words))).message);
    await say('setup add-admin=<@lead>');
    expect(await say('setup remove-admin=<@nobody>')).toContain('remove-admin: that member is not an added admin');
    expect(await say('setup add-admin=<@ann> remove-admin=<@ann>')).toContain('add-admin and remove-admin name the same member');
    expect((await rig.engine.teams.config(TEAM)).admins).toEqual(['lead']);
    expect(await say('setup remove-admin=<@lead>')).toContain('Saved');
    expect((await rig.engine.teams.config(TEAM)).admins).toEqual([]);
    // One an older terminal stored as typed ("Lead") is removed by its name in any case.
    await say('setup add-admin=<@Lead>');
    expect(await say('setup remove-admin=<@lead>')).toContain('Saved');
    expect((await rig.engine.teams.config(TEAM)).admins).toEqual([]);
  });

  it('shows usage with the problem for bad arguments', async () => {
    const rig = createRig();
    const reply = await rig.dispatcher.handle(text(member('a'), 'quiz', 'start count=99'));
    expect(plainText(reply.message)).toBe(
      '⚠️ count: must be from 1 to 20\nUsage: quiz start [topic] [count] [difficulty]\nWhat each option takes: quiz help start',
    );
    // Discord lists each option's description as it is typed: no pointer to help there.
    const discord = await rig.dispatcher.handle(text({ ...member('a'), platform: 'discord' }, 'quiz', 'start count=99'));
    expect(plainText(discord.message)).toBe('⚠️ count: must be from 1 to 20\nUsage: quiz start [topic] [count] [difficulty]');
  });

  it('help and a command name explains each of its options; an admin command only to admins', async () => {
    const rig = createRig();
    const setup = plainText((await rig.dispatcher.handle(text(member('lead', { admin: true }), 'quiz', 'help setup'))).message);
    expect(setup).toContain('quiz-admin setup [channel] [time]');
    expect(setup).toContain('• weekdays · Days to post: mon-fri, mon,wed,fri or every day');
    expect(setup).toContain('• remove-admin · Remove this member from the quiz admins (only as remove-admin=…)');
    const start = plainText((await rig.dispatcher.handle(text(member('ann'), 'quiz', 'help start'))).message);
    expect(start).toContain('• count · How many questions (1–20, default 5)');
    expect(start).not.toContain('quiz-admin');
    const refused = await rig.dispatcher.handle(text(member('ann'), 'quiz', 'help setup'));
    expect(plainText(refused.message)).toContain('Only quiz admins can do that');
    expect(refused.mistake).toBe(true);
  });

  it('a bug is logged with context and the member sees a short generic line, no stack or ids', async () => {
    const rig = createRig();
    await rig.engine.teams.setup(TEAM, { channelId: 'c' }, 'c');
    rig.messenger.failNextPost = new Error('socket hang up at /internal/path.ts:42');
    const reply = await rig.dispatcher.handle(text(member('boss', { admin: true }), 'quiz-admin', 'post'));
    expect(plainText(reply.message)).toBe(GENERIC_FAILURE);
    const logged = rig.log.at('error');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.obj).toMatchObject({ event: { command: 'quiz-admin post', teamId: 'team1', userId: 'boss' } });
  });

  it('an unknown or malformed button id gets a polite reply and is logged', async () => {
    const rig = createRig();
    const reply = await rig.dispatcher.handle({ kind: 'action', member: member('a'), channelId: 'c', actionId: 'bogus:thing:1' });
    expect(plainText(reply.message)).toContain("isn't one Backprop knows");
    expect(rig.log.at('warn')).toHaveLength(1);
  });

  it('tells admins at their next command when the daily needs attention', async () => {
    const rig = createRig();
    await rig.engine.teams.setup(TEAM, { channelId: 'c' }, 'c');
    await rig.engine.channels.markAttention(TEAM, 'c', 'Backprop cannot post in the daily channel.');
    const adminReply = await rig.dispatcher.handle(text(member('boss', { admin: true }), 'quiz', 'leaderboard'));
    expect(plainText(adminReply.message)).toContain('The daily question in #c needs attention: Backprop cannot post in the daily channel.');
    const memberReply = await rig.dispatcher.handle(text(member('pleb'), 'quiz', 'leaderboard'));
    expect(plainText(memberReply.message)).not.toContain('needs attention');
  });

  it('closing: an event already taken is answered, a new one is refused with "restarting" and changes nothing', async () => {
    const gated = new GatedStore(new SyncStore(new MemoryPrimitives()), 'commitAnswer');
    const rig = createRig({ store: gated.store });
    await configure(rig, TEAM, { channelId: 'daily' });
    const { daily } = (await rig.engine.dailies.post(TEAM, await onlyChannel(rig.engine, TEAM), { extra: false }))!;
    const answer = (m: string): Inbound => ({
      kind: 'action',
      member: member(m),
      channelId: 'daily',
      actionId: encodeAction({ ns: 'daily', verb: 'answer', dailyId: daily.id, letter: rightLetter(daily.order) }),
    });

    gated.arm();
    const inFlight = rig.dispatcher.handle(answer('ann'));
    await gated.arrived;
    let closed = false;
    const closing = rig.dispatcher.close().then(() => (closed = true));
    const before = await allRecords(rig.store);
    const refused = await rig.dispatcher.handle(answer('bob'));
    expect(plainText(refused.message)).toBe(RESTARTING);
    expect(refused.visibility).toBe('private');
    expect(await allRecords(rig.store)).toEqual(before);
    await new Promise((r) => setTimeout(r, 20));
    expect(closed, 'close() waits for the event in flight').toBe(false);

    gated.open();
    expect(plainText((await inFlight).message)).toContain('✅ Right!');
    await closing;
    expect(closed).toBe(true);
    expect(await rig.store.getAnswer(keys.dailyAnswer(TEAM, 'ann', daily.id))).toBeDefined();
    expect(await rig.store.getAnswer(keys.dailyAnswer(TEAM, 'bob', daily.id))).toBeUndefined();
  });
});
