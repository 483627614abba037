import type { EngineDeps } from '../shared/context.js';
import { keys } from '../shared/keys.js';
import { readRecord } from '../shared/records.js';
import type { Platform, TeamRef } from '../shared/refs.js';
import { type DailyRecord, dailyRecord } from './daily-model.js';

/**
 * Keeps the "N answered so far" line of a public daily message current without flooding the platform: at most
 * one edit per message per interval, however many answers arrive, and every edit of one message (counts, then
 * the reveal) goes out in order, so a late count can never re-enable the buttons of a closed daily.
 */
export class LiveCounts {
  private readonly timers = new Map<string, { timer: unknown; run: () => Promise<void> }>();
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: EngineDeps,
    /** Milliseconds between edits per platform; absent = no live counts (the shell prints the reveal only). */
    private readonly everyMs: Partial<Record<Platform, number>>,
    private readonly render: (team: TeamRef, daily: DailyRecord) => Promise<Parameters<EngineDeps['messenger']['edit']>[3] | undefined>,
  ) {}

  /** An answer arrived: schedule an edit unless one is already scheduled (it will read the latest tally). */
  touch(team: TeamRef, dailyId: string): void {
    const every = this.everyMs[team.platform];
    const key = keys.daily(team, dailyId);
    if (every === undefined || this.timers.has(key)) return;
    const run = () => this.inOrder(key, () => this.refresh(team, dailyId));
    const timer = this.deps.timers.setTimeout(() => {
      this.timers.delete(key);
      return run();
    }, every);
    this.timers.set(key, { timer, run });
  }

  /** Runs an edit of this daily's message after any edit already under way (the reveal uses it). */
  inOrder(key: string, edit: () => Promise<void>): Promise<void> {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(edit, edit);
    const tail = next.catch(() => undefined);
    this.chains.set(key, tail);
    void tail.then(() => {
      if (this.chains.get(key) === tail) this.chains.delete(key);
    });
    return next;
  }

  /** Drops a scheduled count edit (the daily is closing: the reveal replaces it). */
  cancel(team: TeamRef, dailyId: string): void {
    const key = keys.daily(team, dailyId);
    const pending = this.timers.get(key);
    if (pending) this.deps.timers.clearTimeout(pending.timer);
    this.timers.delete(key);
  }

  /** Sends every scheduled edit now and waits for all of them (graceful shutdown). */
  async flush(): Promise<void> {
    const runs = [...this.timers.values()];
    for (const { timer } of runs) this.deps.timers.clearTimeout(timer);
    this.timers.clear();
    await Promise.all(runs.map((r) => r.run()));
    await Promise.all([...this.chains.values()]);
  }

  private async refresh(team: TeamRef, dailyId: string): Promise<void> {
    const daily = await readRecord(this.deps.store, dailyRecord, keys.daily(team, dailyId));
    if (!daily?.messageId || daily.closedAt !== undefined) return;
    const message = await this.render(team, daily);
    if (!message) return;
    try {
      await this.deps.messenger.edit(team, daily.channelId, daily.messageId, message);
    } catch (error) {
      this.deps.log.warn({ err: error, team, dailyId }, 'could not update the daily answer count');
    }
  }
}
