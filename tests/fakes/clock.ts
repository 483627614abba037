import type { Clock } from '../../src/core/ports.js';

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
