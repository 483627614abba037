import { type Logger as BoltLogger, type CustomRoute, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Logger } from '../../core/ports/logger.js';
import type { Claims, Documents } from '../../core/ports/store.js';
import type { SlackSettings } from './adapter.js';
import { distributedReceiver } from './oauth/distributed.js';
import type { StoredInstallations } from './oauth/installations.js';
import { singleWorkspaceTokens, type WorkspaceTokens } from './tokens.js';

export interface ReceiverDeps {
  log: Logger;
  logger: BoltLogger;
  clientOptions: WebClientOptions;
  /** Where a distributed app keeps its installations and OAuth states. */
  store?: Documents & Claims;
  onInstalled: (teamId: string) => Promise<void>;
  /** HTTP mode: more paths on the same server as /slack/events (/metrics, /healthz, /readyz). */
  routes?: CustomRoute[];
}

/**
 * How events reach Bolt and which token answers them: Socket Mode or HTTP for one workspace's bot token, or
 * HTTP with Bolt's OAuth installer for a distributed app.
 */
export function slackReceiver(
  settings: SlackSettings,
  deps: ReceiverDeps,
): { receiver: SocketModeReceiver | HTTPReceiver; tokens: WorkspaceTokens; installations?: StoredInstallations } {
  const { logger, clientOptions } = deps;
  if (settings.oauth) {
    if (!settings.signingSecret || !deps.store) throw new Error('a distributed Slack app needs SLACK_SIGNING_SECRET and a store');
    return distributedReceiver({
      ...deps,
      oauth: settings.oauth,
      signingSecret: settings.signingSecret,
      store: deps.store,
      apiUrl: settings.apiUrl,
    });
  }
  if (!settings.botToken) throw new Error('Slack needs SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID (a distributed app)');
  const tokens = singleWorkspaceTokens(settings.botToken);
  if (settings.appToken) {
    return { receiver: new SocketModeReceiver({ appToken: settings.appToken, logger, installerOptions: { clientOptions } }), tokens };
  }
  if (!settings.signingSecret) throw new Error('SLACK_SIGNING_SECRET is required in HTTP mode');
  return { receiver: new HTTPReceiver({ signingSecret: settings.signingSecret, logger, customRoutes: deps.routes }), tokens };
}
