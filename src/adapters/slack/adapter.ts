import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, type RespondFn, SocketModeReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Dispatcher } from '../../app/dispatcher.js';
import { InFlight } from '../../app/in-flight.js';
import type { GroupName } from '../../commands/table.js';
import type { Logger } from '../../core/ports/logger.js';
import type { OutMessage, Reply } from '../../core/shared/messages.js';
import type { TeamRef } from '../../core/shared/refs.js';
import { Pictures } from '../../pictures/pictures.js';
import type { ChatAdapter } from '../types.js';
import { toDeliveryError } from './errors.js';
import { formInput, formView } from './forms.js';
import { boltLogger } from './logger.js';
import { SlackMembers } from './members.js';
import { SlackPictures, withAltText } from './pictures.js';
import { renderSlack, type SlackPayload } from './render.js';

export interface SlackSettings {
  botToken: string;
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
 * Backprop on Slack through Bolt, one workspace per bot token. Every listener acks first; the work and the
 * reply (through the event's response URL) follow.
 */
export class SlackAdapter implements ChatAdapter {
  readonly platform = 'slack' as const;
  readonly app: App;
  private readonly receiver: SocketModeReceiver | HTTPReceiver;
  /** Channel posts: no retries of its own and rate limits reported, so the caller decides (see errors.ts). */
  private readonly poster: WebClient;
  private readonly members: SlackMembers;
  private readonly images: SlackPictures;
  private server?: Server;
  private readonly inFlight = new InFlight();
  private stopped?: Promise<void>;

  constructor(
    private readonly settings: SlackSettings,
    private readonly log: Logger,
    options: { pictures?: Pictures } = {},
  ) {
    const logger = boltLogger(log);
    const clientOptions = { slackApiUrl: settings.apiUrl, retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1000 } };
    if (settings.appToken) {
      this.receiver = new SocketModeReceiver({ appToken: settings.appToken, logger, installerOptions: { clientOptions } });
    } else {
      if (!settings.signingSecret) throw new Error('SLACK_SIGNING_SECRET is required in HTTP mode');
      this.receiver = new HTTPReceiver({ signingSecret: settings.signingSecret, logger });
    }
    this.app = new App({ token: settings.botToken, receiver: this.receiver, logger, clientOptions, deferInitialization: true });
    this.poster = new WebClient(settings.botToken, {
      slackApiUrl: settings.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logger,
    });
    this.members = new SlackMembers(this.app.client, log);
    this.images = new SlackPictures(this.app.client, options.pictures ?? new Pictures(), log);
  }

  /** HTTP mode: where Bolt listens (the tests' fake Slack signs and sends requests there). */
  get httpUrl(): string | undefined {
    const address = this.server?.address() as AddressInfo | undefined;
    return address ? `http://127.0.0.1:${address.port}` : undefined;
  }

  async start(dispatcher: Dispatcher): Promise<void> {
    this.register(dispatcher);
    await this.app.init(); // auth.test: fails here, with a clear error, if the token is wrong
    if (this.receiver instanceof HTTPReceiver) {
      this.server = await this.receiver.start({ port: this.settings.port, host: this.settings.host });
      this.log.info({ mode: 'http', url: `${this.httpUrl}/slack/events` }, 'Slack ready');
    } else {
      await this.receiver.start();
      watchSocket(this.receiver, this.log);
      this.log.info({ mode: 'socket' }, 'Slack ready');
    }
  }

  /** Lets the events in flight reply, then disconnects; once, however often it is called. */
  stop(): Promise<void> {
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
    } else {
      await this.receiver.stop();
    }
  }

  async post(team: TeamRef, channelId: string, message: OutMessage): Promise<{ messageId: string }> {
    try {
      const result = await this.images.send(team.teamId, message, (m, image) =>
        this.poster.chat.postMessage({ channel: channelId, ...renderSlack(m, image), unfurl_links: false, unfurl_media: false }),
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
      await this.images.send(team.teamId, message, (m, image) =>
        this.poster.chat.update({ channel: channelId, ts: messageId, ...renderSlack(m, image) }),
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

    this.app.command(/^\/.+/, async ({ command, ack, respond }) => {
      await ack();
      const member = await this.members.resolve(command.team_id, command.user_id, command.user_name);
      const reply = await dispatcher.handle({
        kind: 'text',
        member,
        channelId: command.channel_id,
        group: groupOf(command.command),
        text: command.text ?? '',
      });
      // A form opens as a modal with this command's trigger (valid for 3 s).
      if (reply.form) {
        await this.app.client.views.open({ trigger_id: command.trigger_id, view: formView(reply.form, command.channel_id) });
        return;
      }
      await this.respond(respond, reply, { teamId: command.team_id, userId: command.user_id, channelId: command.channel_id });
    });

    this.app.action(/.*/, async ({ ack, body, action, respond, client }) => {
      await ack();
      if (body.type !== 'block_actions' || action.type !== 'button' || !('action_id' in action)) return;
      const teamId = body.team?.id ?? body.user.team_id ?? '';
      const member = await this.members.resolve(teamId, body.user.id, body.user.name);
      const channelId = body.channel?.id ?? '';
      const reply = await dispatcher.handle({ kind: 'action', member, channelId, actionId: action.action_id });
      if (reply.form) {
        // A modal, opened with this click's trigger (valid for 3 s); the channel rides along for the answer.
        await client.views.open({ trigger_id: body.trigger_id, view: formView(reply.form, channelId) });
        return;
      }
      await this.respond(respond, reply, { teamId, userId: body.user.id, channelId });
    });

    this.app.view(/.*/, async ({ ack, body, view, client }) => {
      await ack();
      const teamId = body.team?.id ?? body.user.team_id ?? '';
      const member = await this.members.resolve(teamId, body.user.id, body.user.name);
      const { channelId, values, files } = formInput(view as Parameters<typeof formInput>[0], client, this.settings.botToken);
      const text = Object.values(values)[0] ?? '';
      const reply = await dispatcher.handle({ kind: 'submit', member, channelId, actionId: view.callback_id, text, values, files });
      // A modal's answer has no response URL: an ephemeral message in the channel, and its files to the member.
      await this.sendFiles(reply.message, body.user.id);
      if (!channelId) return;
      const prepared = await this.images.prepare(teamId, reply.message);
      await client.chat.postEphemeral({ channel: channelId, user: body.user.id, ...renderSlack(prepared.message, prepared.image) });
    });

    // Uninstalled, or its tokens revoked: the team's schedule stops and its data waits 30 days for a return.
    for (const name of ['app_uninstalled', 'tokens_revoked'] as const) {
      this.app.event(name, async ({ body }) => {
        await dispatcher.teamEvent({ kind: 'removed', team: { platform: 'slack', teamId: body.team_id } });
      });
    }

    this.app.event('app_home_opened', async ({ event, body, client }) => {
      if (event.tab !== 'home') return;
      const member = await this.members.resolve(body.team_id, event.user);
      const home = renderSlack(await dispatcher.home(member));
      await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: home.blocks } });
    });

    this.app.error(async (error) => {
      this.log.error({ err: error }, 'slack listener failed');
    });
  }

  /**
   * A reply's files (a pack exported): a response URL cannot carry files, so they go to the member's direct
   * conversation with the app, uploaded the way Slack asks (an upload URL, then completing the upload).
   */
  private async sendFiles(message: OutMessage, userId: string): Promise<void> {
    for (const file of message.files ?? []) {
      const dm = await this.poster.conversations.open({ users: userId });
      await this.poster.filesUploadV2({
        channel_id: dm.channel!.id!,
        file: Buffer.from(file.data),
        filename: file.name,
        title: file.name,
      });
    }
  }

  /** Replies go through the event's response URL: ephemeral, or replacing the message the button was on. */
  private async respond(respond: RespondFn, reply: Reply, context: { userId: string; teamId: string; channelId: string }): Promise<void> {
    await this.sendFiles(reply.message, context.userId);
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

/** Socket Mode reconnects, counted per process (metrics read it). */
export const socketEvents = { reconnects: 0 };

/** Logs Socket Mode drops (warn) and comebacks (info, with how long they took): they were invisible before. */
function watchSocket(receiver: SocketModeReceiver, log: Logger): void {
  let since: number | undefined;
  receiver.client.on('reconnecting', () => {
    since ??= Date.now();
    socketEvents.reconnects += 1;
    log.warn({}, 'slack socket mode connection lost; reconnecting');
  });
  receiver.client.on('connected', () => {
    if (since === undefined) return;
    log.info({ durationMs: Date.now() - since }, 'slack socket mode reconnected');
    since = undefined;
  });
}
