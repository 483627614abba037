import { describeHolder, type LeaseHolder, lapsed, thisProcess } from '../app/lease.js';
import type { Store } from '../core/ports/store.js';
import { CommandError } from './command.js';

/** Where every lease of a running Backprop lives (the SQLite file's, an instance's, a role's). */
export const LEASE_PREFIX = 'bp:lease:';

/**
 * A store a Backprop process is running on cannot be copied whole: what it writes during the copy would be
 * missing from it, and its lease would come along. Refused, naming the holder (README: stop Backprop first).
 */
export async function refuseLiveSource(
  store: Store,
  option: string,
  now = Date.now(),
  why = 'a copy taken while it runs would miss what it writes meanwhile',
): Promise<void> {
  const me = thisProcess('migrate-store');
  for (const key of await store.docKeys(LEASE_PREFIX)) {
    const holder = await store.get<LeaseHolder>(key).catch(() => undefined);
    if (holder && typeof holder.expiresAt === 'number' && !lapsed(holder, me, now)) {
      throw new CommandError(`${option}: a Backprop process is running on this store, ${describeHolder(holder)}. Stop it first: ${why}.`);
    }
  }
}
