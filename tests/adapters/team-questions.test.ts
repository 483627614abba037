import { afterEach, describe, expect, it } from 'vitest';
import { SUGGESTIONS_PACK } from '../../src/core/bank/team-packs.js';
import { type DiscordRig, startDiscordRig } from '../fakes/discord/harness.js';
import { customId, embedText } from '../fakes/discord/read.js';
import { type SlackRig, startSlackRig } from '../fakes/slack/harness.js';
import { blockButtons, blocksText } from '../fakes/slack/server.js';

/**
 * A team's own questions through the platforms, against the strict fakes: a pack file attached to the Discord
 * command (downloaded from the fake's CDN) or given to a Slack modal's file input (fetched with files.info and
 * the bot token), exported back as an attachment or a two-step Slack upload; suggestions through modals.
 */
const EXPLANATION = 'Atlas was bought for training runs. The other clusters serve models to users.';
const CSV = [
  '\uFEFFid,topic,difficulty,prompt,answer,distractor1,distractor2,distractor3,explanation',
  `gpu-cluster,Our stack,easy,"Which of our clusters has the A100 GPUs?",Atlas,Borealis,Cygnus,Dorado,"${EXPLANATION}"`,
  `gpu-night,Our stack,medium,"Where do nightly evals run,
once training stops?",Atlas,Borealis,Cygnus,Dorado,"${EXPLANATION}"`,
].join('\r\n');
// Hostile content: a mention, @everyone and markup in a member's suggestion must reach nobody.
const SUGGESTION = {
  topic: 'Our stack',
  prompt: 'Who owns the <@&123> on-call rota for @everyone, **really**?',
  answer: 'The platform team',
  distractors: 'The research team\nThe interns\nNobody at all',
  explanation: 'The platform team runs the rota. Research and interns are not on call.',
};

describe('team packs and suggestions on the platforms', () => {
  let discord: DiscordRig | undefined;
  let slack: SlackRig | undefined;
  afterEach(async () => {
    await discord?.stop();
    await slack?.stop();
    discord = slack = undefined;
  });

  it('Discord: an attached CSV is downloaded and saved; export comes back as an attachment; a suggestion is approved', async () => {
    const rig = await startDiscordRig({ pack: 'deep-learning' });
    discord = rig;
    const boss = rig.user('boss', { admin: true });
    const ann = rig.user('ann');
    const channel = rig.guild.channels[0]!;
    const reply = (token: string, n = 0) => rig.fake.waitFor(() => rig.fake.repliesTo(token)[n], 'a reply');

    const file = rig.fake.attachments.add('our-stack.csv', CSV, 'text/csv');
    const saved = await reply(rig.fake.command(rig.guild.id, channel, boss, 'quiz-admin', 'pack upload', { file }));
    expect(embedText(saved.body)).toContain('Pack our-stack saved: 2 questions');
    expect(rig.fake.attachments.downloads).toEqual(['our-stack.csv']);
    expect((await rig.engine.packs.get(rig.team, 'our-stack'))?.questions[1]?.prompt).toBe(
      'Where do nightly evals run,\nonce training stops?',
    );

    const exportToken = rig.fake.command(rig.guild.id, channel, boss, 'quiz-admin', 'pack export', { pack: 'our-stack' });
    await reply(exportToken);
    const sent = rig.fake.responses.find((r) => r.token === exportToken)!;
    expect(sent.files.map((f) => f.name)).toEqual(['our-stack.csv']);
    expect(sent.files[0]!.data.toString()).toContain('Where do nightly evals run,\nonce training stops?');

    // A member suggests through a five-field modal; an admin approves it from the list.
    const form = await reply(rig.fake.command(rig.guild.id, channel, ann, 'quiz', 'suggest'));
    expect(form.type).toBe('callback:9');
    expect(form.body.components.map((row: any) => row.components[0].custom_id)).toEqual(Object.keys(SUGGESTION));
    const thanks = await reply(rig.fake.submitModal(rig.guild.id, channel, ann, form.body.custom_id, SUGGESTION));
    expect(embedText(thanks.body)).toContain('Thanks: your question went to the quiz admins');
    const list = await reply(rig.fake.command(rig.guild.id, channel, boss, 'quiz-admin', 'suggestions'));
    // One row per suggestion: approve it as easy, medium or hard, edit it, reject it.
    expect(list.body.components.map((row: any) => row.components.map((b: any) => b.label))).toEqual([
      ['Approve 1 easy', 'Approve 1 medium', 'Approve 1 hard', 'Edit 1', 'Reject 1'],
    ]);
    // The member's text is shown, escaped: no mention survives, and nothing may ping.
    expect(JSON.stringify(list.body.embeds)).not.toMatch(/<@&123>|(?<!\u200b)@everyone/);
    expect(list.body.allowed_mentions).toEqual({ parse: [] });
    // Only a quiz admin's click counts, even on the admin's own list.
    const message = rig.fake.replyMessage(rig.fake.responses.at(-1)!.token)!;
    const refused = await reply(rig.fake.click(rig.guild.id, ann, message, customId(list.body, 'Approve 1 easy')));
    expect(embedText(refused.body)).toContain('Only quiz admins can do that');
    const approved = await reply(rig.fake.click(rig.guild.id, boss, message, customId(list.body, 'Approve 1 easy')));
    expect(embedText(approved.body)).toContain('✅ Approved (easy)');
    const pack = await rig.engine.packs.get(rig.team, SUGGESTIONS_PACK);
    expect(pack?.questions.map((q) => [q.answer, q.difficulty])).toEqual([['The platform team', 1]]);
    // The member hears it in a DM.
    const dm = await rig.fake.waitFor(() => rig.fake.dmChannels.get(ann.id), 'a DM to the member');
    const told = await rig.fake.waitFor(() => rig.fake.channelMessages.find((m) => m.channelId === dm), 'the DM');
    expect(embedText(told.body)).toContain('Your suggested question was approved');
  });

  it('Discord: a full list of suggestions is 5 rows of 5 buttons, within what Discord takes; each row approves its own', async () => {
    const rig = await startDiscordRig({ pack: 'deep-learning' });
    discord = rig;
    const boss = rig.user('boss', { admin: true });
    const channel = rig.guild.channels[0]!;
    const reply = (token: string) => rig.fake.waitFor(() => rig.fake.repliesTo(token)[0], 'a reply');
    // Six suggestions (five a day per member): five shown, one more after them.
    const [ann, cai] = [rig.user('ann'), rig.user('cai')];
    for (const [i, who] of [ann, ann, ann, ann, ann, cai].entries()) {
      const form = await reply(rig.fake.command(rig.guild.id, channel, who, 'quiz', 'suggest'));
      const suggestion = { ...SUGGESTION, prompt: `Question number ${i + 1}: who owns the on-call rota?` };
      const thanks = await reply(rig.fake.submitModal(rig.guild.id, channel, who, form.body.custom_id, suggestion));
      expect(embedText(thanks.body)).toContain('Thanks');
      rig.clock.advance(1000); // listed oldest first
    }
    const list = await reply(rig.fake.command(rig.guild.id, channel, boss, 'quiz-admin', 'suggestions'));
    const labels = list.body.components.map((row: any) => row.components.map((b: any) => b.label));
    expect(labels).toHaveLength(5);
    expect(labels[4]).toEqual(['Approve 5 easy', 'Approve 5 medium', 'Approve 5 hard', 'Edit 5', 'Reject 5']);
    expect(JSON.stringify(list.body.embeds)).toContain('1 more after these');
    // The fake refuses a message Discord would refuse: this one went through.
    expect(rig.fake.requests.filter((r) => r.status === 400)).toEqual([]);
    const message = rig.fake.replyMessage(rig.fake.responses.at(-1)!.token)!;
    const approved = await reply(rig.fake.click(rig.guild.id, boss, message, customId(list.body, 'Approve 3 hard')));
    expect(embedText(approved.body)).toContain('✅ Approved (hard): Question number 3');
    const pack = await rig.engine.packs.get(rig.team, SUGGESTIONS_PACK);
    expect(pack?.questions.map((q) => [q.prompt.slice(0, 17), q.difficulty])).toEqual([['Question number 3', 3]]);
  });

  it('Slack: the upload modal’s file is fetched with the bot token; export is a two-step upload to the member’s DM', async () => {
    const rig = await startSlackRig('http', { pack: 'deep-learning' });
    slack = rig;
    const boss = rig.fake.addUser('boss', { admin: true });
    const replyTo = (eventId: string) => rig.fake.waitFor(() => rig.fake.responsesTo(eventId)[0], 'a reply');

    const opened = await rig.fake.slash('http', boss, '/quiz-admin', 'pack upload', 'C0GENERAL');
    const modal = await rig.fake.waitFor(() => rig.fake.modalsFor(opened)[0], 'the upload modal');
    expect(modal.blocks[0].element).toMatchObject({ type: 'file_input', filetypes: ['yaml', 'yml', 'json', 'csv'], max_files: 1 });
    const shared = rig.fake.files.share('our-stack.csv', CSV);
    await rig.fake.submitView('http', boss, modal, { file: [shared] });
    const saved = await rig.fake.waitFor(() => rig.fake.ephemerals[0], 'the upload’s answer');
    expect(blocksText(saved.blocks)).toContain('Pack our-stack saved: 2 questions');
    expect(rig.fake.callsOf('files.info').map((c) => c.args.file)).toEqual([shared.id]);
    expect(rig.fake.files.downloads).toEqual([{ fileId: shared.id, authorization: `Bearer ${rig.fake.botToken}` }]);

    const exported = await replyTo(await rig.fake.slash('http', boss, '/quiz-admin', 'pack export our-stack', 'C0GENERAL'));
    expect(blocksText(exported.blocks)).toContain('our-stack.csv');
    const [upload] = rig.fake.files.uploaded();
    expect(upload?.name).toBe('our-stack.csv');
    expect(upload?.data.toString()).toContain('Which of our clusters has the A100 GPUs?');
    expect(upload?.channels).toEqual([`D${boss.id.slice(1)}`]);
  });

  it('Slack: a file Slack will not give the bot is refused with the reason, and nothing is saved', async () => {
    const rig = await startSlackRig('socket', { pack: 'deep-learning' });
    slack = rig;
    const boss = rig.fake.addUser('boss', { admin: true });
    const opened = await rig.fake.slash('socket', boss, '/quiz-admin', 'pack upload', 'C0GENERAL');
    const modal = await rig.fake.waitFor(() => rig.fake.modalsFor(opened)[0], 'the upload modal');
    // A file id Slack does not know (deleted in between): files.info says file_not_found.
    const gone = { ...rig.fake.files.share('our-stack.csv', CSV), id: 'F000000999' };
    await rig.fake.submitView('socket', boss, modal, { file: [gone] });
    const answer = await rig.fake.waitFor(() => rig.fake.ephemerals[0], 'the answer');
    expect(blocksText(answer.blocks)).toContain('The file could not be read');
    expect(blocksText(answer.blocks)).toContain('file_not_found');
    expect(await rig.engine.packs.list(rig.team)).toEqual([]);
    // The fake is as strict as Slack: without the bot token, a private URL gives the sign-in page, not the file.
    const info = (await (
      await fetch(`${rig.fake.apiUrl}files.info`, {
        method: 'POST',
        headers: { authorization: `Bearer ${rig.fake.botToken}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ file: rig.fake.files.share('x.csv', 'x').id }),
      })
    ).json()) as { file: { url_private: string } };
    const page = await fetch(info.file.url_private);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('Slack: a suggestion through a five-input modal, rejected with a reason the member reads', async () => {
    const rig = await startSlackRig('socket', { pack: 'deep-learning' });
    slack = rig;
    const boss = rig.fake.addUser('boss', { admin: true });
    const ann = rig.fake.addUser('ann');
    const opened = await rig.fake.slash('socket', ann, '/quiz', 'suggest', 'C0GENERAL');
    const modal = await rig.fake.waitFor(() => rig.fake.modalsFor(opened)[0], 'the suggestion modal');
    expect(modal.blocks.map((b: any) => b.element.action_id)).toEqual(Object.keys(SUGGESTION));
    // Mistakes keep the modal open, each under its field, so nothing typed is lost; nothing is sent or posted.
    const refused = await rig.fake.submitView('socket', ann, modal, { ...SUGGESTION, prompt: 'Who?', distractors: 'Only one' });
    expect(refused).toEqual({
      response_action: 'errors',
      errors: { 'field-prompt': 'at least 10 characters', 'field-distractors': 'exactly three distractors are required' },
    });
    expect(rig.fake.ephemerals).toEqual([]);
    expect(await rig.engine.suggestions.pending(rig.team)).toEqual([]);
    expect(await rig.fake.submitView('socket', ann, modal, SUGGESTION)).toEqual({});
    await rig.fake.waitFor(() => rig.fake.ephemerals.find((e) => blocksText(e.blocks).includes('Thanks')), 'the thanks');
    const list = await rig.fake.waitFor(
      async () => rig.fake.responsesTo(await rig.fake.slash('socket', boss, '/quiz-admin', 'suggestions', 'C0GENERAL'))[0],
      'the list',
    );
    // Escaped for mrkdwn: the mention and @everyone arrive as text.
    expect(JSON.stringify(list.blocks)).toContain('&lt;@&amp;123&gt;');
    const reject = blockButtons(list.blocks)['Reject 1']!;
    await rig.fake.click('socket', boss, reject, { channel: 'C0GENERAL', ephemeral: true });
    const why = await rig.fake.waitFor(() => rig.fake.modals.find((m) => m.view.title.text === 'Reject the suggestion'), 'the reason form');
    await rig.fake.submitView('socket', boss, why.view, { reason: 'We have this one already.' });
    const told = await rig.fake.waitFor(() => rig.fake.messages.find((m) => m.channel === ann.id), 'the DM to the member');
    expect(blocksText(told.blocks)).toContain('The quiz admins said: We have this one already.');
    expect(await rig.engine.suggestions.pending(rig.team)).toEqual([]);
  });
});
