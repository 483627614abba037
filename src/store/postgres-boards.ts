import type pg from 'pg';
import type { BoardEntry, BoardStanding } from '../core/ports/store.js';
import { likePrefix } from './postgres-schema.js';

/**
 * Leaderboards in PostgreSQL: one row per member and board, plus how many members hold each score, so that a
 * rank sums the counts above one score instead of counting every member.
 */
export class PgBoards {
  constructor(
    private readonly pool: pg.Pool,
    /** A schema-qualified table name. */
    private readonly t: (name: string) => string,
  ) {}

  async add(c: pg.PoolClient, board: string, member: string, delta: number): Promise<void> {
    await this.addToEach(c, [board], member, delta);
  }

  /** The same points onto several boards: the member's current scores are read (and locked) in one query. */
  async addToEach(c: pg.PoolClient, boards: readonly string[], member: string, delta: number): Promise<void> {
    // A fixed order, so two answers never wait on each other's rows in opposite orders.
    const sorted = [...new Set(boards)].sort();
    // FOR UPDATE cannot lock a row that is not there yet: two first writes of one member's score (an answer and a
    // hide moving points onto the same hidden board) would both insert, and the second would overwrite the first.
    // A lock per board and member serializes them, in the same fixed order.
    await c.query('SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest($1::text[]) WITH ORDINALITY AS keys(k, i) ORDER BY i', [
      sorted.map((board) => `score:${board}\n${member}`),
    ]);
    const before = await c.query<{ board: string; points: string }>(
      `SELECT board, points FROM ${this.t('bp_scores')} WHERE board = ANY($1) AND member = $2 ORDER BY board FOR UPDATE`,
      [sorted, member],
    );
    const current = new Map(before.rows.map((r) => [r.board, Number(r.points)]));
    for (const board of sorted) await this.score(c, board, member, current.get(board), delta);
  }

  private async score(c: pg.PoolClient, board: string, member: string, old: number | undefined, delta: number): Promise<void> {
    if (old !== undefined) await this.uncount(c, board, old);
    // The member's new score and its count, in one statement (two tables, so neither sees the other's change).
    await c.query(
      `WITH scored AS (
         INSERT INTO ${this.t('bp_scores')} (board, member, points) VALUES ($1, $2, $3)
         ON CONFLICT (board, member) DO UPDATE SET points = EXCLUDED.points
       )
       INSERT INTO ${this.t('bp_score_counts')} (board, points, members) VALUES ($1, $3, 1)
       ON CONFLICT (board, points) DO UPDATE SET members = ${this.t('bp_score_counts')}.members + 1`,
      [board, member, (old ?? 0) + delta],
    );
  }

  private async uncount(c: pg.PoolClient, board: string, points: number | string): Promise<void> {
    const left = await c.query<{ members: string }>(
      `UPDATE ${this.t('bp_score_counts')} SET members = members - 1 WHERE board = $1 AND points = $2 RETURNING members`,
      [board, points],
    );
    // The row stays locked by this transaction, so what it returned is still true: drop it once nobody holds that score.
    if (left.rows.length > 0 && Number(left.rows[0]!.members) <= 0) {
      await c.query(`DELETE FROM ${this.t('bp_score_counts')} WHERE board = $1 AND points = $2 AND members <= 0`, [board, points]);
    }
  }

  async top(board: string, limit: number): Promise<BoardEntry[]> {
    const r = await this.pool.query<{ member: string; points: string }>(
      `SELECT member, points FROM ${this.t('bp_scores')} WHERE board = $1 ORDER BY points DESC, member ASC LIMIT $2`,
      [board, limit],
    );
    return r.rows.map((x) => ({ memberId: x.member, points: Number(x.points) }));
  }

  async standing(board: string, memberId: string): Promise<BoardStanding | undefined> {
    const r = await this.pool.query<{ points: string; above: string | null }>(
      `SELECT s.points, (SELECT SUM(members) FROM ${this.t('bp_score_counts')} c WHERE c.board = s.board AND c.points > s.points) AS above
       FROM ${this.t('bp_scores')} s WHERE s.board = $1 AND s.member = $2`,
      [board, memberId],
    );
    const row = r.rows[0];
    return row && { memberId, points: Number(row.points), rank: Number(row.above ?? 0) + 1 };
  }

  async entries(board: string): Promise<BoardEntry[]> {
    const r = await this.pool.query<{ member: string; points: string }>(
      `SELECT member, points FROM ${this.t('bp_scores')} WHERE board = $1`,
      [board],
    );
    return r.rows.map((x) => ({ memberId: x.member, points: Number(x.points) }));
  }

  /** In the caller's transaction: off every board under fromPrefix; onto the same-named ones under toPrefix. */
  async moveMember(c: pg.PoolClient, memberId: string, fromPrefix: string, toPrefix?: string): Promise<void> {
    const rows = await c.query<{ board: string; points: string }>(
      `SELECT board, points FROM ${this.t('bp_scores')} WHERE board LIKE $1 AND member = $2 ORDER BY board FOR UPDATE`,
      [likePrefix(fromPrefix), memberId],
    );
    for (const { board, points } of rows.rows) {
      await c.query(`DELETE FROM ${this.t('bp_scores')} WHERE board = $1 AND member = $2`, [board, memberId]);
      await this.uncount(c, board, points);
      if (toPrefix !== undefined) await this.add(c, toPrefix + board.slice(fromPrefix.length), memberId, Number(points));
    }
  }
}
