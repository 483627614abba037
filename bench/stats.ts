/** Latency percentiles and throughput from a list of durations in milliseconds. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface Timing {
  count: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Per-call durations of one run, and the run's wall time. */
export interface Run {
  durations: number[];
  totalMs: number;
}

/** Runs `op` n times one after another, timing each call. */
export async function run(n: number, op: (i: number) => Promise<unknown>): Promise<Run> {
  const durations = new Array<number>(n);
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await op(i);
    durations[i] = performance.now() - t;
  }
  return { durations, totalMs: performance.now() - start };
}

/** Throughput and per-call latency over one or more runs. */
export function summarize(runs: readonly Run[]): Timing {
  const durations = runs.flatMap((r) => r.durations).sort((a, b) => a - b);
  const totalMs = runs.reduce((sum, r) => sum + r.totalMs, 0);
  return {
    count: durations.length,
    perSecond: durations.length / (totalMs / 1000),
    p50Ms: percentile(durations, 50),
    p99Ms: percentile(durations, 99),
  };
}

export async function timeSequential(n: number, op: (i: number) => Promise<unknown>): Promise<Timing> {
  return summarize([await run(n, op)]);
}

export const round = (x: number, digits = 2) => Number(x.toFixed(digits));
