import type { z } from 'zod';
import type { Logger } from '../ports/logger.js';
import type { Documents } from '../ports/store.js';
import { CorruptRecord } from './errors.js';

/**
 * Every stored document is read through the schema of its kind. A document that fails is corrupt: the read
 * throws CorruptRecord (naming the key and what is wrong), nothing overwrites it by accident, and the first time a
 * process meets it, it is logged at error level (once per key, not once per event).
 */
export interface RecordKind<T> {
  /** What the record is, for messages: "team settings". */
  what: string;
  schema: z.ZodType<T>;
}

/** What the store calls a document it cannot decode, before a reader says what it should have been. */
export const UNDECODABLE = 'a stored document';

export function recordKind<T>(what: string, schema: z.ZodType<T>): RecordKind<T> {
  return { what, schema };
}

/** The value if it fits the kind's schema; CorruptRecord otherwise. Absent stays absent. */
export function parseRecord<T>(kind: RecordKind<T>, key: string, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  const parsed = kind.schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const at = issue.path.map(String).join('.');
  throw new CorruptRecord(key, kind.what, `${at ? `${at}: ` : ''}${issue.message}`);
}

/** Reads a record through its schema. */
export async function readRecord<T>(store: Pick<Documents, 'get'>, kind: RecordKind<T>, key: string): Promise<T | undefined> {
  return parseRecord(kind, key, await named(kind, () => store.get<unknown>(key)));
}

/** A corrupt document the store found (not even JSON) is named as the kind of record it should have been. */
export async function named<T, R>(kind: RecordKind<T>, read: () => Promise<R>): Promise<R> {
  try {
    return await read();
  } catch (error) {
    // Only the store's own finding (text that is no document at all) is renamed; a record's schema names itself.
    if (error instanceof CorruptRecord && error.what === UNDECODABLE) throw new CorruptRecord(error.key, kind.what, error.problem);
    throw error;
  }
}

/**
 * Changes a record atomically, through its schema: a corrupt record is not changed (the update throws inside the
 * store's transaction, so nothing is written).
 */
export async function updateRecord<T>(
  store: Pick<Documents, 'updateDoc'>,
  kind: RecordKind<T>,
  key: string,
  update: (previous: T | undefined) => T | undefined,
): Promise<T | undefined> {
  const stored = await named(kind, () => store.updateDoc<unknown>(key, (previous) => update(parseRecord(kind, key, previous))));
  return parseRecord(kind, key, stored);
}

/**
 * Reads a record, or gives undefined (after reporting it) when it is corrupt: for readers that can do without one
 * record (a name on a leaderboard), so that one damaged member never hides everyone else.
 */
export async function readOrReport<T>(
  deps: { store: Pick<Documents, 'get'>; log: Logger },
  kind: RecordKind<T>,
  key: string,
): Promise<T | undefined> {
  try {
    return await readRecord(deps.store, kind, key);
  } catch (error) {
    if (!(error instanceof CorruptRecord)) throw error;
    reportCorrupt(deps.log, error);
    return undefined;
  }
}

/**
 * Documents read together (getMany, a board's members), each through the kind's schema, each corrupt one reported
 * and given as undefined (as readOrReport does for one).
 */
export function parseManyOrReport<T>(
  log: Logger,
  kind: RecordKind<T>,
  keys: readonly string[],
  found: readonly (unknown | CorruptRecord | undefined)[],
): (T | undefined)[] {
  return found.map((value, i) => {
    try {
      if (value instanceof CorruptRecord) throw value.what === UNDECODABLE ? new CorruptRecord(value.key, kind.what, value.problem) : value;
      return parseRecord(kind, keys[i]!, value);
    } catch (error) {
      if (!(error instanceof CorruptRecord)) throw error;
      reportCorrupt(log, error);
      return undefined;
    }
  });
}

const reported = new WeakMap<Logger, Set<string>>();

/** Logs a corrupt record at error level, the first time this logger meets it. */
export function reportCorrupt(log: Logger, error: CorruptRecord, context: object = {}): void {
  let seen = reported.get(log);
  if (!seen) {
    seen = new Set();
    reported.set(log, seen);
  }
  if (seen.has(error.key)) return;
  if (seen.size > 10_000) seen.clear();
  seen.add(error.key);
  log.error({ ...context, key: error.key, record: error.what, problem: error.problem }, 'a stored record is corrupt and was left as it is');
}
