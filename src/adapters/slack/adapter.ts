import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type CustomRoute, HTTPReceiver, type RespondFn, SocketModeReceiver, type ViewSubmitAction } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Dispatcher } from '../../app/dispatcher.js';
import { InFlight } from '../../app/in-flight.js';
import type { GroupName } from '../../commands/table.js';
import type { SlackOAuthConfig } from '../../config.js';
import type { Logger } from '../../core/ports/logger.js';
import type { Claims, Documents } from '../../core/ports/store.js';
import type { OutMessage, Reply } from '../../core/shared/messages.js';
import type { TeamRef } from '../../core/shared/refs.js';
import { Pictures } from '../../pictures/pictures.js';
import { listeningOn, startingSlack } from '../platform-start.js';
import type { ChatAdapter } from '../types.js';
import { isRefusedEvent, toDeliveryError } from './errors.js';
import { sendFilesToMember } from './files.js';
import { answerModal, formInput, formView } from './forms.js';
import { listenForInstallChanges } from './installs.js';
import { boltLogger } from './logger.js';
import { SlackMembers, slackMemberReference } from './members.js';
import type { StoredInstallations } from './oauth/installations.js';
import { sweepTokens, TOKEN_SWEEP_MS } from './oauth/token-sweep.js';
import { SlackPictures, withAltText } from './pictures.js';
import { slackReceiver } from './receiver.js';
import { renderSlack, type SlackPayload } from './render.js';
import { startSocket } from './socket-log.js';
import { asWorkspace, type WorkspaceTokens } from './tokens.js';

export interface SlackSettings {
  /** One workspace: its bot token. Without it, oauth: a distributed app installed in many workspaces. */
  botToken?: string;
  oauth?: SlackOAuthConfig;
  /** Socket Mode when set (xapp-…): no public URL needed. */
  appToken?: string;
  /** HTTP mode: Bolt verifies every request's signature with it. */
  signingSecret?: string;
  port: number;
  host?: string;
  /** Web API base URL, with the trailing slash (GovSlack, a proxy, or a test's fake). */
  apiUrl: string;
}

/** A slash command's name says which group it is, whatever the workspace named it (/quiz-admin, /quiz-admin-dev…). */
export function groupOf(command: string): GroupName {
  return /-admin\b/.test(command) ? 'quiz-admin' : 'quiz';
}

/**
 * Backprop on Slack through Bolt: one workspace per bot token, or a distributed app installed through OAuth in
 * many workspaces (each its own team, served with its own token; installations in Backprop's store, so several
 * processes share them). Every listener acks first; the work and the reply (through the event's response URL)
 * follow.
 */
export class SlackAdapter implements ChatAdapter {
  readonly platform = 'slack' as const;
  readonly app: App;
  private readonly receiver: SocketModeReceiver | HTTPReceiver;
  /** Channel posts: no retries of its own and rate limits reported, so the caller decides (see errors.ts). */
  readonly poster: WebClient;
  /** The bot token of each workspace (see tokens.ts); every call of ours names it. */
  private readonly tokens: WorkspaceTokens;
  private readonly installations?: StoredInstallations;
  /** Set once started: a finished install restores a team removed within 30 days. */
  private dispatcher?: Dispatcher;
  private readonly members: SlackMembers;
  private readonly images: SlackPictures;
  private server?: Server;
  private readonly inFlight = new InFlight();
  private stopped?: Promise<void>;
  private stopSweep = () => {};

  constructor(
    private readonly settings: SlackSettings,
    private readonly log: Logger,
    /** A distributed app's store (installations, OAuth states); HTTP mode's extra paths; the picture worker. */
    private readonly deps: { store?: Documents & Claims; routes?: CustomRoute[]; pictures?: Pictures; refreshEveryMs?: number } = {},
  ) {
    const logger = boltLogger(log);
    const clientOptions = { slackApiUrl: settings.apiUrl, retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1000 } };
    const onInstalled = async (teamId: string) =>
      void (await this.dispatcher?.teamEvent({ kind: 'joined', team: { platform: 'slack', teamId } }));
    ({
      receiver: this.receiver,
      tokens: this.tokens,
      installations: this.installations,
    } = slackReceiver(settings, {
      log,
      logger,
      clientOptions,
      store: deps.store,
      onInstalled,
      routes: deps.routes,
    }));
    // A distributed app has no token of its own: Bolt authorises each event through the installer instead.
    this.app = new App({ token: settings.botToken, receiver: this.receiver, logger, clientOptions, deferInitialization: true });
    this.poster = new WebClient(undefined, {
      slackApiUrl: settings.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logger,
    });
    this.members = new SlackMembers(log);
    // Uploads retry like Bolt's own client (a picture is worth a second try); each names its workspace's token.
    const uploader = new WebClient(undefined, { ...clientOptions, logger });
    this.images = new SlackPictures(uploader, (teamId) => this.tokens.botToken(teamId), deps.pictures ?? new Pictures(), log);
  }

  /** HTTP mode: where Bolt listens (the tests' fake Slack signs and sends requests there). */
  get httpUrl(): string | undefined {
    const address = this.server?.address() as AddressInfo | undefined;
    return address ? `http://127.0.0.1:${address.port}` : undefined;
  }

  async start(dispatcher: Dispatcher): Promise<void> {
    this.dispatcher = dispatcher;
    this.register(dispatcher);
    if (this.installations) this.stopSweep = sweepTokens(this.installations, this.deps.refreshEveryMs ?? TOKEN_SWEEP_MS, this.log);
    await startingSlack('SLACK_BOT_TOKEN', this.settings.apiUrl, () => this.app.init()); // one workspace: auth.test
    if (this.receiver instanceof HTTPReceiver) {
      const receiver = this.receiver;
      this.server = await listeningOn(this.settings.port, () => receiver.start({ port: this.settings.port, host: this.settings.host }));
      const install = this.installations ? `${this.httpUrl}/slack/install` : undefined;
      this.log.info({ mode: 'http', url: `${this.httpUrl}/slack/events`, install }, 'Slack ready');
    } else {
      await startSocket(this.receiver, this.settings.apiUrl, this.log);
      this.log.info({ mode: 'socket' }, 'Slack ready');
    }
  }

  /** Lets the events in flight reply, then disconnects; once, however often it is called. */
  stop(): Promise<void> {
    this.stopSweep();
    this.stopped ??= this.inFlight.settled().then(() => this.disconnect());
    return this.stopped;
  }

  private async disconnect(): Promise<void> {
    if (this.receiver instanceof SocketModeReceiver) {
      // app.stop() returns before the socket is closed; wait for it, or the process lingers.
      const client = this.receiver.client;
      const closed = new Promise<void>((resolve) => client.once('disconnected', () => resolve()));
      await this.receiver.stop();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 3000).unref())]);
    } else if (this.server) {
      await this.receiver.stop(); // an HTTP server that never started listening (its PORT was taken) has nothing to stop
    }
  }

  async post(team: TeamRef, channelId: string, message: OutMessage): Promise<{ messageId: string }> {
    try {
      const result = await asWorkspace(this.tokens, team.teamId, (token) =>
        this.images.send(team.teamId, message, (m, image) =>
          this.poster.chat.postMessage({ token, channel: channelId, ...renderSlack(m, image), unfurl_links: false, unfurl_media: false }),
        ),
      );
      return { messageId: result.ts! };
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  /** A direct message: posting to a member's id lands in their conversation with the app (its Messages tab). */
  async sendPrivate(team: TeamRef, userId: string, message: OutMessage): Promise<void> {
    await this.post(team, userId, message);
  }

  async edit(team: TeamRef, channelId: string, messageId: string, message: OutMessage): Promise<void> {
    try {
      await asWorkspace(this.tokens, team.teamId, (token) =>
        this.images.send(team.teamId, message, (m, image) =>
          this.poster.chat.update({ token, channel: channelId, ts: messageId, ...renderSlack(m, image) }),
        ),
      );
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  private register(dispatcher: Dispatcher): void {
    // Every event's listener is remembered until it finishes: stop() lets them reply first.
    this.app.use(async ({ next }) => {
      await this.inFlight.run(next());
    });

    this.app.command(/^\/.+/, async ({ command, ack, respond, client, context }) => {
      await ack();
      const member = await this.members.resolve(client, command.team_id, command.user_id, command.user_name);
      const reply = await dispatcher.handle({
        kind: 'text',
        member,
        channelId: command.channel_id,
        group: groupOf(command.command),
        text: command.text ?? '',
        memberId: slackMemberReference(context.botUserId),
        mayRestore: () => this.mayRestore(command.team_id),
      });
      // A form opens as a modal with this command's trigger (valid for 3 s).
      if (reply.form) {
        await client.views.open({ trigger_id: command.trigger_id, view: formView(reply.form, command.channel_id) });
        return;
      }
      await this.respond(respond, reply, { teamId: command.team_id, userId: command.user_id, channelId: command.channel_id });
    });

    this.app.action(/.*/, async ({ ack, body, action, respond, client }) => {
      await ack();
      if (body.type !== 'block_actions' || action.type !== 'button' || !('action_id' in action)) return;
      const teamId = body.team?.id ?? body.user.team_id ?? '';
      const member = await this.members.resolve(client, teamId, body.user.id, body.user.name);
      const channelId = body.channel?.id ?? '';
      const reply = await dispatcher.handle({
        kind: 'action',
        member,
        channelId,
        actionId: action.action_id,
        mayRestore: () => this.mayRestore(teamId),
      });
      if (reply.form) {
        // A modal, opened with this click's trigger (valid for 3 s); the channel rides along for the answer.
        await client.views.open({ trigger_id: body.trigger_id, view: formView(reply.form, channelId) });
        return;
      }
      await this.respond(respond, reply, { teamId, userId: body.user.id, channelId });
    });

    this.app.view<ViewSubmitAction>({ type: 'view_submission', callback_id: /.*/ }, async ({ ack, body, view, client, context }) => {
      const teamId = body.team?.id ?? body.user.team_id ?? '';
      const form = formInput(view as Parameters<typeof formInput>[0], client, context.botToken ?? '');
      const mayRestore = () => this.mayRestore(teamId);
      const member = this.members.resolve(client, teamId, body.user.id, body.user.name);
      const work = member.then((m) => dispatcher.handle({ kind: 'submit', member: m, actionId: view.callback_id, mayRestore, ...form }));
      const reply = await answerModal(ack, work);
      if (!reply) return; // refused: the modal stays open, each field's problem under it
      // A modal's answer has no response URL: an ephemeral message in the channel, and its files to the member.
      await this.sendFiles(teamId, reply.message, body.user.id);
      if (!form.channelId) return;
      const prepared = await this.images.prepare(teamId, reply.message);
      await client.chat.postEphemeral({ channel: form.channelId, user: body.user.id, ...renderSlack(prepared.message, prepared.image) });
    });

    listenForInstallChanges(this.app, dispatcher, this.log, this.installations);

    this.app.event('app_home_opened', async ({ event, body, client }) => {
      if (event.tab !== 'home') return;
      const member = await this.members.resolve(client, body.team_id, event.user);
      const { blocks } = renderSlack(await dispatcher.home(member));
      await client.views.publish({ user_id: event.user, view: { type: 'home', blocks } });
    });

    this.app.error(async (error) => {
      // An event no installation serves is expected (see isRefusedEvent); Bolt acknowledged it, so Slack does not retry.
      if (isRefusedEvent(error)) return this.log.warn({ err: error }, 'slack event refused: no installation serves its workspace');
      this.log.error({ err: error }, 'slack listener failed');
    });
  }

  /** Whether an event from a removed workspace brings its team back (any does, with one workspace's own token). */
  private readonly mayRestore = async (teamId: string) => (await this.installations?.mayRestore(teamId)) ?? true;

  /** A reply's files, to the member's direct messages (see files.ts). */
  private async sendFiles(teamId: string, message: OutMessage, userId: string): Promise<void> {
    if (message.files?.length) await sendFilesToMember(this.poster, await this.tokens.botToken(teamId), message.files, userId);
  }

  /** Replies go through the event's response URL: ephemeral, or replacing the message the button was on. */
  private async respond(respond: RespondFn, reply: Reply, context: { userId: string; teamId: string; channelId: string }): Promise<void> {
    await this.sendFiles(context.teamId, reply.message, context.userId);
    const prepared = await this.images.prepare(context.teamId, reply.message);
    const bodyOf = (payload: SlackPayload) =>
      reply.replace
        ? { ...payload, replace_original: true }
        : {
            ...payload,
            response_type: reply.visibility === 'public' ? ('in_channel' as const) : ('ephemeral' as const),
            replace_original: false,
          };
    let body = bodyOf(renderSlack(prepared.message, prepared.image));
    for (let attempt = 1; ; attempt++) {
      try {
        await respond(body);
        return;
      } catch (error) {
        // A refused picture (its file deleted, or not ready) must not cost the reply: the retry goes without it.
        if (attempt === 1 && prepared.image) {
          this.images.forget(context.teamId, prepared.image.fileId);
          body = bodyOf(renderSlack(withAltText(reply.message, prepared.image.alt)));
        }
        // Replies to a member retry briefly: the member is waiting for this one.
        if (attempt >= 3) {
          this.log.error({ err: error, ...context }, 'could not reply to the member');
          return;
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }
}
