import { fileURLToPath } from 'node:url';
import { Dispatcher } from '../../src/app/dispatcher.js';
import { loadBank } from '../../src/bank/load.js';
import { Engine } from '../../src/core/engine.js';
import type { Messenger } from '../../src/core/ports/messenger.js';
import type { Store } from '../../src/core/ports/store.js';
import type { EngineDeps } from '../../src/core/shared/context.js';
import { LETTERS, type Letter } from '../../src/core/shared/presentation.js';
import type { MemberRef, TeamRef } from '../../src/core/shared/refs.js';
import type { TeamConfig } from '../../src/core/team/team-model.js';
import { MemoryPrimitives } from '../../src/store/memory.js';
import { SyncStore } from '../../src/store/sync-store.js';
import { FakeClock, FakeTimers, seededRandom } from './clock.js';
import { MemoryLogger } from './logger.js';
import { RecordingMessenger } from './messenger.js';

export const MINI_PACKS = fileURLToPath(new URL('../fixtures/packs', import.meta.url));
export const REAL_PACKS = fileURLToPath(new URL('../../data/packs', import.meta.url));

export interface TestRig {
  timers: FakeTimers;
  engine: Engine;
  dispatcher: Dispatcher;
  store: Store;
  clock: FakeClock;
  messenger: RecordingMessenger;
  log: MemoryLogger;
  /** The engine's INSTANCE_ID (the scheduler is given the same). */
  instanceId: string;
}

/** An engine on the memory store with a fake clock, a seeded shuffle and a recording messenger. */
export function createRig(
  options: {
    start?: string;
    timezone?: string;
    pack?: 'mini' | 'deep-learning';
    store?: Store;
    seed?: number;
    /** Where posts go instead of the recording messenger (a real adapter). */
    messenger?: Messenger;
    liveCountsMs?: EngineDeps['liveCountsMs'];
    instanceId?: string;
  } = {},
): TestRig {
  const clock = new FakeClock(Date.parse(options.start ?? '2026-03-02T12:00:00Z'));
  const timers = new FakeTimers(clock);
  const messenger = new RecordingMessenger(clock);
  const log = new MemoryLogger();
  const pack = options.pack ?? 'mini';
  const bank = loadBank(pack === 'mini' ? MINI_PACKS : REAL_PACKS);
  const store = options.store ?? new SyncStore(new MemoryPrimitives(), clock);
  const instanceId = options.instanceId ?? 'test-instance';
  const engine = new Engine({
    store,
    bank,
    clock,
    timers,
    random: seededRandom(options.seed ?? 42),
    messenger: options.messenger ?? messenger,
    instanceId,
    liveCountsMs: options.liveCountsMs,
    log,
    defaults: { time: '09:00', timezone: options.timezone ?? 'UTC', pack },
  });
  return { engine, dispatcher: new Dispatcher(engine, log), store, clock, timers, messenger, log, instanceId };
}

export const TEAM: TeamRef = { platform: 'shell', teamId: 'team1' };

export function member(userId: string, opts: { admin?: boolean; team?: TeamRef; name?: string } = {}): MemberRef {
  return { ...(opts.team ?? TEAM), userId, displayName: opts.name ?? userId, platformAdmin: opts.admin ?? false };
}

/** Sets a team's settings directly (no confirmation post): for tests of what happens after setup. */
export async function configure(rig: TestRig, team: TeamRef, settings: Partial<TeamConfig>): Promise<void> {
  await rig.engine.teams.update(team, (c) => ({ ...c, ...settings }));
}

/** The letter under which the right answer (canonical option 0) was shown, and one that is wrong. */
export function rightLetter(order: readonly number[]): Letter {
  return LETTERS[order.indexOf(0)]!;
}
export function wrongLetter(order: readonly number[]): Letter {
  return LETTERS[order.findIndex((o) => o !== 0)]!;
}
