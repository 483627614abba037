import { randomBytes } from 'node:crypto';

/**
 * Slack's side of OAuth for the fake: workspaces that install the app through the consent screen, the code
 * exchange and the refresh-token grant of oauth.v2.access, and rotating tokens. Each workspace has one current bot
 * token at a time: a refresh replaces it (the previous token and refresh token stop working at once, stricter than
 * Slack, so a process that keeps using an old token is caught), and with a lifetime set tokens expire.
 */

export interface FakeWorkspace {
  teamId: string;
  name: string;
  /** Set for a workspace of an Enterprise Grid organisation (and for the organisation itself: its own id). */
  enterpriseId?: string;
  /** An organisation that installs the app org-wide: teamId holds its id (E…), its token serves its workspaces. */
  organisation?: true;
  /** The workspaces an organisation's admins granted its org-wide install (team_access_granted): it serves only those. */
  granted?: Set<string>;
  botUserId: string;
  botId: string;
  /** The current bot token and refresh token (undefined: not installed). */
  token?: string;
  refreshToken?: string;
  /** When the current token stops working (ms since the epoch); undefined: never. */
  expiresAt?: number;
  /** Every bot token issued to this workspace, oldest first. */
  issued: string[];
  refreshes: number;
}

export type TokenCheck = { workspace: FakeWorkspace; expired: boolean } | undefined;

type Reply = { ok: true; [field: string]: unknown } | { ok: false; error: string };

let serial = 0;
const next = (prefix: string) => `${prefix}${(++serial).toString(36).toUpperCase().padStart(6, '0')}`;

export class FakeSlackOAuth {
  readonly clientId = `${Date.now() % 1_000_000}.${serial + 1}`;
  readonly clientSecret = randomBytes(16).toString('hex');
  readonly appId = next('AOA');
  /** Where the consent screen sends the browser back (the app settings' redirect URL). */
  redirectUrl?: string;
  /** Token rotation: each access token lives this many seconds (undefined: tokens do not expire, no rotation). */
  tokenLifetimeSeconds?: number;
  readonly workspaces = new Map<string, FakeWorkspace>();
  /** Every grant oauth.v2.access received, in order, with what it answered. */
  readonly grants: { grant: 'code' | 'refresh_token'; teamId?: string; error?: string }[] = [];
  private readonly codes = new Map<string, { teamId: string; at: number }>();
  private readonly byToken = new Map<string, FakeWorkspace>();
  private readonly byRefresh = new Map<string, FakeWorkspace>();

  constructor(private readonly now: () => number = Date.now) {}

  addWorkspace(name: string, opts: { enterpriseId?: string } = {}): FakeWorkspace {
    const workspace: FakeWorkspace = {
      teamId: next('TW'),
      name,
      enterpriseId: opts.enterpriseId,
      botUserId: next('UB'),
      botId: next('BB'),
      issued: [],
      refreshes: 0,
    };
    this.workspaces.set(workspace.teamId, workspace);
    return workspace;
  }

  /** An Enterprise Grid organisation; its workspaces are added with addWorkspace(name, { enterpriseId }). */
  addOrganisation(name: string): FakeWorkspace {
    const id = next('EO');
    const organisation: FakeWorkspace = {
      teamId: id,
      name,
      enterpriseId: id,
      organisation: true,
      granted: new Set(),
      botUserId: next('UB'),
      botId: next('BB'),
      issued: [],
      refreshes: 0,
    };
    this.workspaces.set(id, organisation);
    return organisation;
  }

  /** The organisation whose org-wide install serves a workspace now, if any. */
  orgServing(teamId: string): FakeWorkspace | undefined {
    const organisation = this.workspaces.get(this.workspaces.get(teamId)?.enterpriseId ?? '');
    return organisation?.organisation && organisation.token && organisation.granted?.has(teamId) ? organisation : undefined;
  }

  /** Whether the token of `owner` (a workspace, or an organisation installed org-wide) acts in workspace teamId. */
  covers(owner: string, teamId: string): boolean {
    return owner === teamId || this.orgServing(teamId)?.teamId === owner;
  }

  /** Which workspace a bot token belongs to, if it is that workspace's current one. */
  check(token: string): TokenCheck {
    const workspace = this.byToken.get(token);
    if (!workspace || workspace.token !== token) return undefined;
    return { workspace, expired: workspace.expiresAt !== undefined && this.now() >= workspace.expiresAt };
  }

  /**
   * GET /oauth/v2/authorize: the consent screen, approved at once by a member of the workspace the `team`
   * parameter names. Answers where the browser goes next (the app's redirect URL with a code and the state).
   */
  consent(url: URL): { status: number; location?: string; body?: string } {
    const params = url.searchParams;
    if (params.get('client_id') !== this.clientId) return { status: 400, body: 'invalid client_id' };
    const workspace = this.workspaces.get(params.get('team') ?? '');
    if (!workspace) return { status: 400, body: 'no workspace chosen (the team parameter)' };
    const redirect = params.get('redirect_uri') ?? this.redirectUrl;
    if (!redirect) return { status: 400, body: 'the app has no redirect URL' };
    const code = randomBytes(12).toString('hex');
    this.codes.set(code, { teamId: workspace.teamId, at: this.now() });
    const target = new URL(redirect);
    target.searchParams.set('code', code);
    if (params.get('state') !== null) target.searchParams.set('state', params.get('state')!);
    return { status: 302, location: target.toString() };
  }

  /** oauth.v2.access: the code exchange, and the refresh-token grant (which invalidates the refresh token used). */
  access(args: Record<string, string>, authorization?: string): Reply {
    const [id, secret] = basicCredentials(authorization) ?? [args.client_id, args.client_secret];
    if (id !== this.clientId || secret !== this.clientSecret) return this.refuse('code', 'invalid_client_id');
    if (args.grant_type === 'refresh_token') {
      const workspace = this.byRefresh.get(args.refresh_token ?? '');
      if (!workspace || workspace.refreshToken !== args.refresh_token) return this.refuse('refresh_token', 'invalid_refresh_token');
      workspace.refreshes += 1;
      this.issue(workspace);
      this.grants.push({ grant: 'refresh_token', teamId: workspace.teamId });
      return { ok: true, ...this.tokenFields(workspace) };
    }
    const code = this.codes.get(args.code ?? '');
    this.codes.delete(args.code ?? '');
    if (!code || this.now() - code.at > 10 * 60 * 1000) return this.refuse('code', 'invalid_code');
    const workspace = this.workspaces.get(code.teamId)!;
    this.issue(workspace);
    this.grants.push({ grant: 'code', teamId: workspace.teamId });
    return {
      ok: true,
      app_id: this.appId,
      authed_user: { id: next('UI') },
      scope: 'commands,chat:write,chat:write.public,users:read',
      bot_user_id: workspace.botUserId,
      // An org-wide install is the organisation's: no workspace of its own.
      team: workspace.organisation ? null : { id: workspace.teamId, name: workspace.name },
      enterprise: workspace.enterpriseId ? { id: workspace.enterpriseId, name: workspace.organisation ? workspace.name : 'Org' } : null,
      is_enterprise_install: workspace.organisation === true,
      ...this.tokenFields(workspace),
    };
  }

  /** The app is uninstalled from a workspace (or its tokens revoked): none of its tokens work any more. */
  revoke(teamId: string): void {
    const workspace = this.workspaces.get(teamId);
    if (!workspace) return;
    workspace.token = undefined;
    workspace.refreshToken = undefined;
    workspace.expiresAt = undefined;
    // An organisation's uninstall ends its access to every workspace; installing again starts with none.
    workspace.granted?.clear();
  }

  private issue(workspace: FakeWorkspace): void {
    const rotating = this.tokenLifetimeSeconds !== undefined;
    workspace.token = `${rotating ? 'xoxe.' : ''}xoxb-${workspace.teamId}-${randomBytes(8).toString('hex')}`;
    workspace.refreshToken = rotating ? `xoxe-1-${randomBytes(12).toString('hex')}` : undefined;
    workspace.expiresAt = rotating ? this.now() + this.tokenLifetimeSeconds! * 1000 : undefined;
    workspace.issued.push(workspace.token);
    this.byToken.set(workspace.token, workspace);
    if (workspace.refreshToken) this.byRefresh.set(workspace.refreshToken, workspace);
  }

  private tokenFields(workspace: FakeWorkspace): Record<string, unknown> {
    return {
      token_type: 'bot',
      access_token: workspace.token,
      ...(workspace.refreshToken ? { refresh_token: workspace.refreshToken, expires_in: this.tokenLifetimeSeconds } : {}),
    };
  }

  private refuse(grant: 'code' | 'refresh_token', error: string): Reply {
    this.grants.push({ grant, error });
    return { ok: false, error };
  }
}

function basicCredentials(authorization?: string): [string, string] | undefined {
  if (!authorization?.startsWith('Basic ')) return undefined;
  const [id, secret] = Buffer.from(authorization.slice(6), 'base64').toString().split(':');
  return id && secret ? [id, secret] : undefined;
}
