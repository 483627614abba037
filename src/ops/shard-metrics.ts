import type { ShardingManager } from 'discord.js';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { Readiness } from './readiness.js';

/** How long the manager waits for a shard process's figures before calling that shard not ready. */
const SHARD_ANSWER_MS = 3000;

/** One process's metrics as prom-client's JSON (what AggregatorRegistry.aggregate sums). */
export type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

/** What a shard process sends its manager over the shard IPC channel when asked. */
interface Snapshot {
  backpropOps: 'snapshot';
  requestId: number;
  metrics: MetricsJson;
  readiness: Readiness;
}

const isSnapshot = (message: unknown): message is Snapshot =>
  typeof message === 'object' && message !== null && (message as { backpropOps?: unknown }).backpropOps === 'snapshot';

/**
 * In a shard process: answers the manager's requests for this process's metrics and readiness (sent as
 * prom-client's JSON, which the manager sums with its own and the other shards').
 */
export function answerShardManager(metrics: () => Promise<MetricsJson>, readiness: () => Promise<Readiness>): void {
  process.on('message', (message: unknown) => {
    const request = message as { backpropOps?: unknown; requestId?: unknown } | null;
    if (request?.backpropOps !== 'snapshot?' || typeof request.requestId !== 'number') return;
    const requestId = request.requestId;
    void Promise.all([metrics(), readiness()])
      .then(([m, r]) => process.send?.({ backpropOps: 'snapshot', requestId, metrics: m, readiness: r } satisfies Snapshot))
      .catch(() => undefined);
  });
}

/**
 * In the shard manager: one scrape sees the whole bot. The manager asks every shard process for its figures
 * over the IPC channel discord.js already keeps open, and sums them with its own (prom-client's aggregation:
 * counters and histograms add up; gauges add up unless they say otherwise, lag takes the maximum).
 */
export class ShardFigures {
  private nextId = 1;
  private readonly pending = new Map<number, (snapshot: Snapshot) => void>();
  private readonly hooked = new WeakSet<object>();

  constructor(private readonly manager: ShardingManager) {}

  /** Every shard's snapshot, or undefined for one that did not answer in time (dead, respawning, stuck). */
  private async gather(): Promise<{ shardId: number; snapshot?: Snapshot }[]> {
    return Promise.all(
      [...this.manager.shards.values()].map(async (shard) => {
        if (!this.hooked.has(shard)) {
          this.hooked.add(shard);
          shard.on('message', (message: unknown) => {
            if (isSnapshot(message)) this.pending.get(message.requestId)?.(message);
          });
        }
        const requestId = this.nextId++;
        const answer = new Promise<Snapshot | undefined>((resolve) => {
          const timer = setTimeout(() => resolve(undefined), SHARD_ANSWER_MS);
          this.pending.set(requestId, (snapshot) => {
            clearTimeout(timer);
            resolve(snapshot);
          });
        });
        try {
          await shard.send({ backpropOps: 'snapshot?', requestId });
          return { shardId: shard.id, snapshot: await answer };
        } catch {
          return { shardId: shard.id };
        } finally {
          this.pending.delete(requestId);
        }
      }),
    );
  }

  /** The manager's own metrics summed with every shard's, as Prometheus text. */
  async metrics(own: MetricsJson): Promise<string> {
    const shards = await this.gather();
    const all = [own, ...shards.flatMap(({ snapshot }) => (snapshot ? [snapshot.metrics] : []))];
    return AggregatorRegistry.aggregate(all).metrics();
  }

  /** Ready when the manager is and every shard process answers that it is. */
  async readiness(own: Readiness): Promise<Readiness> {
    const reasons = [...own.reasons];
    for (const { shardId, snapshot } of await this.gather()) {
      if (!snapshot) reasons.push(`shard ${shardId} did not answer`);
      else for (const reason of snapshot.readiness.reasons) reasons.push(`shard ${shardId}: ${reason}`);
    }
    return { ready: reasons.length === 0, reasons };
  }
}
