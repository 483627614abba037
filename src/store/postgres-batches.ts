import type pg from 'pg';

/** The arguments of one bp_answer_step call, in its parameter order, and whose member's lock it takes first. */
export interface StepCall {
  memberKey: string;
  args: unknown[];
}

const ARGS_PER_CALL = 17;
/** At most this many answers share a statement: a longer one would hold the first members' locks for longer. */
const MOST_PER_BATCH = 16;

/**
 * Group commit for the answer step. While `most` statements are under way, the
 * answers that arrive meanwhile wait and then go together, as one statement calling bp_answer_step once per
 * answer: one round trip, one commit and one WAL flush for all of them, so a burst costs the server far less per
 * answer. An answer alone (nothing under way) goes at once, as before. Each answer inside is decided and checked
 * on its own, exactly as when alone (a member's second answer in the same statement sees the first's writes and
 * is 'changed' or 'duplicate'); calls run in member-key order, so two statements take members' locks in the same
 * order. Their tally and score-count changes are added up and written once, at the end, into the shard of the
 * statement's lane: no two statements under way here share one (postgres-functions.ts). All of a statement's answers
 * commit together or not at all, and each caller is told only after the commit.
 */
export class AnswerBatches {
  private readonly waiting: { call: StepCall; done: (reply: (string | null)[]) => void; failed: (error: unknown) => void }[] = [];
  /** Lanes of the statements under way; a statement takes the lowest free one, whose number is its shard. */
  private readonly lanes: boolean[] = [];

  constructor(
    private readonly pool: pg.Pool,
    /** The schema-qualified bp_answer_step and bp_flush. */
    private readonly fn: { step: string; flush: string },
    private readonly most: number,
  ) {}

  run(call: StepCall): Promise<(string | null)[]> {
    return new Promise((done, failed) => {
      this.waiting.push({ call, done, failed });
      this.next();
    });
  }

  private next(): void {
    for (let lane = this.lanes.indexOf(false); this.waiting.length > 0; lane = this.lanes.indexOf(false)) {
      if (lane < 0 && this.lanes.length >= this.most) return;
      if (lane < 0) lane = this.lanes.push(false) - 1;
      const batch = this.waiting.splice(0, MOST_PER_BATCH).sort((a, b) => compare(a.call.memberKey, b.call.memberKey));
      this.lanes[lane] = true;
      this.send(
        lane,
        batch.map((b) => b.call),
      )
        .then(
          (replies) => {
            for (const [i, b] of batch.entries()) b.done(replies[i]!);
          },
          (error: unknown) => {
            for (const b of batch) b.failed(error);
          },
        )
        .finally(() => {
          this.lanes[lane] = false;
          this.next();
        });
    }
  }

  private async send(lane: number, calls: StepCall[]): Promise<(string | null)[][]> {
    const list = calls.map(
      (_, c) => `${this.fn.step}(${Array.from({ length: ARGS_PER_CALL }, (_, a) => `$${c * ARGS_PER_CALL + a + 2}`).join(', ')}) AS r${c}`,
    );
    const effects = calls.map((_, c) => `CASE WHEN s.r${c}[1] = 'ok' THEN s.r${c}[2] END`);
    // An 'ok' reply's second element is its changes for bp_flush: the caller needs only the 'ok' (parsing the
    // changes back out of the array text cost the process more than anything else in the reply).
    const replies = calls.map((_, c) => `CASE WHEN s.r${c}[1] = 'ok' THEN ARRAY['ok'] ELSE s.r${c} END AS r${c}`);
    // Select-list items run in order: the calls take their locks in member-key order. The calls' subquery is run
    // once, before the flush that reads their replies (OFFSET 0 keeps the planner from folding it into the outer
    // query). Named per batch size, so each connection plans each shape once.
    const r = await this.pool.query<Record<string, (string | null)[]>>({
      name: `bp_answer_steps_${calls.length}`,
      text: `SELECT ${replies.join(', ')}, ${this.fn.flush}($1, ARRAY[${effects.join(', ')}]) FROM (SELECT ${list.join(', ')} OFFSET 0) AS s`,
      values: [lane, ...calls.flatMap((c) => c.args)],
    });
    return calls.map((_, c) => r.rows[0]![`r${c}`]!);
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
