import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeServer } from '../fake-server.js';
import { FakeSlackEvents } from './events.js';
import { blockKitProblems } from './message-rules.js';
import { type ApiCall, id } from './state.js';
import { viewProblems } from './view-rules.js';

export { blockButtons, blocksText } from './blocks.js';
export type { ApiCall, FakeSlackUser, PostedMessage, ResponseUrlPost } from './state.js';

/**
 * A fake Slack on 127.0.0.1: the Web API methods Backprop calls, response URLs, a Socket Mode WebSocket, and
 * signed HTTP requests to an app in HTTP mode (events.ts). Everything that reaches it is recorded (state.ts).
 */
export class FakeSlack extends FakeSlackEvents {
  protected async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await FakeServer.readBytes(req);
    if (await this.files.http(req, bytes, res)) return;
    const raw = bytes.toString();
    const url = new URL(req.url ?? '/', this.url);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };

    let m: RegExpExecArray | null;
    if ((m = /^\/response\/(.+)$/.exec(url.pathname))) {
      const body = JSON.parse(raw || '{}');
      if (this.files.blockProblem(body.blocks) || blockKitProblems(body.blocks).length)
        return send(404, { ok: false, error: 'invalid_blocks' });
      this.responses.push({ eventId: m[1]!, body });
      return send(200, { ok: true });
    }
    if (url.pathname === '/oauth/v2/authorize' && req.method === 'GET') {
      const consent = this.oauth.consent(url);
      res.writeHead(consent.status, consent.location ? { location: consent.location } : { 'content-type': 'text/plain' });
      res.end(consent.body ?? '');
      return;
    }
    if (!(m = /^\/api\/([a-zA-Z0-9.]+)$/.exec(url.pathname))) return send(404, { ok: false, error: 'unknown_path' });
    const method = m[1]!;
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    const call: ApiCall = { method, args, authorization: req.headers.authorization, status: 200, at: Date.now() };
    this.calls.push(call);
    // The OAuth exchange authenticates with the app's client id and secret, not a token.
    if (method === 'oauth.v2.access') return send(200, this.oauth.access(args, req.headers.authorization));

    const hook = this.hooks.get(method);
    this.hooks.delete(method);
    await hook?.();
    const failure = this.failures.get(method)?.shift();
    if (failure?.status === 429) {
      call.status = 429;
      return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfter ?? 1) });
    }
    if (failure?.status) {
      call.status = failure.status;
      return send(failure.status, { ok: false, error: 'http_error' });
    }
    if (failure?.error) return send(200, { ok: false, error: failure.error });
    // Socket Mode connects with the app-level token; every other method needs a workspace's current bot token,
    // and acts in that workspace.
    const token = String(req.headers.authorization?.replace(/^Bearer /, '') ?? args.token);
    const workspace = this.tokenCheck(token);
    if (method === 'apps.connections.open') {
      if (!this.appTokens.has(token)) return send(200, { ok: false, error: 'invalid_auth' });
    } else if (!workspace || workspace.expired) {
      call.tokenError = workspace ? 'token_expired' : 'invalid_auth';
      return send(200, { ok: false, error: call.tokenError });
    }
    call.teamId = workspace?.teamId;
    // An organisation's token acts in the workspaces granted to it: in a channel of one of them, or for a member
    // of one; the call is in that workspace (auth.test names neither).
    const target = args.channel ?? args.user ?? args.user_id ?? args.users;
    if (workspace?.organisation && target !== undefined) {
      const where = args.channel ? this.channelTeams.get(String(args.channel)) : this.users.get(String(target))?.teamId;
      if (!where || !this.oauth.covers(workspace.teamId, where))
        return send(200, { ok: false, error: args.channel ? 'channel_not_found' : 'user_not_found' });
      call.teamId = where;
    }
    if (this.files.method(method, args, send)) return;
    // Messages showing an image block may only show files uploaded to this workspace.
    if (['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(method)) {
      const blocks = typeof args.blocks === 'string' ? JSON.parse(args.blocks) : args.blocks;
      const problems = [this.files.blockProblem(blocks), ...blockKitProblems(blocks)].filter(Boolean);
      if (problems.length) return send(200, { ok: false, error: 'invalid_blocks', response_metadata: { messages: problems } });
    }

    switch (method) {
      case 'auth.test':
        return send(200, {
          ok: true,
          url: 'https://fake.slack.com/',
          team: 'Fake',
          user: 'backprop',
          team_id: workspace!.teamId,
          user_id: workspace!.botUserId,
          bot_id: workspace!.botId,
        });
      case 'apps.connections.open':
        return send(200, { ok: true, url: `${this.url.replace('http', 'ws')}/socket` });
      case 'chat.postMessage': {
        const ts = `${this.ts++}.000100`;
        const blocks = typeof args.blocks === 'string' ? JSON.parse(args.blocks) : (args.blocks ?? []);
        this.messages.push({ team: call.teamId!, channel: args.channel, ts, text: args.text ?? '', blocks, updates: [] });
        return send(200, { ok: true, channel: args.channel, ts, message: { ts, text: args.text } });
      }
      case 'chat.update': {
        const message = this.messages.find((x) => x.team === call.teamId && x.channel === args.channel && x.ts === args.ts);
        if (!message) return send(200, { ok: false, error: 'message_not_found' });
        message.updates.push({
          text: args.text ?? '',
          blocks: typeof args.blocks === 'string' ? JSON.parse(args.blocks) : (args.blocks ?? []),
        });
        return send(200, { ok: true, channel: args.channel, ts: args.ts });
      }
      case 'views.publish': {
        const view = typeof args.view === 'string' ? JSON.parse(args.view) : args.view;
        this.views.push({ userId: args.user_id, view });
        return send(200, { ok: true, view: { id: id('V'), ...view } });
      }
      case 'views.open': {
        const view = typeof args.view === 'string' ? JSON.parse(args.view) : args.view;
        // A trigger opens one modal, within 3 seconds of the event that carried it.
        const issued = this.triggers.get(args.trigger_id);
        if (issued === undefined) return send(200, { ok: false, error: 'invalid_trigger_id' });
        this.triggers.delete(args.trigger_id);
        if (Date.now() - issued > 3000) return send(200, { ok: false, error: 'expired_trigger_id' });
        const problems = viewProblems(view);
        if (problems.length) return send(200, { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } });
        this.modals.push({ triggerId: args.trigger_id, view });
        return send(200, { ok: true, view: { id: id('V'), ...view } });
      }
      case 'chat.postEphemeral': {
        const blocks = typeof args.blocks === 'string' ? JSON.parse(args.blocks) : (args.blocks ?? []);
        this.ephemerals.push({ channel: args.channel, user: args.user, text: args.text ?? '', blocks });
        return send(200, { ok: true, message_ts: `${this.ts++}.000200` });
      }
      case 'users.info': {
        // A workspace's token sees its own members only (an org-wide install's, those of the workspaces it serves).
        const user = this.users.get(args.user);
        if (!user || !this.oauth.covers(workspace!.teamId, user.teamId)) return send(200, { ok: false, error: 'user_not_found' });
        return send(200, {
          ok: true,
          user: {
            id: user.id,
            team_id: user.teamId,
            name: user.name,
            real_name: user.name,
            is_admin: user.isAdmin,
            is_owner: user.isOwner,
            is_primary_owner: false,
            profile: { display_name: user.name, real_name: user.name },
          },
        });
      }
      case 'conversations.open': {
        // The app's direct conversation with a member: one per member.
        if (!args.users || !this.users.has(String(args.users))) return send(200, { ok: false, error: 'user_not_found' });
        return send(200, { ok: true, channel: { id: `D${String(args.users).slice(1)}` } });
      }
      default:
        return send(200, { ok: false, error: 'unknown_method' });
    }
  }
}

function parseArgs(raw: string, contentType: string): Record<string, any> {
  if (contentType.includes('application/json')) return raw ? JSON.parse(raw) : {};
  return Object.fromEntries(new URLSearchParams(raw));
}
