import { systemTimers, type Timers } from '../ports/clock.js';
import { StoreUnavailable } from './errors.js';

/** Waits between attempts, then every 15 s; given up after five minutes (the store is down, not blinking). */
const WAITS_MS = [250, 500, 1000, 2000, 4000, 8000, 15_000];
const GIVE_UP_AFTER_MS = 5 * 60_000;

/**
 * Runs a store write that must survive a passing outage: once a message is out on the platform, recording it
 * is retried while the store is unreachable, because failing here would make a later retry send it a second
 * time. Any other error, or an outage longer than five minutes, is thrown.
 */
export async function untilStored<T>(write: () => Promise<T>, timers: Timers = systemTimers): Promise<T> {
  let waited = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof StoreUnavailable) || waited >= GIVE_UP_AFTER_MS) throw error;
      const ms = WAITS_MS[Math.min(attempt, WAITS_MS.length - 1)]!;
      await new Promise<void>((resolve) => timers.setTimeout(resolve, ms));
      waited += ms;
    }
  }
}
