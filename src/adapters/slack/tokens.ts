import { ErrorCode } from '@slack/web-api';

/**
 * Which bot token acts in a workspace. One workspace: the configured token. A distributed app: the workspace's
 * installation, authorised through Bolt's installer (which refreshes a rotating token first), so that posts made
 * outside any incoming event (dailies, round closes, reminders) use a current token too.
 */
export interface WorkspaceTokens {
  botToken(teamId: string): Promise<string>;
  /** True when another process may replace a token at any moment (rotation): a refused call is worth one retry. */
  readonly rotating: boolean;
}

export function singleWorkspaceTokens(token: string): WorkspaceTokens {
  return { botToken: async () => token, rotating: false };
}

/** The errors with which Slack refuses a token that was valid a moment ago (refreshed elsewhere, or expired). */
export function isStaleTokenError(error: unknown): boolean {
  const e = error as { code?: string; data?: { error?: string } };
  return e?.code === ErrorCode.PlatformError && ['invalid_auth', 'token_expired'].includes(e.data?.error ?? '');
}

/**
 * Runs a Web API call as a workspace's bot. With rotating tokens, a call refused because the token was refreshed
 * by another process between our read and the call is made once more with the token stored now.
 */
export async function asWorkspace<T>(tokens: WorkspaceTokens, teamId: string, call: (token: string) => Promise<T>): Promise<T> {
  const token = await tokens.botToken(teamId);
  try {
    return await call(token);
  } catch (error) {
    if (!tokens.rotating || !isStaleTokenError(error)) throw error;
    const again = await tokens.botToken(teamId);
    if (again === token) throw error;
    return call(again);
  }
}
