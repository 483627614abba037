import type { Store, StoreRecord } from '../core/ports/store.js';

/** The target of a copy already holds Backprop data: the operator chooses an empty store. */
export class TargetNotEmpty extends Error {}

export type MigrationCounts = Record<StoreRecord['kind'], number>;

/**
 * Copies every Backprop record from one store to another (SQLite → Redis or Postgres, and back). The target
 * must hold no Backprop data yet: nothing already stored there is overwritten.
 */
export async function migrateStore(
  from: Store,
  to: Store,
  { prefix = 'bp:', skip }: { prefix?: string; skip?: string } = {},
): Promise<MigrationCounts> {
  const existing = (await to.keys(prefix)).filter((key) => !isBookkeeping(key));
  if (existing.length > 0) {
    throw new TargetNotEmpty(
      `--to: the target store already holds ${existing.length} Backprop keys (for example ${existing[0]}); migrate into an empty store`,
    );
  }
  // A process that once opened the target left only its bookkeeping (the caller checked none runs there now): it
  // goes, and the source's layout comes with the copy.
  for (const b of BOOKKEEPING) await to.deletePrefix(b);
  const counts: MigrationCounts = { doc: 0, claim: 0, answer: 0, counters: 0, board: 0, log: 0 };
  for await (const record of from.exportRecords(prefix)) {
    if (skip !== undefined && record.key.startsWith(skip)) continue;
    await to.importRecord(record);
    counts[record.kind] += 1;
  }
  return counts;
}

/** How many keys of each kind a store holds under a prefix (to check a copy). */
export async function countKinds(store: Store, prefix = 'bp:'): Promise<MigrationCounts> {
  const counts: MigrationCounts = { doc: 0, claim: 0, answer: 0, counters: 0, board: 0, log: 0 };
  for await (const record of store.exportRecords(prefix)) counts[record.kind] += 1;
  return counts;
}

/**
 * What every process writes into any store it opens, teams or not: the data layout, its leases, its heartbeat. A
 * store that holds only these has never held a team (a mistyped URL that a start or a migration opened).
 */
const BOOKKEEPING = ['bp:meta:', 'bp:lease:', 'bp:instance:'];

/** Whether a store holds any Backprop data beyond a process's bookkeeping: anything worth copying. */
export async function holdsData(store: Store, prefix = 'bp:'): Promise<boolean> {
  return (await store.keys(prefix)).some((key) => !isBookkeeping(key));
}

const isBookkeeping = (key: string) => BOOKKEEPING.some((b) => key.startsWith(b));
