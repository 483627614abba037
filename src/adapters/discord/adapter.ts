import { once } from 'node:events';
import { type APIMessage, Client, Events, GatewayIntentBits, type Guild, Routes } from 'discord.js';
import type { Dispatcher } from '../../app/dispatcher.js';
import { InFlight } from '../../app/in-flight.js';
import type { Logger } from '../../core/ports/logger.js';
import type { PostOptions } from '../../core/ports/messenger.js';
import type { Store } from '../../core/ports/store.js';
import type { OutMessage } from '../../core/shared/messages.js';
import type { TeamRef } from '../../core/shared/refs.js';
import { Pictures } from '../../pictures/pictures.js';
import { drawPicture } from '../pictures.js';
import { startingDiscord } from '../platform-start.js';
import type { ChatAdapter } from '../types.js';
import { discordCache } from './cache.js';
import { toDeliveryError } from './errors.js';
import { watchGateway } from './gateway-log.js';
import { handleInteraction } from './interactions.js';
import { inviteUrl } from './invite.js';
import { enforcedNonce } from './nonce.js';
import { attachmentsOf, discordFiles, renderDiscord } from './render.js';
import { syncCommands } from './sync-commands.js';

export interface DiscordSettings {
  token: string;
  applicationId: string;
  guildId?: string;
  /** REST base URL: Discord's, a rate-limit proxy, or a test's fake. The gateway URL comes from GET /gateway/bot. */
  apiUrl: string;
  /** discord.js's own global request pacing; Discord's limit is 50 per second (tests of a fake raise it). */
  globalRequestsPerSecond?: number;
  /** In a shard process: the shards this client runs, of how many. */
  shard?: { ids: number[]; count: number };
}

/** Backprop on Discord: discord.js with the Guilds intent only (no privileged intents). */
export class DiscordAdapter implements ChatAdapter {
  readonly platform = 'discord' as const;
  readonly client: Client;
  private readonly inFlight = new InFlight();
  private stopped?: Promise<void>;
  private readonly pictures: Pictures;

  constructor(
    private readonly settings: DiscordSettings,
    private readonly deps: { log: Logger; store: Store; pictures?: Pictures },
  ) {
    this.pictures = deps.pictures ?? new Pictures();
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { api: settings.apiUrl, globalRequestsPerSecond: settings.globalRequestsPerSecond ?? 50 },
      allowedMentions: { parse: [] },
      makeCache: discordCache(),
      ...(settings.shard ? { shards: settings.shard.ids, shardCount: settings.shard.count } : {}),
    });
  }

  async start(dispatcher: Dispatcher): Promise<void> {
    const { log } = this.deps;
    // Each interaction is remembered until answered: stop() lets those in flight reply first.
    this.client.on(
      Events.InteractionCreate,
      (interaction) => void this.inFlight.run(handleInteraction(interaction, dispatcher, log, this.pictures)),
    );
    // Joined a server (after start-up): restore it if it is a return, or say how to set up in its system channel.
    this.client.on(Events.GuildCreate, (guild) => void this.inFlight.run(this.joined(guild, dispatcher)));
    // Removed from a server (an outage is GuildUnavailable, not this): the schedule stops, the data waits 30 days.
    this.client.on(
      Events.GuildDelete,
      (guild) => void dispatcher.teamEvent({ kind: 'removed', team: { platform: 'discord', teamId: guild.id } }),
    );
    this.client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
    this.client.on(Events.Warn, (message) => log.warn({ message }, 'discord client warning'));
    watchGateway(this.client, log);
    // Registered before login: READY can arrive before login() resolves.
    const ready = once(this.client, Events.ClientReady);
    await startingDiscord(this.settings.apiUrl, () => this.client.login(this.settings.token));
    await ready;
    // With shards, the process holding shard 0 registers the commands; the others would only repeat it.
    const registers = !this.settings.shard || this.settings.shard.ids.includes(0);
    const synced = registers
      ? await syncCommands(
          {
            rest: this.client.rest,
            applicationId: this.settings.applicationId,
            guildId: this.settings.guildId,
            store: this.deps.store,
          },
          { force: false },
        )
      : 'left to shard 0';
    log.info(
      {
        guilds: this.client.guilds.cache.size,
        shards: this.settings.shard?.ids,
        commands: synced,
        invite: inviteUrl(this.settings.applicationId),
      },
      'Discord ready: invite the bot to a server with the invite URL',
    );
  }

  /** Lets the interactions in flight reply, then disconnects; once, however often it is called. */
  stop(): Promise<void> {
    this.stopped ??= this.inFlight.settled().then(() => this.client.destroy());
    return this.stopped;
  }

  private async joined(guild: Guild, dispatcher: Dispatcher): Promise<void> {
    const team: TeamRef = { platform: 'discord', teamId: guild.id };
    const welcome = await dispatcher.teamEvent({ kind: 'joined', team });
    if (!welcome || !guild.systemChannelId) return;
    await this.post(team, guild.systemChannelId, welcome).catch((error: unknown) =>
      this.deps.log.info({ err: error, guildId: guild.id }, 'could not post the welcome (no access to the system channel)'),
    );
  }

  async post(team: TeamRef, channelId: string, message: OutMessage, options: PostOptions = {}): Promise<{ messageId: string }> {
    const drawn = await drawPicture(this.pictures, message, this.deps.log);
    const files = discordFiles(drawn.message, drawn.picture);
    const body = {
      ...renderDiscord(drawn.message, drawn.picture),
      ...enforcedNonce(team, options.idempotencyKey),
      ...(files.length ? { attachments: attachmentsOf(files) } : {}),
    };
    try {
      const posted = (await this.client.rest.post(Routes.channelMessages(channelId), {
        body,
        ...(files.length ? { files } : {}),
      })) as APIMessage;
      return { messageId: posted.id };
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  /** A direct message: Discord opens (or reuses) the DM channel with the member, then it is an ordinary post. */
  async sendPrivate(team: TeamRef, userId: string, message: OutMessage, options?: PostOptions): Promise<void> {
    let channelId: string;
    try {
      channelId = ((await this.client.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string }).id;
    } catch (error) {
      throw toDeliveryError(error);
    }
    await this.post(team, channelId, message, options);
  }

  async edit(_team: TeamRef, channelId: string, messageId: string, message: OutMessage): Promise<void> {
    try {
      // An edit without files keeps the message's attachments (Discord keeps them unless told otherwise): the
      // picture posted with the message is shown again by its name, not uploaded again at every edit (live
      // counts edit every few seconds). The picture is only drawn (from the cache) for its file name.
      const drawn = await drawPicture(this.pictures, message, this.deps.log);
      const files = discordFiles(message);
      await this.client.rest.patch(Routes.channelMessage(channelId, messageId), {
        body: renderDiscord(drawn.message, drawn.picture),
        ...(files.length ? { files } : {}),
      });
    } catch (error) {
      throw toDeliveryError(error);
    }
  }
}
