import type { Health, HealthState } from '../app/health.js';

/** What /readyz answers: ready or not, and why not, in words an operator can act on. */
export interface Readiness {
  ready: boolean;
  reasons: string[];
}

/** How long /readyz waits for the store to answer its ping, and how long one ping's answer is reused. */
const PING_TIMEOUT_MS = 2000;
const PING_REUSE_MS = 1000;

/** Why a process is not ready, from its health: its phase, its store, each configured platform. */
export function reasonsOf(state: HealthState): string[] {
  const reasons: string[] = [];
  if (state.phase === 'starting') reasons.push('starting up');
  if (state.phase === 'stopping') reasons.push('shutting down');
  if (!state.store.ok) reasons.push('the store does not answer');
  for (const [platform, connected] of Object.entries(state.platforms)) if (!connected) reasons.push(`${platform} is not connected`);
  return reasons;
}

/**
 * This process's readiness: the store is pinged now (a scrape storm shares one ping a second), so an outage
 * shows at once and its end as soon as the store answers again, not at the next timed probe.
 */
export function readinessOf(health: Health, clock: () => number = Date.now): () => Promise<Readiness> {
  let ping: { at: number; done: Promise<boolean> } | undefined;
  return async () => {
    const now = clock();
    if (!ping || now - ping.at > PING_REUSE_MS) {
      const answered = health.probeNow().then(() => true);
      const late = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), PING_TIMEOUT_MS).unref());
      ping = { at: now, done: Promise.race([answered, late]) };
    }
    const inTime = await ping.done;
    const reasons = reasonsOf(health.snapshot);
    if (!inTime && !reasons.includes('the store does not answer')) reasons.push('the store did not answer a ping within 2 s');
    return { ready: reasons.length === 0, reasons };
  };
}
