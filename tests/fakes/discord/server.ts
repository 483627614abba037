import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeServer } from '../fake-server.js';
import { type FakeFile, missingAttachments, readRestRequest } from './attachments.js';
import { FakeDiscordInteractions } from './interactions.js';
import { messageProblems } from './message-rules.js';
import { modalProblems } from './modal-rules.js';
import { type ChannelMessage, type Failure, snowflake } from './state.js';

export type { ChannelMessage, FakeUser, InteractionResponse, RecordedRequest } from './state.js';
export { MANAGE_GUILD, NO_PERMISSIONS, snowflake } from './state.js';

/**
 * A fake Discord on 127.0.0.1: the REST API (here) and the gateway (gateway.ts), enough for real discord.js to log
 * in, receive interactions (interactions.ts) and post, edit and reply. Everything that reaches it is recorded for
 * the tests to assert on (state.ts).
 */
export class FakeDiscord extends FakeDiscordInteractions {
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

    // Interaction callbacks and webhooks carry the interaction's token in the path, and no Authorization.
    const auth = req.headers.authorization;
    if ((auth !== undefined || path === '/gateway/bot') && !this.botTokens.has(auth?.replace(/^Bot /, '') ?? '')) {
      return reply(401, { message: '401: Unauthorized', code: 0 });
    }
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
