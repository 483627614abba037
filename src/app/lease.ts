import { hostname } from 'node:os';
import type { Clock } from '../core/ports/clock.js';
import type { Logger } from '../core/ports/logger.js';
import type { Store } from '../core/ports/store.js';

/** How long a lease lasts without renewal, and how often its holder renews it (a standby takes over within 20 s). */
export const LEASE_TTL_MS = 15_000;
export const RENEW_MS = 5_000;

/** Who holds a lease. The token grows with every change of holder: a fencing token. */
export interface LeaseHolder {
  instanceId: string;
  host: string;
  pid: number;
  token: number;
  since: number;
  expiresAt: number;
}

/** This process, as leases name it. */
export interface Claimant {
  instanceId: string;
  host: string;
  pid: number;
}

export const thisProcess = (instanceId: string): Claimant => ({ instanceId, host: hostname(), pid: process.pid });

/** Whether a lease's holder is this claimant: the same INSTANCE_ID, host and process. */
export const isClaimant = (holder: Claimant, me: Claimant): boolean =>
  holder.instanceId === me.instanceId && holder.host === me.host && holder.pid === me.pid;

/** Whether a process of this host is alive (a crashed holder's lease is taken at once, not after its expiry). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a holder no longer holds: its lease expired, or it was a process of this host that is gone. */
export function lapsed(holder: LeaseHolder | undefined, me: Claimant, now: number): boolean {
  if (!holder || holder.expiresAt <= now) return true;
  return holder.host === me.host && holder.pid !== me.pid && !alive(holder.pid);
}

export const describeHolder = (h: LeaseHolder) =>
  `instance ${h.instanceId} (pid ${h.pid} on ${h.host}, since ${new Date(h.since).toISOString()})`;

/**
 * A lease on something only one process may do at a time: serve a Discord shard, run the schedule of a
 * platform's teams, use an SQLite file. Kept in the store (a document changed atomically), renewed by its holder
 * every 5 s, and lapsed 15 s after the last renewal, or at once when its holder was a process of this host that
 * is gone.
 */
export class Lease {
  private holder?: LeaseHolder;

  constructor(
    private readonly store: Pick<Store, 'get' | 'updateDoc' | 'delete'>,
    readonly key: string,
    private readonly me: Claimant,
    private readonly clock: Clock,
  ) {}

  /** Held by this process, as of its last acquisition or renewal. */
  get held(): boolean {
    return this.holder !== undefined && this.holder.expiresAt > this.clock.now();
  }

  /** The fencing token of this process's tenure. */
  get token(): number | undefined {
    return this.held ? this.holder!.token : undefined;
  }

  /** Takes the lease if nobody holds it (or its holder lapsed). Resolves to the holder after the attempt. */
  async acquire(): Promise<LeaseHolder> {
    const now = this.clock.now();
    const result = await this.store.updateDoc<LeaseHolder>(this.key, (current) => {
      if (current && isClaimant(current, this.me)) {
        return { ...current, expiresAt: now + LEASE_TTL_MS };
      }
      if (!lapsed(current, this.me, now)) return undefined;
      return { ...this.me, token: (current?.token ?? 0) + 1, since: now, expiresAt: now + LEASE_TTL_MS };
    });
    this.holder = result !== undefined && isClaimant(result, this.me) ? result : undefined;
    return result!;
  }

  /** Extends this process's tenure; false when it was lost (another process holds it now). */
  async renew(): Promise<boolean> {
    const token = this.holder?.token;
    if (token === undefined) return false;
    const now = this.clock.now();
    const result = await this.store.updateDoc<LeaseHolder>(this.key, (current) =>
      current?.token === token && current.pid === this.me.pid && current.host === this.me.host
        ? { ...current, expiresAt: now + LEASE_TTL_MS }
        : undefined,
    );
    if (result?.token === token && result.pid === this.me.pid) {
      this.holder = result;
      return true;
    }
    this.holder = undefined;
    return false;
  }

  /** Gives the lease up (a clean stop): a standby takes over at its next attempt, not after the expiry. */
  async release(): Promise<void> {
    const token = this.holder?.token;
    this.holder = undefined;
    if (token === undefined) return;
    await this.store.updateDoc<LeaseHolder>(this.key, (current) => (current?.token === token ? { ...current, expiresAt: 0 } : undefined));
  }

  /** Who holds it now (for messages). */
  async current(): Promise<LeaseHolder | undefined> {
    return this.store.get<LeaseHolder>(this.key);
  }
}

/**
 * Keeps a lease: renews it while held, tries to take it while not, and says when this process gains or loses it.
 * `onGain` starts what the lease guards; `onLose` stops it (a renewal missed until expiry counts as lost: another
 * process may hold it by then).
 */
export class LeaseKeeper {
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private serving = false;
  private waitingLogged = false;

  constructor(
    readonly lease: Lease,
    private readonly what: string,
    private readonly log: Logger,
    private readonly handlers: { onGain(): Promise<void>; onLose(): Promise<void> },
  ) {}

  async start(): Promise<void> {
    await this.step();
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.step().finally(() => this.schedule()), RENEW_MS);
    this.timer.unref();
  }

  private async step(): Promise<void> {
    try {
      if (this.serving) {
        if (await this.lease.renew()) return;
        this.log.warn({ lease: this.lease.key }, `lost the lease on ${this.what}: another process took over; standing by`);
        await this.lose();
        return;
      }
      const holder = await this.lease.acquire();
      if (this.lease.held) {
        this.serving = true;
        this.waitingLogged = false;
        this.log.info({ lease: this.lease.key, token: holder.token }, `took the lease on ${this.what}`);
        await this.handlers.onGain();
      } else if (!this.waitingLogged) {
        this.waitingLogged = true;
        this.log.warn(
          { lease: this.lease.key, holder },
          `standing by: ${this.what} is served by ${describeHolder(holder)}; taking over when it stops renewing`,
        );
      }
    } catch (error) {
      // The store is unreachable: a lease not renewed in time is lost (another process may hold it by then).
      if (this.serving && !this.lease.held) {
        this.log.warn({ err: error, lease: this.lease.key }, `could not renew the lease on ${this.what} in time; standing by`);
        await this.lose();
      }
    }
  }

  private async lose(): Promise<void> {
    this.serving = false;
    await this.handlers
      .onLose()
      .catch((error: unknown) => this.log.error({ err: error, lease: this.lease.key }, 'could not stop cleanly after losing a lease'));
  }

  /** Stops renewing and gives the lease up. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.serving) await this.lease.release().catch(() => undefined);
  }
}
