import type { Engine } from '../core/engine.js';
import type { Clock } from '../core/ports/clock.js';
import type { Logger } from '../core/ports/logger.js';
import type { ScheduleMetrics } from '../core/ports/metrics.js';
import type { Store } from '../core/ports/store.js';
import type { TeamRef } from '../core/shared/refs.js';

/** What the daily scheduler is given by the composition root (src/index.ts) or a test. */
export interface SchedulerOptions {
  engine: Engine;
  store: Store;
  clock: Clock;
  log: Logger;
  /** This process's name among those sharing the store (its heartbeat and its claims carry it). */
  instanceId: string;
  /** Whether this process runs the team's schedule (its platform is here, and with shards: its shard). */
  owns: (team: TeamRef) => boolean;
  /** Posts in flight at once when many teams are due in the same minute. */
  concurrency?: number;
  /** false: no node-cron task (tests call tick() with their own clock). */
  cron?: boolean;
  /** Dailies posted, retried and refused for good (/metrics). */
  metrics?: ScheduleMetrics;
}
