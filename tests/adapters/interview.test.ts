import { afterEach, describe, expect, it } from 'vitest';
import { type DiscordRig, startDiscordRig } from '../fakes/discord/harness.js';
import { buttonsOf, embedText } from '../fakes/discord/read.js';
import { type SlackRig, startSlackRig } from '../fakes/slack/harness.js';
import { blockButtons, blocksText } from '../fakes/slack/server.js';

/**
 * Interview mode through the platforms' own forms: a Discord modal (MODAL_SUBMIT) through real discord.js, a
 * Slack modal (views.open, then view_submission) through real Bolt, each against its strict fake.
 */
const TYPED = 'The gradients vanish as they flow back through many layers; a skip connection keeps a path.';

describe('interview mode on the platforms', () => {
  let discord: DiscordRig | undefined;
  let slack: SlackRig | undefined;
  afterEach(async () => {
    await discord?.stop();
    await slack?.stop();
    discord = slack = undefined;
  });

  it('Discord: the question, "Type my answer" opens a paragraph modal, its submit shows the key points, ratings go on', async () => {
    const rig = await startDiscordRig();
    discord = rig;
    const ann = rig.user('ann');
    const channel = rig.guild.channels[0]!;
    const reply = (token: string) => rig.fake.waitFor(() => rig.fake.repliesTo(token)[0], 'a reply');
    const question = await reply(rig.fake.command(rig.guild.id, channel, ann, 'quiz', 'interview', { topic: 'alpha', count: 1 }));
    expect(question.body.flags).toBe(64); // private
    expect(embedText(question.body)).toContain('Alpha question number one?');
    expect(buttonsOf(question.body).map((b: any) => b.label)).toEqual(['Type my answer', 'Show answer']);
    const message = rig.fake.replyMessage(rig.fake.responses.at(-1)!.token)!;
    const type = buttonsOf(question.body).find((b: any) => b.label === 'Type my answer');
    const modal = await reply(rig.fake.click(rig.guild.id, ann, message, type.custom_id));
    expect(modal.type).toBe('callback:9'); // MODAL, accepted by the fake's rules (title, label, length)
    expect(modal.body.components[0].components[0]).toMatchObject({ type: 4, style: 2, max_length: 2000 });
    const shown = await reply(rig.fake.submitModal(rig.guild.id, channel, ann, modal.body.custom_id, TYPED));
    const text = embedText(shown.body);
    expect(text).toContain('your answer mentions 2 of 3');
    expect(text).toContain('✅ Gradients shrink through many layers');
    expect(text).toContain('▫️ Normalization steadies the scale');
    expect(text).toContain('a hint to check yourself against, not a grade');
    expect(buttonsOf(shown.body).map((b: any) => b.label)).toEqual(['Again', 'Hard', 'Good', 'Easy', 'Report a problem']);
    const good = buttonsOf(shown.body).find((b: any) => b.label === 'Good');
    const summary = await reply(
      rig.fake.click(rig.guild.id, ann, rig.fake.replyMessage(rig.fake.responses.at(-1)!.token)!, good.custom_id),
    );
    expect(embedText(summary.body)).toContain('Interview finished: 1 question');
    expect(embedText(summary.body)).toContain('Your ratings: Good 1');
    expect(embedText(summary.body)).toContain('Normalization steadies the scale');
  });

  it('Slack: "Type my answer" opens a modal (views.open), view_submission shows the key points, ratings go on', async () => {
    const rig = await startSlackRig('socket');
    slack = rig;
    const ann = rig.fake.addUser('ann');
    const replyTo = (eventId: string, n = 0) => rig.fake.waitFor(() => rig.fake.responsesTo(eventId)[n], 'a reply');
    const question = await replyTo(await rig.fake.slash('socket', ann, '/quiz', 'interview alpha 1'));
    expect(question.response_type).toBe('ephemeral');
    expect(blocksText(question.blocks)).toContain('Alpha question number one?');
    await rig.fake.click('socket', ann, blockButtons(question.blocks)['Type my answer']!, { channel: 'C0GENERAL', ephemeral: true });
    const modal = await rig.fake.waitFor(() => rig.fake.modals[0], 'views.open');
    expect(modal.view.title.text).toBe('Your answer');
    expect(modal.view.blocks[0].element).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 2000 });
    await rig.fake.submitView('socket', ann, modal.view, TYPED);
    const shown = await rig.fake.waitFor(() => rig.fake.ephemerals[0], 'the answer, privately');
    expect(shown.user).toBe(ann.id);
    expect(blocksText(shown.blocks)).toContain('your answer mentions 2 of 3');
    const good = blockButtons(shown.blocks).Good!;
    const summary = await replyTo(await rig.fake.click('socket', ann, good, { channel: 'C0GENERAL', ephemeral: true }));
    expect(blocksText(summary.blocks)).toContain('Interview finished: 1 question');
  });
});
