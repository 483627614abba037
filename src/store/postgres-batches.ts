import type pg from 'pg';

/** The arguments of one bp_answer_step call, in its parameter order, and whose member's lock it takes first. */
export interface StepCall {
  memberKey: string;
  args: unknown[];
}

const ARGS_PER_CALL = 18;
/** At most this many answers share a statement: a longer one would hold the first members' locks for longer. */
const MOST_PER_BATCH = 16;

/**
 * Group commit for the answer step. While as many statements as the pool has connections are under way, the
 * answers that arrive meanwhile wait and then go together, as one statement calling bp_answer_step once per
 * answer: one round trip, one commit and one WAL flush for all of them, so a burst costs the server far less per
 * answer. An answer alone (nothing under way) goes at once, as before. Each answer inside is decided and checked
 * on its own, exactly as when alone (a member's second answer in the same statement sees the first's writes and
 * is 'changed' or 'duplicate'); calls run in member-key order, so two statements take members' locks in the same
 * order. All of a statement's answers commit together or not at all, and each caller is told only after the commit.
 */
export class AnswerBatches {
  private readonly waiting: { call: StepCall; done: (reply: (string | null)[]) => void; failed: (error: unknown) => void }[] = [];
  private underWay = 0;

  constructor(
    private readonly pool: pg.Pool,
    /** The schema-qualified bp_answer_step. */
    private readonly fn: string,
    private readonly most: number,
  ) {}

  run(call: StepCall): Promise<(string | null)[]> {
    return new Promise((done, failed) => {
      this.waiting.push({ call, done, failed });
      this.next();
    });
  }

  private next(): void {
    while (this.underWay < this.most && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MOST_PER_BATCH).sort((a, b) => compare(a.call.memberKey, b.call.memberKey));
      this.underWay++;
      this.send(batch.map((b) => b.call))
        .then(
          (replies) => {
            for (const [i, b] of batch.entries()) b.done(replies[i]!);
          },
          (error: unknown) => {
            for (const b of batch) b.failed(error);
          },
        )
        .finally(() => {
          this.underWay--;
          this.next();
        });
    }
  }

  private async send(calls: StepCall[]): Promise<(string | null)[][]> {
    const list = calls.map(
      (_, c) => `${this.fn}(${Array.from({ length: ARGS_PER_CALL }, (_, a) => `$${c * ARGS_PER_CALL + a + 1}`).join(', ')}) AS r${c}`,
    );
    // Select-list items run in order: the calls take their locks in member-key order. Named per batch size, so each
    // connection plans each shape once.
    const r = await this.pool.query<Record<string, (string | null)[]>>({
      name: `bp_answer_steps_${calls.length}`,
      text: `SELECT ${list.join(', ')}`,
      values: calls.flatMap((c) => c.args),
    });
    return calls.map((_, c) => r.rows[0]![`r${c}`]!);
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
