import type { BoardEntry, BoardStanding, KeysByKind } from '../core/ports/store.js';

/**
 * The native operations of a synchronous backend (memory, better-sqlite3). SyncStore builds the engine's
 * Store port on them once, so the two backends cannot drift apart; each only says how to store things.
 * Values are the raw strings the codecs produce; `now` comes from the store's injected clock.
 */
export interface SyncPrimitives {
  readonly kind: string;
  kvGet(key: string): string | undefined;
  kvSet(key: string, raw: string, expiresAt?: number): void;
  kvDelete(key: string): boolean;
  kvClear(): void;
  /** The documents' keys under prefix, sorted: from an index, never a walk over every document. */
  docKeys(prefix: string): string[];
  /** A set-if-absent row of a table (claims, answers): its value, unless absent or expired at `now`. */
  onceGet(table: OnceTable, key: string, now: number): string | undefined;
  /** Insert unless a live row exists; an expired one is replaced. True when inserted. */
  onceInsert(table: OnceTable, key: string, value: string, expiresAt: number | undefined, now: number): boolean;
  /** A live row with its expiry (for export). */
  onceRow(table: OnceTable, key: string, now: number): { value: string; expiresAt?: number } | undefined;
  /** Live rows whose key starts with prefix. */
  onceUnder(table: OnceTable, prefix: string, now: number): { key: string; value: string }[];
  counterAdd(key: string, field: string, by: number): void;
  counters(key: string): Record<string, number>;
  boardAdd(board: string, member: string, delta: number): void;
  boardTop(board: string, limit: number): BoardEntry[];
  boardStanding(board: string, member: string): BoardStanding | undefined;
  /** Every entry of a board (for export). */
  boardEntries(board: string): BoardEntry[];
  /** Takes a member off a board; the points they had, if any. */
  boardRemove(board: string, member: string): number | undefined;
  /** Deletes one key of the given kind, with everything stored under it. */
  deleteKey(kind: keyof KeysByKind, key: string): void;
  logAppend(key: string, entry: string): void;
  logRead(key: string): string[];
  keys(prefix: string, now: number): KeysByKind;
  /** Runs fn atomically: all of its writes happen, or none. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

/** The two set-if-absent record kinds: claims, and answers (written by the answer step). */
export type OnceTable = 'claims' | 'answers';
