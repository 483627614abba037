import type pg from 'pg';
import type { BoardEntry, BoardStanding, MemberDocKey } from '../core/ports/store.js';
import { MAINTENANCE_SHARD } from './postgres-functions.js';
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
       INSERT INTO ${this.t('bp_score_counts')} AS sc (board, points, shard, members) SELECT $1, points, ${MAINTENANCE_SHARD}, n FROM summed
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

  /**
   * A leaderboard read as one statement (one round trip while a burst keeps the server busy, and one snapshot): the
   * top in the board's order (i), each with its member's document (named before + member + after), and the
   * reader's standing (mine).
   */
  async read(board: string, limit: number, memberId: string, docs: MemberDocKey) {
    const r = await this.pool.query<{ member: string; points: string; i: string | null; doc: string | null; above: string | null }>({
      name: 'bp_board_read',
      text: `SELECT t.member, t.points, t.i, (SELECT v.value FROM ${this.t('keyv')} v WHERE v.key = $4 || t.member || $5) AS doc,
         NULL::numeric AS above
       FROM (SELECT member, points, row_number() OVER (ORDER BY points DESC, member ASC) AS i FROM ${this.t('bp_scores')}
         WHERE board = $1 ORDER BY points DESC, member ASC LIMIT $2) AS t
       UNION ALL
       SELECT s.member, s.points, NULL, NULL,
         coalesce((SELECT SUM(members) FROM ${this.t('bp_score_counts')} c WHERE c.board = s.board AND c.points > s.points), 0)
       FROM ${this.t('bp_scores')} s WHERE s.board = $1 AND s.member = $3`,
      values: [board, limit, memberId, docs.before, docs.after],
    });
    const top = r.rows.filter((x) => x.i !== null).sort((a, b) => Number(a.i) - Number(b.i));
    const mine = r.rows.find((x) => x.i === null);
    return {
      top: top.map((x) => ({ memberId: x.member, points: Number(x.points) })),
      me: mine && { memberId, points: Number(mine.points), rank: Number(mine.above) + 1 },
      raws: top.map((x) => x.doc),
    };
  }

  async entries(board: string): Promise<BoardEntry[]> {
    const r = await this.pool.query<{ member: string; points: string }>(
      `SELECT member, points FROM ${this.t('bp_scores')} WHERE board = $1`,
      [board],
    );
    return r.rows.map((x) => ({ memberId: x.member, points: Number(x.points) }));
  }

  /**
   * In the caller's transaction: off every board under fromPrefix; onto the same-named ones under toPrefix. The
   * score moves are added up and written once, in key order, in the maintenance shard (as bp_flush does).
   */
  async moveMember(c: pg.PoolClient, memberId: string, fromPrefix: string, toPrefix?: string): Promise<void> {
    await c.query(
      `WITH gone AS (DELETE FROM ${this.t('bp_scores')} WHERE board LIKE $1 AND member = $2 RETURNING board, points),
       placed AS (
         INSERT INTO ${this.t('bp_scores')} AS sc (board, member, points)
           SELECT $3::text || substr(board, length($4::text) + 1), $2, points FROM gone WHERE $3::text IS NOT NULL
           ON CONFLICT (board, member) DO UPDATE SET points = sc.points + EXCLUDED.points
           RETURNING sc.board, sc.points, sc.xmax = 0 AS fresh)
       SELECT ${this.t('bp_flush')}(${MAINTENANCE_SHARD}, ARRAY[jsonb_build_object('c', '[]'::jsonb, 'm', (
         SELECT coalesce(jsonb_agg(jsonb_build_array(m.board, m.points, m.n)), '[]') FROM (
           SELECT board, points, -1 AS n FROM gone
           UNION ALL SELECT board, points, 1 FROM placed
           UNION ALL SELECT p.board, p.points - g.points, -1 FROM placed p
             JOIN gone g ON p.board = $3::text || substr(g.board, length($4::text) + 1) WHERE NOT p.fresh) AS m))::text])`,
      [likePrefix(fromPrefix), memberId, toPrefix ?? null, fromPrefix],
    );
  }
}
