import { fileURLToPath } from 'node:url';
import { Dispatcher } from '../../src/app/dispatcher.js';
import { loadBank } from '../../src/bank/load.js';
import type { Bank } from '../../src/core/bank/bank.js';
import type { DailyChannel } from '../../src/core/daily/channel-model.js';
import { Engine } from '../../src/core/engine.js';
import type { Messenger } from '../../src/core/ports/messenger.js';
import type { Store } from '../../src/core/ports/store.js';
import type { EngineDeps } from '../../src/core/shared/context.js';
import { LETTERS, type Letter } from '../../src/core/shared/presentation.js';
import type { MemberRef, TeamRef } from '../../src/core/shared/refs.js';
import { followFirstChannel } from '../../src/core/team/setup.js';
import type { TeamConfig } from '../../src/core/team/team-model.js';
import { DailyScheduler } from '../../src/scheduler/scheduler.js';
import type { SchedulerOptions } from '../../src/scheduler/scheduler-options.js';
import { MemoryPrimitives } from '../../src/store/memory.js';
import { SyncStore } from '../../src/store/sync-store.js';
import { FakeClock, FakeTimers, seededRandom } from './clock.js';
import { MemoryLogger } from './logger.js';
import { RecordingMessenger } from './messenger.js';

export const MINI_PACKS = fileURLToPath(new URL('../fixtures/packs', import.meta.url));
export const REAL_PACKS = fileURLToPath(new URL('../../data/packs', import.meta.url));

// Reading the built-in bank's YAML took 1–2 s per rig. The banks of the two fixed folders are immutable: read once
// (per worker: test files share modules, vitest.config.ts).
const fixedBanks = new Map<string, Bank>();
function fixedBank(dir: string): Bank {
  const bank = fixedBanks.get(dir) ?? loadBank(dir);
  fixedBanks.set(dir, bank);
  return bank;
}

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
    /** A packs folder of the test's own, whose pack `ownPack` is the default (instead of `pack`). */
    packsDir?: string;
    ownPack?: string;
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
  const pack = options.ownPack ?? options.pack ?? 'mini';
  const bank = options.packsDir ? loadBank(options.packsDir) : fixedBank(pack === 'mini' ? MINI_PACKS : REAL_PACKS);
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

/** What a test sets up directly: the team's settings, and a daily channel's (channelId names the channel). */
export type TestSettings = Partial<Omit<TeamConfig, 'v'>> &
  Partial<Omit<DailyChannel, 'v' | 'createdAt' | 'updatedAt' | 'time' | 'timezone' | 'pack' | 'removedAt'>>;

/** removedAt is the team's (the bot removed); a channel's daily is removed with dailies.remove(). */
const DAILY_FIELDS = ['weekdays', 'paused', 'topics', 'difficulty', 'attention', 'legacyIds'] as const;

/**
 * Sets settings directly (no confirmation post): for tests of what happens after setup. With channelId, that
 * channel's daily is created or changed (time, timezone and pack apply to it too); daily settings without
 * channelId change the team's first daily channel. The team's calendar follows its first channel, as setup does.
 */
export async function configure(rig: TestRig, team: TeamRef, settings: TestSettings): Promise<DailyChannel | undefined> {
  const { channelId, ...rest } = settings;
  const daily = Object.fromEntries(Object.entries(rest).filter(([k]) => (DAILY_FIELDS as readonly string[]).includes(k)));
  const teamPart = Object.fromEntries(Object.entries(rest).filter(([k]) => !(DAILY_FIELDS as readonly string[]).includes(k)));
  const config = await rig.engine.teams.update(team, (c) => ({ ...c, ...teamPart }));
  const target = channelId ?? (await rig.engine.channels.active(team))[0]?.channelId;
  if (target === undefined) return undefined;
  const { time, timezone, pack } = rest;
  const own = { ...daily, ...(channelId === undefined ? {} : definedOnly({ time, timezone, pack })) };
  const channel = await rig.engine.channels.update(team, target, (c) => ({ ...c, ...own }), {
    create: () => rig.engine.channels.fromDefaults(config, target),
  });
  await followFirstChannel(rig.engine.teams, rig.engine.channels, team, config);
  return channel;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The letter under which the right answer (canonical option 0) was shown, and one that is wrong. */
export function rightLetter(order: readonly number[]): Letter {
  return LETTERS[order.indexOf(0)]!;
}
export function wrongLetter(order: readonly number[]): Letter {
  return LETTERS[order.findIndex((o) => o !== 0)]!;
}

/** The team's one running daily channel (most tests have one); fails the test when there are none or several. */
export async function onlyDaily(engine: Engine, team: TeamRef): Promise<DailyChannel> {
  const active = await engine.channels.active(team);
  if (active.length !== 1) throw new Error(`expected one daily channel, found ${active.map((c) => c.channelId).join(', ') || 'none'}`);
  return active[0]!;
}

/** The id of the team's one running daily channel. */
export async function onlyChannel(engine: Engine, team: TeamRef): Promise<string> {
  return (await onlyDaily(engine, team)).channelId;
}

/** The daily scheduler of a rig's process: it owns every team and runs when the test ticks it (no cron). */
export function rigScheduler(rig: TestRig, opts: Partial<SchedulerOptions> = {}): DailyScheduler {
  return new DailyScheduler({
    engine: rig.engine,
    instanceId: rig.instanceId,
    store: rig.store,
    clock: rig.clock,
    log: rig.log,
    owns: () => true,
    cron: false,
    ...opts,
  });
}
