/**
 * A platform that refuses Backprop's credentials, or cannot be reached, when Backprop starts: the operator fixes
 * the variable it names (a token, an API URL, the network), so start-up says that in one line, like a bad
 * STORE_URL. Anything else a platform library throws there stays a bug, with its stack.
 */
export class PlatformStartError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`${setting}: ${problem}`, options);
  }
}

/** Network failures, by the code Node's sockets and undici give them. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Slack's answers that mean the token itself is refused. */
const REFUSED_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'not_allowed_token_type',
]);

type Shape = { code?: unknown; data?: { error?: unknown }; original?: unknown; cause?: unknown; status?: unknown; message?: unknown };
const shape = (error: unknown): Shape => (typeof error === 'object' && error !== null ? (error as Shape) : {});

/** The network code somewhere in an error's causes (fetch wraps the socket's error). */
function networkCode(error: unknown, depth = 0): string | undefined {
  const e = shape(error);
  if (typeof e.code === 'string' && UNREACHABLE.has(e.code)) return e.code;
  if (depth > 3) return undefined;
  return networkCode(e.original, depth + 1) ?? networkCode(e.cause, depth + 1);
}

/**
 * A step of Slack's start-up: `token` names the token it sends (auth.test: the bot token; opening Socket Mode:
 * the app-level token).
 */
export async function startingSlack<T>(token: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN', apiUrl: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const e = shape(error);
    // Only what says the token is wrong: Slack's own trouble (fatal_error, service_unavailable) is no fault of it.
    if (e.code === 'slack_webapi_platform_error' && typeof e.data?.error === 'string' && REFUSED_TOKEN.has(e.data.error)) {
      throw new PlatformStartError(token, `Slack refused it (${e.data.error}): copy it again from the Slack app's settings`, {
        cause: error,
      });
    }
    if (e.code === 'slack_webapi_request_error') {
      const original = shape(e.original);
      const why = networkCode(error) ?? String(shape(original.cause).message ?? original.message ?? e.message);
      throw new PlatformStartError('SLACK_API_URL', `cannot reach Slack at ${apiUrl} (${why}): check the network, or the URL`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Discord's login: a refused token (discord.js's TokenInvalid, or a 401), or an API it cannot reach. */
export async function startingDiscord<T>(apiUrl: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const e = shape(error);
    if (e.code === 'TokenInvalid' || e.status === 401) {
      throw new PlatformStartError('DISCORD_TOKEN', "Discord refused the bot token: copy it again from the application's Bot page", {
        cause: error,
      });
    }
    const code = networkCode(error);
    if (code)
      throw new PlatformStartError('DISCORD_API_URL', `cannot reach Discord at ${apiUrl} (${code}): check the network, or the URL`, {
        cause: error,
      });
    throw error;
  }
}

/** Slack's HTTP server listening on PORT: a port taken or not allowed is the operator's to change, not a bug. */
export async function listeningOn<T>(port: number, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const code = shape(error).code;
    if (code === 'EADDRINUSE') throw new PlatformStartError('PORT', `port ${port} is already in use: choose another`, { cause: error });
    if (code === 'EACCES')
      throw new PlatformStartError('PORT', `not allowed to listen on port ${port} (ports below 1024 need privileges)`, { cause: error });
    throw error;
  }
}
