import type { AnswerLogEntry, MemberRecord, StoredAnswer } from '../standings/member-model.js';

/** One answer and everything it changes, applied by the store as a single atomic step. */
export interface AnswerCommit {
  /** Set-if-absent: the answer itself. If it already exists the answer is a duplicate and nothing is written. */
  answerKey: string;
  /** Stored under answerKey, with the points the answer earned. */
  answer: Omit<StoredAnswer, 'points'>;
  /** Time to keep the answer claim (it only guards against duplicates while the question can be answered). */
  answerTtlMs?: number;
  /** If this claim exists the question is closed and nothing is written. */
  closedKey?: string;
  memberKey: string;
  /**
   * Pure: the member's record after this answer, the points it earns (caps applied), and the leaderboards that
   * receive them (a member who hid from the leaderboards scores on hidden ones, so "show" can restore them).
   */
  applyToMember(previous: MemberRecord | undefined): { next: MemberRecord; points: number; boards: string[] };
  /** Counters incremented by one (the daily's tally). */
  tally?: { key: string; fields: string[] };
  memberId: string;
  /** Another of the member's documents changed by the same step (the question's spaced-repetition card). Pure. */
  alsoUpdate?: { key: string; update(previous: unknown): unknown };
  /** The member's answer log gets this entry (absent for points that are not an answer: a round's award). */
  logKey?: string;
  log?: AnswerLogEntry;
}

export type CommitResult =
  | { status: 'recorded'; member: MemberRecord; points: number }
  | { status: 'duplicate'; existing: StoredAnswer }
  | { status: 'closed' };

export interface BoardEntry {
  memberId: string;
  points: number;
}
export interface BoardStanding extends BoardEntry {
  /** 1 + the number of members with more points: ties share a rank and the next rank skips. */
  rank: number;
}

/** One stored thing with everything needed to recreate it in another store (npm run migrate-store). */
export type StoreRecord =
  | { kind: 'doc'; key: string; value: unknown; expiresAt?: number }
  | { kind: 'claim'; key: string; value: string; expiresAt?: number }
  | { kind: 'counters'; key: string; fields: Record<string, number> }
  | { kind: 'board'; key: string; entries: BoardEntry[] }
  | { kind: 'log'; key: string; entries: AnswerLogEntry[] };

/** Keys under a prefix, by the kind of record they hold. */
export interface KeysByKind {
  docs: string[];
  claims: string[];
  counters: string[];
  boards: string[];
  logs: string[];
}

/**
 * The store the engine needs. Every method is atomic on its backend; the backend supplies what Keyv lacks
 * (set-if-absent, increments, transactions, ordered rankings) natively.
 */
export interface Store {
  readonly kind: string;
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<boolean>;
  /**
   * Atomic read-modify-write of one document (no answer or other update can slip in between). `update` is pure;
   * returning undefined leaves the document as it was. Resolves to what is stored afterwards.
   */
  updateDoc<T>(key: string, update: (previous: T | undefined) => T | undefined): Promise<T | undefined>;
  /** Set-if-absent. True when this call created the claim. */
  claim(key: string, value: string, ttlMs?: number): Promise<boolean>;
  getClaim(key: string): Promise<string | undefined>;
  /** Ends a claim now (a live round frees its channel). */
  releaseClaim(key: string): Promise<void>;
  commitAnswer(commit: AnswerCommit): Promise<CommitResult>;
  counters(key: string): Promise<Record<string, number>>;
  /** Highest first; equal points ordered by member id so the order is stable. */
  top(board: string, limit: number): Promise<BoardEntry[]>;
  standing(board: string, memberId: string): Promise<BoardStanding | undefined>;
  readLog(key: string): Promise<AnswerLogEntry[]>;
  /** Every key (documents, claims, counters, boards, logs) that starts with prefix. */
  keys(prefix: string): Promise<string[]>;
  /** Deletes every record of every kind whose key starts with prefix (purge a team, forget a member). */
  deletePrefix(prefix: string): Promise<number>;
  /**
   * Takes a member off every board whose key starts with fromPrefix; with toPrefix, puts the same points on the
   * board of the same name under toPrefix (hide from or return to the leaderboards). Atomic per backend.
   */
  moveBoardMember(memberId: string, fromPrefix: string, toPrefix?: string): Promise<void>;
  /** Every record under a prefix, for copying to another store. */
  exportRecords(prefix: string): AsyncIterable<StoreRecord>;
  /** Recreates an exported record (in a store that does not hold its key yet). */
  importRecord(record: StoreRecord): Promise<void>;
  close(): Promise<void>;
}
