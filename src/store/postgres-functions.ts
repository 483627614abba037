/**
 * The server-side functions of a PostgreSQL store, created in its schema (`s` is the quoted schema name) by
 * migrate(). They let the answer step be one statement, so one round trip and one short transaction, with no row
 * that every answer must lock:
 * - tallies and per-score member counts are not updated in place (every answer of a daily would wait for the
 *   one before it on the same row): an answer inserts delta rows, which readers add to the folded totals, and
 *   now and then an answer folds a key's deltas into its total, under a lock it only tries (never waits for);
 * - a member's own rows (record, card, scores) are locked per member, which only that member's answers share.
 */
export function functionsSql(s: string): string {
  return `
-- Folds the delta rows of these counter keys and boards into their totals. A key another transaction is folding
-- is skipped (its deltas wait for the next fold): nobody waits. DELETE … RETURNING hands each delta to one fold.
CREATE OR REPLACE FUNCTION ${s}.bp_fold(counter_keys text[], boards text[]) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  k text;
  touched bigint[];
BEGIN
  FOR k IN SELECT DISTINCT x FROM unnest(counter_keys) AS x ORDER BY 1 LOOP
    CONTINUE WHEN NOT pg_try_advisory_xact_lock(hashtext('fold:' || k));
    WITH gone AS (DELETE FROM ${s}.bp_counter_deltas d WHERE d.key = k RETURNING d.field, d.n)
    INSERT INTO ${s}.bp_counters AS c (key, field, n) SELECT k, g.field, sum(g.n) FROM gone g GROUP BY g.field
    ON CONFLICT (key, field) DO UPDATE SET n = c.n + EXCLUDED.n;
  END LOOP;
  FOR k IN SELECT DISTINCT x FROM unnest(boards) AS x ORDER BY 1 LOOP
    CONTINUE WHEN NOT pg_try_advisory_xact_lock(hashtext('fold:' || k));
    WITH gone AS (DELETE FROM ${s}.bp_score_deltas d WHERE d.board = k RETURNING d.points, d.n),
    summed AS (SELECT g.points, sum(g.n) AS n FROM gone g GROUP BY g.points HAVING sum(g.n) <> 0),
    counted AS (
      INSERT INTO ${s}.bp_score_counts AS c (board, points, members) SELECT k, points, n FROM summed
      ON CONFLICT (board, points) DO UPDATE SET members = c.members + EXCLUDED.members
      RETURNING c.points, c.members)
    SELECT array_agg(points) INTO touched FROM counted WHERE members <= 0;
    -- Nobody holds that score any more (a fold never sees a member's leaving before their arriving).
    DELETE FROM ${s}.bp_score_counts c WHERE c.board = k AND c.points = ANY(touched) AND c.members <= 0;
  END LOOP;
END $fn$;

-- The answer step's writes, if the question is open, the answer new and the member's documents still what the
-- caller decided from (docs_were; NULL for absent). Replies {'ok'}, {'closed'}, {'duplicate', stored answer} or
-- {'changed', each document as it is now}: the caller decides again from those.
CREATE OR REPLACE FUNCTION ${s}.bp_answer_step(
  closed_key text, now_ms bigint, answer_key text, answer_value text, answer_expires bigint,
  doc_keys text[], docs_were text[], write_keys text[], write_values text[],
  count_keys text[], count_fields text[], count_ns bigint[],
  boards text[], member_id text, points bigint, log_key text, log_entry text, fold boolean
) RETURNS text[] LANGUAGE plpgsql AS $fn$
DECLARE
  docs_now text[];
  existing text;
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
  SELECT array_agg(v.value ORDER BY d.i) INTO docs_now
    FROM unnest(doc_keys) WITH ORDINALITY AS d(k, i) LEFT JOIN ${s}.keyv v ON v.key = d.k;
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
  INSERT INTO ${s}.bp_counter_deltas (key, field, n) SELECT * FROM unnest(count_keys, count_fields, count_ns);
  IF cardinality(boards) > 0 THEN
    PERFORM ${s}.bp_add_points(boards, member_id, points);
  END IF;
  IF log_key IS NOT NULL THEN
    INSERT INTO ${s}.bp_answer_log (key, entry) VALUES (log_key, log_entry);
  END IF;
  IF fold THEN
    PERFORM ${s}.bp_fold(count_keys, boards);
  END IF;
  RETURN ARRAY['ok'];
END $fn$;

-- Adds points to a member's score on each board (boards sorted: rows are locked in one order) and records the
-- move between scores as deltas. xmax = 0 marks a row this statement inserted (the member had no score there).
-- PL/pgSQL rather than SQL: its plans are kept for the session, where a SQL function's are made on every call.
CREATE OR REPLACE FUNCTION ${s}.bp_add_points(to_boards text[], for_member text, added bigint) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  WITH scored AS (
    INSERT INTO ${s}.bp_scores AS sc (board, member, points) SELECT b, for_member, added FROM unnest(to_boards) AS b
    ON CONFLICT (board, member) DO UPDATE SET points = sc.points + EXCLUDED.points
    RETURNING sc.board, sc.points, sc.xmax = 0 AS fresh)
  INSERT INTO ${s}.bp_score_deltas (board, points, n)
    SELECT scored.board, scored.points, 1 FROM scored
    UNION ALL SELECT scored.board, scored.points - added, -1 FROM scored WHERE NOT scored.fresh;
END $fn$;
`;
}
