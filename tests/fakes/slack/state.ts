import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { FakeServer } from '../fake-server.js';
import { FakeSlackFiles } from './files.js';
import { FakeSlackOAuth, type FakeWorkspace } from './oauth.js';

/**
 * The fake Slack's state (see server.ts for the whole): its own workspace and the installed ones, members, channels,
 * and everything that reached it, with the helpers tests read it through.
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

export type Failure = { status?: number; error?: string; retryAfter?: number };

/** The installation an event is delivered for (see installationOf). */
export interface EventAbout {
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
/** A fresh id with Slack's shape: a letter, then eight characters. */
export const id = (prefix: string) => `${prefix}${(++counter).toString(36).toUpperCase().padStart(8, '0')}`;

/** What the fake Slack holds: its workspaces, members, channels and everything that reached it. */
export abstract class FakeSlackState extends FakeServer {
  protected override readonly socketPath = '/socket';
  readonly teamId = id('T');
  readonly botUserId = id('U');
  readonly botId = id('B');
  readonly appId = id('A');
  readonly signingSecret = randomBytes(16).toString('hex');
  /** The workspace's bot token: every Web API call must carry it (Socket Mode's connection, the app token). */
  botToken = 'xoxb-fake-bot-token';
  /** The app-level tokens Slack knows (those the suites use): Socket Mode refuses any other with invalid_auth. */
  readonly appTokens = new Set(['xapp-fake-app-token', 'xapp-secret-app-token', 'xapp-fake']);
  /** Other workspaces, which install the app through OAuth, each with its own (rotating) tokens. */
  readonly oauth = new FakeSlackOAuth();
  readonly files = new FakeSlackFiles(
    () => this.url,
    (token) => this.tokenCheck(token)?.expired === false,
  );
  readonly users = new Map<string, FakeSlackUser>();
  /** Channels' workspaces, where a test names them (addChannel): what an organisation's token needs. */
  protected readonly channelTeams = new Map<string, string>();
  readonly calls: ApiCall[] = [];
  readonly messages: PostedMessage[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly acks = new Map<string, unknown>();
  /** Events sent but not yet delivered (holdNext). */
  protected holding = false;
  protected readonly held: (() => Promise<void>)[] = [];
  readonly views: { userId: string; view: any }[] = [];
  /** Modals opened with views.open, and ephemeral messages sent with chat.postEphemeral. */
  readonly modals: { triggerId: string; view: any }[] = [];
  readonly ephemerals: { channel: string; user: string; text: string; blocks: any[] }[] = [];
  /** The daily questions among the channel posts (setup also posts a short confirmation). */
  get dailyMessages(): PostedMessage[] {
    return this.messages.filter((m) => /"(daily:answer|open:type):/.test(JSON.stringify(m.blocks)));
  }

  /** Trigger ids handed out with events, and when: views.open takes each once, within 3 seconds. */
  protected readonly triggers = new Map<string, number>();
  /** The event each trigger came with, to find the modal an event opened. */
  protected readonly triggerEvents = new Map<string, string>();
  protected trigger(eventId?: string): string {
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
  protected readonly failures = new Map<string, Failure[]>();
  protected readonly hooks = new Map<string, () => Promise<void>>();
  protected ts = 1_700_000_000;

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

  /** A channel of a workspace: an organisation's token may act only in channels of the workspaces it serves. */
  addChannel(channel: string, workspace: FakeWorkspace): void {
    this.channelTeams.set(channel, workspace.teamId);
  }

  /** Slack delivers nothing from a workspace of an organisation the app is not in (no install of its own, none granted). */
  protected assertServed(teamId: string): void {
    const workspace = this.oauth.workspaces.get(teamId);
    if (workspace?.enterpriseId && !workspace.organisation && !workspace.token && !this.oauth.orgServing(teamId))
      throw new Error(`fake Slack: the app is not in workspace ${workspace.name}, so nothing from there reaches it`);
  }

  /**
   * The installation an event from a workspace (or an organisation) is delivered for: the organisation's org-wide
   * one (the authorization names no workspace), or the workspace's own; and the organisation the workspace is in.
   */
  protected installationOf(teamId: string): EventAbout {
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
}
