import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LETTERS } from '../../../src/core/shared/presentation.js';
import { type DiscordRig, startDiscordRig } from '../../fakes/discord/harness.js';
import { buttonsOf, customId, embedText } from '../../fakes/discord/read.js';
import { onlyChannel, rightLetter, wrongLetter } from '../../fakes/engine.js';

const EPHEMERAL = 64;

describe('Discord adapter: real discord.js against a fake Discord', () => {
  let rig: DiscordRig;
  beforeEach(async () => {
    rig = await startDiscordRig();
  });
  afterEach(async () => {
    await rig.stop();
  });

  /** The first response to an interaction: the callback, or the @original edit after a deferral. */
  const firstReply = (token: string) => rig.fake.waitFor(() => rig.fake.repliesTo(token)[0], `a reply to ${token}`);

  it('logs in with the Guilds intent only and registers /quiz and /quiz-admin from the command table', async () => {
    expect(rig.adapter.client.options.intents.bitfield).toBe(1);
    expect(rig.fake.commandRegistrations).toHaveLength(1);
    const [quiz, admin] = rig.fake.commandRegistrations[0]!.body as any[];
    expect(quiz.name).toBe('quiz');
    expect(quiz.contexts).toEqual([0]);
    expect(quiz.options.map((o: any) => o.name)).toEqual([
      'start',
      'interview',
      'daily',
      'streak',
      'leaderboard',
      'stats',
      'review',
      'remind',
      'round',
      'stop-round',
      'privacy',
      'forget-me',
      'suggest',
      'help',
    ]);
    expect(quiz.options[0].options.find((o: any) => o.name === 'topic')).toMatchObject({ autocomplete: true });
    expect(admin.name).toBe('quiz-admin');
    expect(admin.default_member_permissions).toBe('32');
    // The pack commands are one subcommand group (type 2) of five subcommands; upload's file is an attachment (11).
    const pack = admin.options.find((o: any) => o.name === 'pack');
    expect(pack.type).toBe(2);
    expect(pack.options.map((o: any) => o.name)).toEqual(['upload', 'list', 'show', 'export', 'remove']);
    expect(pack.options[0].options).toEqual([expect.objectContaining({ name: 'file', type: 11, required: false })]);
    expect(admin.options.map((o: any) => o.name)).toContain('suggestions');
  });

  it('scenario 1: /quiz start → private question with four buttons; right and wrong feedback; a summary that counts right', async () => {
    const ann = rig.user('ann');
    const token = rig.fake.command(rig.guild.id, rig.guild.channels[0]!, ann, 'quiz', 'start', { count: 2 });
    const reply = await firstReply(token);
    expect(reply.type).toBe('callback:4');
    expect(reply.body.flags).toBe(EPHEMERAL);
    expect(buttonsOf(reply.body).map((b: any) => b.label)).toEqual(['A', 'B', 'C', 'D']);
    expect(embedText(reply.body)).toMatch(/A\) .+\nB\) .+/);
    const message = rig.fake.replyMessage(token)!;

    const click = async (label: string) => {
      const current = rig.fake.repliesTo(clickTokens.at(-1) ?? token).at(-1)!.body;
      const t = rig.fake.click(rig.guild.id, ann, message, customId(current, label));
      clickTokens.push(t);
      return firstReply(t);
    };
    const clickTokens: string[] = [];

    const right = await click(rightLetter(await rig.practiceOrder(ann)));
    expect(right.type).toBe('callback:7'); // the same message, updated in place
    expect(embedText(right.body)).toContain('✅ Right!');
    expect(buttonsOf(right.body).map((b: any) => b.label)).toEqual(['Next', 'Hard', 'Good', 'Easy', 'Report a problem']);
    const second = await click('Next');
    expect(embedText(second.body)).toContain('question 2 of 2');
    const wrong = await click(wrongLetter(await rig.practiceOrder(ann)));
    expect(embedText(wrong.body)).toContain('❌ Not quite');
    const summary = await click('Finish');
    expect(embedText(summary.body)).toContain('Practice finished: 1 of 2 right');
  });

  it('scenario 2: the daily goes to the configured channel; answers once each; counts update; close reveals in one edit', async () => {
    const [typedIn, dailyChannel] = rig.guild.channels as [string, string];
    const boss = rig.user('boss', { admin: true });
    await firstReply(
      rig.fake.command(rig.guild.id, typedIn, boss, 'quiz-admin', 'setup', { channel: dailyChannel, timezone: 'Europe/Berlin' }),
    );
    const post = await firstReply(rig.fake.command(rig.guild.id, typedIn, boss, 'quiz-admin', 'post'));
    expect(embedText(post.body)).toContain('Daily question posted');
    expect(rig.fake.dailyMessages).toHaveLength(1);
    const daily = rig.fake.dailyMessages[0]!;
    expect(daily.channelId).toBe(dailyChannel);
    expect(daily.body.allowed_mentions).toEqual({ parse: [] });
    expect(buttonsOf(daily.body).map((b: any) => b.label)).toEqual(LETTERS);
    const order = (await rig.open()).order;

    const members = [rig.user('ann'), rig.user('bob'), rig.user('cid')];
    const picks = [rightLetter(order), wrongLetter(order), rightLetter(order)];
    for (const [i, m] of members.entries()) {
      const r = await firstReply(rig.fake.click(rig.guild.id, m, daily, customId(daily.body, picks[i]!)));
      expect(r.body.flags).toBe(EPHEMERAL);
      expect(embedText(r.body)).toContain(i === 1 ? '❌ Not quite' : '✅ Right! +10 points');
      expect(embedText(r.body)).toContain('Streak: 1 day');
    }
    const again = await firstReply(rig.fake.click(rig.guild.id, members[1]!, daily, customId(daily.body, picks[0]!)));
    expect(embedText(again.body)).toContain('You already answered this daily question');

    // The answer count shows on the public message, in batched edits (not one per answer).
    await rig.timers.advance(20); // the answer-count interval, on the engine's clock
    const counted = await rig.fake.waitFor(() => daily.edits.find((e) => embedText(e).includes('3 answered so far')), 'the count edit');
    expect(buttonsOf(counted).every((b: any) => !b.disabled)).toBe(true);
    expect(daily.edits.length).toBeLessThan(3);
    const editsBeforeClose = daily.edits.length;

    await firstReply(rig.fake.command(rig.guild.id, typedIn, boss, 'quiz-admin', 'close'));
    expect(daily.edits).toHaveLength(editsBeforeClose + 1);
    const reveal = daily.edits.at(-1)!;
    expect(buttonsOf(reveal).every((b: any) => b.disabled)).toBe(true);
    expect(embedText(reveal)).toContain('3 answered · 67% right');
    expect(embedText(reveal)).toContain(`${picks[0]} 2 (67%)`);
    expect(embedText(reveal)).toContain(`${picks[1]} 1 (33%)`);

    const board = await firstReply(rig.fake.command(rig.guild.id, typedIn, members[0]!, 'quiz', 'leaderboard'));
    expect(embedText(board.body)).toMatch(/1\. ann · 10/);
    expect(embedText(board.body)).toMatch(/1\. cid · 10/);
    const streak = await firstReply(rig.fake.command(rig.guild.id, typedIn, members[0]!, 'quiz', 'streak', { member: members[1]!.id }));
    expect(embedText(streak.body)).toContain('Streak · bob');
    expect(embedText(streak.body)).toContain('Streak: 1 day');
  });

  it('scenario 3: /quiz-admin is refused without Manage Server or the quiz-admin role, and allowed with the role', async () => {
    const pleb = rig.user('pleb');
    const refused = await firstReply(
      rig.fake.command(rig.guild.id, rig.guild.channels[0]!, pleb, 'quiz-admin', 'setup', { time: '07:00' }),
    );
    expect(embedText(refused.body)).toContain('Only quiz admins can do that');
    expect((await rig.engine.teams.config(rig.team)).time).toBe('09:00');
    expect(await rig.store.keys(`bp:discord:${rig.guild.id}:`)).toEqual([]);

    const boss = rig.user('boss', { admin: true });
    await firstReply(rig.fake.command(rig.guild.id, rig.guild.channels[0]!, boss, 'quiz-admin', 'setup', { role: rig.guild.roles[0]! }));
    const lead = rig.user('lead', { roles: [rig.guild.roles[0]!] });
    const allowed = await firstReply(
      rig.fake.command(rig.guild.id, rig.guild.channels[0]!, lead, 'quiz-admin', 'setup', { time: '07:00' }),
    );
    expect(embedText(allowed.body)).toContain('Saved');
    expect((await rig.engine.teams.config(rig.team)).time).toBe('07:00');
  });

  it('scenario 4: stale buttons and unknown or malformed custom ids get a clear private reply', async () => {
    const boss = rig.user('boss', { admin: true });
    const ch = rig.guild.channels[0]!;
    await firstReply(rig.fake.command(rig.guild.id, ch, boss, 'quiz-admin', 'setup'));
    await firstReply(rig.fake.command(rig.guild.id, ch, boss, 'quiz-admin', 'post'));
    await firstReply(rig.fake.command(rig.guild.id, ch, boss, 'quiz-admin', 'close'));
    const daily = rig.fake.dailyMessages[0]!;
    const closed = await firstReply(rig.fake.click(rig.guild.id, rig.user('late'), daily, customId(daily.body, 'A')));
    expect(closed.body.flags).toBe(EPHEMERAL);
    expect(embedText(closed.body)).toContain('This question is closed');

    const ann = rig.user('ann');
    const t1 = rig.fake.command(rig.guild.id, ch, ann, 'quiz', 'start', { count: 1 });
    const first = await firstReply(t1);
    await firstReply(rig.fake.command(rig.guild.id, ch, ann, 'quiz', 'start', { count: 1 }));
    const old = await firstReply(rig.fake.click(rig.guild.id, ann, rig.fake.replyMessage(t1)!, customId(first.body, 'A')));
    expect(embedText(old.body)).toContain('This practice quiz has ended or was replaced');

    for (const id of ['nonsense', 'daily:answer:x:Z', 'practice:next:abc:99999', '']) {
      const r = await firstReply(rig.fake.click(rig.guild.id, ann, daily, id));
      expect(r.body.flags, id).toBe(EPHEMERAL);
      expect(embedText(r.body), id).toMatch(/isn't one Backprop knows|no longer available|has ended/);
    }
    expect(rig.log.at('warn').some((l) => l.msg === 'unknown action id')).toBe(true);
  });

  it('scenario 5: a 429 on the daily post lands once after the wait; a 403 marks the team and its admin is told', async () => {
    const boss = rig.user('boss', { admin: true });
    const ch = rig.guild.channels[1]!;
    await firstReply(rig.fake.command(rig.guild.id, ch, boss, 'quiz-admin', 'setup'));
    rig.fake.failNext('POST', /^\/channels\/\d+\/messages$/, { status: 429, retryAfter: 0.3 });
    const before = rig.fake.requests.length; // setup's confirmation post came first
    const started = Date.now();
    await firstReply(rig.fake.command(rig.guild.id, ch, boss, 'quiz-admin', 'post'));
    await rig.fake.waitFor(() => rig.fake.dailyMessages.length === 1, 'the post after the 429');
    const attempts = rig.fake.requests.slice(before).filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path));
    expect(attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(rig.fake.dailyMessages).toHaveLength(1);

    rig.fake.failNext('POST', /^\/channels\/\d+\/messages$/, { status: 403, code: 50001 });
    const failed = await firstReply(rig.fake.command(rig.guild.id, ch, boss, 'quiz-admin', 'post'));
    const text = embedText(failed.body);
    expect(text).toContain('could not be posted: Backprop cannot see the daily channel (missing access)');
    const channel = await rig.engine.channels.get(rig.team, ch);
    expect(channel?.attention?.reason).toContain('missing access');
    const next = await firstReply(rig.fake.command(rig.guild.id, ch, boss, 'quiz', 'leaderboard'));
    expect(embedText(next.body)).toContain('needs attention: ');
    // Nothing was counted as posted for the failed daily: the first one is still the open one.
    expect((await rig.engine.channels.state(rig.team, await onlyChannel(rig.engine, rig.team))).postedDays).toHaveLength(1);
  });

  it('a daily post that Discord made but answered with a 500 stays one message when discord.js retries it', async () => {
    const boss = rig.user('boss', { admin: true });
    const ch = rig.guild.channels[1]!;
    await firstReply(rig.fake.command(rig.guild.id, ch, boss, 'quiz-admin', 'setup'));
    rig.fake.failNext('POST', /^\/channels\/\d+\/messages$/, { status: 500, applied: true });
    const before = rig.fake.requests.length;
    await firstReply(rig.fake.command(rig.guild.id, ch, boss, 'quiz-admin', 'post'));
    await rig.fake.waitFor(
      async () => (await rig.engine.channels.state(rig.team, await onlyChannel(rig.engine, rig.team))).open,
      'the daily to be recorded',
    );
    const attempts = rig.fake.requests.slice(before).filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path));
    expect(attempts.map((a) => a.status)).toEqual([500, 200]);
    // Both attempts carried the same enforced nonce, so the retry returned the message the first one made.
    expect(new Set(attempts.map((a) => (a.body as { nonce?: string }).nonce)).size).toBe(1);
    expect(attempts.every((a) => (a.body as { enforce_nonce?: boolean }).enforce_nonce === true)).toBe(true);
    expect(rig.fake.dailyMessages).toHaveLength(1);
    const open = (await rig.engine.channels.state(rig.team, await onlyChannel(rig.engine, rig.team))).open!;
    expect((await rig.engine.dailies.get(rig.team, open.dailyId))?.messageId).toBe(rig.fake.dailyMessages[0]!.id);
  });
});
