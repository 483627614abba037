import { z } from 'zod';
import type { Logger } from '../ports/logger.js';
import type { Store } from '../ports/store.js';
import { readRecord, recordKind } from '../shared/records.js';
import { answersAsRecords } from './answers-as-records.js';
import { dailyChannels } from './daily-channels.js';

/**
 * The data layout: which records hold what, under which keys. A store written by an older Backprop is upgraded
 * on start-up, step by step, before anything is served; every step is idempotent (a crash half-way through, or two
 * processes starting at once, just run it again), and only then is the new version recorded.
 */
export const LAYOUT_KEY = 'bp:meta:layout';
export const CURRENT_LAYOUT = 3;
const layoutRecord = recordKind('the data layout version', z.looseObject({ v: z.number().int().min(1) }));

export interface UpgradeStep {
  /** The layout version this step produces. */
  to: number;
  what: string;
  /** Returns how many records it changed. */
  run(store: Store): Promise<number>;
}

/** In order. Layout 1 is Backprop before its store port was split by role (up to commit 6962d44). */
const STEPS: readonly UpgradeStep[] = [answersAsRecords, dailyChannels];

/** The store holds a layout this version does not know: the operator's to settle (run the newer Backprop), not a bug. */
export class LayoutTooNew extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LayoutTooNew';
  }
}

/** The store's data layout; a LayoutTooNew when a newer Backprop wrote it (migrate-store asks before copying). */
export async function knownLayout(store: Store, steps: readonly UpgradeStep[] = STEPS): Promise<number> {
  const from = (await readRecord(store, layoutRecord, LAYOUT_KEY))?.v ?? 1;
  const latest = steps.reduce((v, s) => Math.max(v, s.to), 1);
  if (from > latest) {
    throw new LayoutTooNew(
      `the store was written by a newer Backprop (data layout ${from}; this version knows up to ${latest}): upgrade Backprop`,
    );
  }
  return from;
}

/** Brings the store to the current layout. A store written by a newer Backprop is refused, unchanged. */
export async function upgradeLayout(
  store: Store,
  log: Logger,
  steps: readonly UpgradeStep[] = STEPS,
): Promise<{ from: number; to: number }> {
  const from = await knownLayout(store, steps);
  for (const step of steps) {
    if (step.to <= from) continue;
    const changed = await step.run(store);
    await store.set(LAYOUT_KEY, { v: step.to });
    // A new (empty) store passes through every step changing nothing: not an upgrade an operator should read of.
    if (changed > 0) log.info({ layout: step.to, changed }, `store upgraded: ${step.what}`);
    else log.debug({ layout: step.to }, `store layout ${step.to}: nothing to change`);
  }
  return { from, to: steps.reduce((v, s) => Math.max(v, s.to), from) };
}
