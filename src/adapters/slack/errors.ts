import { ErrorCode as BoltErrorCode } from '@slack/bolt';
import { ErrorCode } from '@slack/web-api';
import { DeliveryError } from '../../core/shared/errors.js';
import { NotServed } from './oauth/installations.js';

/** Web API errors that mean Backprop cannot post there until someone changes something. */
const PERMANENT: Record<string, string> = {
  channel_not_found: 'the daily channel does not exist, or Backprop cannot see it (invite it to private channels).',
  not_in_channel: 'Backprop is not a member of the daily channel: invite it with /invite @Backprop.',
  is_archived: 'the daily channel is archived.',
  account_inactive: "Backprop's Slack app was deactivated.",
  token_revoked: "Backprop's Slack token was revoked: reinstall the app.",
  invalid_auth: "Backprop's Slack token is not valid.",
  missing_scope: 'the Slack app lacks a scope it needs (reinstall it from the manifest).',
  restricted_action: 'a workspace setting stops Backprop from posting in the daily channel.',
  message_not_found: 'the message no longer exists.',
  team_access_not_granted: "the organisation's installation of Backprop does not cover this workspace: an org admin adds it.",
};

const TOKEN_EXPIRED =
  "Backprop's Slack token expired and could not be renewed yet; if this lasts, a workspace admin must install the app again.";

interface SlackError {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  statusCode?: number;
}

/** Maps what @slack/web-api throws to a DeliveryError; anything unrecognised (our bug) passes through. */
export function toDeliveryError(error: unknown): unknown {
  const e = error as SlackError;
  switch (e?.code) {
    case ErrorCode.RateLimitedError:
      return new DeliveryError(false, 'Slack is rate limiting Backprop.', { cause: error, retryAfterMs: (e.retryAfter ?? 1) * 1000 });
    case ErrorCode.RequestError:
      return new DeliveryError(false, 'Slack could not be reached.', { cause: error });
    case ErrorCode.HTTPError:
      return new DeliveryError((e.statusCode ?? 500) < 500, `Slack answered HTTP ${e.statusCode}.`, { cause: error });
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      const known = PERMANENT[code];
      if (known) return new DeliveryError(true, known, { cause: error });
      // A rotating token is renewed hours before it expires: expired means renewing kept failing. Slack may have
      // refused the refresh token for good (a store restored from an old backup), or only been out of reach for a
      // while, so it is retried like an outage, and an admin who asks is told what mends it if it lasts.
      if (code === 'token_expired') {
        return new DeliveryError(false, TOKEN_EXPIRED, { cause: error });
      }
      if (code === 'internal_error' || code === 'fatal_error' || code === 'service_unavailable' || code === 'request_timeout') {
        return new DeliveryError(false, `Slack had a temporary error (${code}).`, { cause: error });
      }
      return error;
    }
    default:
      return error;
  }
}

/**
 * An event Bolt refused because no installation serves its workspace (NotServed, wrapped in Bolt's authorization
 * errors, each keeping the one it wraps as `original`): expected, unlike the store failing while Bolt looks.
 */
export function isRefusedEvent(error: unknown): boolean {
  if ((error as { code?: unknown } | null)?.code !== BoltErrorCode.AuthorizationError) return false;
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = (e as { original?: unknown }).original, depth++)
    if (e instanceof NotServed) return true;
  return false;
}
