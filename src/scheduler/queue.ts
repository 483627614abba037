/**
 * A work queue with a concurrency limit, keyed so that one key is never queued or running twice at once.
 * One job failing never stops the others (the job handles its own errors; a throw is reported, not rethrown).
 */
export class KeyedQueue {
  private readonly waiting: { key: string; job: () => Promise<void> }[] = [];
  private readonly keys = new Set<string>();
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly onError: (key: string, error: unknown) => void,
  ) {}

  /** Queues the job unless this key is already waiting or running. Returns whether it was queued. */
  push(key: string, job: () => Promise<void>): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    this.waiting.push({ key, job });
    this.pump();
    return true;
  }

  get size(): number {
    return this.keys.size;
  }

  /** Resolves when nothing is waiting or running. */
  idle(): Promise<void> {
    if (this.keys.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const { key, job } = this.waiting.shift()!;
      this.running++;
      void job()
        .catch((error: unknown) => this.onError(key, error))
        .finally(() => {
          this.running--;
          this.keys.delete(key);
          this.pump();
          if (this.keys.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
        });
    }
  }
}
