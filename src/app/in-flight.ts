/**
 * Work still under way for events already taken (the dispatcher's handling, an adapter's reply). Stopping waits
 * for it, so that what was taken before a shutdown is answered before the connection closes.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Remembers one event's work until it settles; returns it. */
  run<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    void work.finally(() => this.running.delete(work)).catch(() => undefined);
    return work;
  }

  /** Resolves once every event taken so far has been answered (or has failed). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
