import { afterEach, describe, expect, it, vi } from 'vitest';
import { Lifecycle } from '../src/lifecycle.js';
import { MemoryLogger } from './fakes/logger.js';

describe('Lifecycle (what started is stopped, newest first, once)', () => {
  afterEach(() => vi.useRealTimers());

  it('stops the parts in reverse order of start, once however often it is asked, then exits 0', async () => {
    const order: string[] = [];
    const exits: number[] = [];
    const life = new Lifecycle(new MemoryLogger(), (code) => exits.push(code));
    for (const name of ['store', 'discord adapter', 'scheduler']) life.started(name, async () => order.push(name));
    await Promise.all([life.stop('SIGTERM'), life.stop('SIGINT'), life.stop('SIGTERM')]);
    expect(order).toEqual(['scheduler', 'discord adapter', 'store']);
    expect(exits).toEqual([0]);
    expect(life.stopRequested).toBe(true);
  });

  it('a part that fails to stop is logged and the parts before it (the store) still close', async () => {
    const log = new MemoryLogger();
    const closed: string[] = [];
    const exits: number[] = [];
    const life = new Lifecycle(log, (code) => exits.push(code));
    life.started('store', async () => closed.push('store'));
    life.started('slack adapter', () => Promise.reject(new Error('socket already closed')));
    await life.stop('SIGTERM');
    expect(closed).toEqual(['store']);
    expect(log.at('error')[0]).toMatchObject({ msg: 'could not stop cleanly', obj: { part: 'slack adapter' } });
    expect(exits).toEqual([0]);
  });

  it('a stop that hangs past the grace period exits 1 and names what was still stopping', async () => {
    vi.useFakeTimers();
    const log = new MemoryLogger();
    const exits: number[] = [];
    const life = new Lifecycle(log, (code) => exits.push(code), 10_000);
    life.started('store', async () => undefined);
    life.started('discord adapter', () => new Promise(() => undefined));
    void life.stop('SIGTERM');
    await vi.advanceTimersByTimeAsync(9_999);
    expect(exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(exits).toEqual([1]);
    expect(log.at('error')[0]?.msg).toMatch(/longer than 10 s/);
    expect(log.at('error')[0]?.obj).toEqual({ still: ['discord adapter', 'store'] });
  });
});
