import type { BoardEntry, BoardStanding, KeysByKind } from '../core/ports/store.js';
import { PrefixIndex } from './prefix-index.js';
import { ScoreBoard } from './score-board.js';
import type { OnceTable, SyncPrimitives } from './sync-primitives.js';

interface Row {
  value: string;
  expiresAt?: number;
}

const live = (row: Row | undefined, now: number) => row !== undefined && (row.expiresAt === undefined || row.expiresAt > now);

/**
 * Everything in this process's memory: for tests and for trying Backprop out. JavaScript runs one of these
 * operations at a time, so a transaction is simply the function (SyncStore computes before it writes).
 */
export class MemoryPrimitives implements SyncPrimitives {
  readonly kind = 'memory';
  private readonly kv = new Map<string, string>();
  /** The documents' keys by prefix: listing a team's channels or packs does not walk every document held. */
  private readonly docIndex = new PrefixIndex();
  private readonly once: Record<OnceTable, Map<string, Row>> = { claims: new Map(), answers: new Map() };
  private readonly counterMaps = new Map<string, Map<string, number>>();
  private readonly boards = new Map<string, ScoreBoard>();
  private readonly logs = new Map<string, string[]>();

  kvGet(key: string) {
    return this.kv.get(key);
  }
  kvSet(key: string, raw: string) {
    if (!this.kv.has(key)) this.docIndex.add(key);
    this.kv.set(key, raw);
  }
  kvDelete(key: string) {
    this.docIndex.delete(key);
    return this.kv.delete(key);
  }
  kvClear() {
    this.kv.clear();
    this.docIndex.clear();
  }
  docKeys(prefix: string) {
    return this.docIndex.under(prefix);
  }

  onceGet(table: OnceTable, key: string, now: number) {
    const row = this.once[table].get(key);
    return live(row, now) ? row!.value : undefined;
  }
  onceInsert(table: OnceTable, key: string, value: string, expiresAt: number | undefined, now: number) {
    if (this.onceGet(table, key, now) !== undefined) return false;
    this.once[table].set(key, { value, expiresAt });
    return true;
  }
  onceRow(table: OnceTable, key: string, now: number) {
    const row = this.once[table].get(key);
    return live(row, now) ? { ...row! } : undefined;
  }
  onceUnder(table: OnceTable, prefix: string, now: number) {
    return [...this.once[table]]
      .filter(([key, row]) => key.startsWith(prefix) && live(row, now))
      .map(([key, row]) => ({ key, value: row.value }));
  }

  counterAdd(key: string, field: string, by: number) {
    const fields = this.counterMaps.get(key) ?? new Map<string, number>();
    this.counterMaps.set(key, fields);
    fields.set(field, (fields.get(field) ?? 0) + by);
  }
  counters(key: string) {
    return Object.fromEntries(this.counterMaps.get(key) ?? []);
  }

  boardAdd(board: string, member: string, delta: number) {
    const b = this.boards.get(board) ?? new ScoreBoard();
    this.boards.set(board, b);
    b.add(member, delta);
  }
  boardTop(board: string, limit: number): BoardEntry[] {
    return this.boards.get(board)?.top(limit) ?? [];
  }
  boardStanding(board: string, member: string): BoardStanding | undefined {
    return this.boards.get(board)?.standing(member);
  }
  boardEntries(board: string): BoardEntry[] {
    return this.boards.get(board)?.entries() ?? [];
  }
  boardRemove(board: string, member: string) {
    const b = this.boards.get(board);
    const points = b?.remove(member);
    if (b && b.size === 0) this.boards.delete(board);
    return points;
  }
  deleteKey(kind: keyof KeysByKind, key: string) {
    if (kind === 'docs') return void this.kvDelete(key);
    const tables = { counters: this.counterMaps, boards: this.boards, logs: this.logs, ...this.once };
    tables[kind].delete(key);
  }

  logAppend(key: string, entry: string) {
    const log = this.logs.get(key) ?? [];
    this.logs.set(key, log);
    log.push(entry);
  }
  logRead(key: string) {
    return [...(this.logs.get(key) ?? [])];
  }

  keys(prefix: string, now: number): KeysByKind {
    const under = (keys: Iterable<string>) => [...keys].filter((k) => k.startsWith(prefix)).sort();
    const liveKeys = (table: OnceTable) => under([...this.once[table]].filter(([, row]) => live(row, now)).map(([k]) => k));
    return {
      docs: this.docIndex.under(prefix),
      claims: liveKeys('claims'),
      answers: liveKeys('answers'),
      counters: under(this.counterMaps.keys()),
      boards: under(this.boards.keys()),
      logs: under(this.logs.keys()),
    };
  }

  transaction<T>(fn: () => T): T {
    return fn();
  }

  close() {}
}
