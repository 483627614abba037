import { type Logger as BoltLogger, type CustomRoute, HTTPReceiver } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { SlackOAuthConfig } from '../../../config.js';
import type { Logger } from '../../../core/ports/logger.js';
import type { Claims, Documents } from '../../../core/ports/store.js';
import { DeliveryError } from '../../../core/shared/errors.js';
import type { WorkspaceTokens } from '../tokens.js';
import { INSTALL_PATH, installedPage, installFailed, installPage, REDIRECT_PATH } from './install-pages.js';
import { StoredInstallations } from './installations.js';
import { StoredStateStore } from './state-store.js';
import { TokenBox } from './token-box.js';

/** The bot scopes an install asks for: the manifest's (a test keeps the two equal). */
export const BOT_SCOPES = ['commands', 'chat:write', 'chat:write.public', 'users:read', 'files:read', 'files:write', 'im:write'];

export { INSTALL_PATH, REDIRECT_PATH } from './install-pages.js';

export interface DistributedOptions {
  oauth: SlackOAuthConfig;
  signingSecret: string;
  store: Documents & Claims;
  apiUrl: string;
  clientOptions: WebClientOptions;
  log: Logger;
  logger: BoltLogger;
  /** A workspace finished installing (or installing again: a team removed within 30 days comes back). */
  onInstalled: (teamId: string) => Promise<void>;
  /** More paths on the same server as /slack/events (/metrics, /healthz, /readyz). */
  routes?: CustomRoute[];
}

export interface Distributed {
  receiver: HTTPReceiver;
  installations: StoredInstallations;
  tokens: WorkspaceTokens;
}

/**
 * A distributed app: Bolt's HTTP receiver with its own OAuth installer (GET /slack/install, the "Add to Slack"
 * page; GET /slack/oauth_redirect), the installations and OAuth states in Backprop's store.
 */
export function distributedReceiver(o: DistributedOptions): Distributed {
  const { clientId, clientSecret, stateSecret, tokenKey } = o.oauth;
  const oauthClient = new WebClient(undefined, o.clientOptions);
  const installations = new StoredInstallations({
    store: o.store,
    box: new TokenBox(tokenKey),
    log: o.log,
    refresh: async (refreshToken) => {
      const result = await oauthClient.oauth.v2.access({
        client_id: clientId,
        client_secret: clientSecret,
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      });
      if (!result.access_token || !result.refresh_token || result.expires_in === undefined)
        throw new Error('oauth.v2.access gave no rotated token');
      return { accessToken: result.access_token, refreshToken: result.refresh_token, expiresInSeconds: result.expires_in };
    },
  });
  const receiver = new HTTPReceiver({
    signingSecret: o.signingSecret,
    logger: o.logger,
    customRoutes: o.routes,
    clientId,
    clientSecret,
    stateSecret,
    scopes: BOT_SCOPES,
    installationStore: installations,
    installerOptions: {
      installPath: INSTALL_PATH,
      renderHtmlForInstallPath: installPage,
      redirectUriPath: REDIRECT_PATH,
      stateStore: new StoredStateStore(o.store, stateSecret),
      clientOptions: o.clientOptions,
      // Slack's consent page sits next to its Web API (slack.com, GovSlack, or a test's fake).
      authorizationUrl: new URL('../oauth/v2/authorize', o.apiUrl).toString(),
      callbackOptions: {
        successAsync: async (installation, _options, _req, res) => {
          // An org-wide install serves no workspace yet: each comes with team_access_granted (see installs.ts).
          const teamId = installation.team?.id;
          if (teamId) await o.onInstalled(teamId);
          const where = installation.isEnterpriseInstall ? 'org-wide in a Slack organisation' : 'in a Slack workspace';
          o.log.info({ teamId, enterpriseId: installation.enterprise?.id }, `installed ${where}`);
          installedPage(installation, res);
        },
        failureAsync: (error, _options, _req, res) => installFailed(error, res, o.log),
      },
    },
  });
  const tokens: WorkspaceTokens = {
    rotating: true,
    botToken: async (teamId) => {
      const installer = receiver.installer;
      const query = await installations.queryFor(teamId);
      // Uninstalled (or never installed): nothing can be posted there until someone installs the app again.
      if (!installer || !query)
        throw new DeliveryError(true, 'Backprop is not installed in this Slack workspace (any more): install it again.');
      const refused = await installations.renewalRefused(teamId);
      if (refused)
        throw new DeliveryError(
          true,
          `Slack refused to renew Backprop's token for this workspace (${refused}): a workspace admin must install the app again.`,
        );
      // Through the installer, as an incoming event is: the installation store refreshes a token about to expire.
      const { botToken } = await installer.authorize(query);
      if (!botToken) throw new Error(`the installation of Slack workspace ${teamId} has no bot token`);
      return botToken;
    },
  };
  return { receiver, installations, tokens };
}
