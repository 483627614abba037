import { randomBytes } from 'node:crypto';
import type { InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Logger } from '../../../core/ports/logger.js';
import type { Claims, Documents } from '../../../core/ports/store.js';
import { keys, SLACK_ENTERPRISE_OF_PREFIX, SLACK_INSTALLATION_PREFIX } from '../../../core/shared/keys.js';
import {
  type AnyInstallation,
  finalRefusal,
  type InstallationDoc,
  REFRESH_AHEAD_MS,
  REFRESH_LEASE_MS,
  REFUSED_FOR_GOOD,
  REVOKED_WINDOW_MS,
  type RefreshedToken,
  type Target,
  withoutRefresh,
} from './installation-doc.js';
import type { TokenBox } from './token-box.js';

type AnyQuery = InstallationQuery<boolean>;

export interface StoredInstallationsOptions {
  store: Documents & Claims;
  box: TokenBox;
  /** oauth.v2.access with the refresh-token grant. */
  refresh: (refreshToken: string) => Promise<RefreshedToken>;
  log: Logger;
  now?: () => number;
  /** How long a process waits for another one's refresh before using what is stored. */
  refreshWaitMs?: number;
}

export { REVOKED_WINDOW_MS };

/**
 * No installation serves the event's workspace: uninstalled, or just taken out of an org-wide install. Expected (Bolt
 * acknowledges the event and calls no listener); any other error finding an installation (the store down, a token
 * that does not open) is a failure.
 */
export class NotServed extends Error {
  override readonly name = 'NotServed';
}

const revokedError = (workspace: string, enterpriseId: string) =>
  new NotServed(`workspace ${workspace} was taken out of organisation ${enterpriseId}'s installation minutes ago`);

/**
 * Bolt's installation store, on Backprop's own store: installations keyed by workspace, or by organisation for
 * org-wide installs, tokens encrypted at rest. Rotating tokens are refreshed here, before they expire, by one
 * process at a time (a lease in the store, then a second read): Slack invalidates a refresh token once used, so
 * two processes refreshing at once would leave one of them with a dead token.
 *
 * What Bolt's installer gets back has no refresh token: its own refresh (on every event within 2 hours of expiry)
 * would race between processes, so the refresh happens here, before Bolt sees the installation.
 */
export class StoredInstallations implements InstallationStore {
  private readonly now: () => number;

  constructor(private readonly o: StoredInstallationsOptions) {
    this.now = o.now ?? Date.now;
  }

  async storeInstallation(installation: AnyInstallation): Promise<void> {
    const enterpriseId = installation.enterprise?.id;
    const teamId = installation.team?.id;
    const isEnterpriseInstall = installation.isEnterpriseInstall === true && enterpriseId !== undefined;
    const target: Target = isEnterpriseInstall ? { scope: 'enterprise', id: enterpriseId } : { scope: 'team', id: teamId ?? '' };
    if (!target.id) throw new Error('an installation without a workspace or organisation id');
    await this.save(target, installation, this.now());
  }

  async fetchInstallation(query: AnyQuery): Promise<AnyInstallation> {
    // The workspace an event comes from (an organisation-level event names none, or names the organisation).
    const workspace = query.teamId && query.teamId !== query.enterpriseId ? query.teamId : undefined;
    const target = await this.targetOf(query, workspace);
    if (!target) throw new NotServed(`no installation for workspace ${query.teamId ?? '-'} / organisation ${query.enterpriseId ?? '-'}`);
    const current = await this.fresh(target);
    if (!current) throw new NotServed(`no installation for ${target.scope} ${target.id}`);
    if (workspace && target.scope === 'enterprise' && query.isEnterpriseInstall) {
      // A workspace's events under an org-wide install: remembered, so the scheduler finds the installation. Linked
      // only once it exists (an event after the organisation's uninstall links nothing). A link this event wrote is
      // checked against the revoke window again: a revoke claims before it unlinks, so one that began meanwhile is
      // seen here and undone (a link that was already there is the revoke's to remove).
      if ((await this.link(workspace, target.id)) && (await this.revokedRecently(workspace))) {
        await this.unlink(workspace);
        // A grant may have come meanwhile (it ends the window and links): its link stays.
        if (await this.revokedRecently(workspace)) throw revokedError(workspace, target.id);
        await this.link(workspace, target.id);
      }
    }
    return withoutRefresh(current);
  }

  async deleteInstallation(query: AnyQuery): Promise<void> {
    await this.uninstall(query);
  }

  /**
   * Deletes the installation an uninstall event is about, and says which it was (none: already gone). Unlike an
   * event's authorisation, never falls back from a workspace to its organisation: a repeated uninstall of a
   * workspace's own installation must not take the organisation's with it. An event naming no workspace is the
   * organisation's (Slack's sample app_uninstalled carries no authorizations).
   */
  async uninstall(query: AnyQuery): Promise<Target | undefined> {
    const target: Target | undefined =
      query.isEnterpriseInstall || !query.teamId
        ? query.enterpriseId
          ? { scope: 'enterprise', id: query.enterpriseId }
          : undefined
        : { scope: 'team', id: query.teamId };
    if (!target || !(await this.read(target))) return undefined;
    await this.o.store.delete(keys.slackInstallation(target.scope, target.id));
    return target;
  }

  /** A workspace served by an organisation's org-wide installation (read first: every event of it passes here). True: written. */
  async link(teamId: string, enterpriseId: string): Promise<boolean> {
    const key = keys.slackEnterpriseOf(teamId);
    if ((await this.o.store.get<string>(key)) === enterpriseId) return false;
    await this.o.store.set(key, enterpriseId);
    return true;
  }

  /** A workspace taken out of an org-wide installation: its posts no longer find that installation. */
  async unlink(teamId: string): Promise<void> {
    await this.o.store.delete(keys.slackEnterpriseOf(teamId));
  }

  /**
   * team_access_revoked: its events refused for a while (see REVOKED_WINDOW_MS), a repeated revoke starting the
   * window again, then unlinked (in this order: see fetchInstallation). True when the workspace has an installation
   * of its own, which still serves it.
   */
  async revoke(teamId: string): Promise<boolean> {
    await this.o.store.releaseClaim(keys.slackAccessRevoked(teamId));
    await this.o.store.claim(keys.slackAccessRevoked(teamId), 'revoked', REVOKED_WINDOW_MS);
    await this.unlink(teamId);
    return (await this.o.store.get(keys.slackInstallation('team', teamId))) !== undefined;
  }

  /**
   * Whether an event may bring the workspace's removed team back: an installation still serves it, and it was not
   * just taken out of an org-wide one. An event under way when the app was uninstalled or the workspace revoked does
   * not (both delete or claim before the team is marked removed).
   */
  async mayRestore(teamId: string): Promise<boolean> {
    const query = await this.queryFor(teamId);
    return query !== undefined && (!query.isEnterpriseInstall || !(await this.revokedRecently(teamId)));
  }

  /** Whether the workspace was taken out of an org-wide installation within REVOKED_WINDOW_MS. */
  private async revokedRecently(teamId: string): Promise<boolean> {
    return (await this.o.store.getClaim(keys.slackAccessRevoked(teamId))) !== undefined;
  }

  /** team_access_granted: linked, and served at once even within a revoke's window. */
  async grant(teamId: string, enterpriseId: string): Promise<void> {
    await this.o.store.releaseClaim(keys.slackAccessRevoked(teamId));
    await this.link(teamId, enterpriseId);
  }

  /** The organisation's installation is gone: the workspaces it served, no longer linked to it. */
  async unlinkOrganisation(enterpriseId: string): Promise<string[]> {
    const links = await this.o.store.docKeys(SLACK_ENTERPRISE_OF_PREFIX);
    const organisations = await this.o.store.getMany<string>(links);
    const served = links.filter((_, i) => organisations[i] === enterpriseId);
    for (const key of served) await this.o.store.delete(key);
    return served.map((key) => key.slice(SLACK_ENTERPRISE_OF_PREFIX.length));
  }

  /** The query that finds a workspace's installation: its own, or that of the organisation that installed for it. */
  async queryFor(teamId: string): Promise<AnyQuery | undefined> {
    if (await this.o.store.get(keys.slackInstallation('team', teamId)))
      return { teamId, enterpriseId: undefined, isEnterpriseInstall: false };
    const enterpriseId = await this.o.store.get<string>(keys.slackEnterpriseOf(teamId));
    if (enterpriseId && (await this.o.store.get(keys.slackInstallation('enterprise', enterpriseId))))
      return { teamId: undefined, enterpriseId, isEnterpriseInstall: true };
    return undefined;
  }

  private async targetOf(query: AnyQuery, workspace: string | undefined): Promise<Target | undefined> {
    if (query.enterpriseId && workspace && (await this.revokedRecently(workspace))) {
      // Only the organisation's installation was revoked there: a workspace's own install still serves it.
      if (await this.o.store.get(keys.slackInstallation('team', workspace))) return { scope: 'team', id: workspace };
      throw revokedError(workspace, query.enterpriseId);
    }
    if (query.isEnterpriseInstall && query.enterpriseId) return { scope: 'enterprise', id: query.enterpriseId };
    if (query.teamId && (await this.o.store.get(keys.slackInstallation('team', query.teamId)))) return { scope: 'team', id: query.teamId };
    if (query.enterpriseId) return { scope: 'enterprise', id: query.enterpriseId };
    return query.teamId ? { scope: 'team', id: query.teamId } : undefined;
  }

  /** The installation, its bot token refreshed first when it is about to expire. */
  private async fresh(target: Target): Promise<AnyInstallation | undefined> {
    const deadline = this.now() + (this.o.refreshWaitMs ?? 10_000);
    const leaseKey = keys.slackTokenRefresh(target.scope, target.id);
    for (;;) {
      const doc = await this.read(target);
      if (!doc || !this.due(doc)) return doc && this.open(target, doc);
      const lease = randomBytes(8).toString('hex');
      if (await this.o.store.claim(leaseKey, lease, REFRESH_LEASE_MS)) {
        try {
          return await this.refresh(target);
        } finally {
          await this.o.store.releaseClaim(leaseKey);
        }
      }
      // Another process is refreshing: its new token is stored when it is done. The token in hand is used meanwhile
      // while it has a minute left, so that an event is not kept from its 3-second acknowledgement.
      if (doc.botExpiresAt !== undefined && this.now() < doc.botExpiresAt - 60_000) return this.open(target, doc);
      if (this.now() > deadline) {
        this.o.log.warn({ [target.scope]: target.id }, 'gave up waiting for another process to refresh a Slack token');
        return this.open(target, doc);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async refresh(target: Target): Promise<AnyInstallation | undefined> {
    // Read again under the lease: the previous holder may have refreshed a moment ago.
    const doc = await this.read(target);
    if (!doc) return undefined;
    const installation = this.open(target, doc);
    if (!this.due(doc) || !installation.bot?.refreshToken) return installation;
    try {
      const issuedAt = this.now();
      const next = await this.o.refresh(installation.bot.refreshToken);
      installation.bot.token = next.accessToken;
      installation.bot.refreshToken = next.refreshToken;
      installation.bot.expiresAt = Math.floor(issuedAt / 1000) + next.expiresInSeconds;
      await this.save(target, installation, issuedAt, doc.sealed);
      this.o.log.info({ [target.scope]: target.id }, 'refreshed a Slack bot token');
    } catch (error) {
      // The token in hand still works until it expires. A refusal for good is kept on the installation it is about
      // (not on one stored meanwhile: installed again), and no refresh is asked for again; anything else is retried.
      const refused = finalRefusal(error);
      const mark = (stored?: InstallationDoc) => (stored?.sealed === doc.sealed ? { ...stored, renewalRefused: refused } : undefined);
      if (refused) await this.o.store.updateDoc<InstallationDoc>(keys.slackInstallation(target.scope, target.id), mark);
      this.o.log.warn({ err: error, [target.scope]: target.id }, refused ? REFUSED_FOR_GOOD : 'could not refresh a Slack bot token');
    }
    return installation;
  }

  /** Refreshes every installation's token that is due, used or not (see token-sweep.ts). */
  async refreshDue(failed: (key: string, error: unknown) => void): Promise<void> {
    for (const key of await this.o.store.docKeys(SLACK_INSTALLATION_PREFIX)) {
      try {
        const doc = await this.o.store.get<InstallationDoc>(key);
        const id = doc?.isEnterpriseInstall ? doc.enterpriseId : doc?.teamId;
        if (doc && id && this.due(doc)) await this.fresh({ scope: doc.isEnterpriseInstall ? 'enterprise' : 'team', id });
      } catch (error) {
        failed(key, error); // one installation that does not open (damaged, another key) stops no other's refresh
      }
    }
  }

  /** Slack's code when it refused for good to renew the token a workspace's posts use, and that token has expired. */
  async renewalRefused(teamId: string): Promise<string | undefined> {
    const query = await this.queryFor(teamId);
    const target: Target | undefined =
      query && (query.isEnterpriseInstall ? { scope: 'enterprise', id: query.enterpriseId! } : { scope: 'team', id: teamId });
    const doc = target && (await this.read(target));
    return doc?.renewalRefused && doc.botExpiresAt !== undefined && this.now() >= doc.botExpiresAt ? doc.renewalRefused : undefined;
  }

  private due(doc: InstallationDoc): boolean {
    if (doc.botExpiresAt === undefined || doc.renewalRefused) return false;
    const lifetime = doc.botExpiresAt - (doc.botIssuedAt ?? doc.savedAt);
    return this.now() >= doc.botExpiresAt - Math.min(REFRESH_AHEAD_MS, lifetime / 2);
  }

  private async read(target: Target): Promise<InstallationDoc | undefined> {
    return this.o.store.get<InstallationDoc>(keys.slackInstallation(target.scope, target.id));
  }

  private open(target: Target, doc: InstallationDoc): AnyInstallation {
    return JSON.parse(this.o.box.open(doc.sealed, keys.slackInstallation(target.scope, target.id)));
  }

  /** `replacing`: only over the installation read before (a refresh), not over one stored meanwhile (a reinstall). */
  private async save(target: Target, installation: AnyInstallation, issuedAt: number, replacing?: string): Promise<void> {
    const key = keys.slackInstallation(target.scope, target.id);
    const expiresAt = installation.bot?.expiresAt;
    const doc: InstallationDoc = {
      v: 1,
      teamId: installation.team?.id,
      enterpriseId: installation.enterprise?.id,
      isEnterpriseInstall: target.scope === 'enterprise',
      botExpiresAt: expiresAt === undefined ? undefined : expiresAt * 1000,
      botIssuedAt: expiresAt === undefined ? undefined : issuedAt,
      savedAt: this.now(),
      sealed: this.o.box.seal(JSON.stringify(installation), key),
    };
    if (replacing === undefined) await this.o.store.set(key, doc);
    else await this.o.store.updateDoc<InstallationDoc>(key, (stored) => (stored?.sealed === replacing ? doc : undefined));
  }
}
