import { afterEach, describe, expect, it } from 'vitest';
import type { RoundRecord } from '../../src/core/rounds/rounds.js';
import { type DiscordRig, startDiscordRig } from '../fakes/discord/harness.js';
import { rightLetter, wrongLetter } from '../fakes/engine.js';
import { type SlackRig, startSlackRig } from '../fakes/slack/harness.js';
import { blockButtons } from '../fakes/slack/server.js';

/**
 * A 20-question round with 50 players, counting every call that reaches the platform. Channel writes must not
 * grow with the players (answers are answered privately, through the interaction), and stay far inside the
 * platforms' limits: Discord 5 messages per 5 s per channel and 50 requests/s globally; Slack about 1 message
 * per second per channel.
 */
const QUESTIONS = 20;
const PLAYERS = 50;
const SECONDS = 10;

async function roundOf(rig: DiscordRig | SlackRig): Promise<RoundRecord> {
  const key = (await rig.store.keys('bp:')).find((k) => /^bp:[^:]+:[^:]+:round:[a-z0-9]+$/.test(k))!;
  return (await rig.store.get<RoundRecord>(key))!;
}

describe(`a ${QUESTIONS}-question round with ${PLAYERS} players stays inside the platforms' rate limits`, () => {
  let rig: DiscordRig | SlackRig | undefined;
  afterEach(async () => rig?.stop());

  it('Discord: 41 channel writes for the whole round, one interaction response per click', { timeout: 120_000 }, async () => {
    const d = await startDiscordRig({ pack: 'deep-learning' });
    rig = d;
    const ch = d.guild.channels[0]!;
    const players = Array.from({ length: PLAYERS }, (_, i) => d.user(`p${i}`));
    const t = d.fake.command(d.guild.id, ch, players[0]!, 'quiz', 'round', { questions: QUESTIONS, seconds: SECONDS });
    await d.fake.waitFor(() => d.fake.repliesTo(t)[0], 'the round to start');
    const channelWrites = () => d.fake.requests.filter((r) => /^\/channels\/\d+\/messages/.test(r.path) && r.method !== 'GET');
    const before = d.fake.responses.length;
    for (let q = 0; q < QUESTIONS; q++) {
      const round = await roundOf(d);
      const message = d.fake.channelMessages.find((m) => m.id === round.messageId)!;
      const ids = Object.fromEntries(message.body.components[0].components.map((b: any) => [b.label, b.custom_id]));
      const order = round.items[q]!.order;
      const tokens = players.map((p, i) => d.fake.click(d.guild.id, p, message, ids[i % 3 ? rightLetter(order) : wrongLetter(order)]));
      await d.fake.waitFor(() => tokens.every((tk) => d.fake.repliesTo(tk).length > 0), `question ${q + 1}'s answers`, 20_000);
      await d.timers.advance(SECONDS * 1000 + 1);
    }
    expect((await roundOf(d)).status).toBe('ended');
    const writes = channelWrites();
    expect(writes.filter((w) => w.method === 'POST')).toHaveLength(QUESTIONS + 1); // questions and the scoreboard
    expect(writes.filter((w) => w.method === 'PATCH')).toHaveLength(QUESTIONS); // one closing edit per question
    // At most 2 writes per question (its post, then its close) every SECONDS seconds: 0.2/s, against 5 per 5 s.
    expect(writes.length / (QUESTIONS * SECONDS)).toBeLessThanOrEqual(0.21);
    expect(d.fake.responses.length - before).toBe(QUESTIONS * PLAYERS); // each click: exactly one response
  });

  it('Slack: 21 chat.postMessage and 20 chat.update for the whole round; answers through response URLs', { timeout: 120_000 }, async () => {
    const s = await startSlackRig('socket', { pack: 'deep-learning' });
    rig = s;
    const players = Array.from({ length: PLAYERS }, (_, i) => s.fake.addUser(`p${i}`));
    const started = await s.fake.slash('socket', players[0]!, '/quiz', `round ${QUESTIONS} ${SECONDS}`, 'C0ROUND');
    await s.fake.waitFor(() => s.fake.responsesTo(started)[0], 'the round to start');
    let answers = 0;
    for (let q = 0; q < QUESTIONS; q++) {
      const round = await roundOf(s);
      const message = s.fake.messages.find((m) => m.ts === round.messageId)!;
      const order = round.items[q]!.order;
      const buttons = blockButtons(message.blocks);
      const events = await Promise.all(
        players.map((p, i) =>
          s.fake.click('socket', p, buttons[i % 3 ? rightLetter(order) : wrongLetter(order)]!, { channel: 'C0ROUND', ts: message.ts }),
        ),
      );
      await s.fake.waitFor(() => events.every((e) => s.fake.responsesTo(e).length > 0), `question ${q + 1}'s answers`, 20_000);
      answers += events.length;
      await s.timers.advance(SECONDS * 1000 + 1);
    }
    expect((await roundOf(s)).status).toBe('ended');
    expect(s.fake.callsOf('chat.postMessage')).toHaveLength(QUESTIONS + 1);
    expect(s.fake.callsOf('chat.update')).toHaveLength(QUESTIONS);
    // One post per question at most every SECONDS seconds: a tenth of Slack's 1 per second per channel.
    expect(s.fake.callsOf('chat.postMessage').length / (QUESTIONS * SECONDS)).toBeLessThanOrEqual(0.11);
    expect(answers).toBe(QUESTIONS * PLAYERS);
    expect(s.fake.callsOf('users.info').length).toBeLessThanOrEqual(PLAYERS); // cached per member
  });
});
