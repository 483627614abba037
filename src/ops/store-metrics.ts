import type { Store } from '../core/ports/store.js';
import { CorruptRecord, isUserError, StoreUnavailable } from '../core/shared/errors.js';
import type { StoreFailure } from './metrics.js';

/** The store's own operations (the Store port's methods): the only values the operation label takes. */
const OPERATIONS = new Set<string>([
  'get',
  'set',
  'delete',
  'updateDoc',
  'claim',
  'getClaim',
  'releaseClaim',
  'getAnswer',
  'answersUnder',
  'counters',
  'top',
  'standing',
  'moveBoardMember',
  'readLog',
  'commitAnswer',
  'keys',
  'keysByKind',
  'deletePrefix',
  'exportRecords',
  'importRecord',
  'ping',
  'close',
]);

/**
 * The store, with each failed operation counted: an outage as unreachable, anything else the backend threw as
 * error. What the engine throws through an operation (a member's mistake in an update, a damaged record it
 * read) is not the store failing, and is not counted.
 */
export function countingStoreFailures<T extends Store>(store: T, failed: (operation: string, reason: StoreFailure) => void): T {
  const count = (operation: string, error: unknown): never => {
    if (error instanceof StoreUnavailable) failed(operation, 'unreachable');
    else if (!isUserError(error) && !(error instanceof CorruptRecord)) failed(operation, 'error');
    throw error;
  };
  // One wrapper per method, made once: the answer path calls the store many times per event.
  const wrapped = new Map<string | symbol, unknown>();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      let wrapper = wrapped.get(property);
      if (wrapper === undefined) {
        const counted = typeof property === 'string' && OPERATIONS.has(property);
        wrapper = (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          return counted && result instanceof Promise ? result.catch((error: unknown) => count(String(property), error)) : result;
        };
        wrapped.set(property, wrapper);
      }
      return wrapper;
    },
  });
}
