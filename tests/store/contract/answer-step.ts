import { describe, expect, it } from 'vitest';
import type { MemberRecord } from '../../../src/core/standings/member-model.js';
import { answerStep, type ContractTarget, P, useStore } from './harness.js';

/** The answer step: the one composite transaction (src/core/ports/answer-step.ts). */
export function answerStepContract(target: ContractTarget): void {
  describe('the atomic answer step', () => {
    const { store } = useStore(target);

    it('records the answer, the member record, the tally, the boards and the log together', async () => {
      const result = await store().commitAnswer(answerStep('alice'));
      expect(result).toMatchObject({ status: 'recorded', points: 10 });
      const record = await store().get<MemberRecord>(`${P}m:alice:record`);
      expect(record).toMatchObject({ id: 'alice', name: 'ALICE', answered: 1, correct: 1, dailyDays: ['2026-03-02'] });
      expect(await store().counters(`${P}tally:d1`)).toEqual({ answered: 1, right: 1 });
      expect(await store().standing(`${P}board:all`, 'alice')).toEqual({ memberId: 'alice', points: 10, rank: 1 });
      expect(await store().standing(`${P}board:week:2026-W10`, 'alice')).toMatchObject({ points: 10 });
      expect(await store().readLog(`${P}m:alice:log`)).toEqual([{ questionId: 'q1', at: 1000, option: 0, correct: true, source: 'daily' }]);
      expect(await store().getAnswer(`${P}m:alice:answer:daily:d1`)).toEqual({ option: 0, correct: true, at: 1000, points: 10 });
    });

    it('counters take additions of either sign outside an answer (forget-me), new fields and keys included', async () => {
      await store().commitAnswer(answerStep('alice'));
      await store().addToCounters(`${P}tally:d1`, { answered: -1, right: -1, option2: 3 });
      expect(await store().counters(`${P}tally:d1`)).toEqual({ answered: 0, right: 0, option2: 3 });
      await store().addToCounters(`${P}tally:new`, { members: -2 });
      expect(await store().counters(`${P}tally:new`)).toEqual({ members: -2 });
      await store().commitAnswer(answerStep('bob'));
      expect(await store().counters(`${P}tally:d1`)).toEqual({ answered: 1, right: 1, option2: 3 });
    });

    it('a second answer to the same question is a duplicate and changes nothing', async () => {
      await store().commitAnswer(answerStep('alice'));
      const again = await store().commitAnswer(answerStep('alice', { correct: false }));
      expect(again).toEqual({ status: 'duplicate', existing: { option: 0, correct: true, at: 1000, points: 10 } });
      expect(await store().counters(`${P}tally:d1`)).toEqual({ answered: 1, right: 1 });
      expect((await store().get<MemberRecord>(`${P}m:alice:record`))!.answered).toBe(1);
      expect(await store().readLog(`${P}m:alice:log`)).toHaveLength(1);
      expect((await store().standing(`${P}board:all`, 'alice'))!.points).toBe(10);
    });

    it('a second answer is a duplicate even when the member’s record could not be read (nothing is decided from it)', async () => {
      await store().commitAnswer(answerStep('alice'));
      const unreadable = answerStep('alice', {
        apply: (previous) => {
          if (previous !== undefined) throw new Error('the record is corrupt');
          return { next: { id: 'alice' } as MemberRecord, points: 0, boards: [] };
        },
      });
      expect(await store().commitAnswer(unreadable)).toEqual({
        status: 'duplicate',
        existing: { option: 0, correct: true, at: 1000, points: 10 },
      });
    });

    it('an answer after the question closed is refused and changes nothing', async () => {
      await store().claim(`${P}claim:closed:d1`, 'now');
      expect(await store().commitAnswer(answerStep('bob'))).toEqual({ status: 'closed' });
      expect(await store().get(`${P}m:bob:record`)).toBeUndefined();
      expect(await store().counters(`${P}tally:d1`)).toEqual({});
      expect(await store().standing(`${P}board:all`, 'bob')).toBeUndefined();
      expect(await store().readLog(`${P}m:bob:log`)).toEqual([]);
      expect(await store().getAnswer(`${P}m:bob:answer:daily:d1`)).toBeUndefined();
    });

    it('two answers from one member arriving at once record exactly one', async () => {
      const results = await Promise.all([
        store().commitAnswer(answerStep('carol', { correct: true })),
        store().commitAnswer(answerStep('carol', { correct: false })),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['duplicate', 'recorded']);
      expect((await store().get<MemberRecord>(`${P}m:carol:record`))!.answered).toBe(1);
      expect(Object.values(await store().counters(`${P}tally:d1`)).reduce((a, b) => a + b, 0)).toBe(2); // answered + right|wrong
      expect(await store().readLog(`${P}m:carol:log`)).toHaveLength(1);
    });

    it('a new member answering two questions at once gets both in one record', async () => {
      await Promise.all([
        store().commitAnswer(answerStep('newbie', { answerKey: `${P}m:newbie:answer:a` })),
        store().commitAnswer(answerStep('newbie', { answerKey: `${P}m:newbie:answer:b` })),
      ]);
      expect((await store().get<MemberRecord>(`${P}m:newbie:record`))!.answered).toBe(2);
      expect((await store().standing(`${P}board:all`, 'newbie'))!.points).toBe(20);
    });

    it('many members answering at once are all counted', async () => {
      const ids = Array.from({ length: 40 }, (_, i) => `m${i}`);
      const results = await Promise.all(ids.map((id) => store().commitAnswer(answerStep(id, { correct: Number(id.slice(1)) % 2 === 0 }))));
      expect(results.every((r) => r.status === 'recorded')).toBe(true);
      expect(await store().counters(`${P}tally:d1`)).toEqual({ answered: 40, right: 20, wrong: 20 });
    });

    it('members changing scores at once keep every rank right: ranks agree with points, ties share a rank', async () => {
      const ids = Array.from({ length: 24 }, (_, i) => `r${i}`);
      // Three rounds of concurrent answers worth 10, 20 or 30 points: members leave scores others still hold.
      for (const round of [0, 1, 2]) {
        await Promise.all(
          ids.map((id, i) =>
            store().commitAnswer(answerStep(id, { answerKey: `${P}m:${id}:answer:${round}`, base: 10 * (1 + ((i + round) % 3)) })),
          ),
        );
      }
      const board = await store().top(`${P}board:all`, 100);
      expect(board).toHaveLength(ids.length);
      for (const { memberId, points } of board) {
        const standing = (await store().standing(`${P}board:all`, memberId))!;
        expect(standing.points, memberId).toBe(points);
        expect(standing.rank, memberId).toBe(1 + board.filter((e) => e.points > points).length);
      }
    });

    it('a wrong answer earns no points and puts nobody on the board', async () => {
      const r = await store().commitAnswer(answerStep('dave', { correct: false }));
      expect(r).toMatchObject({ status: 'recorded', points: 0 });
      expect(await store().standing(`${P}board:all`, 'dave')).toBeUndefined();
      expect((await store().get<MemberRecord>(`${P}m:dave:record`))!.answered).toBe(1);
    });

    it('changes the member’s card in the same step, and not on a duplicate or a closed question', async () => {
      const card = {
        key: `${P}m:alice:srs:q1`,
        update: (prev: unknown) => ({ reviews: ((prev as { reviews?: number } | undefined)?.reviews ?? 0) + 1 }),
      };
      await store().commitAnswer(answerStep('alice', { card }));
      expect(await store().get(`${P}m:alice:srs:q1`)).toEqual({ reviews: 1 });
      await store().commitAnswer(answerStep('alice', { card })); // duplicate
      await store().claim(`${P}claim:closed:d1`, 'x');
      await store().commitAnswer(answerStep('bob', { card: { ...card, key: `${P}m:bob:srs:q1` } })); // closed
      expect(await store().get(`${P}m:alice:srs:q1`)).toEqual({ reviews: 1 });
      expect(await store().get(`${P}m:bob:srs:q1`)).toBeUndefined();
      await store().commitAnswer(
        answerStep('carol', { card: { key: `${P}m:carol:srs:q1`, update: () => undefined }, closedBy: undefined }),
      );
      expect(await store().get(`${P}m:carol:srs:q1`)).toBeUndefined(); // undefined leaves it alone
    });

    it('writes nothing when computing the member record fails', async () => {
      const failing = answerStep('erin', {
        apply: () => {
          throw new Error('boom');
        },
      });
      await expect(store().commitAnswer(failing)).rejects.toThrow('boom');
      expect(await store().getAnswer(`${P}m:erin:answer:daily:d1`)).toBeUndefined();
      expect(await store().counters(`${P}tally:d1`)).toEqual({});
      expect(await store().readLog(`${P}m:erin:log`)).toEqual([]);
    });
  });
}
