import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Dispatcher } from '../../app/dispatcher.js';
import { isGroupName } from '../../commands/table.js';
import type { Logger } from '../../core/ports/logger.js';
import { cleanName, type OutMessage, type Reply } from '../../core/shared/messages.js';
import type { MemberRef, TeamRef } from '../../core/shared/refs.js';
import { Pictures } from '../../pictures/pictures.js';
import type { ChatAdapter } from '../types.js';
import { clickFor, type ShownMessage } from './button-clicks.js';
import { isCommandLine, localFile, PendingForm, withSavedFiles } from './forms.js';
import { SHELL_NAME_MAX, shellDisplayName, shellMemberId, shellMemberReference } from './member-names.js';
import { renderForTerminal } from './render.js';
import { endsForm, SHELL_HELP, type ShellWord, shellChannelReference, shellWord } from './shell-words.js';

/**
 * The shell is one local team; who is typing can be switched with "as <name>", and the channel typed in with
 * "in #name" (so several daily channels can be tried locally).
 */
export const SHELL_TEAM: TeamRef = { platform: 'shell', teamId: 'local' };
export const SHELL_CHANNEL = 'general';

export interface ShellOptions {
  input: Readable;
  output: Writable;
  /** The member typing at start; an admin, since whoever runs the shell owns this local team. */
  user: string;
  ansi?: boolean;
  /** Draws pictures (one is made when not given). */
  pictures?: Pictures;
  /** Where pictures are written (PICTURES_DIR; default data/pictures). */
  picturesDir?: string;
  /** Logs a picture that could not be drawn. */
  log?: Logger;
}

/**
 * Backprop in a terminal (Hubot's Shell adapter, for a quiz): every command works, the daily question can be
 * posted, answered and closed, and switching members shows leaderboards and refusals. Reads standard input
 * line by line, so a session can be piped in as a script.
 */
export class ShellAdapter implements ChatAdapter {
  readonly platform = 'shell' as const;
  private readonly shown: ShownMessage[] = [];
  private member: MemberRef;
  /** The channel commands are typed in. */
  private channel = SHELL_CHANNEL;
  /** A form a reply asked for: the next lines typed are its answers. */
  private pendingForm?: PendingForm;
  private rl?: Interface;
  private finished?: Promise<void>;
  /** Messages print one after another, in the order they were shown, whatever their pictures take to draw. */
  private printing: Promise<void> = Promise.resolve();
  private readonly pictures: Pictures;

  constructor(private readonly options: ShellOptions) {
    this.member = this.memberNamed(options.user, true);
    this.pictures = options.pictures ?? new Pictures();
  }

  /** Resolves when the input ends or "exit" is typed. */
  get done(): Promise<void> {
    return this.finished ?? Promise.resolve();
  }

  async start(dispatcher: Dispatcher): Promise<void> {
    const { input, output } = this.options;
    const rl = createInterface({ input, output, terminal: false });
    this.rl = rl;
    this.write('Backprop · deep-learning interview practice in your terminal. Type "help" for commands.');
    this.prompt();
    this.finished = (async () => {
      const echo = !(input as Readable & { isTTY?: boolean }).isTTY;
      for await (const text of rl) {
        // A piped script is not echoed by a terminal: echo it, so the transcript reads like a session.
        if (echo) output.write(`${text}\n`);
        if (!(await this.onLine(text.trim(), dispatcher))) break;
        await this.printing;
        this.prompt();
      }
      rl.close();
    })();
  }

  /** Stops reading; a line already being answered is answered first. */
  async stop(): Promise<void> {
    this.rl?.close();
    await this.finished;
  }

  async post(_team: TeamRef, channelId: string, message: OutMessage) {
    const shown = this.show(message, `#${channelId} (everyone sees this)`, undefined, channelId);
    await this.printing;
    return { messageId: String(shown.number) };
  }

  async sendPrivate(_team: TeamRef, userId: string, message: OutMessage): Promise<void> {
    this.show(message, `a private message to ${userId}`, userId);
    await this.printing;
  }

  async edit(_team: TeamRef, channelId: string, messageId: string, message: OutMessage) {
    const shown = this.shown.find((s) => String(s.number) === messageId);
    if (!shown) throw new Error(`shell message ${messageId} does not exist in this session`);
    shown.message = message;
    await this.print(message, `#${shown.number} · #${channelId} (edited)`);
  }

  /** Returns false when the session should end. */
  private async onLine(text: string, dispatcher: Dispatcher): Promise<boolean> {
    if (text.startsWith('//')) return true;
    const word = shellWord(text);
    const form = this.pendingForm;
    if (form && form.userId === this.member.userId) {
      // A command typed while a form waits (the bot's or the shell's own) leaves the form unsent, as closing a modal
      // does on Discord and Slack; any other line is the form's.
      if ((word === undefined || !endsForm(text, word)) && !isCommandLine(text)) return this.answerForm(form, text, dispatcher);
      this.pendingForm = undefined;
      this.write('(The form was left unsent.)');
    }
    if (text === '') return true;
    if (word) return this.runShellWord(word);
    const [first = ''] = text.split(/\s+/);
    const group = first.replace(/^\//, '').toLowerCase();
    if (isGroupName(group)) {
      const reply = await dispatcher.handle({
        kind: 'text',
        member: this.member,
        channelId: this.channel,
        group,
        text: text.slice(first.length).trim(),
        openFile: localFile,
        memberId: shellMemberReference,
        channelNamed: shellChannelReference,
      });
      await this.showReply(reply);
      return true;
    }
    const click = clickFor(this.shown, this.member.userId, text, this.channel);
    if (!click) {
      this.write(`Unknown command "${text.slice(0, 60)}". Type "help".`);
      return true;
    }
    if ('refused' in click) {
      this.write(click.refused);
      return true;
    }
    if ('ambiguous' in click) {
      this.write(`"${text.slice(0, 60)}" could be ${click.ambiguous.map((l) => `"${l}"`).join(' or ')}: type more of the label.`);
      return true;
    }
    // A click on another channel's message (#2 C) is that channel's event, and its reply is shown there.
    const channelId = click.shown.channelId ?? this.channel;
    const reply = await dispatcher.handle({ kind: 'action', member: this.member, channelId, actionId: click.actionId });
    await this.showReply(reply, click.shown, channelId);
    return true;
  }

  /** A line typed while the member's form waits: its next answer. An empty line asks again. */
  private async answerForm(form: PendingForm, text: string, dispatcher: Dispatcher): Promise<boolean> {
    const problem = form.problem(text);
    if (problem) this.write(`⚠️ ${problem}`);
    const input = text === '' || problem ? undefined : form.take(text);
    if (!input) {
      this.write(form.prompt);
      return true;
    }
    this.pendingForm = undefined;
    const { actionId } = form.form;
    const { channelId } = form;
    await this.showReply(
      await dispatcher.handle({ kind: 'submit', member: this.member, channelId, actionId, ...input }),
      undefined,
      channelId,
    );
    return true;
  }

  /** Runs one of the shell's own commands; false when the session should end. */
  private runShellWord(word: ShellWord): boolean {
    const admin = () => (this.member.platformAdmin ? ' (admin)' : '');
    if (word.kind === 'exit') return false;
    if (word.kind === 'help') this.write(SHELL_HELP);
    else if (word.kind === 'usage') this.write(word.usage);
    else if (word.kind === 'whoami') this.write(`You are ${this.shownName}${admin()}, in #${this.channel}.`);
    else if (word.kind === 'in') {
      this.channel = word.channel;
      this.write(`Now typing in #${word.channel}.`);
    } else {
      this.member = this.memberNamed(word.name, word.admin || this.isOwner(word.name));
      this.write(`Now typing as ${this.shownName}${admin()}.`);
    }
    return true;
  }

  private async showReply(reply: Reply, clicked?: ShownMessage, channelId = this.channel): Promise<void> {
    if (reply.replace && clicked) {
      clicked.message = reply.message;
      this.print(reply.message, `#${clicked.number} · ${this.onlyYou()} (updated)`);
    } else {
      const audience = reply.visibility === 'public' ? `#${channelId} (everyone sees this)` : this.onlyYou();
      this.show(reply.message, audience, reply.visibility === 'private' ? this.member.userId : undefined, channelId);
    }
    await this.printing;
    // A form in the terminal: the message says what it is for, then each field is asked for in turn.
    if (reply.form) {
      this.pendingForm = new PendingForm(reply.form, this.member.userId, channelId);
      this.write(this.pendingForm.prompt);
    }
  }

  private show(message: OutMessage, audience: string, owner?: string, channelId?: string): ShownMessage {
    const shown: ShownMessage = { number: this.shown.length + 1, message, owner, channelId };
    this.shown.push(shown);
    this.print(message, `#${shown.number} · ${audience}`);
    return shown;
  }

  /** Prints a message after those shown before it (its picture drawn first). */
  private print(message: OutMessage, header: string): Promise<void> {
    this.printing = this.printing.then(async () =>
      this.write(renderForTerminal(await withSavedFiles(message, this.pictures, this.options), header, this.ansi)),
    );
    return this.printing;
  }

  /** Who sees a private reply: "only ann sees this", or, for the default member, "only you see this". */
  private onlyYou(): string {
    const name = this.shownName;
    return name.toLowerCase() === 'you' ? 'only you see this' : `only ${name} sees this`;
  }

  /** Whoever runs the shell owns its team: switching back to them keeps their admin rights. */
  private isOwner(name: string): boolean {
    return this.memberNamed(name, false).userId === this.memberNamed(this.options.user, false).userId;
  }

  private memberNamed(name: string, admin: boolean): MemberRef {
    return { ...SHELL_TEAM, userId: shellMemberId(name), displayName: shellDisplayName(name), platformAdmin: admin };
  }

  /** The typing member's name as the terminal shows names (see render.ts): no control or bidi override gets out. */
  private get shownName(): string {
    return cleanName(this.member.displayName, SHELL_NAME_MAX);
  }

  private get ansi() {
    return { ansi: this.options.ansi ?? false };
  }

  private prompt(): void {
    this.options.output.write(`${this.shownName}${this.channel === SHELL_CHANNEL ? '' : ` #${this.channel}`}> `);
  }

  private write(text: string): void {
    this.options.output.write(`${text}\n`);
  }
}
