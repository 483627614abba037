import { handleAction, handleSubmit } from '../commands/action-handlers.js';
import { type ArgContext, coerceArgs } from '../commands/args.js';
import { COMMAND_HANDLERS } from '../commands/handlers.js';
import { renderHelp } from '../commands/help.js';
import { renderHome } from '../commands/home.js';
import { commandId, findCommand, GROUPS, type GroupName, usageOf } from '../commands/table.js';
import { parseCommandText } from '../commands/text.js';
import type { Engine } from '../core/engine.js';
import type { Logger } from '../core/ports/logger.js';
import { decodeAction } from '../core/shared/action-ids.js';
import { isUserError, StoreUnavailable } from '../core/shared/errors.js';
import { keys } from '../core/shared/keys.js';
import { b, line, type OutMessage, privateReply, type Reply, t } from '../core/shared/messages.js';
import type { MemberRef, TeamRef } from '../core/shared/refs.js';
import type { TeamConfig } from '../core/team/team-model.js';
import { InFlight } from './in-flight.js';

/** A platform event, already turned neutral by its adapter. */
export type Inbound =
  /** A command whose options the platform already separated (Discord slash commands). */
  | { kind: 'command'; member: MemberRef; channelId: string; group: GroupName; name: string; raw: Record<string, string> }
  /** A command as text after the group name (Slack "/quiz start cnn", the shell). */
  | { kind: 'text'; member: MemberRef; channelId: string; group: GroupName; text: string }
  | { kind: 'action'; member: MemberRef; channelId: string; actionId: string }
  /** The text a member typed into a form (a modal, a shell prompt) that a reply asked for. */
  | { kind: 'submit'; member: MemberRef; channelId: string; actionId: string; text: string };

/** What an adapter saw happen to a whole team. */
export type TeamEvent = { kind: 'joined'; team: TeamRef } | { kind: 'removed'; team: TeamRef };

export const GENERIC_FAILURE = 'Something went wrong on our side. It has been logged; please try again in a moment.';

/** What a member hears while the store is unreachable: each write is atomic, so nothing was half done. */
export const STORE_UNAVAILABLE = '⏳ Backprop cannot reach its storage right now, so nothing was changed. Please try again shortly.';

/** What a member hears from a process that is shutting down: nothing was done, so trying again is safe. */
export const RESTARTING = '⏸️ Backprop is restarting and did not take this. Please try again in a minute.';

/**
 * Every event from every adapter comes through here: permission check (generated from the command table),
 * argument validation, the handler, and the one place that decides what a member sees when something fails.
 * handle() never throws.
 */
export class Dispatcher {
  private closing = false;
  private readonly inFlight = new InFlight();

  constructor(
    private readonly engine: Engine,
    private readonly log: Logger,
  ) {}

  /**
   * Shutting down: from now on every event is refused with RESTARTING (before anything is read or written), and
   * this resolves once the events already taken have been answered.
   */
  async close(): Promise<void> {
    this.closing = true;
    await this.inFlight.settled();
  }

  private get argContext(): ArgContext {
    return { topics: Object.keys(this.engine.bank.allTopics()), packs: this.engine.bank.packIds() };
  }

  async handle(event: Inbound): Promise<Reply> {
    if (this.closing) return privateReply({ lines: [line(t(RESTARTING))], tone: 'warning' });
    return this.inFlight.run(this.answer(event));
  }

  private async answer(event: Inbound): Promise<Reply> {
    try {
      return await this.route(event);
    } catch (error) {
      if (isUserError(error)) return privateReply({ lines: [line(t(`⚠️ ${error.message}`))], tone: 'warning' });
      if (error instanceof StoreUnavailable) {
        // An outage, not a bug: one warning per event, and the member knows to retry.
        this.log.warn({ event: describe(event), reason: error.message }, 'store unreachable; event refused');
        return privateReply({ lines: [line(t(STORE_UNAVAILABLE))], tone: 'warning' });
      }
      this.log.error({ err: error, event: describe(event) }, 'event failed');
      return privateReply({ lines: [line(t(GENERIC_FAILURE))], tone: 'failure' });
    }
  }

  /** The member's own page (Slack App Home). Never throws. */
  async home(member: MemberRef): Promise<OutMessage> {
    try {
      return await renderHome(this.engine, member);
    } catch (error) {
      this.log.error({ err: error, teamId: member.teamId, userId: member.userId }, 'home view failed');
      return { lines: [line(t(GENERIC_FAILURE))], tone: 'failure' };
    }
  }

  /**
   * The bot joined or left a whole team (a Discord server, a Slack workspace). Joining again restores a team that
   * was removed; a new team gets the welcome to post. Never throws.
   */
  async teamEvent(event: TeamEvent): Promise<OutMessage | undefined> {
    // Applied even while closing: a removal is not sent again after a restart.
    return this.inFlight.run(this.applyTeamEvent(event));
  }

  private async applyTeamEvent(event: TeamEvent): Promise<OutMessage | undefined> {
    try {
      if (event.kind === 'removed') {
        await this.engine.markRemoved(event.team);
        this.log.info({ team: event.team }, 'removed from the team: its schedule stops; data kept for 30 days');
        return undefined;
      }
      if (await this.engine.markReturned(event.team)) {
        this.log.info({ team: event.team }, 'back in a team it was removed from: everything restored');
        return undefined;
      }
      const config = await this.engine.teams.config(event.team);
      return config.channelId ? undefined : welcome();
    } catch (error) {
      this.log.error({ err: error, team: event.team }, 'team event failed');
      return undefined;
    }
  }

  private async route(event: Inbound): Promise<Reply> {
    const { member } = event;
    const config = await this.engine.teams.config(member);
    // Any event from a team the bot was removed from means it is back (Slack sends no "installed again").
    if (config.removedAt !== undefined) await this.engine.markReturned(member);
    if (event.kind === 'action' || event.kind === 'submit') {
      const decoded = decodeAction(event.actionId);
      if (!decoded.ok) {
        this.log.warn({ event: describe(event), reason: decoded.error }, 'unknown action id');
        return privateReply({
          lines: [line(t("⚠️ That button isn't one Backprop knows (it may be from an older version). Try the command again."))],
          tone: 'warning',
        });
      }
      return event.kind === 'submit'
        ? handleSubmit(this.engine, member, decoded.action, event.text)
        : handleAction(this.engine, member, decoded.action);
    }
    const isAdmin = this.engine.teams.isAdmin(member, config);
    if (event.kind === 'text') {
      const parsed = parseCommandText(event.group, event.text, this.argContext);
      if (parsed.kind === 'help') {
        return privateReply(renderHelp(isAdmin || GROUPS[event.group].admin, this.argContext.topics, parsed.error));
      }
      return this.run({ ...event, kind: 'command', name: parsed.command.name, raw: parsed.raw }, isAdmin, config);
    }
    return this.run(event, isAdmin, config);
  }

  private async run(event: Extract<Inbound, { kind: 'command' }>, isAdmin: boolean, config: TeamConfig): Promise<Reply> {
    const attention = config.attention?.reason;
    const command = findCommand(event.group, event.name);
    if (!command) {
      return privateReply(renderHelp(isAdmin, this.argContext.topics, `"${event.name}" is not a ${event.group} command`));
    }
    if (GROUPS[command.group].admin && !isAdmin) {
      return privateReply({
        lines: [
          line(
            t(
              '⛔ Only quiz admins can do that: members with Manage Server (Discord) or workspace admins (Slack), the quiz-admin role, or members added with quiz-admin setup add-admin.',
            ),
          ),
        ],
        tone: 'failure',
      });
    }
    const args = coerceArgs(command, event.raw, this.argContext);
    if (!args.ok) {
      return privateReply({ lines: [line(t(`⚠️ ${args.error}`)), line(t(`Usage: ${usageOf(command)}`))], tone: 'warning' });
    }
    const handler = COMMAND_HANDLERS[commandId(command)];
    if (!handler) throw new Error(`no handler for ${commandId(command)}`);
    const reply = await handler({ engine: this.engine, member: event.member, channelId: event.channelId, args: args.values, isAdmin });
    // Admins hear about a broken daily channel at their next command, until setup fixes it.
    if (isAdmin && attention && command.name !== 'setup' && command.name !== 'show') {
      reply.message.lines.push([], line(t(`⚠️ The daily question needs attention: ${attention} Run quiz-admin setup once it is fixed.`)));
    }
    // The first command anyone uses in a team that is not set up says how the daily gets set up.
    if (command.name !== 'setup' && !config.channelId) {
      if (await this.engine.deps.store.claim(keys.firstContact(event.member), event.member.userId))
        reply.message.lines.push([], ...welcome().lines);
    }
    return reply;
  }
}

/** The welcome when the bot joins a team, and at the first command before setup. */
export function welcome(): OutMessage {
  return {
    title: '👋 Backprop: deep-learning interview practice',
    lines: [
      line(
        t('The daily question is not set up here yet: an admin runs '),
        b('quiz-admin setup'),
        t(' in the channel it should go to (optionally with a time and timezone).'),
      ),
      line(t('Anyone can practise right away with '), b('quiz start'), t('; '), b('quiz help'), t(' lists everything.')),
    ],
    tone: 'info',
  };
}

/** What the logs say about an event: ids and names, never message content or tokens. */
function describe(event: Inbound) {
  const { member } = event;
  const who = { platform: member.platform, teamId: member.teamId, userId: member.userId, channelId: event.channelId };
  if (event.kind === 'action' || event.kind === 'submit') return { ...who, kind: event.kind, actionId: event.actionId.slice(0, 100) };
  if (event.kind === 'text') {
    // Only the subcommand word: the rest is the member's free text.
    const word = /^[a-z-]{1,32}/i.exec(event.text.trim())?.[0] ?? '';
    return { ...who, kind: event.kind, command: `${event.group} ${word}`.trim() };
  }
  return { ...who, kind: event.kind, command: `${event.group} ${event.name}` };
}
