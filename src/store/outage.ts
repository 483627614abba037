import type { Store } from '../core/ports/store.js';
import { StoreUnavailable } from '../core/shared/errors.js';

/** Network failures that mean "not reachable now" whatever the client library (Node's socket error codes). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

export function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  // AggregateError: every address of the host refused (Node's happy-eyeballs connect).
  return error instanceof AggregateError && error.errors.some(isNetworkError);
}

/**
 * The store, with every failure that `isOutage` recognises turned into StoreUnavailable, so that the engine and
 * the dispatcher tell an outage (answer "try again shortly", retry later) from a bug (log it loudly).
 */
export function reportingOutages<T extends Store>(store: T, isOutage: (error: unknown) => boolean): T {
  const translate = (error: unknown): never => {
    throw error instanceof StoreUnavailable || !isOutage(error) ? error : new StoreUnavailable(error);
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        return result instanceof Promise ? result.catch(translate) : result;
      };
    },
  });
}
