import type { Clock } from '../ports/clock.js';

/**
 * A short-lived cache for documents the answer path reads on every answer (a team's settings, its daily state,
 * the open daily). The owning process writes them through the same objects that refresh the cache; another
 * process's change is seen within `ttlMs`. Correctness never rests on it: the answer step itself checks, inside
 * the store, whether the question is still open.
 */
export class ReadCache<T> {
  private readonly entries = new Map<string, { value: T; until: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  async get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.until > this.clock.now()) return hit.value;
    const value = await load();
    this.put(key, value);
    return value;
  }

  put(key: string, value: T): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: this.clock.now() + this.ttlMs });
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
