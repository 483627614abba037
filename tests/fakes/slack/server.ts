import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import { FakeServer } from '../fake-server.js';
import { type FakeSlackFile, FakeSlackFiles } from './files.js';
import { blockKitProblems } from './message-rules.js';
import { FakeSlackOAuth, type FakeWorkspace } from './oauth.js';
import { viewProblems } from './view-rules.js';

/**
 * A fake Slack on 127.0.0.1: the Web API methods Backprop calls, response URLs, a Socket Mode WebSocket, and
 * signed HTTP requests to an app in HTTP mode. Everything that reaches it is recorded.
 */

export interface FakeSlackUser {
  id: string;
  name: string;
  /** The workspace the member belongs to (the fake's own one unless added to another). */
  teamId: string;
  isAdmin?: boolean;
  isOwner?: boolean;
}

export interface ApiCall {
  method: string;
  args: Record<string, any>;
  authorization?: string;
  /** The workspace whose bot token the call carried (undefined: no valid token). */
  teamId?: string;
  /** Set when the fake refused the call's token: invalid_auth (not a current token) or token_expired. */
  tokenError?: string;
  status: number;
  at: number;
}

export interface PostedMessage {
  /** The workspace it was posted in (the one whose token posted it). */
  team: string;
  channel: string;
  ts: string;
  text: string;
  blocks: any[];
  updates: { text: string; blocks: any[] }[];
}

export interface ResponseUrlPost {
  /** The event whose response URL this was. */
  eventId: string;
  body: Record<string, any>;
}

type Failure = { status?: number; error?: string; retryAfter?: number };

/** The installation an event is delivered for (see installationOf). */
interface EventAbout {
  enterpriseId?: string;
  /** The organisation whose org-wide install the event is for, if it is one. */
  orgWide?: FakeWorkspace;
  /** The event is the organisation's own, not a workspace's. */
  orgLevel: boolean;
  botUserId: string;
  /** Without authorizations, as Slack's own sample of app_uninstalled. */
  bare?: boolean;
}

let counter = 0;
const id = (prefix: string) => `${prefix}${(++counter).toString(36).toUpperCase().padStart(8, '0')}`;

export class FakeSlack extends FakeServer {
  protected override readonly socketPath = '/socket';
  readonly teamId = id('T');
  readonly botUserId = id('U');
  readonly botId = id('B');
  readonly appId = id('A');
  readonly signingSecret = randomBytes(16).toString('hex');
  /** The workspace's bot token: every Web API call must carry it (Socket Mode's connection, the app token). */
  botToken = 'xoxb-fake-bot-token';
  /** Other workspaces, which install the app through OAuth, each with its own (rotating) tokens. */
  readonly oauth = new FakeSlackOAuth();
  readonly files = new FakeSlackFiles(
    () => this.url,
    (token) => this.tokenCheck(token)?.expired === false,
  );
  readonly users = new Map<string, FakeSlackUser>();
  /** Channels' workspaces, where a test names them (addChannel): what an organisation's token needs. */
  private readonly channelTeams = new Map<string, string>();
  readonly calls: ApiCall[] = [];
  readonly messages: PostedMessage[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly acks = new Map<string, unknown>();
  /** Events sent but not yet delivered (holdNext). */
  private holding = false;
  private readonly held: (() => Promise<void>)[] = [];
  readonly views: { userId: string; view: any }[] = [];
  /** Modals opened with views.open, and ephemeral messages sent with chat.postEphemeral. */
  readonly modals: { triggerId: string; view: any }[] = [];
  readonly ephemerals: { channel: string; user: string; text: string; blocks: any[] }[] = [];
  /** The daily questions among the channel posts (setup also posts a short confirmation). */
  get dailyMessages(): PostedMessage[] {
    return this.messages.filter((m) => /"(daily:answer|open:type):/.test(JSON.stringify(m.blocks)));
  }

  /** Trigger ids handed out with events, and when: views.open takes each once, within 3 seconds. */
  private readonly triggers = new Map<string, number>();
  /** The event each trigger came with, to find the modal an event opened. */
  private readonly triggerEvents = new Map<string, string>();
  private trigger(eventId?: string): string {
    const t = id('TR');
    this.triggers.set(t, Date.now());
    if (eventId) this.triggerEvents.set(t, eventId);
    return t;
  }

  /** The modals an event (by its id) opened with its trigger. */
  modalsFor(eventId: string): any[] {
    return this.modals.filter((m) => this.triggerEvents.get(m.triggerId) === eventId).map((m) => m.view);
  }

  /** Where a Bolt app in HTTP mode listens; set by the test after the app started. */
  appUrl?: string;
  private readonly failures = new Map<string, Failure[]>();
  private readonly hooks = new Map<string, () => Promise<void>>();
  private ts = 1_700_000_000;

  /** The Web API base to give the app (slackApiUrl, with its trailing slash). */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** Drops every Socket Mode connection, as Slack does when it rotates its servers (the app reconnects). */
  dropSockets(): void {
    for (const s of this.sockets) s.close(1001, 'dropped by the test');
  }

  protected onSocket(socket: WebSocket): void {
    socket.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { envelope_id?: string; payload?: unknown };
      if (msg.envelope_id) this.acks.set(msg.envelope_id, msg.payload ?? null);
    });
    socket.send(
      JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: this.appId }, debug_info: { host: 'fake' } }),
    );
  }

  addUser(name: string, opts: { admin?: boolean; owner?: boolean; teamId?: string } = {}): FakeSlackUser {
    const user = { id: id('U'), name, teamId: opts.teamId ?? this.teamId, isAdmin: opts.admin ?? false, isOwner: opts.owner ?? false };
    this.users.set(user.id, user);
    return user;
  }

  /** Which workspace a bot token acts for: the fake's own token, or the current token of an installed workspace. */
  tokenCheck(token: string): { teamId: string; botUserId: string; botId: string; expired: boolean; organisation?: true } | undefined {
    if (token === this.botToken) return { teamId: this.teamId, botUserId: this.botUserId, botId: this.botId, expired: false };
    const found = this.oauth.check(token);
    return found && { ...found.workspace, expired: found.expired };
  }

  /** A workspace uninstalls the app (or revokes its tokens): its tokens stop working, then the event is sent. */
  async uninstall(
    mode: 'socket' | 'http',
    workspace: FakeWorkspace,
    type: 'app_uninstalled' | 'tokens_revoked' = 'app_uninstalled',
    opts: { bare?: boolean } = {},
  ) {
    // The event carries the installation it was about: worked out before the tokens go.
    const about = { ...this.installationOf(workspace.teamId), bare: opts.bare };
    this.oauth.revoke(workspace.teamId);
    const event = type === 'app_uninstalled' ? { type } : { type, tokens: { bot: [workspace.botUserId] } };
    return this.event(mode, event, workspace.teamId, about);
  }

  /** An organisation's admins grant its org-wide install workspaces: its token acts there from now on. */
  async grantTeamAccess(mode: 'socket' | 'http', organisation: FakeWorkspace, workspaces: FakeWorkspace[]) {
    for (const w of workspaces) organisation.granted!.add(w.teamId);
    return this.event(mode, { type: 'team_access_granted', team_ids: workspaces.map((w) => w.teamId) }, organisation.teamId);
  }

  /** …or take them out of it: its token stops acting there at once. */
  async revokeTeamAccess(mode: 'socket' | 'http', organisation: FakeWorkspace, workspaces: FakeWorkspace[]) {
    for (const w of workspaces) organisation.granted!.delete(w.teamId);
    return this.event(mode, { type: 'team_access_revoked', team_ids: workspaces.map((w) => w.teamId) }, organisation.teamId);
  }

  /** A channel of a workspace: an organisation's token may act only in channels of the workspaces it serves. */
  addChannel(channel: string, workspace: FakeWorkspace): void {
    this.channelTeams.set(channel, workspace.teamId);
  }

  /** Slack delivers nothing from a workspace of an organisation the app is not in (no install of its own, none granted). */
  private assertServed(teamId: string): void {
    const workspace = this.oauth.workspaces.get(teamId);
    if (workspace?.enterpriseId && !workspace.organisation && !workspace.token && !this.oauth.orgServing(teamId))
      throw new Error(`fake Slack: the app is not in workspace ${workspace.name}, so nothing from there reaches it`);
  }

  /**
   * The installation an event from a workspace (or an organisation) is delivered for: the organisation's org-wide
   * one (the authorization names no workspace), or the workspace's own; and the organisation the workspace is in.
   */
  private installationOf(teamId: string): EventAbout {
    const workspace = this.oauth.workspaces.get(teamId);
    const orgWide = workspace?.organisation ? (workspace.token ? workspace : undefined) : this.oauth.orgServing(teamId);
    return {
      enterpriseId: workspace?.enterpriseId,
      orgWide,
      orgLevel: workspace?.organisation === true,
      botUserId: (orgWide ?? workspace)?.botUserId ?? this.botUserId,
    };
  }

  /** The next call of a Web API method fails: with an HTTP status (429 adds Retry-After) or a Slack error code. */
  failNext(method: string, failure: Failure): void {
    const list = this.failures.get(method) ?? [];
    list.push(failure);
    this.failures.set(method, list);
  }

  /** Before answering the next call of a Web API method, something else happens first (a revoke mid-event). */
  beforeNext(method: string, hook: () => Promise<void>): void {
    this.hooks.set(method, hook);
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Everything posted to one event's response URL, in order. */
  responsesTo(eventId: string): Record<string, any>[] {
    return this.responses.filter((r) => r.eventId === eventId).map((r) => r.body);
  }

  // ── driving the app ──────────────────────────────────────────────────────────────────────────────────────

  /** A member runs a slash command; resolves to the event id whose response URL the reply will use. */
  async slash(mode: 'socket' | 'http', user: FakeSlackUser, command: string, text: string, channel = 'C0GENERAL'): Promise<string> {
    this.assertServed(user.teamId);
    const eventId = id('E');
    const payload = {
      token: 'verification-token',
      team_id: user.teamId,
      team_domain: 'fake',
      channel_id: channel,
      channel_name: 'general',
      user_id: user.id,
      user_name: user.name,
      command,
      text,
      api_app_id: this.appId,
      ...this.commandEnterprise(user.teamId),
      response_url: `${this.url}/response/${eventId}`,
      trigger_id: this.trigger(eventId),
    };
    await this.deliver(mode, 'slash_commands', payload, new URLSearchParams(payload).toString(), 'application/x-www-form-urlencoded');
    return eventId;
  }

  private commandEnterprise(teamId: string): Record<string, string> {
    const { enterpriseId, orgWide } = this.installationOf(teamId);
    return { ...(enterpriseId ? { enterprise_id: enterpriseId } : {}), is_enterprise_install: String(orgWide !== undefined) };
  }

  private interactionEnterprise(teamId: string) {
    const { enterpriseId, orgWide } = this.installationOf(teamId);
    return { enterprise: enterpriseId ? { id: enterpriseId, name: 'Org' } : null, is_enterprise_install: orgWide !== undefined };
  }

  /** A member clicks a button (by action id) on a message: a channel post, or an ephemeral reply. */
  async click(
    mode: 'socket' | 'http',
    user: FakeSlackUser,
    actionId: string,
    where: { channel: string; ts?: string; ephemeral?: boolean },
  ): Promise<string> {
    this.assertServed(user.teamId);
    const eventId = id('E');
    const payload = {
      type: 'block_actions',
      user: { id: user.id, username: user.name, name: user.name, team_id: user.teamId },
      api_app_id: this.appId,
      token: 'verification-token',
      container: { type: 'message', message_ts: where.ts ?? '1.1', channel_id: where.channel, is_ephemeral: where.ephemeral ?? false },
      trigger_id: this.trigger(eventId),
      team: { id: user.teamId, domain: 'fake' },
      ...this.interactionEnterprise(user.teamId),
      channel: { id: where.channel, name: 'general' },
      state: { values: {} },
      response_url: `${this.url}/response/${eventId}`,
      actions: [
        {
          action_id: actionId,
          block_id: 'b1',
          text: { type: 'plain_text', text: 'x', emoji: true },
          value: 'x',
          type: 'button',
          action_ts: String(this.ts),
        },
      ],
    };
    await this.deliver(
      mode,
      'interactive',
      payload,
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );
    return eventId;
  }

  /**
   * A member submits a modal the app opened: text in its one input, or by input action id each text or the files
   * given to a file input. An input left out that is not optional is what Slack refuses to submit.
   */
  async submitView(
    mode: 'socket' | 'http',
    user: FakeSlackUser,
    view: any,
    input: string | Record<string, string | FakeSlackFile[]>,
  ): Promise<void> {
    this.assertServed(user.teamId);
    const values: Record<string, Record<string, unknown>> = {};
    for (const [index, block] of (view.blocks as any[]).entries()) {
      if (block.type !== 'input') continue;
      const given = typeof input === 'string' ? (index === 0 ? input : undefined) : input[block.element.action_id];
      if (given === undefined && !block.optional) throw new Error(`the modal's input ${block.element.action_id} is required`);
      values[block.block_id] = {
        [block.element.action_id]:
          block.element.type === 'file_input'
            ? {
                type: 'file_input',
                files: (Array.isArray(given) ? given : []).map((f) => ({ id: f.id, name: f.name, size: f.data.length })),
              }
            : { type: 'plain_text_input', value: typeof given === 'string' ? given : null },
      };
    }
    const payload = {
      type: 'view_submission',
      team: { id: user.teamId, domain: 'fake' },
      user: { id: user.id, username: user.name, name: user.name, team_id: user.teamId },
      api_app_id: this.appId,
      token: 'verification-token',
      trigger_id: this.trigger(),
      view: {
        ...view,
        id: id('V'),
        team_id: user.teamId,
        state: { values },
      },
      response_urls: [],
      ...this.interactionEnterprise(user.teamId),
    };
    await this.deliver(
      mode,
      'interactive',
      payload,
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );
  }

  /** An Events API event (app_home_opened, app_uninstalled, …). */
  async event(
    mode: 'socket' | 'http',
    event: Record<string, unknown>,
    teamId = this.teamId,
    about = this.installationOf(teamId),
  ): Promise<string> {
    const eventId = id('Ev');
    const { enterpriseId, orgWide, orgLevel, botUserId } = about;
    const payload = {
      token: 'verification-token',
      // An organisation's own events (team_access_*, its uninstall) belong to no workspace.
      team_id: orgLevel ? null : teamId,
      ...(enterpriseId ? { enterprise_id: enterpriseId } : {}),
      api_app_id: this.appId,
      event: { event_ts: String(this.ts), ...event },
      type: 'event_callback',
      event_id: eventId,
      event_time: this.ts,
      // Slack's own sample of app_uninstalled has none: about.bare sends that shape.
      ...(about.bare
        ? {}
        : {
            authorizations: [
              {
                enterprise_id: enterpriseId ?? null,
                team_id: orgWide ? null : teamId,
                user_id: botUserId,
                is_bot: true,
                is_enterprise_install: orgWide !== undefined,
              },
            ],
          }),
      is_ext_shared_channel: false,
    };
    await this.deliver(mode, 'events_api', payload, JSON.stringify(payload), 'application/json');
    return eventId;
  }

  /**
   * The next event is sent as it is now, but reaches the app only on deliverHeld(): an event Slack sent (or retried)
   * while something changed, such as a workspace's access being revoked.
   */
  holdNext(): void {
    this.holding = true;
  }

  async deliverHeld(): Promise<void> {
    for (const send of this.held.splice(0)) await send();
  }

  private async deliver(mode: 'socket' | 'http', type: string, payload: unknown, body: string, contentType: string): Promise<void> {
    if (this.holding) {
      this.holding = false;
      this.held.push(() => this.deliver(mode, type, payload, body, contentType));
      return;
    }
    if (mode === 'socket') {
      const envelopeId = id('ENV');
      const frame = JSON.stringify({ envelope_id: envelopeId, type, accepts_response_payload: type !== 'events_api', payload });
      for (const s of this.sockets) s.send(frame);
      await this.waitFor(() => this.acks.has(envelopeId), `the ack of ${type} envelope ${envelopeId}`);
      return;
    }
    const response = await this.signedPost(body, contentType);
    if (response.status !== 200) throw new Error(`the app answered ${response.status} to a signed ${type} request`);
  }

  /** POSTs to the app's /slack/events, signed as Slack does (or not, or wrongly, or too old). */
  async signedPost(
    body: string,
    contentType = 'application/x-www-form-urlencoded',
    sign: 'valid' | 'missing' | 'wrong' | 'stale' = 'valid',
  ): Promise<{ status: number; text: string }> {
    if (!this.appUrl) throw new Error('fake Slack: appUrl is not set (HTTP mode)');
    const ts = Math.floor(Date.now() / 1000) - (sign === 'stale' ? 6 * 60 : 0);
    const secret = sign === 'wrong' ? 'not-the-secret' : this.signingSecret;
    const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
    const headers: Record<string, string> = { 'content-type': contentType };
    if (sign !== 'missing') {
      headers['x-slack-request-timestamp'] = String(ts);
      headers['x-slack-signature'] = signature;
    }
    const res = await fetch(`${this.appUrl}/slack/events`, { method: 'POST', headers, body });
    return { status: res.status, text: await res.text() };
  }

  // ── the Web API ──────────────────────────────────────────────────────────────────────────────────────────

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
      if (!token.startsWith('xapp-')) return send(200, { ok: false, error: 'invalid_auth' });
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

/** The visible text of Block Kit blocks (headers, sections, context), for assertions. */
export function blocksText(blocks: any[]): string {
  return blocks
    .flatMap((b) => {
      if (b.type === 'header' || b.type === 'section') return [b.text?.text ?? ''];
      if (b.type === 'context') return b.elements.map((e: any) => e.text);
      return [];
    })
    .join('\n')
    .replace(/(?<!\u200b)\*(?!\u200b)/g, '') // bold markers; content's own asterisks are fenced by zero-width spaces
    .replace(/\u200b/g, '');
}

/** The buttons of Block Kit blocks: label → action id. */
export function blockButtons(blocks: any[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of blocks) if (b.type === 'actions') for (const e of b.elements) out[e.text.text] = e.action_id;
  return out;
}
