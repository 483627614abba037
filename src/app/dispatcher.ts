import { runAction } from '../actions/table.js';
import type { CommandContext } from '../commands/command.js';
import { renderHelp } from '../commands/help.js';
import { renderHome } from '../commands/home.js';
import type { ArgContext, OptionType } from '../commands/options.js';
import { COMMANDS, GROUPS } from '../commands/table.js';
import { parseCommandText } from '../commands/text.js';
import { decodeAction } from '../core/actions.js';
import type { Engine } from '../core/engine.js';
import type { Logger } from '../core/ports/logger.js';
import { type EventMetrics, type EventOutcome, noMetrics } from '../core/ports/metrics.js';
import { CorruptRecord, FormProblems, isUserError, StoreUnavailable } from '../core/shared/errors.js';
import { line, type OutMessage, privateReply, type Reply, t } from '../core/shared/messages.js';
import { reportCorrupt } from '../core/shared/records.js';
import type { MemberRef, TeamRef } from '../core/shared/refs.js';
import type { TeamConfig } from '../core/team/team-model.js';
import { countEvent, outcomeOf } from './event-metrics.js';
import { Health } from './health.js';
import { InFlight } from './in-flight.js';
import { damaged, describe, GENERIC_FAILURE, type Inbound, RESTARTING, STORE_UNAVAILABLE, type TeamEvent, welcome } from './inbound.js';
import { commandHelp, mistake, runCommand, usageProblem } from './run-command.js';

export { GENERIC_FAILURE, type Inbound, RESTARTING, STORE_UNAVAILABLE, type TeamEvent, welcome } from './inbound.js';

/**
 * Every event from every adapter comes through here: the team's settings read once, a command or a button
 * routed to its handler, and the one place that decides what a member sees when something fails.
 * handle() never throws.
 */
const TIMEZONES = Intl.supportedValuesOf('timeZone');

export class Dispatcher {
  private closing = false;
  private readonly inFlight = new InFlight();

  constructor(
    private readonly engine: Engine,
    private readonly log: Logger,
    /** Where store outages go: one warning when one starts, then once a minute, not one per event. */
    private readonly health: Health = new Health(log),
    /** Events by platform, kind and outcome, and how long each took to answer (/metrics). */
    private readonly metrics: EventMetrics = noMetrics,
  ) {}

  /**
   * Shutting down: from now on every event is refused with RESTARTING (before anything is read or written), and
   * this resolves once the events already taken have been answered.
   */
  async close(): Promise<void> {
    this.closing = true;
    await this.inFlight.settled();
  }

  /** What options may name in this team: the topics and packs of its bank (built-in and its own). */
  private async argContext(team: TeamRef): Promise<ArgContext> {
    const bank = await this.engine.packs.bankFor(team);
    return { topics: Object.keys(bank.allTopics()), packs: bank.packIds() };
  }

  /**
   * What to offer as a member types an option (Discord's autocomplete): timezones, or the team's topics and packs
   * (the built-in ones and its own), those containing what was typed first. Never throws.
   */
  async complete(member: MemberRef, type: OptionType, typed: string): Promise<string[]> {
    const text = typed.trim().toLowerCase();
    try {
      // Lists (packs, topics) complete their last item and keep those typed before it: choosing "our-stack" after
      // "deep-learning," gives "deep-learning,our-stack", not "our-stack" alone.
      const list = type === 'pack' || type === 'topics';
      const head = list && text.includes(',') ? `${text.slice(0, text.lastIndexOf(',') + 1)}` : '';
      const last = text.slice(head.length).trim();
      const given = new Set(head.split(',').map((v) => v.trim()));
      let values: { value: string; words: string }[] = [];
      if (type === 'timezone')
        values = [...new Set(['UTC', ...TIMEZONES])].map((z) => ({ value: z, words: z.toLowerCase().replace(/_/g, ' ') }));
      else if (type === 'topic' || type === 'topics')
        // A topic is found by its name too ("Reading" finds reading-charts).
        values = Object.entries((await this.engine.packs.bankFor(member)).allTopics()).map(([slug, name]) => ({
          value: slug,
          words: `${slug} ${name.toLowerCase()}`,
        }));
      else if (type === 'pack') values = (await this.engine.packs.bankFor(member)).packIds().map((id) => ({ value: id, words: id }));
      return values
        .filter((v) => !given.has(v.value) && (v.words.includes(last) || v.words.includes(last.replace(/[\s_]+/g, ' '))))
        .map((v) => `${head}${v.value}`)
        .filter((v) => v.length <= 100)
        .slice(0, 25);
    } catch (error) {
      this.log.warn({ err: error, member, type }, 'could not offer values for an option');
      return [];
    }
  }

  async handle(event: Inbound): Promise<Reply> {
    const started = performance.now();
    if (this.closing) {
      countEvent(this.metrics, event, 'refused_stopping', started);
      return privateReply({ lines: [line(t(RESTARTING))], tone: 'warning' });
    }
    return this.inFlight.run(this.answer(event, started));
  }

  private async answer(event: Inbound, started: number): Promise<Reply> {
    let outcome: EventOutcome = 'ok';
    try {
      // A store that answers nothing would keep this event waiting as long as it is silent: refused now, untouched.
      if (this.health.storeSilent) throw new StoreUnavailable(new Error('the store did not answer the last health probe'));
      const reply = await this.route(event);
      if (reply.mistake) outcome = 'user_error';
      return reply;
    } catch (error) {
      outcome = outcomeOf(error);
      if (isUserError(error)) {
        const said = privateReply({ lines: [error.shown ? [t('⚠️ '), ...error.shown] : line(t(`⚠️ ${error.message}`))], tone: 'warning' });
        return error instanceof FormProblems ? { ...said, formProblems: error.fields } : said;
      }
      if (error instanceof CorruptRecord) {
        // Damaged data of this team (or member): logged once, left as it is, and everyone else carries on.
        reportCorrupt(this.log, error, { event: describe(event) });
        return privateReply({ lines: [line(t(damaged(error)))], tone: 'warning' });
      }
      if (error instanceof StoreUnavailable) {
        // An outage, not a bug: the member knows to retry, and the log hears of it once a minute, not per event.
        this.health.storeDown(error.message);
        return privateReply({ lines: [line(t(STORE_UNAVAILABLE))], tone: 'warning' });
      }
      this.log.error({ err: error, event: describe(event) }, 'event failed');
      return privateReply({ lines: [line(t(GENERIC_FAILURE))], tone: 'failure' });
    } finally {
      countEvent(this.metrics, event, outcome, started);
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
        await this.engine.teams.markRemoved(event.team);
        this.log.info({ team: event.team }, 'removed from the team: its schedule stops; data kept for 30 days');
        return undefined;
      }
      if (await this.engine.teams.markReturned(event.team)) {
        this.log.info({ team: event.team }, 'back in a team it was removed from: everything restored');
        return undefined;
      }
      return (await this.engine.channels.list(event.team)).length > 0 ? undefined : welcome();
    } catch (error) {
      this.log.error({ err: error, team: event.team }, 'team event failed');
      return undefined;
    }
  }

  /** The settings of a removed team after an event from it: brought back, unless its platform says it may not. */
  private async restored(event: Inbound, config: TeamConfig): Promise<TeamConfig> {
    const mayRestore = event.mayRestore ?? (async () => true);
    if (!(await mayRestore()) || !(await this.engine.teams.markReturned(event.member))) return config;
    // A removal that landed between the question and the restore (it changes the platform's side first, then
    // marks the team) would be undone: asked again, it takes the team out again.
    if (await mayRestore()) return this.engine.teams.config(event.member);
    await this.engine.teams.markRemoved(event.member, config.removedAt);
    return this.engine.teams.config(event.member);
  }

  private async route(event: Inbound): Promise<Reply> {
    const { member } = event;
    // The team's settings, read once for the whole event (a copy at most seconds old: see Teams.cachedConfig).
    let config = await this.engine.teams.cachedConfig(member);
    // Any event from a team the bot was removed from means it is back (Slack sends no "installed again"), unless the
    // platform says this one may not: it was under way when the team was taken out.
    if (config.removedAt !== undefined) config = await this.restored(event, config);
    const ctx: CommandContext = {
      engine: this.engine,
      member,
      channelId: event.channelId,
      config,
      isAdmin: this.engine.teams.isAdmin(member, config),
    };
    if (event.kind === 'action' || event.kind === 'submit') {
      const decoded = decodeAction(event.actionId);
      if (!decoded.ok) {
        this.log.warn({ event: describe(event), reason: decoded.error }, 'unknown action id');
        return privateReply({
          lines: [line(t("⚠️ That button isn't one Backprop knows (it may be from an older version). Try the command again."))],
          tone: 'warning',
        });
      }
      const input =
        event.kind === 'submit' ? { text: event.text, values: event.values ?? { text: event.text }, files: event.files ?? [] } : undefined;
      return runAction(ctx, decoded.action, input);
    }
    const args = await this.argContext(member);
    if (event.kind === 'text') {
      if (event.openFile) args.openFile = event.openFile;
      if (event.memberId) args.memberId = event.memberId;
      if (event.channelNamed) args.channelNamed = event.channelNamed;
      const parsed = parseCommandText(event.group, event.text, args);
      // Words a known command cannot take: the problem and that command's usage, not the whole help.
      if (parsed.kind === 'help' && parsed.command && parsed.error) return usageProblem(ctx, parsed.command, parsed.error);
      if (parsed.kind === 'help' && parsed.about) return commandHelp(ctx, parsed.group, parsed.about);
      if (parsed.kind === 'help') {
        const help = privateReply(
          renderHelp(COMMANDS, ctx.isAdmin || GROUPS[event.group].admin, args.topics, ctx.member.platform, parsed.error),
        );
        return parsed.error ? mistake(help) : help;
      }
      return runCommand(ctx, event.group, parsed.command.name, parsed.raw, args);
    }
    return runCommand(ctx, event.group, event.name, event.raw, args, event.files);
  }
}
