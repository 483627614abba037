import { MessengerRouter } from '../../src/adapters/router.js';
import { SHELL_CHANNEL, SHELL_TEAM } from '../../src/adapters/shell/shell.js';
import { parseCommandText } from '../../src/commands/text.js';
import { startDiscordRig } from '../fakes/discord/harness.js';
import { type FakeUser, MANAGE_GUILD } from '../fakes/discord/server.js';
import { createRig } from '../fakes/engine.js';
import { ShellDriver } from '../fakes/shell-driver.js';
import { type SlackMode, startSlackRig } from '../fakes/slack/harness.js';
import { blockButtons, blocksText, type FakeSlackUser } from '../fakes/slack/server.js';
import { adapterContract } from './contract.js';

const isAdmin = (name: string) => name === 'boss';

adapterContract('shell', async (options) => {
  const router = new MessengerRouter();
  const rig = createRig({ messenger: router, store: options?.store });
  const shell = new ShellDriver();
  router.register('shell', shell.adapter);
  await shell.start(rig.dispatcher);
  let current = 'you';
  const as = async (user: string) => {
    if (user !== current) await shell.send(`as ${user}${isAdmin(user) ? ' admin' : ''}`);
    current = user;
  };
  const lastReply = (out: string) => ({ text: out, private: /only \S+ sees? this/.test(out) });
  return {
    rig,
    adapter: shell.adapter,
    team: SHELL_TEAM,
    channel: SHELL_CHANNEL,
    shown: async (id) => shell.shown(id),
    command: async (user, group, text) => {
      await as(user);
      return lastReply(await shell.send(`${group} ${text}`));
    },
    click: async (user, messageId, label) => {
      await as(user);
      return lastReply(await shell.send(`#${messageId} ${label}`));
    },
    clickReply: async (user, label) => {
      await as(user);
      return lastReply(await shell.send(label));
    },
    scoreboards: () => [...shell.transcript.matchAll(/┌─ #\d+ [^\n]*\n│ 🏁 Round over[\s\S]*?└─/g)].map((m) => m[0]),
    stop: () => shell.stop(),
  };
});

adapterContract('discord', async (options) => {
  const rig = await startDiscordRig({ store: options?.store });
  const users = new Map<string, FakeUser>();
  const user = (name: string) => {
    if (!users.has(name)) users.set(name, { ...rig.user(name), permissions: isAdmin(name) ? MANAGE_GUILD : '0' });
    return users.get(name)!;
  };
  const view = (body: Record<string, any>) => ({
    text: (body.embeds ?? [])
      .map((e: any) => [e.title, e.description].filter(Boolean).join('\n'))
      .join('\n')
      .replace(/\*\*/g, '')
      .replace(/\\([*_<>&@])/g, '$1')
      .replace(/\u200b/g, ''),
    buttons: (body.components ?? [])
      .flatMap((r: any) => r.components)
      .filter((c: any) => !c.disabled)
      .map((c: any) => c.label as string),
  });
  const message = (id: string) => rig.fake.channelMessages.find((m) => m.id === id)!;
  const latest = (id: string) => ({ ...message(id).body, ...(message(id).edits.at(-1) ?? {}) });
  /** The last private message each member was shown (its message, for clicks; and its body, for buttons). */
  const lastPrivate = new Map<string, { message: { id: string; channelId: string }; body: Record<string, any> }>();
  const reply = async (token: string, name?: string) => {
    // On a loaded machine (drawing a picture) the bot acknowledges first, and its answer is the edit that follows.
    const r = await rig.fake.waitFor(() => rig.fake.answerTo(token), 'a reply');
    const deferred = rig.fake.repliesTo(token).find((x) => x.type === 'callback:5' || x.type === 'callback:6');
    const ephemeral = r.body.flags === 64 || (deferred?.type === 'callback:5' && deferred.body.flags === 64);
    const update = r.type === 'callback:7' || deferred?.type === 'callback:6';
    if (name && ephemeral) lastPrivate.set(name, { message: rig.fake.replyMessage(token)!, body: r.body });
    if (name && update) lastPrivate.set(name, { message: lastPrivate.get(name)!.message, body: r.body });
    return { text: view(r.body).text, private: ephemeral || update };
  };
  return {
    rig,
    adapter: rig.adapter,
    team: rig.team,
    channel: rig.guild.channels[0]!,
    shown: async (id) => view(latest(id)),
    command: async (name, group, text) => {
      // Discord has no text commands: the same words become the slash command's subcommand and options.
      const parsed = parseCommandText(group, text, { topics: Object.keys(rig.engine.bank.allTopics()), packs: rig.engine.bank.packIds() });
      const [sub, raw] = parsed.kind === 'command' ? [parsed.command.name, parsed.raw] : [text.trim(), {}];
      return reply(rig.fake.command(rig.guild.id, rig.guild.channels[0]!, user(name), group, sub, raw), name);
    },
    click: async (name, messageId, label) => {
      const body = latest(messageId);
      const button = (body.components ?? []).flatMap((r: any) => r.components).find((c: any) => c.label === label);
      return reply(rig.fake.click(rig.guild.id, user(name), message(messageId), button.custom_id));
    },
    clickReply: async (name, label) => {
      const last = lastPrivate.get(name)!;
      const button = (last.body.components ?? []).flatMap((r: any) => r.components).find((c: any) => c.label === label);
      return reply(rig.fake.click(rig.guild.id, user(name), last.message, button.custom_id), name);
    },
    scoreboards: () => rig.fake.channelMessages.map((m) => view(m.body).text).filter((text) => text.includes('🏁 Round over')),
    stop: () => rig.stop(),
  };
});

for (const mode of ['socket', 'http'] as SlackMode[]) {
  adapterContract(`slack (${mode} mode)`, async (options) => {
    const rig = await startSlackRig(mode, { store: options?.store });
    const users = new Map<string, FakeSlackUser>();
    const user = (name: string) => {
      if (!users.has(name)) users.set(name, rig.fake.addUser(name, { admin: isAdmin(name) }));
      return users.get(name)!;
    };
    const message = (ts: string) => rig.fake.messages.find((m) => m.ts === ts)!;
    const latest = (ts: string) => message(ts).updates.at(-1) ?? message(ts);
    const view = (blocks: any[]) => ({
      text: blocksText(blocks).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
      buttons: Object.keys(blockButtons(blocks)),
    });
    const lastPrivate = new Map<string, any[]>();
    const reply = async (eventId: string, name?: string) => {
      const r = await rig.fake.waitFor(() => rig.fake.responsesTo(eventId)[0], 'a reply');
      const isPrivate = r.response_type === 'ephemeral' || r.replace_original === true;
      if (name && isPrivate) lastPrivate.set(name, r.blocks);
      return { text: view(r.blocks).text, private: isPrivate };
    };
    return {
      rig,
      adapter: rig.adapter,
      team: rig.team,
      channel: 'C0CONTRACT',
      shown: async (ts) => view(latest(ts).blocks),
      command: async (name, group, text) => reply(await rig.fake.slash(mode, user(name), `/${group}`, text, 'C0CONTRACT'), name),
      click: async (name, ts, label) => {
        const actionId = blockButtons(latest(ts).blocks)[label]!;
        return reply(await rig.fake.click(mode, user(name), actionId, { channel: message(ts).channel, ts }));
      },
      clickReply: async (name, label) => {
        const actionId = blockButtons(lastPrivate.get(name)!)[label]!;
        return reply(await rig.fake.click(mode, user(name), actionId, { channel: 'C0CONTRACT', ephemeral: true }), name);
      },
      scoreboards: () => rig.fake.messages.map((m) => view(m.blocks).text).filter((text) => text.includes('🏁 Round over')),
      stop: () => rig.stop(),
    };
  });
}
