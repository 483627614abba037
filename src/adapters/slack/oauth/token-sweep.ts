import type { Logger } from '../../../core/ports/logger.js';
import type { StoredInstallations } from './installations.js';

/** How often a distributed app refreshes the tokens due (within 2 hours of expiry), used or not. */
export const TOKEN_SWEEP_MS = 10 * 60 * 1000;

/**
 * Refreshes due tokens on a timer, not only when an event or a post uses them: a token that expired unused
 * (overnight) would otherwise be refreshed by the next event before Bolt lets it be acknowledged, and a slow
 * oauth.v2.access would make it miss Slack's 3 seconds. Once at start too (tokens that came due while no process
 * ran); a sweep still under way (oauth.v2.access hanging) is not joined by another. Returns what stops it.
 */
export function sweepTokens(installations: StoredInstallations, everyMs: number, log: Logger): () => void {
  let running = false;
  const failed = (key: string, error: unknown) => log.warn({ err: error, key }, 'could not refresh a Slack token that is due');
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      await installations.refreshDue(failed);
    } catch (error) {
      log.warn({ err: error }, 'could not list the Slack installations to refresh');
    } finally {
      running = false;
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), everyMs).unref();
  return () => clearInterval(timer);
}
