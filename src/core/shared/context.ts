import type { Bank } from '../bank/bank.js';
import type { Clock, Random, Timers } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Messenger } from '../ports/messenger.js';
import type { Store } from '../ports/store.js';
import type { Platform } from './refs.js';

/** What every part of the engine is given by the composition root. */
export interface EngineDeps {
  store: Store;
  bank: Bank;
  clock: Clock;
  /** Timers (round deadlines, answer-count edits, retries), on the same clock: tests move a fake one. */
  timers: Timers;
  random: Random;
  messenger: Messenger;
  log: Logger;
  defaults: TeamDefaults;
  /**
   * This process's identity (INSTANCE_ID, default the host name): daily claims carry it, so that after a crash
   * the same instance knows the unsent claims are its own, and others know whom to wait for.
   */
  instanceId: string;
  /** Milliseconds between edits of a daily's answer count, per platform (absent: no live count). */
  liveCountsMs?: Partial<Record<Platform, number>>;
}

/** Settings a team has before its admins change them (DEFAULT_DAILY_TIME, DEFAULT_TIMEZONE, DEFAULT_PACK). */
export interface TeamDefaults {
  time: string;
  timezone: string;
  pack: string;
}
