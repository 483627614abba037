import { EventEmitter } from 'node:events';
import type { KeyvStoreAdapter } from 'keyv';
import { planAnswer } from '../core/ports/answer-step.js';
import { type Clock, systemClock } from '../core/ports/clock.js';
import type { AnswerStep, BoardEntry, BoardStanding, CommitResult, KeysByKind, StoreRecord } from '../core/ports/store.js';
import type { AnswerLogEntry, MemberRecord, StoredAnswer } from '../core/standings/member-model.js';
import { BackendStore } from './backend-store.js';
import { decodeDoc, deserializeEnvelope, encodeDoc } from './doc-codec.js';
import type { SyncPrimitives } from './sync-primitives.js';

/** Keyv's storage-adapter view of a synchronous backend's key-value table. */
class PrimitivesKeyvAdapter extends EventEmitter implements KeyvStoreAdapter {
  opts = {};
  namespace?: string;
  constructor(
    private readonly p: SyncPrimitives,
    private readonly clock: Clock,
  ) {
    super();
  }
  async get<Value>(key: string) {
    return this.p.kvGet(key) as Value | undefined;
  }
  async set(key: string, value: string, ttl?: number) {
    this.p.kvSet(key, value, ttl === undefined ? undefined : this.clock.now() + ttl);
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
  readonly kind: string;

  constructor(
    private readonly p: SyncPrimitives,
    clock: Clock = systemClock,
  ) {
    super(new PrimitivesKeyvAdapter(p, clock), clock);
    this.kind = p.kind;
  }

  async claim(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const now = this.clock.now();
    return this.p.onceInsert('claims', key, value, ttlMs === undefined ? undefined : now + ttlMs, now);
  }

  async getClaim(key: string): Promise<string | undefined> {
    return this.p.onceGet('claims', key, this.clock.now());
  }

  async releaseClaim(key: string): Promise<void> {
    this.p.deleteKey('claims', key);
  }

  async getAnswer(key: string): Promise<StoredAnswer | undefined> {
    const raw = this.p.onceGet('answers', key, this.clock.now());
    return raw === undefined ? undefined : (JSON.parse(raw) as StoredAnswer);
  }

  async answersUnder(prefix: string): Promise<{ key: string; answer: StoredAnswer }[]> {
    return this.p.onceUnder('answers', prefix, this.clock.now()).map((r) => ({ key: r.key, answer: JSON.parse(r.value) as StoredAnswer }));
  }

  async commitAnswer(step: AnswerStep): Promise<CommitResult> {
    const now = this.clock.now();
    return this.p.transaction((): CommitResult => {
      const existing = this.p.onceGet('answers', step.answer.key, now);
      const { result, writes } = planAnswer(
        step,
        {
          closed: step.closedBy !== undefined && this.p.onceGet('claims', step.closedBy, now) !== undefined,
          existing: existing === undefined ? undefined : (JSON.parse(existing) as StoredAnswer),
          member: decodeDoc<MemberRecord>(this.p.kvGet(step.member.key), now, step.member.key),
          card: step.card && decodeDoc(this.p.kvGet(step.card.key), now, step.card.key),
        },
        now,
      );
      if (!writes) return result;
      this.p.onceInsert('answers', writes.answer.key, JSON.stringify(writes.answer.value), writes.answer.expiresAt, now);
      for (const doc of writes.docs) this.p.kvSet(doc.key, encodeDoc(doc.value));
      for (const { key, by } of writes.counts) for (const [field, n] of Object.entries(by)) this.p.counterAdd(key, field, n);
      for (const board of writes.boards.boards) this.p.boardAdd(board, writes.boards.memberId, writes.boards.points);
      if (writes.log) this.p.logAppend(writes.log.key, JSON.stringify(writes.log.entry));
      return result;
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

  override async docKeys(prefix: string): Promise<string[]> {
    return this.p.docKeys(prefix);
  }

  async keysByKind(prefix: string): Promise<KeysByKind> {
    return this.p.keys(prefix, this.clock.now());
  }

  protected async onceRow(table: 'claims' | 'answers', key: string, now: number) {
    return this.p.onceRow(table, key, now);
  }

  protected async boardEntries(board: string): Promise<BoardEntry[]> {
    return this.p.boardEntries(board);
  }

  async updateDoc<T>(key: string, update: (previous: T | undefined) => T | undefined): Promise<T | undefined> {
    return this.p.transaction(() => {
      const raw = this.p.kvGet(key);
      const previous = decodeDoc<T>(raw, this.clock.now(), key);
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
      const k = this.p.keys(prefix, this.clock.now());
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
      for (const board of this.p.keys(fromPrefix, this.clock.now()).boards) {
        const points = this.p.boardRemove(board, memberId);
        if (points !== undefined && toPrefix !== undefined) this.p.boardAdd(toPrefix + board.slice(fromPrefix.length), memberId, points);
      }
    });
  }

  async importRecord(r: StoreRecord): Promise<void> {
    const now = this.clock.now();
    this.p.transaction(() => {
      switch (r.kind) {
        case 'doc':
          return this.p.kvSet(r.key, encodeDoc(r.value, r.expiresAt), r.expiresAt);
        case 'claim':
          return void this.p.onceInsert('claims', r.key, r.value, r.expiresAt, now);
        case 'answer':
          return void this.p.onceInsert('answers', r.key, JSON.stringify(r.value), r.expiresAt, now);
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
