import type { AnswerLogEntry, MemberRecord, StoredAnswer } from '../standings/member-model.js';

/**
 * The answer step: one answer and everything it changes, applied by the store as a single atomic transaction.
 * It is the only composite write Backprop makes. Either all of it happens or none:
 * - the answer record is written once (a second one with the same key is a duplicate, and nothing changes);
 * - unless the question is closed (its closed claim exists), and then nothing changes either;
 * - the member's record becomes what `member.apply` makes of it (points, caps, streak days, topics);
 * - the question's spaced-repetition card, the daily's tally, the leaderboards and the answer log follow.
 *
 * Backends differ only in how they read and lock; what the step writes is decided once, by planAnswer().
 */
export interface AnswerStep {
  answer: { key: string; value: Omit<StoredAnswer, 'points'>; ttlMs?: number };
  /** If this claim exists the question is closed. */
  closedBy?: string;
  member: {
    id: string;
    key: string;
    /**
     * Pure: the member's record after this answer, the points it earns (caps applied), and the leaderboards that
     * receive them (a member who hid from the leaderboards scores on hidden ones, so "show" can restore them).
     * `previous` is the stored record as the store found it: apply reads it through its schema, and a corrupt one
     * throws, which writes nothing.
     */
    apply(previous: unknown): MemberChange;
  };
  /** Another of the member's documents changed by the same step (the question's review card). Pure; undefined: unchanged. */
  card?: { key: string; update(previous: unknown): unknown };
  /** Counters incremented by one (the daily's tally). */
  tally?: { key: string; fields: readonly string[] };
  /** Absent for points that are not an answer (a round's award). */
  log?: { key: string; entry: AnswerLogEntry };
}

export interface MemberChange {
  next: MemberRecord;
  points: number;
  boards: string[];
  /** Counters the answer adds to, decided with the points (a daily channel's activity per period). */
  counts?: { key: string; by: Record<string, number> }[];
}

export type CommitResult =
  | { status: 'recorded'; member: MemberRecord; points: number }
  | { status: 'duplicate'; existing: StoredAnswer }
  | { status: 'closed' };

/** What a backend reads, under its own lock or watch, before the step decides. */
export interface AnswerStepReads {
  closed: boolean;
  existing: StoredAnswer | undefined;
  member: unknown;
  card: unknown;
}

/** What the step writes, all together. */
export interface AnswerStepWrites {
  answer: { key: string; value: StoredAnswer; expiresAt?: number };
  docs: { key: string; value: unknown }[];
  /** Each key's counters once (a key named twice has its increments summed). */
  counts: { key: string; by: Record<string, number> }[];
  boards: { boards: string[]; memberId: string; points: number };
  log?: { key: string; entry: AnswerLogEntry };
}

/** The decision of the answer step, for every backend alike. Pure; throws what `member.apply` throws. */
export function planAnswer(step: AnswerStep, reads: AnswerStepReads, now: number): { result: CommitResult; writes?: AnswerStepWrites } {
  if (reads.closed) return { result: { status: 'closed' } };
  if (reads.existing) return { result: { status: 'duplicate', existing: reads.existing } };
  const { next, points, boards, counts } = step.member.apply(reads.member);
  const docs: AnswerStepWrites['docs'] = [{ key: step.member.key, value: next }];
  if (step.card) {
    const card = step.card.update(reads.card);
    if (card !== undefined) docs.push({ key: step.card.key, value: card });
  }
  const writes: AnswerStepWrites = {
    answer: {
      key: step.answer.key,
      value: { ...step.answer.value, points },
      expiresAt: step.answer.ttlMs === undefined ? undefined : now + step.answer.ttlMs,
    },
    docs,
    counts: mergeCounts([...(step.tally ? [{ key: step.tally.key, by: countOf(step.tally.fields) }] : []), ...(counts ?? [])]),
    boards: { boards: points > 0 ? [...new Set(boards)].sort() : [], memberId: step.member.id, points },
    log: step.log,
  };
  return { result: { status: 'recorded', member: next, points }, writes };
}

/**
 * One entry per key, its fields summed and zero increments dropped, sorted by key: a backend writes each row
 * once, and two answers lock shared counter rows in the same order (no deadlock between them).
 */
function mergeCounts(counts: readonly { key: string; by: Record<string, number> }[]): AnswerStepWrites['counts'] {
  const merged = new Map<string, Record<string, number>>();
  for (const { key, by } of counts) {
    const into = merged.get(key) ?? {};
    for (const [field, n] of Object.entries(by)) if (n !== 0) into[field] = (into[field] ?? 0) + n;
    merged.set(key, into);
  }
  return [...merged]
    .filter(([, by]) => Object.keys(by).length > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, by]) => ({ key, by }));
}

/** How many times each field is named: a tally's increments. */
function countOf(fields: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of fields) counts[f] = (counts[f] ?? 0) + 1;
  return counts;
}
