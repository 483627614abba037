import type pg from 'pg';
import { planAnswer } from '../core/ports/answer-step.js';
import type { AnswerStep, CommitResult } from '../core/ports/store.js';
import type { MemberRecord, StoredAnswer } from '../core/standings/member-model.js';
import { decodeDoc, encodeDoc } from './doc-codec.js';
import type { PgBoards } from './postgres-boards.js';

/** What the answer step needs of the PostgreSQL store: table names, its set-if-absent insert, its boards. */
export interface PgStepContext {
  t(name: string): string;
  insertOnce(
    c: pg.PoolClient,
    table: 'bp_claims' | 'bp_answers',
    key: string,
    value: string,
    expiresAt: number | null,
    now: number,
  ): Promise<boolean>;
  boards: PgBoards;
}

/**
 * The answer step (see AnswerStep) in the caller's transaction. The closed check takes a shared lock on the
 * closed claim's key, which a close takes exclusively: an answer either commits before the close (and is in the
 * reveal's tally) or sees the question closed.
 */
export async function pgAnswerStep(ctx: PgStepContext, c: pg.PoolClient, step: AnswerStep, now: number): Promise<CommitResult> {
  const t = (name: string) => ctx.t(name);
  if (step.closedBy) {
    await c.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [step.closedBy]);
    const r = await c.query(`SELECT 1 FROM ${t('bp_claims')} WHERE key = $1 AND (expires IS NULL OR expires > $2)`, [step.closedBy, now]);
    if ((r.rowCount ?? 0) > 0) return { status: 'closed' };
  }
  // The documents the step changes, locked in a fixed order (the member's record, then the card) with the same
  // advisory locks as updateDoc: FOR UPDATE cannot lock a first record that does not exist yet.
  // (Volatile functions in a select list run after its ORDER BY: the locks are taken in this order.)
  const docKeys = step.card ? [step.member.key, step.card.key] : [step.member.key];
  await c.query('SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest($1::text[]) WITH ORDINALITY AS keys(k, i) ORDER BY i', [
    docKeys.map((key) => `doc:${key}`),
  ]);
  const [docs, existing] = await Promise.all([
    c.query<{ key: string; value: string }>(`SELECT key, value FROM ${t('keyv')} WHERE key = ANY($1) FOR UPDATE`, [docKeys]),
    // Under the member's lock: a second answer of the member waited above, and finds the first one's row here.
    c.query<{ value: string }>(`SELECT value FROM ${t('bp_answers')} WHERE key = $1 AND (expires IS NULL OR expires > $2)`, [
      step.answer.key,
      now,
    ]),
  ]);
  const current = (key: string) => docs.rows.find((r) => r.key === key)?.value;
  const { result, writes } = planAnswer(
    step,
    {
      closed: false,
      existing: existing.rows[0] && (JSON.parse(existing.rows[0].value) as StoredAnswer),
      member: decodeDoc<MemberRecord>(current(step.member.key), now, step.member.key),
      card: step.card && decodeDoc(current(step.card.key), now, step.card.key),
    },
    now,
  );
  if (!writes) return result;
  await ctx.insertOnce(c, 'bp_answers', writes.answer.key, JSON.stringify(writes.answer.value), writes.answer.expiresAt ?? null, now);
  await c.query(
    `INSERT INTO ${t('keyv')} (key, value) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [writes.docs.map((d) => d.key), writes.docs.map((d) => encodeDoc(d.value))],
  );
  for (const { key, by } of writes.counts) await addCounters(t, c, key, by);
  if (writes.boards.boards.length > 0) await ctx.boards.addToEach(c, writes.boards.boards, writes.boards.memberId, writes.boards.points);
  if (writes.log)
    await c.query(`INSERT INTO ${t('bp_answer_log')} (key, entry) VALUES ($1, $2)`, [writes.log.key, JSON.stringify(writes.log.entry)]);
  return result;
}

/** Adds to several of a key's counters in one upsert (each field appears once, so no row is touched twice). */
export async function addCounters(t: (name: string) => string, c: pg.PoolClient, key: string, counts: Record<string, number>) {
  await c.query(
    `INSERT INTO ${t('bp_counters')} (key, field, n) SELECT $1, * FROM unnest($2::text[], $3::bigint[])
     ON CONFLICT (key, field) DO UPDATE SET n = ${t('bp_counters')}.n + EXCLUDED.n`,
    [key, Object.keys(counts), Object.values(counts)],
  );
}
