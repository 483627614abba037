/**
 * The server-side functions of a PostgreSQL store, created in its schema (`s` is the quoted schema name) by
 * migrate(). They let a batch of answers be one statement, so one round trip and one short transaction, with no row
 * that every answer must wait for:
 * - a member's own rows (record, card, scores) are locked per member, which only that member's answers share;
 * - tallies and per-score member counts, which every answer of a daily changes, are split into shards (`shard`
 *   column; a reader sums them). Each answer statement under way in a process writes its lane's shard, from 0
 *   (postgres-batches.ts), once for all its answers (bp_flush adds up their changes first), in key order: answer
 *   statements of one process never wait for each other there; two processes on one database use the same lane
 *   numbers, so theirs can meet on a shard and then wait for each other, without deadlocking. Writes outside the
 *   answer step (imports, hiding a member) use shard -1, which no lane uses. Rows are updated in place and a row
 *   whose count comes back to 0 is deleted, so nothing is left for a later fold or for vacuum to catch up with.
 */
export const MAINTENANCE_SHARD = -1;
export function functionsSql(s: string): string {
  return `
-- Schema 3's fold, answer step (with its fold argument) and score adder: replaced by the batch's flush below.
DROP FUNCTION IF EXISTS ${s}.bp_fold(text[], text[]);
DROP FUNCTION IF EXISTS ${s}.bp_add_points(text[], text, bigint);
DROP FUNCTION IF EXISTS ${s}.bp_answer_step(text, bigint, text, text, bigint, text[], text[], text[], text[], text[], text[],
  bigint[], text[], text, bigint, text, text, boolean);

-- Adds up the changes of a statement's answers (each a JSON object {c: [[key, field, n]…], m: [[board, points, n]…]},
-- NULL for an answer that wrote nothing) and applies them to one shard, rows in key order.
CREATE OR REPLACE FUNCTION ${s}.bp_flush(to_shard int, effects text[]) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  e jsonb := (SELECT coalesce(jsonb_agg(x::jsonb), '[]') FROM unnest(effects) AS x WHERE x IS NOT NULL);
  emptied_boards text[];
  emptied_points bigint[];
BEGIN
  INSERT INTO ${s}.bp_counters AS c (key, field, shard, n)
    SELECT t->>0, t->>1, to_shard, sum((t->>2)::bigint) FROM jsonb_array_elements(e) AS one, jsonb_array_elements(one->'c') AS t
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (key, field, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
  WITH counted AS (
    INSERT INTO ${s}.bp_score_counts AS c (board, points, shard, members)
      SELECT t->>0, (t->>1)::bigint, to_shard, sum((t->>2)::bigint) FROM jsonb_array_elements(e) AS one, jsonb_array_elements(one->'m') AS t
      GROUP BY 1, 2 HAVING sum((t->>2)::bigint) <> 0 ORDER BY 1, 2
      ON CONFLICT (board, points, shard) DO UPDATE SET members = c.members + EXCLUDED.members
      RETURNING c.board, c.points, c.members)
  SELECT array_agg(board), array_agg(points) INTO emptied_boards, emptied_points FROM counted WHERE members = 0;
  -- A score this shard no longer counts anyone at: its row would only lengthen every rank sum above it.
  IF emptied_boards IS NOT NULL THEN
    DELETE FROM ${s}.bp_score_counts c USING unnest(emptied_boards, emptied_points) AS z(board, points)
      WHERE c.board = z.board AND c.points = z.points AND c.shard = to_shard AND c.members = 0;
  END IF;
END $fn$;

-- Adds points to a member's score on each board (boards sorted: rows are locked in one order) and returns the moves
-- between scores for bp_flush: +1 at the new score, -1 at the old one. xmax = 0 marks a row this statement inserted.
-- PL/pgSQL rather than SQL: its plans are kept for the session, where a SQL function's are made on every call.
CREATE OR REPLACE FUNCTION ${s}.bp_score_moves(to_boards text[], for_member text, added bigint) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  moves jsonb;
BEGIN
  WITH scored AS (
    INSERT INTO ${s}.bp_scores AS sc (board, member, points) SELECT b, for_member, added FROM unnest(to_boards) AS b
    ON CONFLICT (board, member) DO UPDATE SET points = sc.points + EXCLUDED.points
    RETURNING sc.board, sc.points, sc.xmax = 0 AS fresh)
  SELECT coalesce(jsonb_agg(jsonb_build_array(m.board, m.points, m.n)), '[]') INTO moves FROM (
    SELECT scored.board, scored.points, 1 AS n FROM scored
    UNION ALL SELECT scored.board, scored.points - added, -1 FROM scored WHERE NOT scored.fresh) AS m;
  RETURN moves;
END $fn$;

-- The answer step's writes, if the question is open, the answer new and the member's documents still what the
-- caller decided from (docs_were; NULL for absent). Replies {'ok', its tally and score changes for bp_flush},
-- {'closed'}, {'duplicate', stored answer} or {'changed', each document as it is now}: the caller decides again.
CREATE OR REPLACE FUNCTION ${s}.bp_answer_step(
  closed_key text, now_ms bigint, answer_key text, answer_value text, answer_expires bigint,
  doc_keys text[], docs_were text[], write_keys text[], write_values text[],
  count_keys text[], count_fields text[], count_ns bigint[],
  boards text[], member_id text, points bigint, log_key text, log_entry text
) RETURNS text[] LANGUAGE plpgsql AS $fn$
DECLARE
  docs_now text[];
  existing text;
  moves jsonb := '[]';
BEGIN
  -- Shared with every other answer; a close takes it exclusively: an answer commits before the close (and is in
  -- the reveal's tally) or sees the question closed.
  IF closed_key IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock_shared(hashtext(closed_key));
    IF EXISTS (SELECT 1 FROM ${s}.bp_claims c WHERE c.key = closed_key AND (c.expires IS NULL OR c.expires > now_ms)) THEN
      RETURN ARRAY['closed'];
    END IF;
  END IF;
  -- The same per-document locks as updateDoc, in the caller's order (FOR UPDATE cannot lock a first record).
  PERFORM pg_advisory_xact_lock(hashtext('doc:' || d.k)) FROM unnest(doc_keys) WITH ORDINALITY AS d(k, i) ORDER BY d.i;
  -- A duplicate is told as one before anything else (as when the answer was read first), whatever the record holds.
  SELECT a.value INTO existing FROM ${s}.bp_answers a WHERE a.key = answer_key AND (a.expires IS NULL OR a.expires > now_ms);
  IF FOUND THEN
    RETURN ARRAY['duplicate', existing];
  END IF;
  -- One lookup by primary key per document. Not a join: the plan this function keeps for the session was made
  -- while keyv was small, and a join's plan then scanned the whole table on every answer ever after.
  SELECT array_agg((SELECT v.value FROM ${s}.keyv v WHERE v.key = d.k) ORDER BY d.i) INTO docs_now
    FROM unnest(doc_keys) WITH ORDINALITY AS d(k, i);
  IF docs_now IS DISTINCT FROM docs_were THEN
    RETURN ARRAY['changed'] || docs_now;
  END IF;
  INSERT INTO ${s}.bp_answers AS a (key, value, expires) VALUES (answer_key, answer_value, answer_expires)
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires
    WHERE a.expires IS NOT NULL AND a.expires <= now_ms;
  IF NOT FOUND THEN
    SELECT a.value INTO existing FROM ${s}.bp_answers a WHERE a.key = answer_key;
    RETURN ARRAY['duplicate', existing];
  END IF;
  INSERT INTO ${s}.keyv AS v (key, value) SELECT * FROM unnest(write_keys, write_values)
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
  IF cardinality(boards) > 0 THEN
    moves := ${s}.bp_score_moves(boards, member_id, points);
  END IF;
  IF log_key IS NOT NULL THEN
    INSERT INTO ${s}.bp_answer_log (key, entry) VALUES (log_key, log_entry);
  END IF;
  RETURN ARRAY['ok', jsonb_build_object(
    'c', (SELECT coalesce(jsonb_agg(jsonb_build_array(k, f, n)), '[]') FROM unnest(count_keys, count_fields, count_ns) AS u(k, f, n)),
    'm', moves)::text];
END $fn$;
`;
}
