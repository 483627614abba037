import { EventEmitter } from 'node:events';
import type { Keyv, KeyvStoreAdapter } from 'keyv';
import type { AnswerCommit, BoardEntry, BoardStanding, CommitResult, KeysByKind, StoreRecord } from '../core/ports/store.js';
import type { AnswerLogEntry, MemberRecord, StoredAnswer } from '../core/standings/member-model.js';
import { BackendStore } from './backend-store.js';
import { decodeDoc, deserializeEnvelope, documentKeyv, encodeDoc } from './doc-codec.js';
import type { SyncPrimitives } from './sync-primitives.js';

/** Keyv's view of a backend's key-value table. */
class PrimitivesKeyvAdapter extends EventEmitter implements KeyvStoreAdapter {
  opts = {};
  namespace?: string;
  constructor(private readonly p: SyncPrimitives) {
    super();
  }
  async get<Value>(key: string) {
    return this.p.kvGet(key) as Value | undefined;
  }
  async set(key: string, value: string, ttl?: number) {
    this.p.kvSet(key, value, ttl === undefined ? undefined : Date.now() + ttl);
    return true;
  }
  async delete(key: string) {
    return this.p.kvDelete(key);
  }
  async clear() {
    this.p.kvClear();
  }
}

/** The Store port for backends whose native operations are synchronous (memory, better-sqlite3). */
export class SyncStore extends BackendStore {
  protected readonly docs: Keyv;
  readonly kind: string;

  constructor(private readonly p: SyncPrimitives) {
    super();
    this.kind = p.kind;
    this.docs = documentKeyv(new PrimitivesKeyvAdapter(p));
  }

  async claim(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const now = Date.now();
    return this.p.claimInsert(key, value, ttlMs === undefined ? undefined : now + ttlMs, now);
  }

  async getClaim(key: string): Promise<string | undefined> {
    return this.p.claimGet(key, Date.now());
  }

  async releaseClaim(key: string): Promise<void> {
    this.p.deleteKey('claims', key);
  }

  async commitAnswer(c: AnswerCommit): Promise<CommitResult> {
    const now = Date.now();
    return this.p.transaction((): CommitResult => {
      if (c.closedKey && this.p.claimGet(c.closedKey, now) !== undefined) return { status: 'closed' };
      const existing = this.p.claimGet(c.answerKey, now);
      if (existing !== undefined) return { status: 'duplicate', existing: JSON.parse(existing) as StoredAnswer };
      const previous = decodeDoc<MemberRecord>(this.p.kvGet(c.memberKey), now);
      const { next, points, boards } = c.applyToMember(previous);
      const stored: StoredAnswer = { ...c.answer, points };
      const expires = c.answerTtlMs === undefined ? undefined : now + c.answerTtlMs;
      this.p.claimInsert(c.answerKey, JSON.stringify(stored), expires, now);
      this.p.kvSet(c.memberKey, encodeDoc(next));
      if (c.alsoUpdate) {
        const updated = c.alsoUpdate.update(decodeDoc(this.p.kvGet(c.alsoUpdate.key), now));
        if (updated !== undefined) this.p.kvSet(c.alsoUpdate.key, encodeDoc(updated));
      }
      if (c.tally) for (const field of c.tally.fields) this.p.counterAdd(c.tally.key, field, 1);
      if (points > 0) for (const board of boards) this.p.boardAdd(board, c.memberId, points);
      if (c.logKey && c.log) this.p.logAppend(c.logKey, JSON.stringify(c.log));
      return { status: 'recorded', member: next, points };
    });
  }

  async counters(key: string): Promise<Record<string, number>> {
    return this.p.counters(key);
  }

  async top(board: string, limit: number): Promise<BoardEntry[]> {
    return this.p.boardTop(board, limit);
  }

  async standing(board: string, memberId: string): Promise<BoardStanding | undefined> {
    return this.p.boardStanding(board, memberId);
  }

  async readLog(key: string): Promise<AnswerLogEntry[]> {
    return this.p.logRead(key).map((raw) => JSON.parse(raw) as AnswerLogEntry);
  }

  protected async keysByKind(prefix: string): Promise<KeysByKind> {
    return this.p.keys(prefix);
  }

  protected async rawDoc(key: string): Promise<string | undefined> {
    return this.p.kvGet(key);
  }

  protected async claimRow(key: string, now: number) {
    return this.p.claimRow(key, now);
  }

  protected async boardEntries(board: string): Promise<BoardEntry[]> {
    return this.p.boardEntries(board);
  }

  async updateDoc<T>(key: string, update: (previous: T | undefined) => T | undefined): Promise<T | undefined> {
    return this.p.transaction(() => {
      const raw = this.p.kvGet(key);
      const previous = decodeDoc<T>(raw);
      const next = update(previous);
      if (next === undefined) return previous;
      // Keep the document's expiry, if it had one.
      const expires = raw === undefined ? undefined : deserializeEnvelope<T>(raw)?.expires;
      this.p.kvSet(key, encodeDoc(next, expires), expires);
      return next;
    });
  }

  async deletePrefix(prefix: string): Promise<number> {
    return this.p.transaction(() => {
      const k = this.p.keys(prefix);
      let n = 0;
      for (const kind of Object.keys(k) as (keyof KeysByKind)[]) {
        for (const key of k[kind]) {
          this.p.deleteKey(kind, key);
          n++;
        }
      }
      return n;
    });
  }

  async moveBoardMember(memberId: string, fromPrefix: string, toPrefix?: string): Promise<void> {
    this.p.transaction(() => {
      for (const board of this.p.keys(fromPrefix).boards) {
        const points = this.p.boardRemove(board, memberId);
        if (points !== undefined && toPrefix !== undefined) this.p.boardAdd(toPrefix + board.slice(fromPrefix.length), memberId, points);
      }
    });
  }

  async importRecord(r: StoreRecord): Promise<void> {
    this.p.transaction(() => {
      switch (r.kind) {
        case 'doc':
          return this.p.kvSet(r.key, encodeDoc(r.value, r.expiresAt), r.expiresAt);
        case 'claim':
          return void this.p.claimInsert(r.key, r.value, r.expiresAt, Date.now());
        case 'counters':
          for (const [field, n] of Object.entries(r.fields)) this.p.counterAdd(r.key, field, n);
          return;
        case 'board':
          for (const e of r.entries) this.p.boardAdd(r.key, e.memberId, e.points);
          return;
        case 'log':
          for (const e of r.entries) this.p.logAppend(r.key, JSON.stringify(e));
          return;
      }
    });
  }

  async close(): Promise<void> {
    this.p.close();
  }
}
