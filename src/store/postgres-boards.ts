import type pg from 'pg';
import type { BoardEntry, BoardStanding } from '../core/ports/store.js';
import { likePrefix } from './postgres-schema.js';

/**
 * Leaderboards in PostgreSQL: one row per member and board (bp_scores), plus how many members hold each score,
 * so that a rank sums the counts above one score instead of counting every member. Those counts are kept in shards
 * (bp_score_counts.shard), so that answers under way at once do not wait on one row (see postgres-functions.ts).
 */
export class PgBoards {
  constructor(
    private readonly pool: pg.Pool,
    /** A schema-qualified table or function name. */
    private readonly t: (name: string) => string,
  ) {}

  /** In the caller's transaction: the same points onto several boards (bp_add_points locks rows in board order). */
  async addToEach(c: pg.PoolClient, boards: readonly string[], member: string, delta: number): Promise<void> {
    await c.query(`SELECT ${this.t('bp_add_points')}($1, $2, $3)`, [[...new Set(boards)].sort(), member, delta]);
  }

  /** In the caller's transaction: a board copied in (migrate-store), its members and counts in one statement each. */
  async importEntries(c: pg.PoolClient, board: string, entries: readonly BoardEntry[]): Promise<void> {
    await c.query(
      `WITH input AS (SELECT m, SUM(p) AS p FROM unnest($2::text[], $3::bigint[]) AS e(m, p) GROUP BY m),
       scored AS (
         INSERT INTO ${this.t('bp_scores')} AS sc (board, member, points) SELECT $1, m, p FROM input
         ON CONFLICT (board, member) DO UPDATE SET points = sc.points + EXCLUDED.points
         RETURNING sc.member, sc.points, sc.xmax = 0 AS fresh),
       moves AS (
         SELECT scored.points, 1 AS n FROM scored
         UNION ALL SELECT scored.points - input.p, -1 FROM scored JOIN input ON input.m = scored.member WHERE NOT scored.fresh),
       summed AS (SELECT points, SUM(n) AS n FROM moves GROUP BY points HAVING SUM(n) <> 0)
       INSERT INTO ${this.t('bp_score_counts')} AS sc (board, points, shard, members) SELECT $1, points, 0, n FROM summed
       ON CONFLICT (board, points, shard) DO UPDATE SET members = sc.members + EXCLUDED.members`,
      [board, entries.map((e) => e.memberId), entries.map((e) => e.points)],
    );
    // A shard can hold a negative count (a member arrived in one and left from another); a zero adds nothing.
    await c.query(`DELETE FROM ${this.t('bp_score_counts')} WHERE board = $1 AND members = 0`, [board]);
  }

  async top(board: string, limit: number): Promise<BoardEntry[]> {
    const r = await this.pool.query<{ member: string; points: string }>(
      `SELECT member, points FROM ${this.t('bp_scores')} WHERE board = $1 ORDER BY points DESC, member ASC LIMIT $2`,
      [board, limit],
    );
    return r.rows.map((x) => ({ memberId: x.member, points: Number(x.points) }));
  }

  /** One statement, so one snapshot: a batch of answers (scores and counts) is seen entirely or not at all. */
  async standing(board: string, memberId: string): Promise<BoardStanding | undefined> {
    const r = await this.pool.query<{ points: string; above: string | null }>(
      `SELECT s.points,
         (SELECT SUM(members) FROM ${this.t('bp_score_counts')} c WHERE c.board = s.board AND c.points > s.points) AS above
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
    const removed = await c.query<{ board: string; points: string }>(
      `WITH gone AS (DELETE FROM ${this.t('bp_scores')} WHERE board LIKE $1 AND member = $2 RETURNING board, points),
       counted AS (
         INSERT INTO ${this.t('bp_score_counts')} AS sc (board, points, shard, members) SELECT board, points, 0, -1 FROM gone
         ON CONFLICT (board, points, shard) DO UPDATE SET members = sc.members - 1)
       SELECT board, points FROM gone ORDER BY board`,
      [likePrefix(fromPrefix), memberId],
    );
    if (toPrefix === undefined) return;
    for (const { board, points } of removed.rows)
      await this.addToEach(c, [toPrefix + board.slice(fromPrefix.length)], memberId, Number(points));
  }
}
