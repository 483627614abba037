import { afterEach, beforeEach } from 'vitest';
import type { Clock } from '../../../src/core/ports/clock.js';
import type { AnswerStep, Store } from '../../../src/core/ports/store.js';
import type { MemberRecord } from '../../../src/core/standings/member-model.js';
import { applyAnswer } from '../../../src/core/standings/scoring.js';
import { FakeClock } from '../../fakes/clock.js';

/** A backend under test: `open` returns a fresh, empty store on the given clock. */
export interface ContractTarget {
  open(clock?: Clock): Promise<Store>;
  /**
   * Whether expiries follow the store's clock (memory, SQLite, PostgreSQL). Redis expires keys on its own
   * server clock, so its expiry tests wait real milliseconds instead.
   */
  expiresOnClock: boolean;
}

export const P = 'bp:shell:t1:';
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each test gets a fresh store and a fake clock (set to the real time, so Redis's own expiries agree with it). */
export function useStore(target: ContractTarget): { store: () => Store; clock: () => FakeClock } {
  let store: Store;
  let clock: FakeClock;
  beforeEach(async () => {
    clock = new FakeClock(Date.now());
    store = await target.open(clock);
  });
  afterEach(async () => {
    await store.close();
  });
  return { store: () => store, clock: () => clock };
}

export interface StepOptions {
  correct?: boolean;
  base?: number;
  boards?: string[];
  answerKey?: string;
  closedBy?: string | undefined;
  apply?: AnswerStep['member']['apply'];
  card?: AnswerStep['card'];
}

/** A daily answer of one member, as the engine builds it (applyAnswer for the record). */
export function answerStep(memberId: string, opts: StepOptions = {}): AnswerStep {
  const correct = opts.correct ?? true;
  return {
    answer: { key: opts.answerKey ?? `${P}m:${memberId}:answer:daily:d1`, value: { option: correct ? 0 : 2, correct, at: 1000 } },
    closedBy: 'closedBy' in opts ? opts.closedBy : `${P}claim:closed:d1`,
    member: {
      id: memberId,
      key: `${P}m:${memberId}:record`,
      apply:
        opts.apply ??
        ((prev: MemberRecord | undefined) => ({
          boards: opts.boards ?? [`${P}board:all`, `${P}board:week:2026-W10`],
          ...applyAnswer(prev, {
            memberId,
            name: memberId.toUpperCase(),
            topic: 'cnn',
            correct,
            source: 'daily',
            basePoints: opts.base ?? 10,
            at: 1000,
            today: '2026-03-02',
            dailyDay: '2026-03-02',
          }),
        })),
    },
    card: opts.card,
    tally: { key: `${P}tally:d1`, fields: ['answered', correct ? 'right' : 'wrong'] },
    log: { key: `${P}m:${memberId}:log`, entry: { questionId: 'q1', at: 1000, option: correct ? 0 : 2, correct, source: 'daily' } },
  };
}

/** Puts points on a board through the answer step (the only way points arrive). */
export async function score(store: Store, memberId: string, points: number, board = `${P}board:all`): Promise<void> {
  const r = await store.commitAnswer(
    answerStep(memberId, { answerKey: `${P}m:${memberId}:answer:x:${Math.random()}`, closedBy: undefined, base: points, boards: [board] }),
  );
  if (r.status !== 'recorded') throw new Error(`expected the points to be recorded, got ${r.status}`);
}
