import type { Clock } from '../../src/core/ports/clock.js';

/** A clock that only moves when the test moves it. */
export class FakeClock implements Clock {
  constructor(private t: number) {}
  now() {
    return this.t;
  }
  set(iso: string | number) {
    this.t = typeof iso === 'number' ? iso : Date.parse(iso);
  }
  advance(ms: number) {
    this.t += ms;
  }
}

/** mulberry32: a small seeded generator, so shuffles in tests are repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Timers on the fake clock: nothing fires until the test moves time, and then everything due fires in order,
 * each awaited (a round's close posts the next question before the test looks).
 */
export class FakeTimers {
  private seq = 0;
  private readonly pending = new Map<number, { at: number; fn: () => unknown }>();

  constructor(private readonly clock: FakeClock) {}

  setTimeout = (fn: () => unknown, ms: number): unknown => {
    const id = ++this.seq;
    this.pending.set(id, { at: this.clock.now() + ms, fn });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.pending.delete(handle as number);
  };

  get size(): number {
    return this.pending.size;
  }

  /** Milliseconds until the next timer is due, if any is pending. */
  nextIn(): number | undefined {
    const due = [...this.pending.values()].map((t) => t.at - this.clock.now());
    return due.length ? Math.min(...due) : undefined;
  }

  /** Moves the clock forward, firing each timer when its time comes; waits for the work each one starts. */
  async advance(ms: number): Promise<void> {
    const end = this.clock.now() + ms;
    for (;;) {
      const next = [...this.pending].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      this.pending.delete(next[0]);
      this.clock.set(Math.max(this.clock.now(), next[1].at));
      await next[1].fn();
      await settle();
    }
    this.clock.set(end);
  }
}

/** Lets promise chains started by a timer run to completion (they only await the in-memory store and fakes). */
export async function settle(rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}
