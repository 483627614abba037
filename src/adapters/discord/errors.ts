import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { DeliveryError } from '../../core/shared/errors.js';

/** Discord error codes that mean the bot cannot post there until someone changes something. */
const PERMANENT_CODES: Record<number, string> = {
  10003: 'the daily channel no longer exists.',
  10008: 'the message no longer exists.',
  50001: 'Backprop cannot see the daily channel (missing access).',
  50013: 'Backprop lacks permission to post in the daily channel (it needs View Channel, Send Messages and Embed Links).',
  50083: 'the daily channel is an archived thread.',
};

/**
 * Maps what discord.js throws to a DeliveryError. 429s never get here: discord.js's REST queue waits them out.
 * Errors that are neither (a malformed payload: our bug) pass through unchanged.
 */
export function toDeliveryError(error: unknown): unknown {
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : Number(error.code);
    const known = PERMANENT_CODES[code];
    if (known) return new DeliveryError(true, known, { cause: error });
    if (error.status === 403 || error.status === 404) {
      return new DeliveryError(true, `Discord refused the post (${error.status}: ${error.message}).`, { cause: error });
    }
    if (error.status >= 500) return new DeliveryError(false, 'Discord had a temporary error.', { cause: error });
    return error;
  }
  if (error instanceof HTTPError) {
    return new DeliveryError(error.status < 500, `Discord answered ${error.status}.`, { cause: error });
  }
  if (error instanceof RateLimitError) return new DeliveryError(false, 'Discord is rate limiting Backprop.', { cause: error });
  if (error instanceof Error && (error.name === 'AbortError' || /fetch failed|ECONN|ETIMEDOUT|socket/i.test(error.message))) {
    return new DeliveryError(false, 'Discord could not be reached.', { cause: error });
  }
  return error;
}
