import { describe, expect, it } from 'vitest';
import { answerStep, type ContractTarget, P, score, useStore } from './harness.js';

/** Boards: ranked points, ties, independent boards, moving a member between board families. */
export function boardsContract(target: ContractTarget): void {
  describe('ordered rankings', () => {
    const { store } = useStore(target);

    it('top lists highest first, ties by member id; ranks share ties and skip (1, 2, 2, 4)', async () => {
      await score(store(), 'ann', 50);
      await score(store(), 'bea', 30);
      await score(store(), 'cid', 30);
      await score(store(), 'dan', 10);
      expect(await store().top(`${P}board:all`, 10)).toEqual([
        { memberId: 'ann', points: 50 },
        { memberId: 'bea', points: 30 },
        { memberId: 'cid', points: 30 },
        { memberId: 'dan', points: 10 },
      ]);
      expect((await store().standing(`${P}board:all`, 'ann'))!.rank).toBe(1);
      expect((await store().standing(`${P}board:all`, 'bea'))!.rank).toBe(2);
      expect((await store().standing(`${P}board:all`, 'cid'))!.rank).toBe(2);
      expect((await store().standing(`${P}board:all`, 'dan'))!.rank).toBe(4);
      expect(await store().top(`${P}board:all`, 2)).toHaveLength(2);
    });

    it('reads a board, a standing and the top members’ documents together, as top(), standing() and get() give them', async () => {
      const docs = { before: `${P}m:`, after: ':record' };
      expect(await store().boardRead(`${P}board:all`, 10, 'ann', docs)).toEqual({ top: [], me: undefined, docs: [] });
      // Each score() also writes the member's record (at docs.before + id + docs.after) through the answer step.
      for (const [who, points] of [
        ['dan', 10],
        ['cid', 30],
        ['bea', 30],
        ['ann', 50],
        ['eve', 30],
      ] as const)
        await score(store(), who, points);
      await store().delete(`${P}m:bea:record`);
      const read = await store().boardRead(`${P}board:all`, 3, 'eve', docs);
      expect(read.top).toEqual(await store().top(`${P}board:all`, 3));
      expect(read.top.map((e) => e.memberId)).toEqual(['ann', 'bea', 'cid']);
      expect(read.me).toEqual({ memberId: 'eve', points: 30, rank: 2 });
      expect(read.docs).toEqual([await store().get(`${P}m:ann:record`), undefined, await store().get(`${P}m:cid:record`)]);
      expect((read.docs[0] as { answered: number }).answered).toBe(1);
      const all = await store().boardRead(`${P}board:all`, 10, 'zed', docs);
      expect(all.me).toBeUndefined();
      expect(all.top).toEqual(await store().top(`${P}board:all`, 10));
      expect(all.docs).toHaveLength(5);
      expect((await store().boardRead(`${P}board:all`, 0, 'ann', docs)).top).toEqual([]);
    });

    it('orders equal points by the bytes of member ids on every store (upper case first), above the lowest shown score too', async () => {
      for (const [who, points] of [
        ['top', 90],
        ['b', 50],
        ['B', 50],
        ['a', 50],
        ['Z', 20],
        ['c', 20],
      ] as const)
        await score(store(), who, points);
      const expected = ['top', 'B', 'a', 'b', 'Z'].map((memberId, i) => ({ memberId, points: [90, 50, 50, 50, 20][i]! }));
      expect(await store().top(`${P}board:all`, 5)).toEqual(expected);
      const read = await store().boardRead(`${P}board:all`, 5, 'c', { before: `${P}m:`, after: ':record' });
      expect(read.top).toEqual(expected);
      expect(read.me).toEqual({ memberId: 'c', points: 20, rank: 5 });
    });

    it('points accumulate and a member moves up', async () => {
      await score(store(), 'ann', 20);
      await score(store(), 'bea', 10);
      await score(store(), 'bea', 15);
      expect(await store().top(`${P}board:all`, 1)).toEqual([{ memberId: 'bea', points: 25 }]);
      expect(await store().standing(`${P}board:all`, 'ann')).toEqual({ memberId: 'ann', points: 20, rank: 2 });
    });

    it('boards are independent', async () => {
      await score(store(), 'ann', 10, `${P}board:week:2026-W10`);
      await score(store(), 'bea', 10, `${P}board:week:2026-W11`);
      expect(await store().top(`${P}board:week:2026-W10`, 10)).toEqual([{ memberId: 'ann', points: 10 }]);
      expect(await store().standing(`${P}board:week:2026-W10`, 'bea')).toBeUndefined();
    });

    it('moves a member between board families, keeping points and ranks right', async () => {
      await store().commitAnswer(answerStep('alice'));
      await store().commitAnswer(answerStep('bob', { base: 20 }));
      await store().moveBoardMember('alice', `${P}board:`, `${P}hidden-board:`);
      expect(await store().standing(`${P}board:all`, 'alice')).toBeUndefined();
      expect(await store().top(`${P}board:all`, 10)).toEqual([{ memberId: 'bob', points: 20 }]);
      expect(await store().standing(`${P}hidden-board:week:2026-W10`, 'alice')).toEqual({ memberId: 'alice', points: 10, rank: 1 });
      await store().moveBoardMember('alice', `${P}hidden-board:`, `${P}board:`);
      expect(await store().standing(`${P}board:all`, 'alice')).toEqual({ memberId: 'alice', points: 10, rank: 2 });
      expect(await store().keys(`${P}hidden-board:`)).toEqual([]);
      await store().moveBoardMember('bob', `${P}board:`);
      expect(await store().top(`${P}board:all`, 10)).toEqual([{ memberId: 'alice', points: 10 }]);
      expect((await store().standing(`${P}board:all`, 'alice'))!.rank).toBe(1);
    });

    it('a member hiding while their answers land keeps every point (both write the same hidden board at once)', async () => {
      for (let round = 0; round < 6; round++) {
        const id = `h${round}`;
        await store().commitAnswer(answerStep(id, { answerKey: `${P}m:${id}:answer:first` }));
        // The hide moves 10 points onto the hidden boards while an answer scored on them adds 10 more.
        await Promise.all([
          store().moveBoardMember(id, `${P}board:`, `${P}hidden-board:`),
          store().commitAnswer(answerStep(id, { answerKey: `${P}m:${id}:answer:second`, boards: [`${P}hidden-board:all`] })),
        ]);
        expect((await store().standing(`${P}hidden-board:all`, id))?.points, id).toBe(20);
      }
      const board = await store().top(`${P}hidden-board:all`, 10);
      for (const { memberId } of board) expect((await store().standing(`${P}hidden-board:all`, memberId))!.rank).toBe(1);
    });
  });
}
