import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import { FakeServer } from '../fake-server.js';
import { FakeAttachments, type FakeFile, missingAttachments, readRestRequest } from './attachments.js';
import { messageProblems } from './message-rules.js';
import { modalProblems } from './modal-rules.js';

/**
 * A fake Discord on 127.0.0.1: the REST API and the gateway, enough for real discord.js to log in, receive
 * interactions and post, edit and reply. Everything that reaches it is recorded for the tests to assert on.
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
type Failure = { status: number; code?: number; retryAfter?: number; times: number; applied?: boolean };

export const MANAGE_GUILD = '32';
export const NO_PERMISSIONS = '0';

export class FakeDiscord extends FakeServer {
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
  private readonly messageFiles = new Map<string, FakeFile[]>();
  readonly commandRegistrations: { path: string; body: unknown[] }[] = [];
  /** The daily questions among the channel posts (setup also posts a short confirmation). */
  get dailyMessages(): ChannelMessage[] {
    return this.channelMessages.filter((m) => /"(daily:answer|open:type):/.test(JSON.stringify(m.body.components ?? [])));
  }

  /** DM channels opened, by recipient. */
  readonly dmChannels = new Map<string, string>();
  /** Requests held by a status-0 failure: received, never answered, not applied. */
  readonly held: RecordedRequest[] = [];
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
  private readonly failures = new Map<string, Failure[]>();
  private sequence = 0;
  private windowStart = 0;
  private windowCount = 0;
  /** Messages the bot can reference by id (channel posts and interaction replies), for component clicks. */
  private readonly messagesById = new Map<string, Record<string, any>>();
  /** Posts made with enforce_nonce, by nonce: Discord returns the first instead of creating a second. */
  private readonly nonces = new Map<string, ChannelMessage>();
  /** Each interaction's type, by token: what a callback may answer it with depends on it (a modal, for one). */
  private readonly interactionTypes = new Map<string, number>();

  /** What to pass to discord.js as rest.api (it appends /v10). */
  get apiUrl(): string {
    return `${this.url}/api`;
  }

  /** A guild the bot is in; with `shard`, one whose id falls on that shard of `of`. */
  addGuild(name = 'Test Server', on?: { shard: number; of: number }): { id: string; channels: string[]; roles: string[] } {
    let id = snowflake();
    // Guild ids carry a timestamp above bit 22: step it until the id lands on the wanted shard.
    if (on) while (FakeDiscord.shardOf(id, on.of) !== on.shard) id = String(BigInt(id) + (1n << 22n));
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

  // ── gateway ──────────────────────────────────────────────────────────────────────────────────────────────

  protected onSocket(socket: WebSocket): void {
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    socket.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { op: number; d: any };
      if (msg.op === 1) socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (msg.op === 2) this.identify(socket, msg.d?.shard ?? [0, 1]);
      // RESUME: the session goes on where it left off, unless the test said it cannot (then: invalid session).
      if (msg.op === 6) {
        this.resumes += 1;
        if (this.refuseResume) socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
        else this.send(socket, 'RESUMED', {});
      }
    });
  }

  /**
   * Drops what the fake remembered of past traffic (requests, replies, messages), keeping the last daily post:
   * a long run (the soak benchmark) stays light.
   */
  forget(): void {
    const lastDaily = this.dailyMessages.at(-1);
    this.requests.length = 0;
    this.responses.length = 0;
    this.webhookMessages.length = 0;
    this.channelMessages.length = 0;
    if (lastDaily) this.channelMessages.push(lastDaily);
    this.messagesById.clear();
    this.nonces.clear();
    this.originals.clear();
  }

  /** Gateway connections that have identified and are still open: each is a bot receiving events. */
  get connectedBots(): number {
    return this.identified.size;
  }

  /** RESUMEs seen, and whether the next ones are refused (the bot must IDENTIFY afresh). */
  resumes = 0;
  refuseResume = false;

  /** Drops every gateway connection as Discord does when it restarts a node (close code 4000: resumable). */
  dropGateway(code = 4000): void {
    for (const s of this.sockets) s.close(code, 'dropped by the test');
  }

  /** Discord's rule: a guild belongs to shard (guild_id >> 22) % shard_count. */
  static shardOf(guildId: string, count: number): number {
    return Number((BigInt(guildId) >> 22n) % BigInt(count));
  }

  private identify(socket: WebSocket, shard: [number, number]): void {
    this.identified.set(socket, shard);
    socket.on('close', () => this.identified.delete(socket));
    const mine = [...this.guilds.keys()].filter((id) => FakeDiscord.shardOf(id, shard[1]) === shard[0]);
    const ready = {
      v: 10,
      user: this.botUser,
      guilds: mine.map((id) => ({ id, unavailable: true })),
      session_id: 'fake-session',
      resume_gateway_url: this.url.replace('http', 'ws'),
      shard,
      application: { id: this.applicationId, flags: 0 },
    };
    this.send(socket, 'READY', ready);
    for (const id of mine) this.send(socket, 'GUILD_CREATE', this.guildPayload(id));
  }

  private send(socket: WebSocket, t: string, d: unknown): void {
    socket.send(JSON.stringify({ op: 0, t, s: ++this.sequence, d }));
  }

  /** Sends a dispatch to every connected bot; one about a guild only to the shard that holds the guild. */
  dispatch(t: string, d: unknown): void {
    const guildId = (d as { guild_id?: string } | null)?.guild_id;
    for (const s of this.sockets) {
      const shard = this.identified.get(s);
      if (guildId && shard && /^\d+$/.test(guildId) && FakeDiscord.shardOf(guildId, shard[1]) !== shard[0]) continue;
      this.send(s, t, d);
    }
  }

  guildPayload(guildId: string): Record<string, unknown> {
    const guild = this.guilds.get(guildId)!;
    const role = (id: string, name: string) => ({
      id,
      name,
      permissions: '0',
      position: 0,
      color: 0,
      colors: { primary_color: 0 },
      hoist: false,
      managed: false,
      mentionable: false,
      flags: 0,
    });
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      owner_id: snowflake(),
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      preferred_locale: 'en-US',
      features: [],
      roles: [role(guild.id, '@everyone'), ...guild.roles.map((r) => role(r, 'quiz-admin'))],
      emojis: [],
      stickers: [],
      channels: guild.channels.map((id, i) => ({
        id,
        type: 0,
        name: `channel-${i}`,
        guild_id: guild.id,
        position: i,
        permission_overwrites: [],
      })),
      threads: [],
      members: [],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      member_count: 3,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
    };
  }

  // ── interactions ─────────────────────────────────────────────────────────────────────────────────────────

  private memberPayload(user: FakeUser) {
    return {
      user: { id: user.id, username: user.username, global_name: user.username, discriminator: '0', avatar: null },
      roles: user.roles ?? [],
      permissions: user.permissions ?? NO_PERMISSIONS,
      nick: user.nick ?? null,
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
    };
  }

  private interactionBase(guildId: string, channelId: string, user: FakeUser) {
    return {
      id: snowflake(),
      application_id: this.applicationId,
      token: `token-${snowflake()}`,
      version: 1,
      guild_id: guildId,
      guild: { id: guildId, locale: 'en-US', features: [] },
      channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: guildId, name: 'channel' },
      member: this.memberPayload(user),
      app_permissions: '19456',
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 10_000_000,
    };
  }

  /** A member runs /group sub option:value … ; resolves to the interaction's token. */
  command(
    guildId: string,
    channelId: string,
    user: FakeUser,
    group: string,
    sub: string,
    options: Record<string, string | number | FakeFile> = {},
  ): string {
    const types: Record<string, number> = {
      topic: 3,
      count: 4,
      difficulty: 3,
      period: 3,
      member: 6,
      channel: 7,
      role: 8,
      time: 3,
      timezone: 3,
      weekdays: 3,
      'add-admin': 6,
      'remove-admin': 6,
      file: 11,
    };
    const files = Object.values(options).filter((v): v is FakeFile => typeof v === 'object');
    const given = Object.entries(options).map(([name, value]) =>
      typeof value === 'object' ? { name, type: 11, value: value.id } : { name, type: types[name] ?? 3, value },
    );
    // A command of a family ("pack upload") is a subcommand inside a subcommand group.
    const [first, second] = sub.split(' ');
    const subcommand = second
      ? { type: 2, name: first, options: [{ type: 1, name: second, options: given }] }
      : { type: 1, name: sub, options: given };
    const payload = {
      ...this.interactionBase(guildId, channelId, user),
      type: 2,
      data: {
        id: snowflake(),
        name: group,
        type: 1,
        guild_id: guildId,
        options: [subcommand],
        ...(files.length ? { resolved: { attachments: Object.fromEntries(files.map((f) => [f.id, this.attachments.object(f)])) } } : {}),
      },
    };
    this.interactionTypes.set(payload.token, payload.type);
    this.dispatch('INTERACTION_CREATE', payload);
    return payload.token;
  }

  /** A member clicks the button with this custom id on a message the bot sent. */
  click(guildId: string, user: FakeUser, message: { id: string; channelId: string }, customId: string): string {
    const stored = this.messagesById.get(message.id) ?? {};
    const payload = {
      ...this.interactionBase(guildId, message.channelId, user),
      type: 3,
      data: { custom_id: customId, component_type: 2 },
      message: this.messageObject(message.id, message.channelId, stored),
    };
    this.interactionTypes.set(payload.token, payload.type);
    this.dispatch('INTERACTION_CREATE', payload);
    return payload.token;
  }

  /** A member sends a modal (type 5): the text typed into its one field, or each field's text by its custom id. */
  submitModal(guildId: string, channelId: string, user: FakeUser, customId: string, input: string | Record<string, string>): string {
    const fields = typeof input === 'string' ? { text: input } : input;
    const payload = {
      ...this.interactionBase(guildId, channelId, user),
      type: 5,
      data: {
        custom_id: customId,
        components: Object.entries(fields).map(([id, value]) => ({ type: 1, components: [{ type: 4, custom_id: id, value }] })),
      },
    };
    this.interactionTypes.set(payload.token, payload.type);
    this.dispatch('INTERACTION_CREATE', payload);
    return payload.token;
  }

  /** The bot is added to a new server after start-up (GUILD_CREATE), with a system channel. */
  joinGuild(name = 'New Server'): { id: string; channels: string[]; roles: string[] } {
    const guild = this.addGuild(name);
    this.dispatch('GUILD_CREATE', { ...this.guildPayload(guild.id), system_channel_id: guild.channels[0] });
    return guild;
  }

  /** The bot is removed from a server (GUILD_DELETE without `unavailable`: not an outage). */
  removeGuild(guildId: string): void {
    this.guilds.delete(guildId);
    for (const s of this.sockets) this.send(s, 'GUILD_DELETE', { id: guildId });
  }

  /** A raw INTERACTION_CREATE, for payloads discord.js cannot parse. */
  rawInteraction(d: Record<string, unknown>): void {
    this.dispatch('INTERACTION_CREATE', d);
  }

  private messageObject(id: string, channelId: string, body: Record<string, any>, flags = 0) {
    return {
      id,
      channel_id: channelId,
      author: this.botUser,
      content: body.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: (this.messageFiles.get(id) ?? []).map((f) => this.attachments.object(f)),
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      pinned: false,
      type: 0,
      flags: body.flags ?? flags,
    };
  }

  /** Responses (callbacks, follow-ups, @original edits) for one interaction token, in order. */
  repliesTo(token: string): { type: string; body: Record<string, any> }[] {
    const out: { type: string; body: Record<string, any> }[] = [];
    for (const r of this.responses.filter((x) => x.token === token)) out.push({ type: `callback:${r.type}`, body: r.data ?? {} });
    for (const w of this.webhookMessages.filter((x) => x.token === token)) out.push({ type: `${w.method}:${w.target}`, body: w.body });
    return out;
  }

  /** The message an interaction's reply created (for ephemeral replies: its id, to click on it later). */
  replyMessage(token: string): { id: string; channelId: string } | undefined {
    return this.originals.get(token);
  }
  private readonly originals = new Map<string, { id: string; channelId: string }>();

  // ── REST ─────────────────────────────────────────────────────────────────────────────────────────────────

  protected async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const served = req.method === 'GET' ? this.attachments.serve(decodeURIComponent(url.pathname)) : undefined;
    if (served) {
      res.writeHead(200, { 'content-type': served.contentType, 'content-length': served.data.length });
      return void res.end(served.data);
    }
    let body: any;
    let files: FakeFile[];
    try {
      ({ body, files } = await readRestRequest(req, await FakeServer.readBytes(req), this.attachments));
    } catch (error) {
      res.writeHead(400, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ message: `fake Discord: ${(error as Error).message}`, code: 50035 }));
    }
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const method = req.method ?? 'GET';
    let failAfterApplying: Failure | undefined;
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      if (failAfterApplying) {
        const f = failAfterApplying;
        failAfterApplying = undefined;
        if (f.status === 0) return void this.held.push({ method, path, status: 0, body, at: Date.now() });
        return reply(f.status, { message: 'fake failure', code: f.code ?? 0 });
      }
      this.requests.push({ method, path, status, body, at: Date.now() });
      // A 204 has no body, and must not claim a JSON one (discord.js would try to parse it).
      res.writeHead(status, status === 204 ? headers : { 'content-type': 'application/json', ...headers });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };

    if (this.globalLimitPerSecond > 0 && !path.startsWith('/gateway')) {
      const now = Date.now();
      if (now - this.windowStart >= 1000) {
        this.windowStart = now;
        this.windowCount = 0;
      }
      if (++this.windowCount > this.globalLimitPerSecond) {
        const retry = (1000 - (now - this.windowStart)) / 1000;
        return reply(
          429,
          { message: 'You are being rate limited.', retry_after: retry, global: true },
          { 'retry-after': String(Math.ceil(retry)), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
        );
      }
    }

    for (const [key, list] of this.failures) {
      const [m, pattern] = [key.slice(0, key.indexOf(' ')), key.slice(key.indexOf(' ') + 1)];
      if (m === method && new RegExp(pattern).test(path) && list.length > 0) {
        const f = list[0]!;
        if (--f.times <= 0) list.shift();
        if (f.applied) {
          failAfterApplying = f;
          break;
        }
        if (f.status === 0) {
          this.held.push({ method, path, status: 0, body, at: Date.now() });
          return;
        }
        if (f.status === 429) {
          const retry = f.retryAfter ?? 0.05;
          return reply(
            429,
            { message: 'You are being rate limited.', retry_after: retry, global: false },
            { 'retry-after': String(retry), 'x-ratelimit-scope': 'user' },
          );
        }
        return reply(f.status, { message: 'fake failure', code: f.code ?? 0 });
      }
    }

    // An embed may show only files the message carries (sent now, or kept from before on an edit).
    const kept = (id: string | undefined) => (id && body?.attachments === undefined ? (this.messageFiles.get(id) ?? []) : []);
    const unknownFiles = (id?: string) => missingAttachments(body, [...kept(id), ...files]);
    const filesOf = (id: string) => {
      const all = [...kept(id), ...files];
      if (all.length) this.messageFiles.set(id, all);
    };

    // A message's embeds and buttons are held to Discord's limits wherever one is sent or edited.
    const invalid = (message: unknown): boolean => {
      const problems = messageProblems(message);
      if (problems.length) reply(400, { message: 'Invalid Form Body', code: 50035, errors: problems });
      return problems.length > 0;
    };

    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return reply(200, {
        url: this.url.replace('http', 'ws'),
        shards: this.recommendedShards,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (method === 'PUT' && (m = /^\/applications\/(\d+)(\/guilds\/\d+)?\/commands$/.exec(path))) {
      this.commandRegistrations.push({ path, body });
      return reply(
        200,
        (body as any[]).map((c) => ({ ...c, id: snowflake(), application_id: this.applicationId, version: snowflake() })),
      );
    }
    if (method === 'POST' && (m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path))) {
      const [, interactionId, token] = m as unknown as [string, string, string];
      if (body.type === 9) {
        const problems = modalProblems(body.data, this.interactionTypes.get(token));
        if (problems.length) return reply(400, { message: 'Invalid Form Body', code: 50035, errors: problems });
      } else if (body.data && invalid(body.data)) return;
      const missing = unknownFiles();
      if (missing.length) return reply(400, { message: `Invalid Form Body: no attachment ${missing.join(', ')}`, code: 50035 });
      this.responses.push({ interactionId, token, type: body.type, data: body.data, files });
      this.onInteractionReply?.(token);
      if (body.type === 4 || body.type === 5) {
        const id = snowflake();
        this.originals.set(token, { id, channelId: 'ephemeral' });
        this.messagesById.set(id, body.data ?? {});
        filesOf(id);
      }
      if (url.searchParams.get('with_response') === 'true') {
        return reply(200, { interaction: { id: interactionId, type: 2 }, resource: { type: body.type } });
      }
      return reply(204);
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/(@original|\d+))?$/.exec(path))) {
      const token = m[2]!;
      const target = m[4] ?? 'followup';
      if (method !== 'GET' && invalid(body)) return;
      const id = target === '@original' ? (this.originals.get(token)?.id ?? snowflake()) : snowflake();
      const missing = unknownFiles(id);
      if (missing.length) return reply(400, { message: `Invalid Form Body: no attachment ${missing.join(', ')}`, code: 50035 });
      this.webhookMessages.push({ token, body, method, target, files });
      this.onInteractionReply?.(token);
      if (method !== 'GET') {
        this.messagesById.set(id, body ?? {});
        filesOf(id);
      }
      return reply(200, this.messageObject(id, 'ephemeral', body ?? {}));
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      // Opening a DM: one channel per recipient.
      const recipient = (body as { recipient_id: string }).recipient_id;
      const id = this.dmChannels.get(recipient) ?? snowflake();
      this.dmChannels.set(recipient, id);
      return reply(200, { id, type: 1, recipients: [{ id: recipient, username: 'member' }] });
    }
    if (method === 'GET' && (m = /^\/channels\/(\d+)$/.exec(path))) {
      const guild = [...this.guilds.values()].find((g) => g.channels.includes(m![1]!));
      if (!guild) return reply(404, { message: 'Unknown Channel', code: 10003 });
      return reply(200, { id: m[1], type: 0, guild_id: guild.id, name: 'channel', position: 0, permission_overwrites: [] });
    }
    if (method === 'POST' && (m = /^\/channels\/(\d+)\/messages$/.exec(path))) {
      const repeated = body?.enforce_nonce === true && body.nonce !== undefined ? this.nonces.get(String(body.nonce)) : undefined;
      if (repeated) return reply(200, this.messageObject(repeated.id, repeated.channelId, repeated.body));
      if (invalid(body)) return;
      const missing = unknownFiles();
      if (missing.length) return reply(400, { message: `Invalid Form Body: no attachment ${missing.join(', ')}`, code: 50035 });
      const message: ChannelMessage = { id: snowflake(), channelId: m[1]!, body, edits: [], files };
      filesOf(message.id);
      if (body?.enforce_nonce === true && body.nonce !== undefined) this.nonces.set(String(body.nonce), message);
      this.channelMessages.push(message);
      this.messagesById.set(message.id, body);
      return reply(200, this.messageObject(message.id, message.channelId, body));
    }
    if (method === 'PATCH' && (m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path))) {
      const message = this.channelMessages.find((x) => x.id === m![2]);
      if (!message) return reply(404, { message: 'Unknown Message', code: 10008 });
      if (invalid(body)) return;
      const missing = unknownFiles(message.id);
      if (missing.length) return reply(400, { message: `Invalid Form Body: no attachment ${missing.join(', ')}`, code: 50035 });
      filesOf(message.id);
      message.edits.push(body);
      this.messagesById.set(message.id, { ...message.body, ...body });
      return reply(200, this.messageObject(message.id, message.channelId, { ...message.body, ...body }));
    }
    return reply(404, { message: `fake Discord does not know ${method} ${path}`, code: 0 });
  }
}
