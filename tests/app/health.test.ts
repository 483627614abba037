import { describe, expect, it } from 'vitest';
import { Health } from '../../src/app/health.js';
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
