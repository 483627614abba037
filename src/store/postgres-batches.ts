import type pg from 'pg';

/** The arguments of one bp_answer_step call, in its parameter order, and whose member's lock it takes first. */
export interface StepCall {
  memberKey: string;
  args: unknown[];
}

interface Waiting {
  call: StepCall;
  done: (reply: (string | null)[]) => void;
  failed: (error: unknown) => void;
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
 * commit together or not at all, and each caller is told only after the commit; a statement that fails for what may
 * be one answer's own reason (a value or a constraint) is sent again one answer at a time, so that answer fails
 * alone (see settle).
 */
export class AnswerBatches {
  private readonly waiting: Waiting[] = [];
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
      void this.settle(lane, batch).finally(() => {
        this.lanes[lane] = false;
        this.next();
      });
    }
  }

  /** Sends a batch and tells each of its callers; never rejects (each caller is told its own failure). */
  private async settle(lane: number, batch: Waiting[]): Promise<void> {
    try {
      const replies = await this.send(
        lane,
        batch.map((b) => b.call),
      );
      for (const [i, b] of batch.entries()) b.done(replies[i]!);
    } catch (error) {
      if (batch.length === 1 || !oneAnswersOwn(error)) {
        for (const b of batch) b.failed(error);
        return;
      }
      // The statement rolled back whole. What failed may be one answer's own (a value the server refuses, a bug
      // one record meets): each answer goes again alone, in order, on the same lane, and only what fails alone fails;
      // unless an answer alone fails for another reason (the server is gone meanwhile): the rest are told that at once.
      for (const [i, b] of batch.entries()) {
        try {
          b.done((await this.send(lane, [b.call]))[0]!);
        } catch (alone) {
          b.failed(alone);
          if (!oneAnswersOwn(alone)) {
            for (const rest of batch.slice(i + 1)) rest.failed(alone);
            return;
          }
        }
      }
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

/**
 * Whether a failed statement's error can belong to one of its answers: a value the server refuses (class 22), a
 * constraint (23), an exception raised in the schema's functions or a trigger (P0001). Not anything about the
 * server or the statement as a whole (an outage, a timeout, a lock wait, memory, a read-only standby, a deadlock):
 * sending each answer alone would meet it again, once per answer, while the lane stays taken.
 */
function oneAnswersOwn(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23') || code === 'P0001');
}
