import type { KeyvStoreAdapter } from 'keyv';
import type { Clock } from '../core/ports/clock.js';
import type {
  AnswerStep,
  BoardEntry,
  BoardRead,
  BoardStanding,
  CommitResult,
  KeysByKind,
  MemberDocKey,
  Store,
  StoreRecord,
} from '../core/ports/store.js';
import { CorruptRecord } from '../core/shared/errors.js';
import type { AnswerLogEntry, StoredAnswer } from '../core/standings/member-model.js';
import { decodeDoc, deserializeEnvelope, encodeDoc } from './doc-codec.js';

/**
 * What every backend of the Store port shares: documents through a Keyv storage adapter (@keyv/redis, or
 * Backprop's own for SQLite, memory and PostgreSQL), key listing, and export for migrate-store. Expiry of
 * documents is decided on the injected clock (the envelope carries it), so a test's fake clock expires them too.
 */
export abstract class BackendStore implements Store {
  abstract readonly kind: string;

  constructor(
    protected readonly docs: KeyvStoreAdapter,
    protected readonly clock: Clock,
  ) {}

  /** The key the adapter keeps a document under (a backend may put its own prefix in front). */
  protected docKey(key: string): string {
    return key;
  }
  abstract keysByKind(prefix: string): Promise<KeysByKind>;
  /** A live claim or answer with its expiry, for export. */
  protected abstract onceRow(
    table: 'claims' | 'answers',
    key: string,
    now: number,
  ): Promise<{ value: string; expiresAt?: number } | undefined>;
  protected abstract boardEntries(board: string): Promise<BoardEntry[]>;

  abstract claim(key: string, value: string, ttlMs?: number): Promise<boolean>;
  abstract getClaim(key: string): Promise<string | undefined>;
  abstract releaseClaim(key: string): Promise<void>;
  abstract getAnswer(key: string): Promise<StoredAnswer | undefined>;
  abstract answersUnder(prefix: string): Promise<{ key: string; answer: StoredAnswer }[]>;
  abstract commitAnswer(step: AnswerStep): Promise<CommitResult>;
  abstract counters(key: string): Promise<Record<string, number>>;
  /** Importing counters adds to them on every backend, in one transaction: that is this operation. */
  addToCounters(key: string, by: Record<string, number>): Promise<void> {
    return this.importRecord({ kind: 'counters', key, fields: by });
  }
  abstract top(board: string, limit: number): Promise<BoardEntry[]>;
  abstract standing(board: string, memberId: string): Promise<BoardStanding | undefined>;

  /** The synchronous stores have no round trip to save: the board, then the documents. */
  async boardRead(board: string, limit: number, memberId: string, docs: MemberDocKey): Promise<BoardRead> {
    const [top, me] = await Promise.all([this.top(board, limit), this.standing(board, memberId)]);
    return { top, me, docs: await this.getMany(top.map((e) => docs.before + e.memberId + docs.after)) };
  }
  abstract readLog(key: string): Promise<AnswerLogEntry[]>;
  abstract importRecord(record: StoreRecord): Promise<void>;
  abstract deletePrefix(prefix: string): Promise<number>;
  abstract updateDoc<T>(key: string, update: (previous: T | undefined) => T | undefined): Promise<T | undefined>;
  abstract moveBoardMember(memberId: string, fromPrefix: string, toPrefix?: string): Promise<void>;
  abstract close(): Promise<void>;

  private readonly probeKey = `bp:health:${Math.random().toString(36).slice(2, 12)}`;

  async ping(): Promise<void> {
    await this.set(this.probeKey, { at: this.clock.now() }, 60_000);
    await this.delete(this.probeKey);
  }

  /** A document as stored (the JSON envelope), or undefined. */
  protected async rawDoc(key: string): Promise<string | undefined> {
    return ((await this.docs.get<string>(this.docKey(key))) as string | undefined) ?? undefined;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return decodeDoc<T>(await this.rawDoc(key), this.clock.now(), key);
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | CorruptRecord | undefined)[]> {
    if (keys.length === 0) return [];
    const names = keys.map((key) => this.docKey(key));
    // Keyv's adapters for Redis and PostgreSQL read them in one command; the synchronous ones have no round trip to save.
    const raws = this.docs.getMany ? await this.docs.getMany<string>(names) : await Promise.all(names.map((n) => this.docs.get<string>(n)));
    return this.decodeMany<T>(keys, raws as (string | null | undefined)[]);
  }

  /** Stored envelopes as documents; one that cannot be decoded is a CorruptRecord in its place. */
  protected decodeMany<T>(keys: readonly string[], raws: readonly (string | null | undefined)[]): (T | CorruptRecord | undefined)[] {
    const now = this.clock.now();
    return keys.map((key, i) => {
      try {
        return decodeDoc<T>(raws[i] ?? undefined, now, key);
      } catch (error) {
        if (error instanceof CorruptRecord) return error;
        throw error;
      }
    });
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    const expires = ttlMs === undefined ? undefined : this.clock.now() + ttlMs;
    await this.docs.set(this.docKey(key), encodeDoc(value, expires), ttlMs);
  }

  async delete(key: string): Promise<boolean> {
    return this.docs.delete(this.docKey(key));
  }

  async docKeys(prefix: string): Promise<string[]> {
    return (await this.keysByKind(prefix)).docs;
  }

  async keys(prefix: string): Promise<string[]> {
    const k = await this.keysByKind(prefix);
    return Object.values(k).flat().sort();
  }

  async *exportRecords(prefix: string, kinds?: readonly StoreRecord['kind'][]): AsyncIterable<StoreRecord> {
    const all = await this.keysByKind(prefix);
    const wanted = (kind: StoreRecord['kind'], keys: string[]) => (!kinds || kinds.includes(kind) ? keys : []);
    const k = {
      docs: wanted('doc', all.docs),
      claims: wanted('claim', all.claims),
      answers: wanted('answer', all.answers),
      counters: wanted('counters', all.counters),
      boards: wanted('board', all.boards),
      logs: wanted('log', all.logs),
    };
    const now = this.clock.now();
    for (const key of k.docs) {
      const raw = await this.rawDoc(key);
      const value = decodeDoc<unknown>(raw, now, key);
      if (raw !== undefined && value !== undefined) yield { kind: 'doc', key, value, expiresAt: deserializeEnvelope(raw)?.expires };
    }
    for (const key of k.claims) {
      const row = await this.onceRow('claims', key, now);
      if (row) yield { kind: 'claim', key, ...row };
    }
    for (const key of k.answers) {
      const row = await this.onceRow('answers', key, now);
      if (row) yield { kind: 'answer', key, value: JSON.parse(row.value) as StoredAnswer, expiresAt: row.expiresAt };
    }
    for (const key of k.counters) yield { kind: 'counters', key, fields: await this.counters(key) };
    for (const key of k.boards) yield { kind: 'board', key, entries: await this.boardEntries(key) };
    for (const key of k.logs) yield { kind: 'log', key, entries: await this.readLog(key) };
  }
}
