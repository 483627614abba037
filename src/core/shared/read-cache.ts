import type { Clock } from '../ports/clock.js';

/**
 * A short-lived cache for documents the answer path reads on every answer (a team's settings, its daily state,
 * the open daily). The owning process writes them through the same objects that refresh the cache; another
 * process's change is seen within `ttlMs`. Correctness never rests on it: the answer step itself checks, inside
 * the store, whether the question is still open.
 *
 * A burst on a cold entry (the first clicks on a new daily) loads it once: callers that miss while a load is under
 * way wait for that load instead of each reading the store (64 clicks were 64 scans of the team's keys).
 */
export class ReadCache<T> {
  private readonly entries = new Map<string, { value: T; until: number }>();
  private readonly loading = new Map<string, Promise<T>>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.until > this.clock.now()) return Promise.resolve(hit.value);
    const pending = this.loading.get(key);
    if (pending) return pending;
    const loaded = load().then(
      (value) => {
        // A put or forget while loading is newer than what this load read: it stands.
        if (this.loading.get(key) === loaded) {
          this.loading.delete(key);
          this.put(key, value);
        }
        return value;
      },
      (error: unknown) => {
        if (this.loading.get(key) === loaded) this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, loaded);
    return loaded;
  }

  put(key: string, value: T): void {
    this.loading.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: this.clock.now() + this.ttlMs });
  }

  /** The value held for key, expired or not (a loader that can tell it is still good returns it). */
  peek(key: string): T | undefined {
    return this.entries.get(key)?.value;
  }

  forget(key: string): void {
    this.loading.delete(key);
    this.entries.delete(key);
  }
}
