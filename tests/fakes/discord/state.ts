import type { WebSocket } from 'ws';
import { FakeServer } from '../fake-server.js';
import { FakeAttachments, type FakeFile } from './attachments.js';

/**
 * The fake Discord's state (see server.ts for the whole): guilds, members, messages, replies and every request
 * that reached it, with the helpers tests read it through.
 */

let nextId = 1_200_000_000_000_000_000n;
export const snowflake = () => String(nextId++);

export interface FakeUser {
  id: string;
  username: string;
  /** Role ids the member holds in the guild. */
  roles?: string[];
  /** Guild permissions as a bit set (string). Manage Server is 0x20 = '32'. */
  permissions?: string;
  /** The member's nickname in the guild (shown instead of the username). */
  nick?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  body: unknown;
  at: number;
}

export interface ChannelMessage {
  id: string;
  channelId: string;
  body: Record<string, any>;
  edits: Record<string, any>[];
  /** Files uploaded with the message (multipart), as Discord would list its attachments. */
  files: FakeFile[];
}

export interface InteractionResponse {
  interactionId: string;
  token: string;
  type: number;
  data?: Record<string, any>;
  files: FakeFile[];
}

/** status 0: hold the request without ever answering (the platform never got it: a crash mid-send). */
/**
 * status 0: the request is held, never answered. `applied`: the request takes effect first (the message is
 * created), and only its answer fails: what a timeout or a 5xx after Discord did the work looks like.
 */
export type Failure = { status: number; code?: number; retryAfter?: number; times: number; applied?: boolean };

export const MANAGE_GUILD = '32';
export const NO_PERMISSIONS = '0';

/** Discord's rule: a guild belongs to shard (guild_id >> 22) % shard_count. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

export abstract class FakeDiscordState extends FakeServer {
  readonly applicationId = snowflake();
  readonly botUser = { id: snowflake(), username: 'Backprop', discriminator: '0', bot: true, avatar: null, global_name: null };
  readonly guilds = new Map<string, { id: string; name: string; channels: string[]; roles: string[] }>();
  readonly requests: RecordedRequest[] = [];
  readonly channelMessages: ChannelMessage[] = [];
  readonly responses: InteractionResponse[] = [];
  readonly webhookMessages: { token: string; body: Record<string, any>; method: string; target: string; files: FakeFile[] }[] = [];
  /** Files members attached and files the bot uploaded, served at their CDN URLs on the fake. */
  readonly attachments = new FakeAttachments(() => this.url);
  /** Files uploaded with each message or interaction reply, by message id. */
  protected readonly messageFiles = new Map<string, FakeFile[]>();
  readonly commandRegistrations: { path: string; body: unknown[] }[] = [];
  /** The daily questions among the channel posts (setup also posts a short confirmation). */
  get dailyMessages(): ChannelMessage[] {
    return this.channelMessages.filter((m) => /"(daily:answer|open:type):/.test(JSON.stringify(m.body.components ?? [])));
  }

  /** DM channels opened, by recipient. */
  readonly dmChannels = new Map<string, string>();
  /** Requests held by a status-0 failure: received, never answered, not applied. */
  readonly held: RecordedRequest[] = [];
  /**
   * The bot tokens Discord knows (those the suites use): REST with any other answers 401, as Discord does for a
   * wrong or reset token, and discord.js's login then fails with TokenInvalid.
   */
  readonly botTokens = new Set(['fake-token', 'fake-bot-token', 'MTIz.fake-secret-token.abc']);
  /** What GET /gateway/bot recommends (DISCORD_SHARDS=auto). */
  recommendedShards = 1;
  /** The shard each connected bot identified as: [shard id, shard count]. */
  readonly identified = new Map<WebSocket, [number, number]>();
  /**
   * Called, synchronously, as each interaction response or follow-up arrives: lets a test act at an exact point
   * of a burst (the crash test kills the bot there) instead of polling, which a fast bot outruns.
   */
  onInteractionReply?: (token: string) => void;
  /** Requests allowed per second across the API before a global 429 (0 = unlimited). */
  globalLimitPerSecond = 0;
  protected readonly failures = new Map<string, Failure[]>();
  protected sequence = 0;
  protected windowStart = 0;
  protected windowCount = 0;
  /** Messages the bot can reference by id (channel posts and interaction replies), for component clicks. */
  protected readonly messagesById = new Map<string, Record<string, any>>();
  /** Posts made with enforce_nonce, by nonce: Discord returns the first instead of creating a second. */
  protected readonly nonces = new Map<string, ChannelMessage>();
  /** Each interaction's type, by token: what a callback may answer it with depends on it (a modal, for one). */
  protected readonly interactionTypes = new Map<string, number>();

  /** The message each interaction's reply created, by token. */
  protected readonly originals = new Map<string, { id: string; channelId: string }>();

  /** What to pass to discord.js as rest.api (it appends /v10). */
  get apiUrl(): string {
    return `${this.url}/api`;
  }

  /** A guild the bot is in; with `shard`, one whose id falls on that shard of `of`. */
  addGuild(name = 'Test Server', on?: { shard: number; of: number }): { id: string; channels: string[]; roles: string[] } {
    let id = snowflake();
    // Guild ids carry a timestamp above bit 22: step it until the id lands on the wanted shard.
    if (on) while (shardOf(id, on.of) !== on.shard) id = String(BigInt(id) + (1n << 22n));
    const guild = { id, name, channels: [snowflake(), snowflake()], roles: [snowflake()] };
    this.guilds.set(guild.id, guild);
    return guild;
  }

  /** The next `times` requests whose "METHOD path" matches answer with this status (and Discord error code). */
  failNext(method: string, pathPattern: RegExp, failure: Omit<Failure, 'times'> & { times?: number }): void {
    const key = `${method} ${pathPattern.source}`;
    const list = this.failures.get(key) ?? [];
    list.push({ times: 1, ...failure });
    this.failures.set(key, list);
  }
}
