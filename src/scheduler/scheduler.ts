import cron, { type ScheduledTask } from 'node-cron';
import { CorruptRecord, DeliveryError, StoreUnavailable } from '../core/shared/errors.js';
import { keys, ROUND_INDEX_PREFIX } from '../core/shared/keys.js';
import { reportCorrupt } from '../core/shared/records.js';
import type { Platform, TeamRef } from '../core/shared/refs.js';
import { PLATFORMS } from '../core/shared/refs.js';
import { REMOVED_RETENTION_MS } from '../core/team/setup.js';
import type { TeamConfig } from '../core/team/team-model.js';
import { ownedDailyChannels, signalScheduleChange, teamKey } from './indexed.js';
import { KeyedQueue } from './queue.js';
import { RecapRunner } from './recaps.js';
import { reminderChannel } from './reminder-channel.js';
import type { SchedulerOptions } from './scheduler-options.js';
import { channelState, type PlannedChannel, type ScheduleStats, scheduleStats } from './stats.js';

export type { SchedulerOptions } from './scheduler-options.js';

interface PlanEntry extends PlannedChannel {
  channelId: string;
  /** When the channel's next daily is due (undefined: paused, removed, or stopped until setup runs again). */
  dueAt?: number;
  /** After a transient failure: not before this instant. */
  retryAt?: number;
  failures: number;
}

const HEARTBEAT_MS = 20_000;
const HEARTBEAT_TTL_MS = 60_000;
const RESCAN_MS = 10 * 60_000;
/** Minutes to wait after the n-th transient failure in a row: 1, 2, 4, 8, then every 15. */
const backoffMinutes = (failures: number) => Math.min(15, 2 ** (failures - 1));

const entryKey = (t: TeamRef, channelId: string) => `${t.platform}:${t.teamId}:${channelId}`;

/**
 * Posts every daily channel's daily at its due time, exactly once. node-cron ticks every minute and asks which
 * channels are due; the due time always comes from the pure dueAt(). Claims in the store make the post happen
 * once even with several processes; a daily claimed but never sent (a crash in between) is sent on the next
 * start, once. Its work grows with the number of daily channels, never with members.
 */
export class DailyScheduler {
  private readonly plan = new Map<string, PlanEntry>();
  private readonly queue: KeyedQueue;
  private task?: ScheduledTask;
  private heartbeat?: NodeJS.Timeout;
  private lastRescan = 0;
  private seenChange?: string;
  private stopped = false;
  private readonly updates = new Set<Promise<void>>();
  private readonly recaps: RecapRunner;

  constructor(private readonly o: SchedulerOptions) {
    this.queue = new KeyedQueue(o.concurrency ?? 8, (team, error) => this.failed(error, team));
    this.recaps = new RecapRunner(o.engine, o.clock, o.log, (holder) => this.gone(holder));
    // A change of a channel's daily (setup clearing a problem, a new time) gets a fresh start, now; a change of
    // the team's settings (the bot removed or back) replans all of its channels.
    o.engine.channels.onChanged((team, channel) => this.replan(team, [channel.channelId]));
    o.engine.teams.onConfigChanged((team) => {
      const mine = [...this.plan.values()].filter((e) => teamKey(e.team) === teamKey(team)).map((e) => e.channelId);
      this.replan(team, mine);
    });
  }

  private replan(changedBy: TeamRef, channelIds: string[]): void {
    // A change's team may be the member who made it (a MemberRef): the plan, and its log lines, keep the team only.
    const team: TeamRef = { platform: changedBy.platform, teamId: changedBy.teamId };
    if (!this.o.owns(team)) {
      this.track(signalScheduleChange(this.o.store, this.o.log));
      return;
    }
    for (const channelId of channelIds) {
      const entry = this.plan.get(entryKey(team, channelId));
      if (entry) Object.assign(entry, { failures: 0, retryAt: undefined });
      this.recaps.forget(entryKey(team, channelId));
      this.track(
        this.o.engine.teams
          .config(team)
          .then((config) => this.planFrom(team, channelId, config))
          .catch((error: unknown) => this.o.log.error({ err: error, team, channelId }, 'could not reschedule')),
      );
    }
  }

  /** Work a change started, which idle() waits for. */
  private track(update: Promise<void>): void {
    this.updates.add(update);
    void update.finally(() => this.updates.delete(update));
  }

  /** Loads every owned team's schedule, catches up on what is due, and ticks every minute from then on. */
  async start(): Promise<void> {
    await this.beat();
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS).unref();
    await this.tick();
    if (this.o.cron !== false) this.task = cron.schedule('* * * * *', () => this.tick(), { noOverlap: true, name: 'backprop-daily' });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.task?.stop();
    clearInterval(this.heartbeat);
    await this.queue.idle();
    await this.o.store.delete(keys.instance(this.o.instanceId)).catch(() => undefined);
  }

  /** What is due now goes to the queue. Rescans the index every ten minutes (dailies set up elsewhere). Never throws. */
  async tick(): Promise<void> {
    await this.queueDue().catch((error: unknown) => this.failed(error));
  }

  private async queueDue(): Promise<void> {
    if (this.stopped) return;
    const now = this.o.clock.now();
    const startingUp = this.lastRescan === 0 || this.lastRescan === Number.NEGATIVE_INFINITY;
    // A daily set up through another process (a standby, the other side of a load balancer): planned within a minute.
    const change = JSON.stringify((await this.o.store.get<unknown>(keys.scheduleChanged)) ?? null);
    if (change !== this.seenChange || now - this.lastRescan >= RESCAN_MS) await this.rescan(change);
    await this.endOrphanRounds(startingUp);
    for (const entry of this.plan.values()) {
      if (entry.dueAt === undefined || entry.dueAt > now) continue;
      if (entry.retryAt !== undefined && entry.retryAt > now) continue;
      this.queue.push(entryKey(entry.team, entry.channelId), () => this.run(entry), teamKey(entry.team));
    }
    // Each channel's weekly recap, in its own queue slot (after the daily when both are due at once).
    for (const { team, channelId } of this.plan.values()) {
      const key = entryKey(team, channelId);
      if (this.recaps.isDue(key)) this.queue.push(`${key}:recap`, () => this.recaps.run(key, team, channelId), teamKey(team));
    }
  }

  /** Plans every owned channel again now (this process just took over a platform's teams), and posts what is due. */
  async rescanNow(): Promise<void> {
    this.lastRescan = Number.NEGATIVE_INFINITY;
    // Before start(), start() itself plans everything.
    if (this.heartbeat !== undefined) await this.tick();
  }

  /** Resolves when every queued post and every rescheduling after a settings change has finished. */
  async idle(): Promise<void> {
    await Promise.all(this.updates);
    await this.queue.idle();
  }

  /** The next due instant of an owned daily channel (for tests and diagnostics). */
  nextDueAt(team: TeamRef, channelId: string): number | undefined {
    return this.plan.get(entryKey(team, channelId))?.dueAt;
  }

  /** The queue, the lag and the teams by state, from what is planned (for /metrics). */
  stats(): ScheduleStats {
    return scheduleStats(this.plan.values(), this.o.owns, this.o.clock.now(), this.queue.size);
  }

  /** How many daily channels this process plans (for diagnostics and the fan-out benchmark). */
  get planned(): number {
    return this.plan.size;
  }

  private async rescan(change?: string): Promise<void> {
    this.lastRescan = this.o.clock.now();
    const seen = new Set<string>();
    for (const { team, channelIds } of (await ownedDailyChannels(this.o.store, this.o.owns)).values()) {
      // Each team, and each channel, on its own: one that cannot be planned is logged and skipped, never the rest.
      await this.forTeam(team, 'could not plan the team’s dailies', async () => {
        const config = await this.o.engine.teams.config(team);
        if (config.removedAt !== undefined && this.o.clock.now() - config.removedAt > REMOVED_RETENTION_MS) {
          // Removed 30 days ago and never back: the team's data goes.
          const deleted = await this.o.engine.teams.purge(team);
          this.o.log.info({ team, deleted }, 'deleted the data of a team the bot was removed from 30 days ago');
          return;
        }
        for (const channelId of channelIds) {
          seen.add(entryKey(team, channelId));
          await this.forTeam(team, 'could not plan a channel’s daily', () => this.planFrom(team, channelId, config), channelId);
        }
      });
    }
    for (const key of this.plan.keys()) if (!seen.has(key)) this.plan.delete(key);
    // Seen once planned: a rescan an outage cut short leaves the change to the next tick's.
    this.seenChange = change;
  }

  /**
   * Runs one team's part of a loop over teams. A failure is that team's alone: a corrupt record is reported once,
   * anything else is logged with the team's id; the loop goes on. A store outage is not one team's: it stops the
   * loop, and the next tick tries again.
   */
  private async forTeam(team: TeamRef, what: string, work: () => Promise<void>, channelId?: string): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof StoreUnavailable) throw error;
      if (error instanceof CorruptRecord) reportCorrupt(this.o.log, error, { team, channelId });
      else this.o.log.error({ err: error, team, channelId }, what);
    }
  }

  /** Recomputes a channel's next due instant from its settings (right after setup, so changes apply at once). */
  private async planFrom(team: TeamRef, channelId: string, config: TeamConfig): Promise<void> {
    const key = entryKey(team, channelId);
    const entry = this.plan.get(key) ?? { team, channelId, failures: 0 };
    this.plan.set(key, entry);
    const channel = await this.o.engine.channels.get(team, channelId);
    entry.dueAt = (await this.o.engine.channels.scheduledDue(team, config, channel))?.at;
    entry.state = channelState(config, channel);
  }

  /** One channel's turn: finish a claimed-but-unsent daily, or post today's; then plan the next one. */
  private async run(entry: PlanEntry): Promise<void> {
    const { team, channelId } = entry;
    if (this.plan.get(entryKey(team, channelId)) !== entry) return;
    // Another process may own the team now (it took over this platform's schedule): it posts, not this one.
    if (!this.o.owns(team)) return;
    try {
      // Settings may have changed in another process since this was planned: decide on what is stored now.
      await this.planFrom(team, channelId, await this.o.engine.teams.config(team));
      if (entry.dueAt === undefined || entry.dueAt > this.o.clock.now()) return;
      const dailies = this.o.engine.dailies;
      const recovered = await dailies.recover(team, channelId, (holder) => this.gone(holder));
      const posted = recovered === 'none' ? await dailies.post(team, channelId, { extra: false }) : undefined;
      if (posted || recovered === 'sent') {
        this.o.metrics?.dailyPost('posted', this.o.clock.now() - entry.dueAt);
        // Posted: no longer due (the lag gauge must not count it while reminders go out); planFrom sets the next.
        entry.dueAt = undefined;
      }
      entry.failures = 0;
      entry.retryAt = undefined;
      // The team's daily time (its first running channel's post) is when review reminders go out, once a day: not
      // with another channel's post, which may come at night in the team's timezone.
      const sent = posted || recovered === 'sent';
      if (sent && reminderChannel(await this.o.engine.channels.cachedList(team), channelId, this.o.clock.now()) === channelId)
        await this.o.engine.reminders.send(team).catch((error: unknown) => this.o.log.warn({ err: error, team }, 'reminders failed'));
    } catch (error) {
      if (error instanceof DeliveryError && !error.permanent) {
        entry.failures += 1;
        // Not before the platform's Retry-After, if it named a longer wait than the backoff's.
        entry.retryAt = this.o.clock.now() + Math.max(backoffMinutes(entry.failures) * 60_000, error.retryAfterMs ?? 0);
        this.o.metrics?.dailyPost('retried');
        this.o.log.warn({ team, channelId, failures: entry.failures, reason: error.reason }, 'daily post failed; will retry');
        return; // due stays: the retry sends the same claimed daily
      }
      if (error instanceof StoreUnavailable) throw error; // nothing decided: the next tick tries again
      if (error instanceof DeliveryError) {
        this.o.metrics?.dailyPost('refused');
        this.o.log.warn({ team, channelId, reason: error.reason }, 'daily post refused for good; the channel needs attention');
      } else {
        // A bug or damaged data of this team: tried again later, slower each time, not every minute.
        entry.failures += 1;
        entry.retryAt = this.o.clock.now() + backoffMinutes(entry.failures) * 60_000;
        if (error instanceof CorruptRecord) reportCorrupt(this.o.log, error, { team, channelId });
        else this.o.log.error({ err: error, team, channelId, failures: entry.failures }, 'daily post failed');
        return;
      }
    }
    await this.planFrom(team, channelId, await this.o.engine.teams.config(team));
  }

  /** A tick or a team's job that failed. A store outage is retried at the next minute's tick: a warning, not an error. */
  private failed(error: unknown, team?: string): void {
    if (error instanceof CorruptRecord) reportCorrupt(this.o.log, error, { team });
    else if (error instanceof StoreUnavailable)
      this.o.log.warn({ team, reason: error.message }, 'store unreachable; the schedule retries next minute');
    else this.o.log.error({ err: error, team }, 'daily job failed');
  }

  /** Live rounds whose process stopped are ended (question closed, scoreboard posted once) by the team's owner. */
  private async endOrphanRounds(startingUp: boolean): Promise<void> {
    for (const key of await this.o.store.docKeys(ROUND_INDEX_PREFIX)) {
      const [platform, teamId, roundId] = key.slice(ROUND_INDEX_PREFIX.length).split(':') as [Platform, string, string];
      const team = { platform, teamId };
      if (!roundId || !PLATFORMS.includes(platform) || !this.o.owns(team)) continue;
      await this.o.engine.rounds
        .endOrphans(team, roundId, (holder) => this.gone(holder), startingUp)
        .catch((error: unknown) => this.o.log.error({ err: error, team, roundId }, 'could not end an orphaned round'));
    }
  }

  private async beat(): Promise<void> {
    await this.o.store
      .set(keys.instance(this.o.instanceId), { at: this.o.clock.now() }, HEARTBEAT_TTL_MS)
      .catch((error: unknown) => this.o.log.warn({ err: error }, 'heartbeat failed'));
  }

  /** An instance is gone when its heartbeat has expired. */
  private async gone(instanceId: string): Promise<boolean> {
    return (await this.o.store.get(keys.instance(instanceId))) === undefined;
  }
}
