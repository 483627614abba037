import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PracticeSession } from '../../../src/core/practice/practice-model.js';
import { keys } from '../../../src/core/shared/keys.js';
import { onlyChannel, onlyDaily, rightLetter, wrongLetter } from '../../fakes/engine.js';
import { type SlackMode, type SlackRig, startSlackRig } from '../../fakes/slack/harness.js';
import { blockButtons, blocksText } from '../../fakes/slack/server.js';

describe.each<SlackMode>(['socket', 'http'])('Slack adapter in %s mode: real Bolt against a fake Slack', (mode) => {
  let rig: SlackRig;
  beforeEach(async () => {
    rig = await startSlackRig(mode);
  });
  afterEach(async () => {
    await rig.stop();
  });

  /** The first reply posted to an event's response URL. */
  const replyTo = (eventId: string, n = 0) => rig.fake.waitFor(() => rig.fake.responsesTo(eventId)[n], `reply ${n} to ${eventId}`);
  const practiceOrder = async (userId: string) => {
    const session = (await rig.store.get<PracticeSession>(keys.practice(rig.team, userId)))!;
    return session.items[session.index]!.order;
  };

  it('scenario 1: /quiz start → private question with four buttons; right and wrong feedback; the summary counts right', async () => {
    const ann = rig.fake.addUser('ann');
    const first = await replyTo(await rig.fake.slash(mode, ann, '/quiz', 'start 2'));
    expect(first.response_type).toBe('ephemeral');
    expect(Object.keys(blockButtons(first.blocks))).toEqual(['A', 'B', 'C', 'D']);
    expect(blocksText(first.blocks)).toMatch(/A\) .+\nB\) .+/);

    let current = first;
    const click = async (label: string) => {
      const eventId = await rig.fake.click(mode, ann, blockButtons(current.blocks)[label]!, { channel: 'C0GENERAL', ephemeral: true });
      current = await replyTo(eventId);
      expect(current.replace_original).toBe(true); // the same ephemeral message, replaced in place
      return blocksText(current.blocks);
    };
    expect(await click(rightLetter(await practiceOrder(ann.id)))).toContain('✅ Right!');
    expect(await click('Next')).toContain('question 2 of 2');
    expect(await click(wrongLetter(await practiceOrder(ann.id)))).toContain('❌ Not quite');
    expect(await click('Finish')).toContain('Practice finished: 1 of 2 right');
  });

  it('scenario 2: the daily goes to the configured channel; one answer each; counts; close reveals; leaderboard and streak reflect it', async () => {
    const boss = rig.fake.addUser('boss', { admin: true });
    const saved = await replyTo(await rig.fake.slash(mode, boss, '/quiz-admin', 'setup <#C0DAILY|daily> timezone=Europe/Berlin'));
    expect(blocksText(saved.blocks)).toContain('Saved');
    const posted = await replyTo(await rig.fake.slash(mode, boss, '/quiz-admin', 'post'));
    expect(blocksText(posted.blocks)).toContain('Daily question posted');
    expect(rig.fake.dailyMessages).toHaveLength(1);
    const daily = rig.fake.dailyMessages[0]!;
    expect(daily.channel).toBe('C0DAILY');
    const post = rig.fake.callsOf('chat.postMessage')[0]!;
    expect(post.authorization).toBe('Bearer xoxb-fake-bot-token');
    const { order } = (await rig.engine.dailies.open(rig.team, await onlyChannel(rig.engine, rig.team)))!.daily;

    const members = [rig.fake.addUser('ann'), rig.fake.addUser('bob'), rig.fake.addUser('cid')];
    const picks = [rightLetter(order), wrongLetter(order), rightLetter(order)];
    for (const [i, m] of members.entries()) {
      const r = await replyTo(await rig.fake.click(mode, m, blockButtons(daily.blocks)[picks[i]!]!, { channel: 'C0DAILY', ts: daily.ts }));
      expect(r.response_type).toBe('ephemeral');
      expect(r.replace_original).toBe(false); // the public question stays; the feedback is private
      expect(blocksText(r.blocks)).toContain(i === 1 ? '❌ Not quite' : '✅ Right! +10 points');
      expect(blocksText(r.blocks)).toContain('Streak: 1 day');
    }
    const again = await replyTo(
      await rig.fake.click(mode, members[1]!, blockButtons(daily.blocks)[picks[0]!]!, { channel: 'C0DAILY', ts: daily.ts }),
    );
    expect(blocksText(again.blocks)).toContain('You already answered this daily question');
    // Who is an admin comes from users.info, asked once per member and then cached.
    expect(rig.fake.callsOf('users.info').filter((c) => c.args.user === members[1]!.id)).toHaveLength(1);
    await rig.timers.advance(20); // the answer-count interval, on the engine's clock
    await rig.fake.waitFor(() => daily.updates.some((u) => blocksText(u.blocks).includes('3 answered so far')), 'the count update');
    const updatesBeforeClose = daily.updates.length;
    expect(updatesBeforeClose).toBeLessThan(3);

    await replyTo(await rig.fake.slash(mode, boss, '/quiz-admin', 'close'));
    expect(daily.updates).toHaveLength(updatesBeforeClose + 1);
    const reveal = daily.updates.at(-1)!;
    expect(Object.keys(blockButtons(reveal.blocks))).toEqual([]); // one chat.update removes the buttons…
    expect(blocksText(reveal.blocks)).toContain('3 answered · 67% right'); // …and adds the reveal
    expect(blocksText(reveal.blocks)).toContain(`${picks[1]} 1 (33%)`);

    const board = await replyTo(await rig.fake.slash(mode, members[0]!, '/quiz', 'leaderboard'));
    expect(blocksText(board.blocks)).toMatch(/1\. ann · 10/);
    const streak = await replyTo(await rig.fake.slash(mode, members[0]!, '/quiz', `streak <@${members[2]!.id}|cid>`));
    expect(blocksText(streak.blocks)).toContain('Streak · cid');
    expect(blocksText(streak.blocks)).toContain('Streak: 1 day');
  });

  it('scenario 3: a member who is neither a workspace admin nor on the team list is refused; one added to the list is allowed', async () => {
    const lead = rig.fake.addUser('lead');
    const refused = await replyTo(await rig.fake.slash(mode, lead, '/quiz-admin', 'setup time=07:00'));
    expect(blocksText(refused.blocks)).toContain('Only quiz admins can do that');
    expect(await rig.store.keys(`bp:slack:${rig.fake.teamId}:`)).toEqual([]);

    const owner = rig.fake.addUser('owner', { owner: true });
    await replyTo(await rig.fake.slash(mode, owner, '/quiz-admin', `setup add-admin=<@${lead.id}|lead>`));
    const allowed = await replyTo(await rig.fake.slash(mode, lead, '/quiz-admin', 'setup time=07:00'));
    expect(blocksText(allowed.blocks)).toContain('Saved');
    expect((await rig.engine.teams.config(rig.team)).time).toBe('07:00');
    // Only a member's mention (or their user id) names a member: a channel, a plain name Slack sent no id for,
    // Slackbot and Backprop itself are refused by name, and nothing is saved.
    for (const typed of ['<#C0GENERAL|general>', 'ann', '@ann', '<@USLACKBOT>', `<@${rig.fake.botUserId}>`, '<!here>']) {
      const said = blocksText((await replyTo(await rig.fake.slash(mode, owner, '/quiz-admin', `setup add-admin=${typed}`))).blocks);
      const shown = typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); // as mrkdwn writes it
      expect(said, typed).toContain(`add-admin: "${shown}" is not a member`);
    }
    expect((await rig.engine.teams.config(rig.team)).admins).toEqual([lead.id]);
    // What an earlier version saved that way stays removable, as show lists it.
    await rig.store.updateDoc<{ admins: string[] }>(
      keys.teamConfig(rig.team),
      (c) => c && { ...c, admins: [...c.admins, 'ann', 'C0GENERAL'] },
    );
    for (const typed of ['<@ann>', 'C0GENERAL']) {
      const said = blocksText((await replyTo(await rig.fake.slash(mode, owner, '/quiz-admin', `setup remove-admin=${typed}`))).blocks);
      expect(said, typed).toContain('Saved');
    }
    expect((await rig.engine.teams.config(rig.team)).admins).toEqual([lead.id]);
  });

  it('answers /quiz, /quiz help and unknown subcommands with usage, and bad arguments by name', async () => {
    const ann = rig.fake.addUser('ann');
    for (const text of ['', 'help']) {
      expect(blocksText((await replyTo(await rig.fake.slash(mode, ann, '/quiz', text))).blocks)).toContain(
        'quiz start [topic] [count] [difficulty]',
      );
    }
    const unknown = await replyTo(await rig.fake.slash(mode, ann, '/quiz', 'dance'));
    expect(blocksText(unknown.blocks)).toContain('"dance" is not a quiz command');
    const bad = await replyTo(await rig.fake.slash(mode, ann, '/quiz', 'start count=50'));
    expect(blocksText(bad.blocks)).toContain('count: must be from 1 to 20');
  });

  it('scenario 5: chat.postMessage answered 429 with Retry-After lands once after the wait; channel_not_found marks the team', async () => {
    const boss = rig.fake.addUser('boss', { admin: true });
    await replyTo(await rig.fake.slash(mode, boss, '/quiz-admin', 'setup <#C0DAILY|daily>'));
    rig.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const before = rig.fake.callsOf('chat.postMessage').length; // setup's confirmation post came first
    const posting = rig.fake.slash(mode, boss, '/quiz-admin', 'post');
    // The engine waits the Retry-After out on its clock: one attempt so far, and a timer due in 1 s.
    await rig.fake.waitFor(() => rig.timers.nextIn() !== undefined || undefined, 'the wait for the Retry-After');
    expect(rig.timers.nextIn()).toBe(1000);
    expect(
      rig.fake
        .callsOf('chat.postMessage')
        .slice(before)
        .map((a) => a.status),
    ).toEqual([429]);
    await rig.timers.advance(1000);
    await replyTo(await posting);
    const attempts = rig.fake.callsOf('chat.postMessage').slice(before);
    expect(attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(rig.fake.dailyMessages).toHaveLength(1);

    rig.fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    const failed = await replyTo(await rig.fake.slash(mode, boss, '/quiz-admin', 'post'));
    expect(blocksText(failed.blocks)).toContain('could not be posted: the daily channel does not exist');
    expect((await onlyDaily(rig.engine, rig.team)).attention?.reason).toContain('does not exist');
    const next = await replyTo(await rig.fake.slash(mode, boss, '/quiz', 'stats'));
    expect(blocksText(next.blocks)).toContain('needs attention: ');
  });

  it('scenario 6: App Home publishes the member’s own figures and the team’s top 5', async () => {
    const boss = rig.fake.addUser('boss', { admin: true });
    await replyTo(await rig.fake.slash(mode, boss, '/quiz-admin', 'setup <#C0DAILY|daily>'));
    await replyTo(await rig.fake.slash(mode, boss, '/quiz-admin', 'post'));
    const { order } = (await rig.engine.dailies.open(rig.team, await onlyChannel(rig.engine, rig.team)))!.daily;
    const ann = rig.fake.addUser('ann');
    await replyTo(
      await rig.fake.click(mode, ann, blockButtons(rig.fake.dailyMessages[0]!.blocks)[rightLetter(order)]!, {
        channel: 'C0DAILY',
        ts: rig.fake.dailyMessages[0]!.ts,
      }),
    );
    await rig.fake.event(mode, { type: 'app_home_opened', user: ann.id, channel: 'D0ANN', tab: 'home' });
    const published = await rig.fake.waitFor(() => rig.fake.views.find((v) => v.userId === ann.id), 'views.publish');
    expect(published.view.type).toBe('home');
    const text = blocksText(published.view.blocks);
    expect(text).toContain('Backprop · ann');
    expect(text).toContain('Answered 1 · 100% right');
    expect(text).toContain('Streak: 1 day');
    expect(text).toMatch(/This week’s top 5\n1\. ann · 10/);
  });
});

describe('Slack adapter in HTTP mode: request verification', () => {
  let rig: SlackRig;
  beforeEach(async () => {
    rig = await startSlackRig('http');
  });
  afterEach(async () => {
    await rig.stop();
  });

  it('scenario 4: unsigned, wrongly signed and stale requests get 401 and change nothing', async () => {
    const boss = rig.fake.addUser('boss', { admin: true });
    const body = new URLSearchParams({
      command: '/quiz-admin',
      text: 'setup time=06:00',
      user_id: boss.id,
      team_id: rig.fake.teamId,
      channel_id: 'C1',
      response_url: `${rig.fake.url}/response/forged`,
    }).toString();
    for (const sign of ['missing', 'wrong', 'stale'] as const) {
      expect((await rig.fake.signedPost(body, 'application/x-www-form-urlencoded', sign)).status, sign).toBe(401);
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(rig.fake.responses).toHaveLength(0);
    expect(await rig.store.keys('bp:')).toEqual([]);
    // The same request, signed, goes through.
    expect((await rig.fake.signedPost(body)).status).toBe(200);
    await rig.fake.waitFor(() => rig.fake.responsesTo('forged')[0], 'the signed request’s reply');
    expect((await rig.engine.teams.config(rig.team)).time).toBe('06:00');
  });
});

describe('Slack adapter in socket mode: reconnects', () => {
  it('a dropped Socket Mode connection is logged, reconnected (with how long it took) and keeps serving', async () => {
    const rig = await startSlackRig('socket');
    try {
      rig.fake.dropSockets();
      await rig.fake.waitFor(() => rig.log.lines.find((l) => l.msg === 'slack socket mode reconnected'), 'the reconnect', 20_000);
      expect(rig.log.lines.find((l) => l.msg === 'slack socket mode connection lost; reconnecting')?.level).toBe('warn');
      expect(rig.log.lines.find((l) => l.msg === 'slack socket mode reconnected')?.obj).toMatchObject({ durationMs: expect.any(Number) });
      const ann = rig.fake.addUser('ann');
      const eventId = await rig.fake.slash('socket', ann, '/quiz', 'help');
      await rig.fake.waitFor(() => rig.fake.responsesTo(eventId)[0], 'a reply after the reconnect');
    } finally {
      await rig.stop();
    }
  });
});
