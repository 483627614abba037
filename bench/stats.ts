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

/** Runs `op` n times one after another and reports throughput and per-call latency. */
export async function timeSequential(n: number, op: (i: number) => Promise<unknown>): Promise<Timing> {
  const durations = new Array<number>(n);
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await op(i);
    durations[i] = performance.now() - t;
  }
  const total = performance.now() - start;
  durations.sort((a, b) => a - b);
  return { count: n, perSecond: n / (total / 1000), p50Ms: percentile(durations, 50), p99Ms: percentile(durations, 99) };
}

export const round = (x: number, digits = 2) => Number(x.toFixed(digits));
