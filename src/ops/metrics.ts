import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { HealthState } from '../app/health.js';
import type { DailyPostResult, EventKind, EventMetrics, EventOutcome, ScheduleMetrics } from '../core/ports/metrics.js';
import type { Platform } from '../core/shared/refs.js';
import type { ScheduleStats } from '../scheduler/stats.js';

/** What the gauges read at each scrape: nothing is stored twice, and a scrape never touches the store. */
export interface MetricSources {
  schedule?: () => ScheduleStats;
  roundsRunning?: () => number;
  health?: () => HealthState;
  /** Discord gateway drops and comebacks, and Slack Socket Mode reconnects, as the adapters count them. */
  discordGateway?: () => { disconnects: number; resumes: number; reidentifies: number };
  slackSocket?: () => { reconnects: number };
}

/** too_many_requests: the platform answered 429; pacing: the client held a request back to stay in a known limit. */
export type RateLimitCause = 'too_many_requests' | 'pacing';
/** unreachable: the store could not be reached (an outage); error: the store refused or failed an operation. */
export type StoreFailure = 'unreachable' | 'error';

/**
 * Backprop's metrics in one prom-client registry, with Node's default process metrics. Every label value comes
 * from a short fixed list (platforms, kinds, outcomes, store operations, states): never an id. Gauges that
 * are summed over shard processes say so with their aggregator (see shard-metrics.ts).
 */
export class BackpropMetrics implements EventMetrics, ScheduleMetrics {
  readonly registry = new Registry();
  private sources: MetricSources = {};
  private readonly events: Counter<'platform' | 'kind' | 'outcome'>;
  private readonly latency: Histogram<'store'>;
  private readonly storeErrors: Counter<'operation' | 'reason'>;
  private readonly dailies: Counter<'result'>;
  private readonly postDelay: Histogram;
  private readonly rateLimits: Counter<'platform' | 'cause'>;

  constructor(private readonly storeKind: string) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.events = new Counter({
      name: 'backprop_events_total',
      help: 'Member events answered, by platform, kind (command, button, form) and outcome.',
      labelNames: ['platform', 'kind', 'outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: 'backprop_answer_latency_seconds',
      help: 'Time from an event reaching Backprop to its reply being ready, by store.',
      labelNames: ['store'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.storeErrors = new Counter({
      name: 'backprop_store_errors_total',
      help: 'Store operations that failed, by operation and reason (unreachable or error).',
      labelNames: ['operation', 'reason'],
      registers,
    });
    this.dailies = new Counter({
      name: 'backprop_daily_posts_total',
      help: 'Scheduled daily posts: posted, retried after a transient failure, or refused for good.',
      labelNames: ['result'],
      registers,
    });
    this.postDelay = new Histogram({
      name: 'backprop_daily_post_delay_seconds',
      help: 'How late each scheduled daily went out, after its due time.',
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 6 * 3600, 24 * 3600],
      registers,
    });
    this.rateLimits = new Counter({
      name: 'backprop_rate_limit_waits_total',
      help: 'Platform rate limits met: a 429 answer (too_many_requests) or a request held back (pacing).',
      labelNames: ['platform', 'cause'],
      registers,
    });
    this.gauges();
  }

  /** Where the gauges read from; the composition root adds each source as its part starts. */
  observe(sources: MetricSources): void {
    this.sources = { ...this.sources, ...sources };
  }

  eventHandled(platform: Platform, kind: EventKind, outcome: EventOutcome, seconds: number): void {
    this.events.inc({ platform, kind, outcome });
    this.latency.observe({ store: this.storeKind }, seconds);
  }

  dailyPost(result: DailyPostResult, lateMs?: number): void {
    this.dailies.inc({ result });
    if (lateMs !== undefined) this.postDelay.observe(Math.max(0, lateMs) / 1000);
  }

  storeFailed(operation: string, reason: StoreFailure): void {
    this.storeErrors.inc({ operation, reason });
  }

  rateLimited(platform: Platform, cause: RateLimitCause): void {
    this.rateLimits.inc({ platform, cause });
  }

  /** The Prometheus text of this process alone. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  private gauges(): void {
    const registers = [this.registry];
    const sources = () => this.sources;
    new Gauge({
      name: 'backprop_daily_queue_depth',
      help: 'Daily posts queued or being sent now.',
      registers,
      collect() {
        this.set(sources().schedule?.().queueDepth ?? 0);
      },
    });
    new Gauge({
      name: 'backprop_scheduler_lag_seconds',
      help: 'How late the most overdue daily that has not gone out yet is (0: nothing due is waiting).',
      aggregator: 'max',
      registers,
      collect() {
        this.set((sources().schedule?.().lagMs ?? 0) / 1000);
      },
    });
    new Gauge({
      name: 'backprop_teams',
      help: 'Teams with a daily channel, by state (active, paused, needs_attention, removed).',
      labelNames: ['state'],
      registers,
      collect() {
        const teams = sources().schedule?.().teams;
        if (!teams) return;
        for (const [state, count] of Object.entries(teams)) this.set({ state }, count);
      },
    });
    new Gauge({
      name: 'backprop_rounds_running',
      help: 'Live rounds this process is running.',
      registers,
      collect() {
        this.set(sources().roundsRunning?.() ?? 0);
      },
    });
    this.healthGauges();
    this.connectionCounters();
  }

  private healthGauges(): void {
    const registers = [this.registry];
    const health = () => this.sources.health?.();
    new Gauge({
      name: 'backprop_store_up',
      help: '1 while the store answers, 0 during an outage.',
      aggregator: 'min',
      registers,
      collect() {
        this.set(health()?.store.ok === false ? 0 : 1);
      },
    });
    new Gauge({
      name: 'backprop_platform_connected',
      help: '1 while the platform is connected, by platform.',
      labelNames: ['platform'],
      aggregator: 'min',
      registers,
      collect() {
        for (const [platform, connected] of Object.entries(health()?.platforms ?? {})) this.set({ platform }, connected ? 1 : 0);
      },
    });
  }

  private connectionCounters(): void {
    const registers = [this.registry];
    const sources = () => this.sources;
    new Counter({
      name: 'backprop_discord_gateway_events_total',
      help: 'Discord gateway connection events: disconnect, resume, reidentify.',
      labelNames: ['event'],
      registers,
      collect() {
        const gateway = sources().discordGateway?.();
        if (!gateway) return;
        this.reset();
        this.inc({ event: 'disconnect' }, gateway.disconnects);
        this.inc({ event: 'resume' }, gateway.resumes);
        this.inc({ event: 'reidentify' }, gateway.reidentifies);
      },
    });
    new Counter({
      name: 'backprop_slack_socket_reconnects_total',
      help: 'Slack Socket Mode reconnects.',
      registers,
      collect() {
        const socket = sources().slackSocket?.();
        if (!socket) return;
        this.reset();
        this.inc(socket.reconnects);
      },
    });
  }
}
