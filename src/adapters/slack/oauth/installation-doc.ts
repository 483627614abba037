import type { Installation } from '@slack/bolt';
import type { SlackInstallScope } from '../../../core/shared/keys.js';

/** A stored installation: what planning a refresh needs in clear, every token sealed (see TokenBox). */
export interface InstallationDoc {
  v: 1;
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall: boolean;
  /** With token rotation: when the bot token expires and when it was issued (ms since the epoch). */
  botExpiresAt?: number;
  botIssuedAt?: number;
  savedAt: number;
  /**
   * Slack refused to renew the bot token for good (its error code): no refresh is tried again, and once the token in
   * hand has expired, posts are refused as needing a new install. Installing again writes a document without it.
   */
  renewalRefused?: string;
  /** The whole Installation Bolt gave us, as JSON, sealed. */
  sealed: string;
}

export interface RefreshedToken {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
}

export type AnyInstallation = Installation<'v1' | 'v2', boolean>;

/** Slack asks for a refresh within 2 hours of expiry; shorter-lived tokens (tests) refresh at half their life. */
export const REFRESH_AHEAD_MS = 2 * 60 * 60 * 1000;
/** A refresh lease outlives a stuck oauth.v2.access call, then lapses so another process can try. */
export const REFRESH_LEASE_MS = 30_000;
/**
 * How long after a workspace is taken out of an org-wide installation its events are refused. Slack retries an
 * event it could not deliver for a few minutes (at once, after 1 and after 5 minutes); one sent before the revoke
 * and handled after it would otherwise link the workspace again and bring its team back. After this, an event from
 * the workspace links it again: it was granted anew, even if that team_access_granted never arrived.
 */
export const REVOKED_WINDOW_MS = 10 * 60 * 1000;

/** oauth.v2.access's answers to a refresh token that no retry will change: the workspace must install again. */
const FINAL_REFUSALS = ['invalid_refresh_token', 'token_revoked', 'account_inactive'];

export const REFUSED_FOR_GOOD = 'Slack refused to renew a bot token for good: the workspace must install the app again';

/** The Slack error code when a refresh was refused for good; undefined for anything worth trying again. */
export function finalRefusal(error: unknown): string | undefined {
  const code = (error as { data?: { error?: unknown } } | null)?.data?.error;
  return typeof code === 'string' && FINAL_REFUSALS.includes(code) ? code : undefined;
}

export interface Target {
  scope: SlackInstallScope;
  id: string;
}

/** What Bolt's installer may see: the current tokens, none of the refresh machinery (see the class comment). */
export function withoutRefresh(installation: AnyInstallation): AnyInstallation {
  const copy: AnyInstallation = { ...installation };
  if (installation.bot) copy.bot = { ...installation.bot, refreshToken: undefined, expiresAt: undefined };
  if (installation.user) copy.user = { ...installation.user, refreshToken: undefined, expiresAt: undefined };
  return copy;
}
