/** Slack's part of the configuration's rules (src/config.ts reads the environment and applies them). */

export interface SlackOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Signs the OAuth state values, so a forged one is refused before the store is asked. */
  stateSecret: string;
  /** SLACK_TOKEN_KEY decoded: the AES-256-GCM key workspace tokens are encrypted with in the store. */
  tokenKey: Buffer;
}

type SlackEnv = Partial<
  Record<
    | 'SLACK_BOT_TOKEN'
    | 'SLACK_APP_TOKEN'
    | 'SLACK_SIGNING_SECRET'
    | 'SLACK_CLIENT_ID'
    | 'SLACK_CLIENT_SECRET'
    | 'SLACK_STATE_SECRET'
    | 'SLACK_TOKEN_KEY',
    string
  >
> & { PORT?: number; METRICS_PORT?: number };

/**
 * Slack runs either for one workspace (SLACK_BOT_TOKEN) or as a distributed app (SLACK_CLIENT_ID and its
 * secrets, HTTP mode only: OAuth needs a public URL anyway). A mix of the two cannot work: each problem names
 * the variables involved.
 */
export function slackProblems(env: SlackEnv): [string, string][] {
  const problems: [string, string][] = [];
  // Both servers would listen on one port (0 picks a free port for each, as tests do).
  const httpMode = env.SLACK_CLIENT_ID || (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN);
  if (httpMode && env.METRICS_PORT !== undefined && env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT) {
    problems.push([
      'METRICS_PORT',
      `is ${env.PORT}, the PORT Slack's HTTP server listens on: choose another port, or unset METRICS_PORT to serve /metrics on PORT`,
    ]);
  }
  const oauthOnly = ['SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SLACK_TOKEN_KEY'] as const;
  if (env.SLACK_CLIENT_ID) {
    if (env.SLACK_BOT_TOKEN) {
      problems.push([
        'SLACK_BOT_TOKEN',
        'cannot be set together with SLACK_CLIENT_ID: set SLACK_BOT_TOKEN for one workspace, or SLACK_CLIENT_ID (with SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and SLACK_TOKEN_KEY) to install the app in many workspaces',
      ]);
    }
    if (env.SLACK_APP_TOKEN) {
      problems.push([
        'SLACK_APP_TOKEN',
        'cannot be set together with SLACK_CLIENT_ID: a distributed app runs in HTTP mode (unset SLACK_APP_TOKEN)',
      ]);
    }
    for (const name of oauthOnly) if (!env[name]) problems.push([name, 'is required when SLACK_CLIENT_ID is set']);
    if (!env.SLACK_SIGNING_SECRET) problems.push(['SLACK_SIGNING_SECRET', 'is required when SLACK_CLIENT_ID is set (HTTP mode)']);
    return problems;
  }
  for (const name of oauthOnly)
    if (env[name]) problems.push([name, 'is only used with SLACK_CLIENT_ID (a distributed app); set SLACK_CLIENT_ID too, or unset it']);
  if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    problems.push([
      'SLACK_SIGNING_SECRET',
      'is required when SLACK_BOT_TOKEN is set without SLACK_APP_TOKEN (HTTP mode); or set SLACK_APP_TOKEN for Socket Mode',
    ]);
  }
  if ((env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET) && !env.SLACK_BOT_TOKEN) {
    problems.push(['SLACK_BOT_TOKEN', 'is required to run on Slack (or SLACK_CLIENT_ID, for a distributed app)']);
  }
  return problems;
}

export function isTokenKey(text: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(text) && Buffer.from(text, 'base64').length === 32;
}
