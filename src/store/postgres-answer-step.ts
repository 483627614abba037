import type pg from 'pg';
import { planAnswer } from '../core/ports/answer-step.js';
import type { Clock } from '../core/ports/clock.js';
import type { AnswerStep, CommitResult } from '../core/ports/store.js';
import type { MemberRecord, StoredAnswer } from '../core/standings/member-model.js';
import { decodeDoc, encodeDoc } from './doc-codec.js';
import type { AnswerBatches } from './postgres-batches.js';
import { MAINTENANCE_SHARD } from './postgres-functions.js';
import { RETRYABLE } from './postgres-tx.js';

/** How often the step decides again when the member's documents were not what it decided from. */
const MAX_ATTEMPTS = 20;

/**
 * The answer step (see AnswerStep) on PostgreSQL: one call of the schema's bp_answer_step function, in one
 * statement and so one transaction (shared with the answers that arrive meanwhile: postgres-batches.ts), holding its
 * locks only while it runs. The step is decided in JavaScript
 * before the call, from what the member's documents are thought to be, and the function writes only if they
 * still are (checked by value under the member's lock, as Redis does). A first answer is decided from "no record
 * yet", which is right for a new member: one round trip. Otherwise the function replies with the documents as
 * they are, and the step decides again from those: two round trips, as a read followed by the write would take.
 */
export async function pgAnswerStep(batches: AnswerBatches, step: AnswerStep, clock: Clock): Promise<CommitResult> {
  const docKeys = step.card ? [step.member.key, step.card.key] : [step.member.key];
  let docs: (string | null)[] = docKeys.map(() => null);
  for (let attempt = 1; ; attempt++) {
    const now = clock.now();
    const { result, writes } = planAnswer(
      step,
      {
        closed: false,
        existing: undefined,
        member: decodeDoc<MemberRecord>(docs[0] ?? undefined, now, step.member.key),
        card: step.card && decodeDoc(docs[1] ?? undefined, now, step.card.key),
      },
      now,
    );
    if (!writes) return result;
    const counts = writes.counts.flatMap(({ key, by }) => Object.entries(by).map(([field, n]) => ({ key, field, n })));
    const reply = await runAgainOnConflict(() =>
      batches.run({
        memberKey: step.member.key,
        args: [
          step.closedBy ?? null,
          now,
          writes.answer.key,
          JSON.stringify(writes.answer.value),
          writes.answer.expiresAt ?? null,
          docKeys,
          docs,
          writes.docs.map((d) => d.key),
          writes.docs.map((d) => encodeDoc(d.value)),
          counts.map((c) => c.key),
          counts.map((c) => c.field),
          counts.map((c) => c.n),
          writes.boards.boards,
          writes.boards.memberId,
          writes.boards.points,
          writes.log?.key ?? null,
          writes.log ? JSON.stringify(writes.log.entry) : null,
        ],
      }),
    );
    const [outcome, ...rest] = reply;
    if (outcome === 'ok') return result;
    if (outcome === 'closed') return { status: 'closed' };
    if (outcome === 'duplicate') return { status: 'duplicate', existing: JSON.parse(rest[0]!) as StoredAnswer };
    if (outcome !== 'changed') throw new Error(`bp_answer_step replied ${String(outcome)}`);
    if (attempt >= MAX_ATTEMPTS)
      throw new Error(`the answer step for ${step.member.key} kept meeting concurrent changes (${attempt} attempts)`);
    docs = rest;
  }
}

async function runAgainOnConflict<T>(query: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await query();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (!(code && RETRYABLE.has(code)) || attempt >= 5) throw error;
    }
  }
}

/** Adds to several of a key's counters (in the maintenance shard) in one upsert (each field once: no row touched twice). */
export async function addCounters(t: (name: string) => string, c: pg.PoolClient, key: string, counts: Record<string, number>) {
  await c.query(
    `INSERT INTO ${t('bp_counters')} (key, field, shard, n) SELECT $1, f, ${MAINTENANCE_SHARD}, n FROM unnest($2::text[], $3::bigint[]) AS u(f, n)
     ON CONFLICT (key, field, shard) DO UPDATE SET n = ${t('bp_counters')}.n + EXCLUDED.n`,
    [key, Object.keys(counts), Object.values(counts)],
  );
}
