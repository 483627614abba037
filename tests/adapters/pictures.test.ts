import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MessengerRouter } from '../../src/adapters/router.js';
import { startDiscordRig } from '../fakes/discord/harness.js';
import { customId } from '../fakes/discord/read.js';
import { createRig, rightLetter } from '../fakes/engine.js';
import { FIGURE_ALT, FIGURE_QUESTION, figurePacks } from '../fakes/figure-pack.js';
import { decodePng } from '../fakes/png.js';
import { ShellDriver } from '../fakes/shell-driver.js';
import { startSlackRig } from '../fakes/slack/harness.js';
import { blockButtons } from '../fakes/slack/server.js';

const FILE = `${FIGURE_QUESTION}.png`;
const isPicture = (data: Uint8Array) => {
  const png = decodePng(data);
  return png.width >= 400 && png.height >= 200 && png.colours > 2;
};

describe('a question with a figure, on each platform', () => {
  it('Discord: the daily uploads the chart and shows it in the embed; the reveal edit keeps it; ephemeral replies carry it', async () => {
    const rig = await startDiscordRig({ packsDir: figurePacks(), ownPack: 'figures' });
    try {
      const [typedIn, dailyChannel] = rig.guild.channels as [string, string];
      const boss = rig.user('boss', { admin: true });
      const reply = (token: string) => rig.fake.waitFor(() => rig.fake.repliesTo(token)[0], `a reply to ${token}`);
      await reply(rig.fake.command(rig.guild.id, typedIn, boss, 'quiz-admin', 'setup', { channel: dailyChannel }));
      await reply(rig.fake.command(rig.guild.id, typedIn, boss, 'quiz-admin', 'post'));
      const daily = rig.fake.dailyMessages[0]!;
      // The multipart upload arrived, and the embed shows that very attachment, with the alt text as its description.
      expect(daily.files.map((f) => f.name)).toEqual([FILE]);
      expect(daily.files[0]!.contentType).toBe('image/png');
      expect(isPicture(daily.files[0]!.data)).toBe(true);
      expect(daily.body.embeds[0].image).toEqual({ url: `attachment://${FILE}` });
      expect(daily.body.attachments).toEqual([{ id: 0, filename: FILE, description: FIGURE_ALT }]);

      await reply(rig.fake.command(rig.guild.id, typedIn, boss, 'quiz-admin', 'close'));
      const reveal = daily.edits.at(-1)!;
      expect(reveal.embeds[0].image).toEqual({ url: `attachment://${FILE}` }); // still attached: not uploaded again

      // A private practice question carries the picture in the ephemeral reply, and so does its feedback.
      const ann = rig.user('ann');
      const start = rig.fake.command(rig.guild.id, typedIn, ann, 'quiz', 'start', { count: 1 });
      const question = await reply(start);
      expect(question.body.flags).toBe(64);
      expect(question.body.embeds[0].image).toEqual({ url: `attachment://${FILE}` });
      const uploaded = rig.fake.responses.find((r) => r.token === start)!.files;
      expect(uploaded.map((f) => f.name)).toEqual([FILE]);
      expect(isPicture(uploaded[0]!.data)).toBe(true);
      const click = rig.fake.click(
        rig.guild.id,
        ann,
        rig.fake.replyMessage(start)!,
        customId(question.body, rightLetter(await rig.practiceOrder(ann))),
      );
      const feedback = await reply(click);
      expect(feedback.type).toBe('callback:7');
      expect(feedback.body.embeds[0].image).toEqual({ url: `attachment://${FILE}` });
    } finally {
      await rig.stop();
    }
  }, 30_000);

  it('Slack: the picture is uploaded in two steps, unshared, once per workspace, and image blocks show its file id', async () => {
    const rig = await startSlackRig('socket', { packsDir: figurePacks(), ownPack: 'figures' });
    try {
      const reply = (eventId: string) => rig.fake.waitFor(() => rig.fake.responsesTo(eventId)[0], `reply to ${eventId}`);
      const boss = rig.fake.addUser('boss', { admin: true });
      await reply(await rig.fake.slash('socket', boss, '/quiz-admin', 'setup <#C0DAILY|daily>'));
      await reply(await rig.fake.slash('socket', boss, '/quiz-admin', 'post'));
      const uploads = rig.fake.files.uploaded();
      expect(uploads).toHaveLength(1);
      const [file] = uploads;
      expect(file!.name).toBe(FILE);
      expect(file!.channels).toEqual([]); // completed without sharing, so any message may show it
      expect(isPicture(file!.data)).toBe(true);
      expect(rig.fake.callsOf('files.getUploadURLExternal')).toHaveLength(1);
      expect(rig.fake.callsOf('files.completeUploadExternal')[0]!.args.channel_id).toBeUndefined();
      const daily = rig.fake.dailyMessages[0]!;
      const image = daily.blocks.find((b) => b.type === 'image');
      expect(image).toEqual({ type: 'image', slack_file: { id: file!.id }, alt_text: FIGURE_ALT });

      // The same chart in a private practice question (a response URL): the uploaded file is reused.
      const ann = rig.fake.addUser('ann');
      const question = await reply(await rig.fake.slash('socket', ann, '/quiz', 'start 1'));
      expect(question.response_type).toBe('ephemeral');
      expect(question.blocks.find((b: any) => b.type === 'image')).toEqual(image);
      expect(rig.fake.callsOf('files.getUploadURLExternal')).toHaveLength(1);
      expect(Object.keys(blockButtons(question.blocks))).toEqual(['A', 'B', 'C', 'D']);

      // The close edits the daily into its reveal, keeping the picture.
      await reply(await rig.fake.slash('socket', boss, '/quiz-admin', 'close'));
      expect(daily.updates.at(-1)!.blocks.find((b) => b.type === 'image')).toEqual(image);

      // The file is deleted in the workspace: Slack refuses blocks that show it. The reply goes without the picture
      // (its alt text instead), and the next message uploads it again.
      file!.complete = false;
      const bob = rig.fake.addUser('bob');
      const without = await reply(await rig.fake.slash('socket', bob, '/quiz', 'start 1'));
      expect(without.blocks.some((b: any) => b.type === 'image')).toBe(false);
      expect(JSON.stringify(without.blocks)).toContain(FIGURE_ALT);
      const again = await reply(await rig.fake.slash('socket', bob, '/quiz', 'start 1'));
      expect(rig.fake.files.uploaded()).toHaveLength(1); // the new upload (the old file no longer counts)
      expect(again.blocks.find((b: any) => b.type === 'image').slack_file.id).toBe(rig.fake.files.uploaded()[0]!.id);
      expect(rig.fake.files.uploaded()[0]!.id).not.toBe(file!.id);
    } finally {
      await rig.stop();
    }
  }, 30_000);

  it('fake Slack refuses an image block that shows a file nobody uploaded', async () => {
    const rig = await startSlackRig('socket');
    try {
      const bad = { channel: 'C0DAILY', text: 'x', blocks: [{ type: 'image', slack_file: { id: 'F999' }, alt_text: 'nothing' }] };
      await expect(rig.adapter.app.client.chat.postMessage(bad)).rejects.toThrow(/invalid_blocks/);
    } finally {
      await rig.stop();
    }
  });

  it('the shell writes the picture to PICTURES_DIR and prints its path and alt text', async () => {
    const picturesDir = join(mkdtempSync(join(tmpdir(), 'bp-pictures-')), 'pictures');
    const router = new MessengerRouter();
    const rig = createRig({ messenger: router, packsDir: figurePacks(), ownPack: 'figures' });
    const shell = new ShellDriver('you', { picturesDir });
    router.register('shell', shell.adapter);
    await shell.start(rig.dispatcher);
    try {
      await shell.send('quiz-admin setup');
      const posted = await shell.send('quiz-admin post');
      const path = join(picturesDir, FILE);
      expect(posted).toContain(`🖼️ Picture: ${path}`);
      expect(posted).toContain(FIGURE_ALT);
      expect(existsSync(path)).toBe(true);
      expect(isPicture(readFileSync(path))).toBe(true);
      // The picture comes before the next prompt: the transcript reads in order.
      expect(posted.indexOf('🖼️ Picture')).toBeLessThan(posted.indexOf('Posted to #general'));
    } finally {
      await shell.stop();
    }
  }, 30_000);
});
