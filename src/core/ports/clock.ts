/** Milliseconds since the epoch. Injected everywhere so tests move time instead of sleeping. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

/** Timers, injected so that tests move a fake clock and fire what is due instead of waiting. */
export interface Timers {
  setTimeout(fn: () => unknown, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
export const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Uniform in [0, 1). Injected so tests can fix shuffles. */
export type Random = () => number;
