import type { CorruptRecord } from '../shared/errors.js';
import type { AnswerLogEntry, StoredAnswer } from '../standings/member-model.js';
import type { AnswerStep, CommitResult } from './answer-step.js';

export type { AnswerStep, CommitResult, MemberChange } from './answer-step.js';

/**
 * The store the engine needs, by role. Every backend (memory, SQLite, Redis, PostgreSQL) implements all of them,
 * and each role has its own contract tests (tests/store/contract/). Every operation is atomic on its backend; the
 * backend supplies natively what Keyv lacks (set-if-absent, increments, transactions, ordered rankings).
 */

/** JSON documents by key, with an optional expiry (Keyv underneath). */
export interface Documents {
  get<T>(key: string): Promise<T | undefined>;
  /**
   * Several documents in one read (one round trip on the networked stores), in the order of `keys`. A document that
   * cannot be decoded is a CorruptRecord in its place: one damaged document does not fail the others' read.
   */
  getMany<T>(keys: readonly string[]): Promise<(T | CorruptRecord | undefined)[]>;
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<boolean>;
  /**
   * Atomic read-modify-write of one document (no answer or other update can slip in between). `update` is pure;
   * returning undefined leaves the document as it was. Resolves to what is stored afterwards. An expiry stays.
   */
  updateDoc<T>(key: string, update: (previous: T | undefined) => T | undefined): Promise<T | undefined>;
  /**
   * The keys of the documents under prefix, sorted: what the engine lists while serving (a team's channels and
   * packs, a member's cards, the scheduler's indexes). A range of an index on every store, never a walk over the
   * whole store, so its cost follows what is listed, not how much the store holds.
   */
  docKeys(prefix: string): Promise<string[]>;
}

/** Set-if-absent markers that make something happen once: a day's daily, a closed question, a confirmation. */
export interface Claims {
  /** True when this call created the claim (an expired claim counts as absent). */
  claim(key: string, value: string, ttlMs?: number): Promise<boolean>;
  getClaim(key: string): Promise<string | undefined>;
  /** Ends a claim now (a live round frees its channel). */
  releaseClaim(key: string): Promise<void>;
}

/** One record per answer given; only the answer step writes them. */
export interface Answers {
  getAnswer(key: string): Promise<StoredAnswer | undefined>;
  /** Every live answer whose key starts with prefix, by key (a round question's answers). */
  answersUnder(prefix: string): Promise<{ key: string; answer: StoredAnswer }[]>;
}

/** Named counters per key: a daily's answers per option. Incremented by the answer step. */
export interface Tallies {
  counters(key: string): Promise<Record<string, number>>;
  /** Adds to a key's counters, either sign, outside an answer (forget-me takes back what a member's answers added). */
  addToCounters(key: string, by: Record<string, number>): Promise<void>;
}

export interface BoardEntry {
  memberId: string;
  points: number;
}
export interface BoardStanding extends BoardEntry {
  /** 1 + the number of members with more points: ties share a rank and the next rank skips. */
  rank: number;
}

/** How the documents of a board's members are named: before + memberId + after. */
export interface MemberDocKey {
  before: string;
  after: string;
}

export interface BoardRead {
  top: BoardEntry[];
  me?: BoardStanding;
  /** The document of each member in `top`, in the same order. */
  docs: (unknown | CorruptRecord | undefined)[];
}

/** Points per member, ranked. Points arrive through the answer step. */
export interface Boards {
  /** Highest first; equal points ordered by member id so the order is stable. */
  top(board: string, limit: number): Promise<BoardEntry[]>;
  standing(board: string, memberId: string): Promise<BoardStanding | undefined>;
  /**
   * A leaderboard read in one round trip on the networked stores (while a burst keeps the store and the process busy,
   * every round trip waits its turn): top() and standing(), and the document of each member in the top, named
   * `docs.before + memberId + docs.after` (a CorruptRecord in its place if it cannot be decoded). On PostgreSQL one
   * statement, so one snapshot; on Redis one script.
   */
  boardRead(board: string, limit: number, memberId: string, docs: MemberDocKey): Promise<BoardRead>;
  /**
   * Takes a member off every board whose key starts with fromPrefix; with toPrefix, puts the same points on the
   * board of the same name under toPrefix (hide from or return to the leaderboards). Atomic per backend.
   */
  moveBoardMember(memberId: string, fromPrefix: string, toPrefix?: string): Promise<void>;
}

/** Each member's append-only history of answers. */
export interface AnswerLogs {
  readLog(key: string): Promise<AnswerLogEntry[]>;
}

/** The one composite transaction: see AnswerStep. */
export interface AnswerSteps {
  commitAnswer(step: AnswerStep): Promise<CommitResult>;
}

/** One stored thing with everything needed to recreate it in another store (npm run migrate-store). */
export type StoreRecord =
  | { kind: 'doc'; key: string; value: unknown; expiresAt?: number }
  | { kind: 'claim'; key: string; value: string; expiresAt?: number }
  | { kind: 'answer'; key: string; value: StoredAnswer; expiresAt?: number }
  | { kind: 'counters'; key: string; fields: Record<string, number> }
  | { kind: 'board'; key: string; entries: BoardEntry[] }
  | { kind: 'log'; key: string; entries: AnswerLogEntry[] };

/** Keys under a prefix, by the kind of record they hold. */
export interface KeysByKind {
  docs: string[];
  claims: string[];
  answers: string[];
  counters: string[];
  boards: string[];
  logs: string[];
}

/** Whole prefixes at once (purge a team, forget a member, copy a store), and the store's own lifecycle. */
export interface Maintenance {
  readonly kind: string;
  /** Every key (of every kind) that starts with prefix, sorted. */
  keys(prefix: string): Promise<string[]>;
  keysByKind(prefix: string): Promise<KeysByKind>;
  /** Deletes every record of every kind whose key starts with prefix. Returns how many. */
  deletePrefix(prefix: string): Promise<number>;
  /** Every record under a prefix (of the given kinds, or all), for copying to another store. */
  exportRecords(prefix: string, kinds?: readonly StoreRecord['kind'][]): AsyncIterable<StoreRecord>;
  /** Recreates an exported record (in a store that does not hold its key yet; a claim or answer never overwrites). */
  importRecord(record: StoreRecord): Promise<void>;
  /** A small write and its removal: resolves when the store takes writes (a full disk or read-only file does not). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface Store extends Documents, Claims, Answers, Tallies, Boards, AnswerLogs, AnswerSteps, Maintenance {}
