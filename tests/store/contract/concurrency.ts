import { describe, expect, it } from 'vitest';
import type { CommitResult } from '../../../src/core/ports/store.js';
import type { MemberRecord } from '../../../src/core/standings/member-model.js';
import { answerStep, type ContractTarget, P, useStore } from './harness.js';

/** Runs op for 0..n-1, inFlight calls under way at any moment. */
async function inFlight<T>(n: number, width: number, op: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(n);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) results[i] = await op(i);
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

/** A burst on one question: many members, many answers in flight, and totals that must come out exact. */
export function concurrencyContract(target: ContractTarget): void {
  describe('a burst of answers', () => {
    const { store } = useStore(target);

    it('300 members answering twice each, 64 at a time: one answer each, exact tally, boards and ranks', async () => {
      const members = 300;
      // Every member's answer is sent twice (a double click): the copies land in different places of the burst.
      const ids = Array.from({ length: 2 * members }, (_, i) => `b${(i * 7) % members}`);
      const right = (id: string) => Number(id.slice(1)) % 3 !== 0;
      const points = (id: string) => 10 + (Number(id.slice(1)) % 4);
      const results: CommitResult[] = await inFlight(ids.length, 64, (i) =>
        store().commitAnswer(answerStep(ids[i]!, { correct: right(ids[i]!), base: points(ids[i]!) })),
      );
      const recorded = results.filter((r) => r.status === 'recorded').length;
      expect(recorded).toBe(members);
      expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(members);

      const unique = [...new Set(ids)];
      const rightOnes = unique.filter(right);
      expect(await store().counters(`${P}tally:d1`)).toEqual({
        answered: members,
        right: rightOnes.length,
        wrong: members - rightOnes.length,
      });
      expect((await store().answersUnder(`${P}m:`)).map((a) => a.key).sort()).toEqual(
        unique.map((id) => `${P}m:${id}:answer:daily:d1`).sort(),
      );

      for (const board of [`${P}board:all`, `${P}board:week:2026-W10`]) {
        const entries = await store().top(board, members + 1);
        expect(entries.map((e) => e.memberId).sort()).toEqual([...rightOnes].sort());
        expect(entries.reduce((sum, e) => sum + e.points, 0)).toBe(rightOnes.reduce((sum, id) => sum + points(id), 0));
        for (const { memberId, points: held } of entries.filter((_, i) => i % 17 === 0)) {
          const standing = await store().standing(board, memberId);
          expect(standing, memberId).toEqual({ memberId, points: held, rank: 1 + entries.filter((e) => e.points > held).length });
        }
      }
      for (const id of unique.filter((_, i) => i % 13 === 0)) {
        expect((await store().get<MemberRecord>(`${P}m:${id}:record`))?.answered, id).toBe(1);
        expect(await store().readLog(`${P}m:${id}:log`), id).toHaveLength(1);
      }
    });
  });
}
