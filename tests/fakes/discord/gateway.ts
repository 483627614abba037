import type { WebSocket } from 'ws';
import { FakeDiscordState, shardOf, snowflake } from './state.js';

/** The gateway: bots log in, identify as a shard, and receive the guilds and interactions dispatched to them. */
export abstract class FakeDiscordGateway extends FakeDiscordState {
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

  protected identify(socket: WebSocket, shard: [number, number]): void {
    this.identified.set(socket, shard);
    socket.on('close', () => this.identified.delete(socket));
    const mine = [...this.guilds.keys()].filter((id) => shardOf(id, shard[1]) === shard[0]);
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

  protected send(socket: WebSocket, t: string, d: unknown): void {
    socket.send(JSON.stringify({ op: 0, t, s: ++this.sequence, d }));
  }

  /** Sends a dispatch to every connected bot; one about a guild only to the shard that holds the guild. */
  dispatch(t: string, d: unknown): void {
    const guildId = (d as { guild_id?: string } | null)?.guild_id;
    for (const s of this.sockets) {
      const shard = this.identified.get(s);
      if (guildId && shard && /^\d+$/.test(guildId) && shardOf(guildId, shard[1]) !== shard[0]) continue;
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
}
