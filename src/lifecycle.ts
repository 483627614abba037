import type { Logger } from './core/ports/logger.js';

/** How long a shutdown may take before the process exits anyway (service managers wait about this long). */
export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * What has started, and how to stop it: the composition root registers each part as it comes up, and a shutdown
 * (a signal, the shell's input ending) stops them once, newest first — whenever it comes, even half-way
 * through start-up. One part failing to stop does not keep the others (above all the store) from closing.
 */
export class Lifecycle {
  private readonly running: { name: string; stop: () => Promise<unknown> }[] = [];
  private stopping: Promise<void> | undefined;
  /** The part being stopped now: named if the grace period runs out. */
  private current: string | undefined;

  constructor(
    private readonly log: Logger,
    private readonly exit: (code: number) => void = (code) => process.exit(code),
    private readonly graceMs = SHUTDOWN_GRACE_MS,
  ) {}

  /** Records a part that has just started. */
  started(name: string, stop: () => Promise<unknown>): void {
    this.running.push({ name, stop });
  }

  /** True once a shutdown has begun: start-up goes no further. */
  get stopRequested(): boolean {
    return this.stopping !== undefined;
  }

  /** Stops every started part, newest first, then exits 0 (or 1 if it took longer than the grace period). */
  stop(reason: string): Promise<void> {
    this.stopping ??= this.stopAll(reason);
    return this.stopping;
  }

  private async stopAll(reason: string): Promise<void> {
    this.log.info({ reason }, 'shutting down');
    const timer = setTimeout(() => {
      const still = [this.current, ...this.running.map((part) => part.name).reverse()].filter(Boolean);
      this.log.error({ still }, `shutdown took longer than ${this.graceMs / 1000} s; exiting anyway`);
      this.exit(1);
    }, this.graceMs);
    timer.unref();
    for (let part = this.running.pop(); part; part = this.running.pop()) {
      const { name } = part;
      this.current = name;
      await part.stop().catch((err: unknown) => this.log.error({ err, part: name }, 'could not stop cleanly'));
    }
    this.current = undefined;
    clearTimeout(timer);
    this.log.info({}, 'stopped');
    this.exit(0);
  }
}
