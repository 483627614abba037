import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Dispatcher } from '../../src/app/dispatcher.js';
import { Health } from '../../src/app/health.js';
import type { Store } from '../../src/core/ports/store.js';
import { createRig, member } from '../fakes/engine.js';
import { MemoryLogger } from '../fakes/logger.js';

describe('health', () => {
  it('logs an outage once when it starts, then once a minute with what it refused, and once when it ends', () => {
    const log = new MemoryLogger();
    let now = 0;
    const health = new Health(log, () => now);
    health.setPhase('serving');
    health.setPlatform('discord', true);
    expect(health.ready).toBe(true);
    for (let i = 0; i < 90; i++) {
      health.storeDown('SQLITE_FULL: database or disk is full');
      // The health probe's own failing writes, every 2 s, refuse no one's event: they are not counted.
      if (i % 2 === 0) health.storeDown('SQLITE_FULL: database or disk is full', false);
      now += 1000;
    }
    expect(health.ready).toBe(false);
    expect(health.snapshot.store).toMatchObject({ ok: false, reason: 'SQLITE_FULL: database or disk is full', since: 0 });
    const warnings = log.at('warn');
    expect(warnings.map((w) => w.msg)).toEqual([
      'store unavailable: events are answered with "try again shortly" until it is back',
      'store still unavailable',
    ]);
    // The first event at 0 s; the one at 60 s is the 61st.
    expect(warnings[1]!.obj).toMatchObject({ refused: 61, sinceMs: 60_000 });
    health.storeUp();
    expect(health.ready).toBe(true);
    expect(log.at('info')).toHaveLength(1);
    expect(log.at('info')[0]!.obj).toMatchObject({ downMs: 90_000, refused: 29 });
  });

  describe('probing the store (fake timers)', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('a store that keeps its connection but answers nothing is down after 5 s of silence, and up once it answers', async () => {
      const health = new Health(new MemoryLogger());
      health.setPhase('serving');
      let answer: (() => void) | undefined;
      const store = { ping: () => new Promise<void>((resolve) => (answer = resolve)) } as unknown as Store;
      health.watch(store);
      await vi.advanceTimersByTimeAsync(15_000 + 4_900);
      expect(health.snapshot.store.ok).toBe(true);
      await vi.advanceTimersByTimeAsync(200);
      expect(health.snapshot.store).toMatchObject({ ok: false, reason: 'the store did not answer within 5 s' });
      answer!();
      await vi.advanceTimersByTimeAsync(2_000);
      answer!();
      await vi.advanceTimersByTimeAsync(0);
      expect(health.snapshot.store.ok).toBe(true);
      health.stop();
    });

    it('a probe stuck on a dead connection does not undo what a later probe found', async () => {
      const health = new Health(new MemoryLogger());
      health.setPhase('serving');
      let pings = 0;
      // The timer's probe (the first ping) never answers; a /readyz probe a second later does.
      const store = { ping: () => (++pings === 1 ? new Promise<void>(() => undefined) : Promise.resolve()) } as unknown as Store;
      health.watch(store);
      await vi.advanceTimersByTimeAsync(15_000);
      await vi.advanceTimersByTimeAsync(1_000);
      await health.probeNow();
      await vi.advanceTimersByTimeAsync(4_500);
      expect(health.snapshot.store.ok).toBe(true);
      expect(health.storeSilent).toBe(false);
      health.stop();
    });

    it('while the store is silent, an event is refused at once with "try again", not left waiting with it', async () => {
      const rig = createRig();
      const health = new Health(rig.log);
      health.setPhase('serving');
      const dispatcher = new Dispatcher(rig.engine, rig.log, health, undefined);
      let reads = 0;
      let silent = false;
      const watched = new Proxy(rig.store, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver) as unknown;
          if (property === 'ping' && silent) return () => new Promise<void>(() => undefined);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            reads += 1;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      health.watch(watched);
      silent = true;
      await vi.advanceTimersByTimeAsync(15_000 + 5_000);
      expect(health.storeSilent).toBe(true);
      reads = 0;
      const reply = await dispatcher.handle({ kind: 'text', member: member('ann'), channelId: 'c', group: 'quiz', text: 'stats' });
      expect(JSON.stringify(reply.message)).toContain('cannot reach its storage right now, so nothing was changed');
      expect(reads).toBe(0);
      health.stop();
    });
  });

  it('is not ready while starting, stopping, or with a platform disconnected', () => {
    const health = new Health(new MemoryLogger());
    expect(health.ready).toBe(false);
    health.setPhase('serving');
    health.setPlatform('slack', false);
    expect(health.ready).toBe(false);
    health.setPlatform('slack', true);
    expect(health.ready).toBe(true);
    health.setPhase('stopping');
    expect(health.ready).toBe(false);
  });
});
