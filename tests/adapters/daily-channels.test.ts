import { afterEach, describe, expect, it } from 'vitest';
import type { TeamRef } from '../../src/core/shared/refs.js';
import { type DiscordRig, startDiscordRig } from '../fakes/discord/harness.js';
import { customId, embedText } from '../fakes/discord/read.js';
import { rightLetter, rigScheduler, type TestRig, wrongLetter } from '../fakes/engine.js';
import { type SlackRig, startSlackRig } from '../fakes/slack/harness.js';
import { blockButtons, blocksText } from '../fakes/slack/server.js';

/** What one platform offers this scenario: commands typed in a channel, clicks on a channel's daily. */
interface Platform {
  rig: TestRig;
  team: TeamRef;
  channels: [string, string];
  command(user: string, channel: string, group: 'quiz' | 'quiz-admin', sub: string, options: Record<string, string>): Promise<string>;
  dailies(channel: string): number;
  answer(user: string, channel: string, right: boolean): Promise<string>;
}

/**
 * Two daily channels set up through the platform (Berlin and New York times), each daily posted there by the
 * scheduler at its own time, answered with the platform's buttons; then each channel's board and the channels
 * board, as the platform shows them. Real discord.js and real Bolt against the fakes.
 */
async function scenario(p: Platform): Promise<void> {
  const [berlin, newYork] = p.channels;
  p.rig.clock.set('2026-03-02T07:00:00Z'); // a Monday
  expect(await p.command('boss', berlin, 'quiz-admin', 'setup', { time: '09:00', timezone: 'Europe/Berlin' })).toContain('Saved');
  p.rig.clock.advance(60_000);
  expect(await p.command('boss', newYork, 'quiz-admin', 'setup', { time: '09:00', timezone: 'America/New_York' })).toContain('Saved');
  const show = await p.command('boss', berlin, 'quiz-admin', 'show', {});
  expect(show).toContain('2 channels');
  expect(show).toContain('09:00 (Europe/Berlin)');
  expect(show).toContain('09:00 (America/New_York)');

  const scheduler = rigScheduler(p.rig);
  await scheduler.start();
  p.rig.clock.set('2026-03-02T08:00:00Z'); // 09:00 in Berlin
  await scheduler.tick();
  await scheduler.idle();
  expect([p.dailies(berlin), p.dailies(newYork)]).toEqual([1, 0]);
  p.rig.clock.set('2026-03-02T14:00:00Z'); // 09:00 in New York
  await scheduler.tick();
  await scheduler.idle();
  expect([p.dailies(berlin), p.dailies(newYork)]).toEqual([1, 1]);
  await scheduler.stop();

  expect(await p.answer('ann', berlin, true)).toContain('Right! +10 points');
  expect(await p.answer('bob', berlin, false)).toContain('Not quite');
  expect(await p.answer('cid', newYork, true)).toContain('Right! +10 points');
  expect(await p.answer('ann', newYork, true)).toContain('Streak: 1 day'); // two channels, one day

  const inBerlin = await p.command('bob', berlin, 'quiz', 'leaderboard', {});
  expect(inBerlin).toContain('dailies and rounds');
  expect(inBerlin).toMatch(/1\. ann · 10/);
  expect(inBerlin).not.toMatch(/cid/);
  expect(await p.command('cid', newYork, 'quiz', 'leaderboard', {})).toMatch(
    /1\. ann · 10[\s\S]*1\. cid · 10 \(you\)|1\. cid · 10 \(you\)[\s\S]*1\. ann · 10/,
  );
  expect(await p.command('cid', newYork, 'quiz', 'leaderboard', { board: 'team' })).toMatch(/1\. ann · 20/);
  // New York: 20 points / 2 active members; Berlin: 10 / 2 (bob answered, wrong).
  const compared = await p.command('bob', berlin, 'quiz', 'leaderboard', { board: 'channels' });
  expect(compared).toMatch(/1\. .+ · 10\.0 points per member · 2 active members · 100% right/);
  expect(compared).toMatch(/2\. .+ · 5\.0 points per member · 2 active members · 50% right/);
  expect(compared.indexOf(newYork)).toBeLessThan(compared.indexOf(berlin));
}

describe('several daily channels, end to end', () => {
  let discord: DiscordRig | undefined;
  let slack: SlackRig | undefined;
  afterEach(async () => {
    await discord?.stop();
    await slack?.stop();
    discord = slack = undefined;
  });

  it('on Discord: setup in two channels, each daily at its time, answers, each channel’s board and the channels board', async () => {
    const rig = await startDiscordRig();
    discord = rig;
    const users = new Map<string, ReturnType<typeof rig.user>>();
    const user = (name: string) => users.get(name) ?? users.set(name, rig.user(name, { admin: name === 'boss' })).get(name)!;
    const reply = (token: string) => rig.fake.waitFor(() => rig.fake.repliesTo(token)[0], 'a reply');
    const [a, b] = rig.guild.channels as [string, string];
    await scenario({
      rig,
      team: rig.team,
      channels: [a, b],
      async command(who, channel, group, sub, options) {
        return embedText((await reply(rig.fake.command(rig.guild.id, channel, user(who), group, sub, options))).body);
      },
      dailies: (channel) => rig.fake.dailyMessages.filter((m) => m.channelId === channel).length,
      async answer(who, channel, right) {
        const daily = rig.fake.dailyMessages.filter((m) => m.channelId === channel).at(-1)!;
        const order = (await rig.open(channel)).order;
        const letter = right ? rightLetter(order) : wrongLetter(order);
        return embedText((await reply(rig.fake.click(rig.guild.id, user(who), daily, customId(daily.body, letter)))).body);
      },
    });
  });

  it('on Slack: setup in two channels, each daily at its time, answers, each channel’s board and the channels board', async () => {
    const rig = await startSlackRig('socket');
    slack = rig;
    const users = new Map<string, ReturnType<typeof rig.fake.addUser>>();
    const user = (name: string) => users.get(name) ?? users.set(name, rig.fake.addUser(name, { admin: name === 'boss' })).get(name)!;
    const reply = (eventId: string) => rig.fake.waitFor(() => rig.fake.responsesTo(eventId)[0], 'a reply');
    await scenario({
      rig,
      team: rig.team,
      channels: ['C0BERLIN', 'C0NEWYORK'],
      async command(who, channel, group, sub, options) {
        const text = [sub, ...Object.entries(options).map(([k, v]) => `${k}=${v}`)].join(' ');
        return blocksText((await reply(await rig.fake.slash('socket', user(who), `/${group}`, text, channel))).blocks);
      },
      dailies: (channel) => rig.fake.dailyMessages.filter((m) => m.channel === channel).length,
      async answer(who, channel, right) {
        const daily = rig.fake.dailyMessages.filter((m) => m.channel === channel).at(-1)!;
        const state = await rig.engine.channels.state(rig.team, channel);
        const { order } = (await rig.engine.dailies.get(rig.team, state.open!.dailyId))!;
        const letter = right ? rightLetter(order) : wrongLetter(order);
        const eventId = await rig.fake.click('socket', user(who), blockButtons(daily.blocks)[letter]!, { channel, ts: daily.ts });
        return blocksText((await reply(eventId)).blocks);
      },
    });
  });
});
