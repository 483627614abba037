import { describe, expect, it } from 'vitest';
import { renderDiscord } from '../../src/adapters/discord/render.js';
import { renderForTerminal } from '../../src/adapters/shell/render.js';
import { renderSlack } from '../../src/adapters/slack/render.js';
import { renderHome } from '../../src/commands/home.js';
import type { OutMessage, Reply } from '../../src/core/shared/messages.js';
import { configure, createRig, member, onlyChannel, rightLetter, TEAM } from '../fakes/engine.js';

/**
 * Issue 21, item 5: a member named to deceive (a role mention, a masked link, a right-to-left override, a newline,
 * @everyone, far too long) is shown as plain text in every message kind on every platform.
 */
const HOSTILE = `Evil\u202E<@&123456789012345678>[x](https://evil.example)\n@everyone # heading ${'x'.repeat(100)}`;
const evil = member('evil', { name: HOSTILE });
const REPORT = 'It is wrong <@&123456789012345678> [click](https://evil.example)\n\u202Esee @here';

async function everyMessageKind(): Promise<OutMessage[]> {
  const rig = createRig({ liveCountsMs: {} });
  const out: OutMessage[] = [];
  const say = async (reply: Promise<Reply>) => out.push((await reply).message);
  await configure(rig, TEAM, { channelId: 'daily' });
  const { daily } = (await rig.engine.dailies.post(TEAM, await onlyChannel(rig.engine, TEAM), { extra: true }))!;
  const click = (who: typeof evil, actionId: string) =>
    rig.dispatcher.handle({ kind: 'action', member: who, channelId: 'daily', actionId });
  await say(click(evil, `daily:answer:${daily.id}:${rightLetter(daily.order)}`));
  await say(click(member('bob'), `daily:answer:${daily.id}:${rightLetter(daily.order)}`));
  for (const text of ['leaderboard all', 'streak', 'stats'])
    await say(rig.dispatcher.handle({ kind: 'text', member: evil, channelId: 'c', group: 'quiz', text }));
  await say(rig.dispatcher.handle({ kind: 'text', member: member('bob'), channelId: 'c', group: 'quiz', text: 'stats member=evil' }));
  await say(
    rig.dispatcher.handle({ kind: 'submit', member: evil, channelId: 'c', actionId: `report:submit:${daily.questionId}`, text: REPORT }),
  );
  await say(
    rig.dispatcher.handle({ kind: 'text', member: member('boss', { admin: true }), channelId: 'c', group: 'quiz-admin', text: 'reports' }),
  );
  out.push(await renderHome(rig.engine, evil));
  // A live round: the "Got it" line, the scoreboard and its footer.
  const round = await rig.engine.rounds.start(member('bob'), 'arena', { questions: 3, seconds: 20 });
  await rig.dispatcher.handle({
    kind: 'action',
    member: evil,
    channelId: 'arena',
    actionId: `round:answer:${round.id}:0:${rightLetter(round.items[0]!.order)}`,
  });
  await rig.timers.advance(60_000 * 3);
  await rig.engine.dailies.close(TEAM, await onlyChannel(rig.engine, TEAM));
  out.push(...rig.messenger.posts.map((p) => p.message), ...rig.messenger.edits.map((e) => e.message));
  expect(out.length).toBeGreaterThan(15);
  return out;
}

const hostileShown = (text: string) => text.includes('Evil') || text.includes('It is wrong');

describe('hostile names and user text in every message kind', () => {
  it('Discord: no role or user mention, masked link, @everyone, override or newline from the name; names cut to 32', async () => {
    let seen = 0;
    for (const message of await everyMessageKind()) {
      const payload = renderDiscord(message);
      const embed = payload.embeds[0]!;
      const text = [embed.title, embed.description, embed.footer?.text].filter(Boolean).join('\n');
      if (!hostileShown(text)) continue;
      seen++;
      expect(text).not.toMatch(/<@&?\d/);
      // A masked link needs [label](url) whole, with the bracket unescaped (footers render no markdown at all).
      expect([embed.title, embed.description].join('\n')).not.toMatch(/(?<!\\)\[[^\]]*\]\(https?:[^)\s]*\)/);
      expect(text).not.toMatch(/@(everyone|here)/);
      expect(text).not.toContain('\u202E');
      for (const l of text.split('\n').filter((x) => x.includes('Evil'))) expect(l).not.toMatch(/x{32}/);
      expect(payload.allowed_mentions).toEqual({ parse: [] });
    }
    expect(seen).toBeGreaterThanOrEqual(8);
  });

  it('Slack: no mention, link or channel-wide ping, override or newline from the name; names cut to 80', async () => {
    let seen = 0;
    for (const message of await everyMessageKind()) {
      const payload = renderSlack(message);
      // What Slack formats: section and context mrkdwn, and the notification text (a header is plain_text,
      // which Slack never formats, so a name there shows as the characters it is).
      const blocks = JSON.parse(JSON.stringify(payload.blocks)) as {
        type: string;
        text?: { type: string; text: string };
        elements?: { text?: string }[];
      }[];
      const mrkdwn = blocks.flatMap((b) =>
        b.text?.type === 'mrkdwn' ? [b.text.text] : b.type === 'context' ? (b.elements ?? []).map((e) => e.text ?? '') : [],
      );
      const text = [...mrkdwn, payload.text].join('\n');
      if (!hostileShown(text)) continue;
      seen++;
      expect(text).not.toMatch(/<[@#!]|<https?:/);
      expect(text).not.toContain('\u202E');
      for (const l of text.split('\n').filter((x) => x.includes('Evil'))) expect(l).not.toMatch(/x{80}/);
    }
    expect(seen).toBeGreaterThanOrEqual(8);
  });

  it('terminal: no control character (no escape sequence, no newline) and no override from the name', async () => {
    let seen = 0;
    for (const message of await everyMessageKind()) {
      const text = renderForTerminal(message, 'test', { ansi: false });
      if (!hostileShown(text)) continue;
      seen++;
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters.
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202E]/);
      // The name never breaks its line: every line that shows it is one of the message's own lines.
      for (const l of text.split('\n').filter((x) => x.includes('Evil'))) expect(l.startsWith('│')).toBe(true);
    }
    expect(seen).toBeGreaterThanOrEqual(8);
  });
});
