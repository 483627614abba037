/**
 * A work queue with a concurrency limit, keyed so that one key is never queued or running twice at once.
 * One job failing never stops the others (the job handles its own errors; a throw is reported, not rethrown).
 * Jobs of one group (a team) take `perGroup` of the slots first: a workspace whose calls hang or wait out rate
 * limits, with many daily channels due at once, would otherwise hold every slot while other teams' dailies wait.
 * A group may go past its share into slots no other group's job is waiting for, but never into the last
 * `reserved`, which stay free for a group that has none running.
 */
export class KeyedQueue {
  private readonly waiting: { key: string; group: string; job: () => Promise<void> }[] = [];
  private readonly runningIn = new Map<string, number>();
  private readonly keys = new Set<string>();
  private running = 0;
  private pumping = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly onError: (key: string, error: unknown) => void,
    private readonly perGroup = Math.max(1, Math.floor(concurrency / 4)),
    private readonly reserved = Math.min(2, concurrency - 1),
  ) {}

  /** Queues the job unless this key is already waiting or running. Returns whether it was queued. */
  push(key: string, job: () => Promise<void>, group = key): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    this.waiting.push({ key, group, job });
    // Started once the caller has queued everything due now: "no other team waits" must see every team's jobs.
    if (!this.pumping) {
      this.pumping = true;
      queueMicrotask(() => {
        this.pumping = false;
        this.pump();
      });
    }
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
      // The first waiting job whose group is within its share: first come, first served across groups. Else one
      // past its share, if slots beyond the reserved ones are free.
      const within = this.waiting.findIndex((w) => (this.runningIn.get(w.group) ?? 0) < this.perGroup);
      const next = within >= 0 ? within : this.running < this.concurrency - this.reserved ? 0 : -1;
      if (next < 0) return;
      const { key, group, job } = this.waiting.splice(next, 1)[0]!;
      this.running++;
      this.runningIn.set(group, (this.runningIn.get(group) ?? 0) + 1);
      void job()
        .catch((error: unknown) => this.onError(key, error))
        .finally(() => {
          this.running--;
          const left = this.runningIn.get(group)! - 1;
          if (left === 0) this.runningIn.delete(group);
          else this.runningIn.set(group, left);
          this.keys.delete(key);
          this.pump();
          if (this.keys.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
        });
    }
  }
}
