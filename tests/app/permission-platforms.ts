import { MessengerRouter } from '../../src/adapters/router.js';
import { SHELL_CHANNEL, SHELL_TEAM } from '../../src/adapters/shell/shell.js';
import type { CommandSpec } from '../../src/commands/table.js';
import { tokenize } from '../../src/commands/text.js';
import type { TeamRef } from '../../src/core/shared/refs.js';
import { startDiscordRig } from '../fakes/discord/harness.js';
import type { FakeUser } from '../fakes/discord/server.js';
import { createRig, type TestRig } from '../fakes/engine.js';
import { ShellDriver } from '../fakes/shell-driver.js';
import { type SlackMode, startSlackRig } from '../fakes/slack/harness.js';
import { blockButtons, blocksText, type FakeSlackUser } from '../fakes/slack/server.js';

/**
 * Each platform of the permissions test, driven for real through its adapter and its fake platform, behind one
 * small interface: who runs a command, what they see, and which buttons they can press.
 */

/** The ways a member becomes a quiz admin (src/core/teams.ts isAdmin, and each adapter's platformAdmin). */
export type AdminKind = 'platform admin' | 'workspace owner' | 'quiz-admin role' | 'added admin';
/** "member" and "other member" are plain members; an AdminKind is a quiz admin of that kind. */
export type Who = 'member' | 'other member' | AdminKind;

/** Option values as a platform sends them: numbers for integer options, ids for members, channels and roles. */
export type SampleArgs = Record<string, string | number>;

export interface Answer {
  /** The visible text of the reply (title and lines), markup removed. */
  text: string;
  buttons: string[];
  /** Presses one of this reply's buttons as `who`, the way the platform delivers such a click. */
  press(label: string, who: Who): Promise<Answer>;
}

export interface PlatformUnderTest {
  rig: TestRig;
  team: TeamRef;
  /** Ids the option samples refer to: the team's daily channel and its quiz-admin role. */
  places: { channel: string; role: string };
  userId(who: Who): string;
  run(who: Who, command: CommandSpec, args: SampleArgs): Promise<Answer>;
  /** How many messages have been posted to channels (what everyone sees). */
  publicPosts(): number;
  stop(): Promise<void>;
}

export interface PlatformSpec {
  name: string;
  /** The kinds of quiz admin this platform has. */
  admins: readonly AdminKind[];
  /**
   * Whether a click on someone else's private reply reaches Backprop. On Discord and Slack the button's id is all a
   * click carries, so Backprop itself must refuse; the shell only lets the owner of a private reply click it.
   */
  othersCanPressPrivateButtons: boolean;
  start(): Promise<PlatformUnderTest>;
}

/**
 * A command as text after the group name, as Slack sends it and the shell reads it: every option as
 * name=value (src/commands/text.ts), members and channels as the mentions Slack sends, values with spaces quoted.
 */
export function renderCommandText(command: CommandSpec, args: SampleArgs): string {
  const words = command.options
    .filter((o) => args[o.name] !== undefined)
    .map((o) => {
      const value = String(args[o.name]);
      const shown = o.type === 'member' ? `<@${value}>` : o.type === 'channel' ? `<#${value}>` : value;
      return `${o.name}=${/\s/.test(shown) ? `"${shown}"` : shown}`;
    });
  const text = [command.name, ...words].join(' ');
  // The rendering must survive the parser's tokenizer word for word, or the test would send something else.
  if (tokenize(text).length !== words.length + command.name.split(' ').length)
    throw new Error(`cannot render ${JSON.stringify(text)} as command text`);
  return text;
}

/** Embed titles and descriptions of a Discord message body, unescaped. */
function discordText(body: Record<string, any>): string {
  const embeds = (body.embeds ?? []).map((e: any) => [e.title, e.description].filter(Boolean).join('\n')).join('\n');
  return `${embeds}${body.content ?? ''}`
    .replace(/\*\*/g, '')
    .replace(/\\([*_<>&@~|`#-])/g, '$1')
    .replace(/\u200b/g, '');
}
const discordButtons = (body: Record<string, any>): { label: string; custom_id: string }[] =>
  (body.components ?? []).flatMap((r: any) => r.components);

const slackText = (blocks: any[]) => blocksText(blocks).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function missing(who: Who, platform: string): never {
  throw new Error(`${platform} has no member for "${who}"`);
}

export const SHELL: PlatformSpec = {
  name: 'shell',
  admins: ['platform admin', 'added admin'],
  othersCanPressPrivateButtons: false,
  async start() {
    const router = new MessengerRouter();
    const rig = createRig({ messenger: router });
    const shell = new ShellDriver();
    router.register('shell', shell.adapter);
    await shell.start(rig.dispatcher);
    // "as <name> admin" is the shell's platform admin; the others are plain names (the added admin is in the list).
    const names: Partial<Record<Who, string>> = {
      member: 'stranger',
      'other member': 'ann',
      'platform admin': 'boss',
      'added admin': 'lead',
    };
    let current = '';
    const as = async (who: Who) => {
      const name = names[who] ?? missing(who, 'the shell');
      if (name !== current) await shell.send(`as ${name}${who === 'platform admin' ? ' admin' : ''}`);
      current = name;
    };
    const answer = (out: string): Answer => {
      // The reply is the last message printed for the member; its buttons are pressed by number and label.
      const number = [...out.matchAll(/┌─ #(\d+) · only \S+ sees? this/g)].at(-1)?.[1];
      return {
        text: out,
        buttons: number ? shell.shown(number).buttons : [],
        async press(label, who) {
          if (!number) throw new Error(`no private reply to press "${label}" on in:\n${out}`);
          await as(who);
          return answer(await shell.send(`#${number} ${label}`));
        },
      };
    };
    return {
      rig,
      team: SHELL_TEAM,
      places: { channel: SHELL_CHANNEL, role: 'quiz-admins' },
      userId: (who) => names[who] ?? missing(who, 'the shell'),
      async run(who, command, args) {
        await as(who);
        return answer(await shell.send(`${command.group} ${renderCommandText(command, args)}`));
      },
      publicPosts: () => shell.transcript.match(/everyone sees this\)/g)?.length ?? 0,
      stop: () => shell.stop(),
    };
  },
};

export const DISCORD: PlatformSpec = {
  name: 'Discord',
  admins: ['platform admin', 'quiz-admin role', 'added admin'],
  othersCanPressPrivateButtons: true,
  async start() {
    const rig = await startDiscordRig();
    const role = rig.guild.roles[0]!;
    const users: Partial<Record<Who, FakeUser>> = {
      member: rig.user('stranger'),
      'other member': rig.user('ann'),
      'platform admin': rig.user('boss', { admin: true }), // Manage Server
      'quiz-admin role': rig.user('holder', { roles: [role] }),
      'added admin': rig.user('lead'),
    };
    const user = (who: Who) => users[who] ?? missing(who, 'Discord');
    const answer = async (token: string, message?: { id: string; channelId: string }): Promise<Answer> => {
      // The first reply with content: a direct answer, or the edit after a deferral.
      // A modal (a form) reads as its title and its fields' labels.
      const asText = (r: { type: string; body: Record<string, any> }) =>
        r.type === 'callback:9'
          ? { ...r, body: { content: [r.body.title, ...r.body.components.map((row: any) => row.components[0].label)].join('\n') } }
          : r;
      const reply = await rig.fake.waitFor(
        () =>
          rig.fake
            .repliesTo(token)
            .map(asText)
            .find((r) => r.body.embeds || r.body.content),
        'a reply',
      );
      const on = rig.fake.replyMessage(token) ?? message;
      const buttons = discordButtons(reply.body);
      return {
        text: discordText(reply.body),
        buttons: buttons.map((b) => b.label),
        async press(label, who) {
          const button = buttons.find((b) => b.label === label);
          if (!button || !on) throw new Error(`no button "${label}" to press`);
          return answer(rig.fake.click(rig.guild.id, user(who), on, button.custom_id), on);
        },
      };
    };
    return {
      rig,
      team: rig.team,
      places: { channel: rig.guild.channels[0]!, role },
      userId: (who) => user(who).id,
      run: (who, command, args) =>
        answer(rig.fake.command(rig.guild.id, rig.guild.channels[0]!, user(who), command.group, command.name, args)),
      publicPosts: () => rig.fake.channelMessages.length,
      stop: () => rig.stop(),
    };
  },
};

export function slack(mode: SlackMode): PlatformSpec {
  return {
    name: `Slack (${mode === 'socket' ? 'Socket Mode' : 'HTTP'})`,
    admins: ['platform admin', 'workspace owner', 'added admin'],
    othersCanPressPrivateButtons: true,
    async start() {
      const rig = await startSlackRig(mode);
      const channel = 'C0PERMS';
      // users.info says who is a workspace admin or owner.
      const users: Partial<Record<Who, FakeSlackUser>> = {
        member: rig.fake.addUser('stranger'),
        'other member': rig.fake.addUser('ann'),
        'platform admin': rig.fake.addUser('boss', { admin: true }),
        'workspace owner': rig.fake.addUser('owner', { owner: true }),
        'added admin': rig.fake.addUser('lead'),
      };
      const user = (who: Who) => users[who] ?? missing(who, 'Slack');
      const answer = async (eventId: string): Promise<Answer> => {
        // A reply to the event's response URL, or a modal it opened (a form: its title and labels are its text).
        const modal = (): Record<string, any> | undefined => {
          const view = rig.fake.modalsFor(eventId)[0];
          return (
            view && { blocks: [{ type: 'header', text: view.title }, ...view.blocks.map((b: any) => ({ type: 'section', text: b.label }))] }
          );
        };
        const reply = await rig.fake.waitFor(() => rig.fake.responsesTo(eventId)[0] ?? modal(), 'a reply');
        const buttons = blockButtons(reply.blocks ?? []);
        return {
          text: slackText(reply.blocks ?? []),
          buttons: Object.keys(buttons),
          async press(label, who) {
            const actionId = buttons[label];
            if (!actionId) throw new Error(`no button "${label}" to press`);
            return answer(await rig.fake.click(mode, user(who), actionId, { channel, ephemeral: true }));
          },
        };
      };
      return {
        rig,
        team: rig.team,
        places: { channel, role: 'S0QUIZADMINS' },
        userId: (who) => user(who).id,
        run: async (who, command, args) =>
          answer(await rig.fake.slash(mode, user(who), `/${command.group}`, renderCommandText(command, args), channel)),
        publicPosts: () => rig.fake.messages.length,
        stop: () => rig.stop(),
      };
    },
  };
}

export const PLATFORMS: readonly PlatformSpec[] = [SHELL, DISCORD, slack('socket'), slack('http')];
