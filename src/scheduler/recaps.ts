import type { Engine } from '../core/engine.js';
import type { Clock } from '../core/ports/clock.js';
import type { Logger } from '../core/ports/logger.js';
import { CorruptRecord, DeliveryError, StoreUnavailable } from '../core/shared/errors.js';
import { reportCorrupt } from '../core/shared/records.js';
import type { TeamRef } from '../core/shared/refs.js';

/**
 * The weekly recaps' side of the schedule: each planned daily channel is asked about its recap when the last
 * answer said to (Monday at its time, or a minute later while another process holds it), not every minute, so the
 * work stays a map lookup per channel between Mondays.
 */
export class RecapRunner {
  /** When each channel's recap is next worth asking about (absent: now). */
  private readonly nextAt = new Map<string, number>();

  constructor(
    private readonly engine: Engine,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly holderGone: (instanceId: string) => Promise<boolean>,
  ) {}

  isDue(key: string): boolean {
    return (this.nextAt.get(key) ?? 0) <= this.clock.now();
  }

  /** Settings changed (recap on or off, a new time): ask again at the next tick. */
  forget(key: string): void {
    this.nextAt.delete(key);
  }

  async run(key: string, team: TeamRef, channelId: string): Promise<void> {
    try {
      const outcome = await this.engine.recaps.run(team, channelId, this.holderGone);
      this.nextAt.set(key, outcome.nextAt);
      if (outcome.status === 'posted' || outcome.status === 'skipped')
        this.log.info({ team, channelId, status: outcome.status }, 'weekly recap');
    } catch (error) {
      // Claimed and not sent: tried again soon (the claim is this process's, so the retry posts it once).
      const transient = error instanceof StoreUnavailable || (error instanceof DeliveryError && !error.permanent);
      this.nextAt.set(key, this.clock.now() + (transient ? 60_000 : 15 * 60_000));
      if (error instanceof CorruptRecord) reportCorrupt(this.log, error, { team, channelId });
      else if (transient) this.log.warn({ err: error, team, channelId }, 'weekly recap failed; will retry');
      else this.log.error({ err: error, team, channelId }, 'weekly recap failed');
    }
  }
}
