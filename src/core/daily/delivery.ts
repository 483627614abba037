import type { PostOptions } from '../ports/messenger.js';
import type { EngineDeps } from '../shared/context.js';
import { DeliveryError } from '../shared/errors.js';
import type { OutMessage } from '../shared/messages.js';
import type { TeamRef } from '../shared/refs.js';

/** The longest Retry-After a post waits out itself; longer ones go back to the caller as a transient error. */
const MAX_INLINE_RETRY_WAIT_MS = 15_000;

/**
 * A rate limit with a short Retry-After is waited out here, at most twice, so the post lands once after the
 * wait; anything longer goes back to the caller (the admin, or the scheduler's queue) as a transient error.
 */
export async function postWaitingOutRateLimits(
  deps: EngineDeps,
  team: TeamRef,
  channelId: string,
  message: OutMessage,
  options: PostOptions,
) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.messenger.post(team, channelId, message, options);
    } catch (error) {
      const wait = error instanceof DeliveryError && !error.permanent ? error.retryAfterMs : undefined;
      if (wait === undefined || wait > MAX_INLINE_RETRY_WAIT_MS || attempt >= 2) throw error;
      deps.log.info({ team, waitMs: wait }, 'rate limited while posting the daily; waiting as asked');
      await new Promise<void>((resolve) => deps.timers.setTimeout(resolve, wait));
    }
  }
}
