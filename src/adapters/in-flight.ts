/**
 * The platform events an adapter is still answering. Stopping waits for them, so that a reply the dispatcher has
 * prepared during a shutdown still reaches the member before the connection closes.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Runs one event's work, remembered until it settles. */
  run(work: Promise<unknown>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work)).catch(() => undefined);
  }

  /** Resolves once every event taken so far has been answered (or has failed). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
