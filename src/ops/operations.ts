import type { Server } from 'node:http';
import type { ShardingManager } from 'discord.js';
import type { Health } from '../app/health.js';
import { ConfigError } from '../config.js';
import type { Logger } from '../core/ports/logger.js';
import { closeOps, listenOps, type OpsEndpoints, type OpsRoute, opsRoutes } from './http.js';
import type { BackpropMetrics } from './metrics.js';
import { type Readiness, readinessOf } from './readiness.js';
import { answerShardManager, ShardFigures } from './shard-metrics.js';

/**
 * /metrics, /healthz and /readyz of one process: its own figures, or, in the shard manager once the shards are
 * up, the whole bot's. Served by a server of its own (METRICS_PORT), by Slack's HTTP server (its routes), or both.
 */
export class Operations implements OpsEndpoints {
  private readonly ownReadiness: () => Promise<Readiness>;
  private shards?: ShardFigures;

  constructor(
    private readonly metricsOf: BackpropMetrics,
    health: Health,
    private readonly log: Logger,
    /** Milliseconds now: how long a store ping's answer is reused is measured on it (tests move a fake one). */
    clock: () => number = Date.now,
  ) {
    this.ownReadiness = readinessOf(health, clock);
    metricsOf.observe({ health: () => health.snapshot });
  }

  metrics(): Promise<string> {
    if (!this.shards) return this.metricsOf.text();
    return this.metricsOf.registry.getMetricsAsJSON().then((own) => this.shards!.metrics(own));
  }

  async readiness(): Promise<Readiness> {
    const own = await this.ownReadiness();
    return this.shards ? this.shards.readiness(own) : own;
  }

  /** The shard manager: from now on, figures and readiness include every shard process. */
  gatherShards(manager: ShardingManager): void {
    this.shards = new ShardFigures(manager);
  }

  /** A shard process: its manager asks for its figures over the shard IPC channel (it serves no HTTP itself). */
  answerManager(): void {
    answerShardManager(() => this.metricsOf.registry.getMetricsAsJSON(), this.ownReadiness);
  }

  /**
   * The three paths, for Bolt's HTTPReceiver (customRoutes) or a server of its own. Without /metrics for Slack's
   * public server when METRICS_PORT serves them privately: a load balancer still checks /healthz and /readyz there.
   */
  routes(paths: { metrics: boolean } = { metrics: true }): OpsRoute[] {
    return opsRoutes(this, this.log).filter((route) => paths.metrics || route.path !== '/metrics');
  }

  /** A server of its own on METRICS_HOST:METRICS_PORT; resolves to how to close it. */
  async listen(at: { host: string; port: number }): Promise<() => Promise<void>> {
    let server: Server;
    try {
      server = await listenOps(this.routes(), at, this.log);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'EADDRINUSE') throw new ConfigError([`METRICS_PORT: port ${at.port} on ${at.host} is already in use`]);
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
        throw new ConfigError([`METRICS_HOST: ${at.host} is not an address of this machine`]);
      if (code === 'EACCES')
        throw new ConfigError([`METRICS_PORT: not allowed to listen on port ${at.port} (ports below 1024 need privileges)`]);
      throw error;
    }
    return () => closeOps(server);
  }
}
