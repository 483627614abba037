import type { Store } from '../../src/core/ports/store.js';

/**
 * A store whose next call of one method waits until the test opens the gate: an event caught in flight, for
 * tests of what happens meanwhile (a shutdown, another event). Every other call goes straight through.
 */
export class GatedStore {
  readonly store: Store;
  /** Resolves when the gated call has arrived (and is waiting). */
  readonly arrived: Promise<void>;
  private armed = false;
  private release!: () => void;
  private notifyArrived!: () => void;

  constructor(inner: Store, method: keyof Store) {
    const gate = new Promise<void>((resolve) => (this.release = resolve));
    this.arrived = new Promise<void>((resolve) => (this.notifyArrived = resolve));
    this.store = new Proxy(inner, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property !== method || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: unknown[]) => {
          if (this.armed) {
            this.armed = false;
            this.notifyArrived();
            await gate;
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  /** The next call of the method waits. */
  arm(): void {
    this.armed = true;
  }

  open(): void {
    this.release();
  }
}
