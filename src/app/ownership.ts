import type { Clock } from '../core/ports/clock.js';
import type { Logger } from '../core/ports/logger.js';
import type { Store } from '../core/ports/store.js';
import { describeHolder, isClaimant, Lease, type LeaseHolder, LeaseKeeper, thisProcess } from './lease.js';

/** A second process where only one may run: start-up stops with this message (no stack trace). */
export class StartRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartRefused';
  }
}

const SHARED = new Set(['redis', 'postgres']);

/**
 * What this process may do alone, enforced with leases in the store rather than assumed:
 * - an SQLite file serves one Backprop at a time (a shard manager and its shard processes count as one): a second
 *   process exits at once, naming the one that holds the file;
 * - on a shared store (Redis, PostgreSQL), no two processes run under one INSTANCE_ID (the second refuses to
 *   start, naming the variable), and each role — a Discord shard, the schedule of Slack's teams — has one owner
 *   at a time: other processes stand by and take over within 20 s when the owner stops renewing.
 */
export class Ownership {
  private readonly keepers: LeaseKeeper[] = [];
  private readonly roles = new Map<string, LeaseKeeper>();

  private constructor(
    private readonly store: Store,
    private readonly instanceId: string,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Takes what this process needs before it serves anything; StartRefused when another process has it. */
  static async claim(store: Store, o: { instanceId: string; shardChild: boolean; clock: Clock; log: Logger }): Promise<Ownership> {
    const ownership = new Ownership(store, o.instanceId, o.clock, o.log);
    if (store.kind === 'sqlite' && !o.shardChild) {
      await ownership.exclusive('bp:lease:sqlite-file', (holder) =>
        [
          `STORE_URL: the SQLite file is in use by another Backprop process, ${holder}.`,
          'Stop that one first, or move to Redis or PostgreSQL to run several processes (README, "Scaling out").',
        ].join(' '),
      );
    }
    if (SHARED.has(store.kind)) {
      await ownership.exclusive(
        `bp:lease:instance:${o.instanceId}`,
        (holder) => `INSTANCE_ID: "${o.instanceId}" is already running on this store, ${holder}. Give each process its own INSTANCE_ID.`,
      );
    }
    return ownership;
  }

  private async exclusive(key: string, refusal: (holder: string) => string): Promise<void> {
    const lease = new Lease(this.store, key, thisProcess(this.instanceId), this.clock);
    const holder = await lease.acquire();
    if (!lease.held) throw new StartRefused(refusal(describeHolder(holder)));
    const keeper = new LeaseKeeper(lease, key, this.log, {
      onGain: async () => undefined,
      onLose: async () => {
        // A renewal missed past expiry counts as lost: an outage of the store does that too, with no other process.
        const holder = await this.store.get<LeaseHolder>(key).catch(() => undefined);
        if (holder && !isClaimant(holder, thisProcess(this.instanceId)) && holder.expiresAt > this.clock.now())
          this.log.error({ key, holder: describeHolder(holder) }, 'another process took this process’s exclusive lease: stop one of them');
        else this.log.warn({ key }, 'this process’s exclusive lease lapsed (the store did not answer in time); taking it again');
      },
    });
    await keeper.start();
    this.keepers.push(keeper);
  }

  /**
   * Runs `what` only while this process holds its role: at once on a store only this process uses, else when
   * the role's lease is free, standing by meanwhile. `onLose` undoes `onGain`.
   */
  async serve(role: string, what: string, handlers: { onGain(): Promise<void>; onLose(): Promise<void> }): Promise<void> {
    if (!SHARED.has(this.store.kind)) return handlers.onGain();
    const keeper = new LeaseKeeper(
      new Lease(this.store, `bp:lease:role:${role}`, thisProcess(this.instanceId), this.clock),
      what,
      this.log,
      handlers,
    );
    this.roles.set(role, keeper);
    this.keepers.push(keeper);
    await keeper.start();
  }

  /** Whether this process holds a role now (always, on a store only it uses). */
  holds(role: string): boolean {
    const keeper = this.roles.get(role);
    return keeper === undefined ? !SHARED.has(this.store.kind) || false : keeper.lease.held;
  }

  /** Gives every lease up: a standby takes over at its next attempt. */
  async stop(): Promise<void> {
    for (const keeper of this.keepers.reverse()) await keeper.stop();
  }
}
