import { z } from 'zod';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { UserError } from './errors.js';
import { recordKind, updateRecord } from './records.js';

/** How many times something may happen per window, and how the refusal reads. */
export interface RateRule {
  max: number;
  windowMs: number;
  /** "uploads", "suggestions": what is counted, for the message. */
  what: string;
}

const windowRecord = recordKind('a rate-limit window', z.looseObject({ start: z.number(), count: z.number().int().min(0) }));

/** Refuses, without counting, when the rule's window is already full (a check before costly work). */
export async function checkRate(store: Store, clock: Clock, key: string, rule: RateRule): Promise<void> {
  const now = clock.now();
  const w = await store.get<{ start: number; count: number }>(key);
  if (w && now - w.start < rule.windowMs && w.count >= rule.max) refuse(rule, w.start + rule.windowMs - now);
}

function refuse(rule: RateRule, waitMs: number): never {
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  throw new UserError(
    'rate-limited',
    `That is ${rule.max} ${rule.what} already; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  );
}

/**
 * Counts one more under a rule, atomically in the store (every process sharing it counts together), or refuses
 * with the time to wait. A fixed window, which is plenty for keeping uploads and suggestions to a human pace.
 */
export async function takeRate(store: Store, clock: Clock, key: string, rule: RateRule): Promise<void> {
  const now = clock.now();
  let refusedUntil: number | undefined;
  await updateRecord(store, windowRecord, key, (w) => {
    const current = w && now - w.start < rule.windowMs ? w : { start: now, count: 0 };
    if (current.count >= rule.max) {
      refusedUntil = current.start + rule.windowMs;
      return undefined;
    }
    return { start: current.start, count: current.count + 1 };
  });
  if (refusedUntil !== undefined) refuse(rule, refusedUntil - now);
}
