import type { FakeFile } from './attachments.js';
import { FakeDiscordGateway } from './gateway.js';
import { type FakeUser, NO_PERMISSIONS, snowflake } from './state.js';

/** Discord's side of the conversation: the commands, clicks and modal submissions members make. */
export abstract class FakeDiscordInteractions extends FakeDiscordGateway {
  protected memberPayload(user: FakeUser) {
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

  protected interactionBase(guildId: string, channelId: string, user: FakeUser) {
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

  protected messageObject(id: string, channelId: string, body: Record<string, any>, flags = 0) {
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

  /**
   * The bot's answer to an interaction: its first response that is not a deferral (past 1.5 s, on a loaded machine,
   * the bot acknowledges first and answers with the edit that follows).
   */
  answerTo(token: string): { type: string; body: Record<string, any> } | undefined {
    return this.repliesTo(token).find((r) => r.type !== 'callback:5' && r.type !== 'callback:6');
  }

  /** The message an interaction's reply created (for ephemeral replies: its id, to click on it later). */
  replyMessage(token: string): { id: string; channelId: string } | undefined {
    return this.originals.get(token);
  }
}
