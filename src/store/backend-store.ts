import type { Keyv } from 'keyv';
import type { AnswerCommit, BoardEntry, BoardStanding, CommitResult, KeysByKind, Store, StoreRecord } from '../core/ports/store.js';
import type { AnswerLogEntry } from '../core/standings/member-model.js';
import { decodeDoc, deserializeEnvelope } from './doc-codec.js';

/**
 * What every backend of the Store port shares: documents through Keyv, key listing, and export for
 * migrate-store. A backend says how it stores each kind of record; this says what the port does with them.
 */
export abstract class BackendStore implements Store {
  abstract readonly kind: string;
  protected abstract readonly docs: Keyv;

  /** The key Keyv keeps a document under (a backend may put its own prefix in front). */
  protected docKey(key: string): string {
    return key;
  }
  protected abstract keysByKind(prefix: string): Promise<KeysByKind>;
  /** A document as stored (Keyv's JSON envelope), for export. */
  protected abstract rawDoc(key: string): Promise<string | undefined>;
  /** A live claim with its expiry, for export. */
  protected abstract claimRow(key: string, now: number): Promise<{ value: string; expiresAt?: number } | undefined>;
  protected abstract boardEntries(board: string): Promise<BoardEntry[]>;

  abstract claim(key: string, value: string, ttlMs?: number): Promise<boolean>;
  abstract getClaim(key: string): Promise<string | undefined>;
  abstract releaseClaim(key: string): Promise<void>;
  abstract commitAnswer(commit: AnswerCommit): Promise<CommitResult>;
  abstract counters(key: string): Promise<Record<string, number>>;
  abstract top(board: string, limit: number): Promise<BoardEntry[]>;
  abstract standing(board: string, memberId: string): Promise<BoardStanding | undefined>;
  abstract readLog(key: string): Promise<AnswerLogEntry[]>;
  abstract importRecord(record: StoreRecord): Promise<void>;
  abstract deletePrefix(prefix: string): Promise<number>;
  abstract updateDoc<T>(key: string, update: (previous: T | undefined) => T | undefined): Promise<T | undefined>;
  abstract moveBoardMember(memberId: string, fromPrefix: string, toPrefix?: string): Promise<void>;
  abstract close(): Promise<void>;

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.docs.get<T>(this.docKey(key))) ?? undefined;
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    await this.docs.set(this.docKey(key), value, ttlMs);
  }

  async delete(key: string): Promise<boolean> {
    return this.docs.delete(this.docKey(key));
  }

  async keys(prefix: string): Promise<string[]> {
    const k = await this.keysByKind(prefix);
    return [...k.docs, ...k.claims, ...k.counters, ...k.boards, ...k.logs].sort();
  }

  async *exportRecords(prefix: string): AsyncIterable<StoreRecord> {
    const k = await this.keysByKind(prefix);
    const now = Date.now();
    for (const key of k.docs) {
      const raw = await this.rawDoc(key);
      const value = decodeDoc<unknown>(raw, now);
      if (raw !== undefined && value !== undefined) yield { kind: 'doc', key, value, expiresAt: deserializeEnvelope(raw)?.expires };
    }
    for (const key of k.claims) {
      const row = await this.claimRow(key, now);
      if (row) yield { kind: 'claim', key, ...row };
    }
    for (const key of k.counters) yield { kind: 'counters', key, fields: await this.counters(key) };
    for (const key of k.boards) yield { kind: 'board', key, entries: await this.boardEntries(key) };
    for (const key of k.logs) yield { kind: 'log', key, entries: await this.readLog(key) };
  }
}
