import type { BoardEntry, BoardStanding, KeysByKind } from '../core/ports/store.js';
import { ScoreBoard } from './score-board.js';
import type { SyncPrimitives } from './sync-primitives.js';

interface Claim {
  value: string;
  expiresAt?: number;
}

/**
 * Everything in this process's memory: for tests and for trying Backprop out. JavaScript runs one of these
 * operations at a time, so a transaction is simply the function (SyncStore computes before it writes).
 */
export class MemoryPrimitives implements SyncPrimitives {
  readonly kind = 'memory';
  private readonly kv = new Map<string, string>();
  private readonly claims = new Map<string, Claim>();
  private readonly counterMaps = new Map<string, Map<string, number>>();
  private readonly boards = new Map<string, ScoreBoard>();
  private readonly logs = new Map<string, string[]>();

  kvGet(key: string) {
    return this.kv.get(key);
  }
  kvSet(key: string, raw: string) {
    this.kv.set(key, raw);
  }
  kvDelete(key: string) {
    return this.kv.delete(key);
  }
  kvClear() {
    this.kv.clear();
  }

  claimGet(key: string, now: number) {
    const claim = this.claims.get(key);
    if (!claim || (claim.expiresAt !== undefined && claim.expiresAt <= now)) return undefined;
    return claim.value;
  }
  claimInsert(key: string, value: string, expiresAt: number | undefined, now: number) {
    if (this.claimGet(key, now) !== undefined) return false;
    this.claims.set(key, { value, expiresAt });
    return true;
  }
  claimRow(key: string, now: number) {
    return this.claimGet(key, now) === undefined ? undefined : { ...this.claims.get(key)! };
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
    ({ docs: this.kv, claims: this.claims, counters: this.counterMaps, boards: this.boards, logs: this.logs })[kind].delete(key);
  }

  logAppend(key: string, entry: string) {
    const log = this.logs.get(key) ?? [];
    this.logs.set(key, log);
    log.push(entry);
  }
  logRead(key: string) {
    return [...(this.logs.get(key) ?? [])];
  }

  keys(prefix: string): KeysByKind {
    const now = Date.now();
    const under = (keys: Iterable<string>) => [...keys].filter((k) => k.startsWith(prefix)).sort();
    return {
      docs: under(this.kv.keys()),
      claims: under([...this.claims].filter(([, c]) => c.expiresAt === undefined || c.expiresAt > now).map(([k]) => k)),
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
