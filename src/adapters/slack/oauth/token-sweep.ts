import type { Logger } from '../../../core/ports/logger.js';
import type { StoredInstallations } from './installations.js';

/** How often a distributed app refreshes the tokens due (within 2 hours of expiry), used or not. */
export const TOKEN_SWEEP_MS = 10 * 60 * 1000;

/**
 * Refreshes due tokens on a timer, not only when an event or a post uses them: a token that expired unused
 * (overnight) would otherwise be refreshed by the next event before Bolt lets it be acknowledged, and a slow
 * oauth.v2.access would make it miss Slack's 3 seconds. Returns what stops it.
 */
export function sweepTokens(installations: StoredInstallations, everyMs: number, log: Logger): () => void {
  const sweep = () =>
    void installations.refreshDue().catch((error: unknown) => log.warn({ err: error }, 'could not refresh the Slack tokens due'));
  const timer = setInterval(sweep, everyMs).unref();
  return () => clearInterval(timer);
}
