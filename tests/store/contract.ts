import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerCommit, Store, StoreRecord } from '../../src/core/ports/store.js';
import type { MemberRecord } from '../../src/core/standings/member-model.js';
import { applyAnswer } from '../../src/core/standings/scoring.js';

/**
 * The store contract: every backend of the Store port passes this same suite. `open` returns a fresh, empty
 * store; `reopen` (when the backend persists) opens the same data again after close.
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ContractTarget {
  open(): Promise<Store>;
}

const P = 'bp:shell:t1:';

function answerCommit(
  memberId: string,
  opts: Partial<AnswerCommit> & { correct?: boolean; base?: number; boards?: string[] } = {},
): AnswerCommit {
  const correct = opts.correct ?? true;
  return {
    answerKey: `${P}m:${memberId}:answer:daily:d1`,
    answer: { option: correct ? 0 : 2, correct, at: 1000 },
    closedKey: `${P}claim:closed:d1`,
    memberKey: `${P}m:${memberId}:record`,
    memberId,
    applyToMember: (prev: MemberRecord | undefined) => ({
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
    }),
    tally: { key: `${P}tally:d1`, fields: ['answered', correct ? 'right' : 'wrong'] },
    logKey: `${P}m:${memberId}:log`,
    log: { questionId: 'q1', at: 1000, option: correct ? 0 : 2, correct, source: 'daily' },
    ...opts,
  };
}

export function storeContract(name: string, target: ContractTarget): void {
  const openAnother = () => target.open();
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await target.open();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('documents', () => {
      it('set, get, overwrite and delete', async () => {
        expect(await store.get(`${P}doc`)).toBeUndefined();
        await store.set(`${P}doc`, { a: 1, nested: { list: [1, 'two'] } });
        expect(await store.get(`${P}doc`)).toEqual({ a: 1, nested: { list: [1, 'two'] } });
        await store.set(`${P}doc`, { a: 2 });
        expect(await store.get(`${P}doc`)).toEqual({ a: 2 });
        expect(await store.delete(`${P}doc`)).toBe(true);
        expect(await store.get(`${P}doc`)).toBeUndefined();
        expect(await store.delete(`${P}doc`)).toBe(false);
      });

      it('updates a document atomically: concurrent updates all land', async () => {
        await Promise.all(
          Array.from({ length: 20 }, () => store.updateDoc<{ n: number }>(`${P}counter-doc`, (prev) => ({ n: (prev?.n ?? 0) + 1 }))),
        );
        expect(await store.get(`${P}counter-doc`)).toEqual({ n: 20 });
        // undefined from the update leaves the document alone.
        expect(await store.updateDoc(`${P}counter-doc`, () => undefined)).toEqual({ n: 20 });
        expect(await store.updateDoc(`${P}missing`, () => undefined)).toBeUndefined();
        expect(await store.get(`${P}missing`)).toBeUndefined();
      });

      it('keeps strings that look like Keyv markup intact', async () => {
        const tricky = { s: ':base64:abc', t: '::', u: 'ü — ✅', n: null };
        await store.set(`${P}tricky`, tricky);
        expect(await store.get(`${P}tricky`)).toEqual(tricky);
      });

      // Expiry is the backend's own (Redis expires keys on its clock), so these two wait a few real milliseconds.
      it('a document with a ttl is gone after it', async () => {
        await store.set(`${P}short`, { x: 1 }, 40);
        expect(await store.get(`${P}short`)).toEqual({ x: 1 });
        await sleep(80);
        expect(await store.get(`${P}short`)).toBeUndefined();
      });
    });

    describe('claims (set-if-absent)', () => {
      it('the first claim wins and keeps its value', async () => {
        expect(await store.claim(`${P}claim:x`, 'first')).toBe(true);
        expect(await store.claim(`${P}claim:x`, 'second')).toBe(false);
        expect(await store.getClaim(`${P}claim:x`)).toBe('first');
        expect(await store.getClaim(`${P}claim:y`)).toBeUndefined();
      });

      it('a released claim can be claimed again', async () => {
        expect(await store.claim(`${P}claim:round:C1`, 'r1')).toBe(true);
        await store.releaseClaim(`${P}claim:round:C1`);
        expect(await store.getClaim(`${P}claim:round:C1`)).toBeUndefined();
        expect(await store.claim(`${P}claim:round:C1`, 'r2')).toBe(true);
        await store.releaseClaim(`${P}claim:round:none`); // releasing nothing is fine
      });

      it('exactly one of many concurrent claims wins', async () => {
        const results = await Promise.all(Array.from({ length: 25 }, (_, i) => store.claim(`${P}claim:race`, String(i))));
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('an expired claim can be claimed again', async () => {
        expect(await store.claim(`${P}claim:ttl`, 'a', 40)).toBe(true);
        expect(await store.claim(`${P}claim:ttl`, 'b', 40)).toBe(false);
        await sleep(80);
        expect(await store.getClaim(`${P}claim:ttl`)).toBeUndefined();
        expect(await store.claim(`${P}claim:ttl`, 'c', 60_000)).toBe(true);
        expect(await store.getClaim(`${P}claim:ttl`)).toBe('c');
      });
    });

    describe('the atomic answer step', () => {
      it('records the answer, the member record, the tally, the boards and the log together', async () => {
        const result = await store.commitAnswer(answerCommit('alice'));
        expect(result).toMatchObject({ status: 'recorded', points: 10 });
        const record = await store.get<MemberRecord>(`${P}m:alice:record`);
        expect(record).toMatchObject({ id: 'alice', name: 'ALICE', answered: 1, correct: 1, dailyDays: ['2026-03-02'] });
        expect(await store.counters(`${P}tally:d1`)).toEqual({ answered: 1, right: 1 });
        expect(await store.standing(`${P}board:all`, 'alice')).toEqual({ memberId: 'alice', points: 10, rank: 1 });
        expect(await store.standing(`${P}board:week:2026-W10`, 'alice')).toMatchObject({ points: 10 });
        expect(await store.readLog(`${P}m:alice:log`)).toEqual([{ questionId: 'q1', at: 1000, option: 0, correct: true, source: 'daily' }]);
        expect(JSON.parse((await store.getClaim(`${P}m:alice:answer:daily:d1`))!)).toEqual({
          option: 0,
          correct: true,
          at: 1000,
          points: 10,
        });
      });

      it('a second answer to the same question is a duplicate and changes nothing', async () => {
        await store.commitAnswer(answerCommit('alice'));
        const again = await store.commitAnswer(answerCommit('alice', { correct: false }));
        expect(again).toEqual({ status: 'duplicate', existing: { option: 0, correct: true, at: 1000, points: 10 } });
        expect(await store.counters(`${P}tally:d1`)).toEqual({ answered: 1, right: 1 });
        expect((await store.get<MemberRecord>(`${P}m:alice:record`))!.answered).toBe(1);
        expect(await store.readLog(`${P}m:alice:log`)).toHaveLength(1);
        expect((await store.standing(`${P}board:all`, 'alice'))!.points).toBe(10);
      });

      it('an answer after the question closed is refused and changes nothing', async () => {
        await store.claim(`${P}claim:closed:d1`, 'now');
        expect(await store.commitAnswer(answerCommit('bob'))).toEqual({ status: 'closed' });
        expect(await store.get(`${P}m:bob:record`)).toBeUndefined();
        expect(await store.counters(`${P}tally:d1`)).toEqual({});
        expect(await store.standing(`${P}board:all`, 'bob')).toBeUndefined();
        expect(await store.readLog(`${P}m:bob:log`)).toEqual([]);
        expect(await store.getClaim(`${P}m:bob:answer:daily:d1`)).toBeUndefined();
      });

      it('two answers from one member arriving at once record exactly one', async () => {
        const results = await Promise.all([
          store.commitAnswer(answerCommit('carol', { correct: true })),
          store.commitAnswer(answerCommit('carol', { correct: false })),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual(['duplicate', 'recorded']);
        expect((await store.get<MemberRecord>(`${P}m:carol:record`))!.answered).toBe(1);
        expect(Object.values(await store.counters(`${P}tally:d1`)).reduce((a, b) => a + b, 0)).toBe(2); // answered + right|wrong
        expect(await store.readLog(`${P}m:carol:log`)).toHaveLength(1);
      });

      it('a new member answering two questions at once gets both in one record', async () => {
        await Promise.all([
          store.commitAnswer(answerCommit('newbie', { answerKey: `${P}m:newbie:answer:a` })),
          store.commitAnswer(answerCommit('newbie', { answerKey: `${P}m:newbie:answer:b` })),
        ]);
        expect((await store.get<MemberRecord>(`${P}m:newbie:record`))!.answered).toBe(2);
        expect((await store.standing(`${P}board:all`, 'newbie'))!.points).toBe(20);
      });

      it('many members answering at once are all counted', async () => {
        const ids = Array.from({ length: 40 }, (_, i) => `m${i}`);
        const results = await Promise.all(
          ids.map((id) => store.commitAnswer(answerCommit(id, { correct: Number(id.slice(1)) % 2 === 0 }))),
        );
        expect(results.every((r) => r.status === 'recorded')).toBe(true);
        expect(await store.counters(`${P}tally:d1`)).toEqual({ answered: 40, right: 20, wrong: 20 });
      });

      it('members changing scores at once keep every rank right: ranks agree with points, ties share a rank', async () => {
        const ids = Array.from({ length: 24 }, (_, i) => `r${i}`);
        // Three rounds of concurrent answers worth 10, 20 or 30 points: members leave scores others still hold.
        for (const round of [0, 1, 2]) {
          await Promise.all(
            ids.map((id, i) =>
              store.commitAnswer(answerCommit(id, { answerKey: `${P}m:${id}:answer:${round}`, base: 10 * (1 + ((i + round) % 3)) })),
            ),
          );
        }
        const board = await store.top(`${P}board:all`, 100);
        expect(board).toHaveLength(ids.length);
        for (const { memberId, points } of board) {
          const standing = (await store.standing(`${P}board:all`, memberId))!;
          expect(standing.points, memberId).toBe(points);
          expect(standing.rank, memberId).toBe(1 + board.filter((e) => e.points > points).length);
        }
      });

      it('a wrong answer earns no points and puts nobody on the board', async () => {
        const r = await store.commitAnswer(answerCommit('dave', { correct: false }));
        expect(r).toMatchObject({ status: 'recorded', points: 0 });
        expect(await store.standing(`${P}board:all`, 'dave')).toBeUndefined();
        expect((await store.get<MemberRecord>(`${P}m:dave:record`))!.answered).toBe(1);
      });

      it('changes the member’s other document in the same step, and not on a duplicate or a closed question', async () => {
        const also = {
          key: `${P}m:alice:srs:q1`,
          update: (prev: unknown) => ({ reviews: ((prev as { reviews?: number } | undefined)?.reviews ?? 0) + 1 }),
        };
        await store.commitAnswer(answerCommit('alice', { alsoUpdate: also }));
        expect(await store.get(`${P}m:alice:srs:q1`)).toEqual({ reviews: 1 });
        await store.commitAnswer(answerCommit('alice', { alsoUpdate: also })); // duplicate
        await store.claim(`${P}claim:closed:d1`, 'x');
        await store.commitAnswer(answerCommit('bob', { alsoUpdate: { ...also, key: `${P}m:bob:srs:q1` } })); // closed
        expect(await store.get(`${P}m:alice:srs:q1`)).toEqual({ reviews: 1 });
        expect(await store.get(`${P}m:bob:srs:q1`)).toBeUndefined();
        await store.commitAnswer(
          answerCommit('carol', { alsoUpdate: { key: `${P}m:carol:srs:q1`, update: () => undefined }, closedKey: undefined }),
        );
        expect(await store.get(`${P}m:carol:srs:q1`)).toBeUndefined(); // undefined leaves it alone
      });

      it('writes nothing when computing the member record fails', async () => {
        const failing = answerCommit('erin', {
          applyToMember: () => {
            throw new Error('boom');
          },
        });
        await expect(store.commitAnswer(failing)).rejects.toThrow('boom');
        expect(await store.getClaim(`${P}m:erin:answer:daily:d1`)).toBeUndefined();
        expect(await store.counters(`${P}tally:d1`)).toEqual({});
        expect(await store.readLog(`${P}m:erin:log`)).toEqual([]);
      });
    });

    describe('ordered rankings', () => {
      async function score(memberId: string, points: number, board = `${P}board:all`) {
        const r = await store.commitAnswer(
          answerCommit(memberId, {
            answerKey: `${P}m:${memberId}:answer:x:${Math.random()}`,
            closedKey: undefined,
            base: points,
            boards: [board],
          }),
        );
        expect(r.status).toBe('recorded');
      }

      it('top lists highest first, ties by member id; ranks share ties and skip (1, 2, 2, 4)', async () => {
        await score('ann', 50);
        await score('bea', 30);
        await score('cid', 30);
        await score('dan', 10);
        expect(await store.top(`${P}board:all`, 10)).toEqual([
          { memberId: 'ann', points: 50 },
          { memberId: 'bea', points: 30 },
          { memberId: 'cid', points: 30 },
          { memberId: 'dan', points: 10 },
        ]);
        expect((await store.standing(`${P}board:all`, 'ann'))!.rank).toBe(1);
        expect((await store.standing(`${P}board:all`, 'bea'))!.rank).toBe(2);
        expect((await store.standing(`${P}board:all`, 'cid'))!.rank).toBe(2);
        expect((await store.standing(`${P}board:all`, 'dan'))!.rank).toBe(4);
        expect(await store.top(`${P}board:all`, 2)).toHaveLength(2);
      });

      it('points accumulate and a member moves up', async () => {
        await score('ann', 20);
        await score('bea', 10);
        await score('bea', 15);
        expect(await store.top(`${P}board:all`, 1)).toEqual([{ memberId: 'bea', points: 25 }]);
        expect(await store.standing(`${P}board:all`, 'ann')).toEqual({ memberId: 'ann', points: 20, rank: 2 });
      });

      it('boards are independent', async () => {
        await score('ann', 10, `${P}board:week:2026-W10`);
        await score('bea', 10, `${P}board:week:2026-W11`);
        expect(await store.top(`${P}board:week:2026-W10`, 10)).toEqual([{ memberId: 'ann', points: 10 }]);
        expect(await store.standing(`${P}board:week:2026-W10`, 'bea')).toBeUndefined();
      });
    });

    it('exports every record under a prefix and imports it into another store unchanged', async () => {
      await store.set(`${P}config`, { time: '09:00', nested: { a: [1] } });
      await store.set(`${P}practice`, { id: 's1' }, 3_600_000);
      await store.claim(`${P}claim:daily:2026-03-02`, 'owner-1');
      await store.claim(`${P}claim:short`, 'x', 60_000);
      await store.commitAnswer(answerCommit('alice'));
      await store.commitAnswer(answerCommit('bob', { correct: false }));
      await store.set('bp:shell:other:config', { other: true });
      const exported: StoreRecord[] = [];
      for await (const r of store.exportRecords(P)) exported.push(r);
      expect(exported.map((r) => `${r.kind} ${r.key}`).sort()).toEqual(
        [
          `doc ${P}config`,
          `doc ${P}practice`,
          `doc ${P}m:alice:record`,
          `doc ${P}m:bob:record`,
          `claim ${P}claim:daily:2026-03-02`,
          `claim ${P}claim:short`,
          `claim ${P}m:alice:answer:daily:d1`,
          `claim ${P}m:bob:answer:daily:d1`,
          `counters ${P}tally:d1`,
          `board ${P}board:all`,
          `board ${P}board:week:2026-W10`,
          `log ${P}m:alice:log`,
          `log ${P}m:bob:log`,
        ].sort(),
      );
      const target = await openAnother();
      try {
        for (const r of exported) await target.importRecord(r);
        const again: StoreRecord[] = [];
        for await (const r of target.exportRecords(P)) again.push(r);
        // Expiry instants may differ by the milliseconds the copy took (Redis keeps a remaining TTL, not an instant).
        const byKey = (rs: StoreRecord[]) =>
          Object.fromEntries(rs.map((r) => [`${r.kind} ${r.key}`, 'expiresAt' in r ? { ...r, expiresAt: r.expiresAt !== undefined } : r]));
        const expiries = (rs: StoreRecord[]) => rs.flatMap((r) => ('expiresAt' in r && r.expiresAt ? [[r.key, r.expiresAt] as const] : []));
        expect(byKey(again)).toEqual(byKey(exported));
        const before = new Map(expiries(exported));
        for (const [key, at] of expiries(again)) expect(Math.abs(at - before.get(key)!), key).toBeLessThan(2000);
        const ttl = again.find((r) => r.key === `${P}practice`);
        expect(ttl && 'expiresAt' in ttl && ttl.expiresAt).toBeGreaterThan(Date.now() + 3_500_000);
        expect(await target.standing(`${P}board:all`, 'alice')).toEqual({ memberId: 'alice', points: 10, rank: 1 });
        expect(await target.claim(`${P}claim:daily:2026-03-02`, 'owner-2')).toBe(false);
      } finally {
        await target.close();
      }
    });

    it('deletes every kind of record under a prefix, and nothing else', async () => {
      await store.set(`${P}config`, { x: 1 });
      await store.claim(`${P}claim:daily:2026-03-02`, 'x');
      await store.commitAnswer(answerCommit('alice'));
      await store.commitAnswer(answerCommit('bob'));
      await store.set('bp:shell:other:config', { keep: 1 });
      await store.claim('bp:shell:other:claim:x', 'keep');
      const deleted = await store.deletePrefix(`${P}m:alice:`);
      expect(deleted).toBe(3); // alice's record, answer and log
      expect(await store.keys(`${P}m:alice:`)).toEqual([]);
      expect(await store.get(`${P}m:bob:record`)).toBeDefined();
      await store.deletePrefix(P);
      expect(await store.keys(P)).toEqual([]);
      expect(await store.top(`${P}board:all`, 10)).toEqual([]);
      expect(await store.standing(`${P}board:all`, 'bob')).toBeUndefined();
      expect(await store.get('bp:shell:other:config')).toEqual({ keep: 1 });
      expect(await store.getClaim('bp:shell:other:claim:x')).toBe('keep');
      // A deleted board starts from nothing again.
      await store.commitAnswer(answerCommit('carol', { answerKey: `${P}again` }));
      expect(await store.standing(`${P}board:all`, 'carol')).toEqual({ memberId: 'carol', points: 10, rank: 1 });
    });

    it('moves a member between board families, keeping points and ranks right', async () => {
      await store.commitAnswer(answerCommit('alice'));
      await store.commitAnswer(answerCommit('bob', { base: 20 }));
      await store.moveBoardMember('alice', `${P}board:`, `${P}hidden-board:`);
      expect(await store.standing(`${P}board:all`, 'alice')).toBeUndefined();
      expect(await store.top(`${P}board:all`, 10)).toEqual([{ memberId: 'bob', points: 20 }]);
      expect(await store.standing(`${P}hidden-board:week:2026-W10`, 'alice')).toEqual({ memberId: 'alice', points: 10, rank: 1 });
      await store.moveBoardMember('alice', `${P}hidden-board:`, `${P}board:`);
      expect(await store.standing(`${P}board:all`, 'alice')).toEqual({ memberId: 'alice', points: 10, rank: 2 });
      expect(await store.keys(`${P}hidden-board:`)).toEqual([]);
      await store.moveBoardMember('bob', `${P}board:`);
      expect(await store.top(`${P}board:all`, 10)).toEqual([{ memberId: 'alice', points: 10 }]);
      expect((await store.standing(`${P}board:all`, 'alice'))!.rank).toBe(1);
    });

    it('a member hiding while their answers land keeps every point (both write the same hidden board at once)', async () => {
      for (let round = 0; round < 6; round++) {
        const id = `h${round}`;
        await store.commitAnswer(answerCommit(id, { answerKey: `${P}m:${id}:answer:first` }));
        // The hide moves 10 points onto the hidden boards while an answer scored on them adds 10 more.
        await Promise.all([
          store.moveBoardMember(id, `${P}board:`, `${P}hidden-board:`),
          store.commitAnswer(answerCommit(id, { answerKey: `${P}m:${id}:answer:second`, boards: [`${P}hidden-board:all`] })),
        ]);
        expect((await store.standing(`${P}hidden-board:all`, id))?.points, id).toBe(20);
      }
      const board = await store.top(`${P}hidden-board:all`, 10);
      for (const { memberId } of board) expect((await store.standing(`${P}hidden-board:all`, memberId))!.rank).toBe(1);
    });

    it('lists every kind of key under a prefix, and only those', async () => {
      await store.set(`${P}config`, { x: 1 });
      await store.claim(`${P}claim:daily:2026-03-02`, 'x');
      await store.commitAnswer(answerCommit('alice'));
      await store.set('bp:shell:other:config', { x: 2 });
      expect(await store.keys(P)).toEqual(
        [
          `${P}board:all`,
          `${P}board:week:2026-W10`,
          `${P}claim:daily:2026-03-02`,
          `${P}config`,
          `${P}m:alice:answer:daily:d1`,
          `${P}m:alice:log`,
          `${P}m:alice:record`,
          `${P}tally:d1`,
        ].sort(),
      );
      expect(await store.keys(`${P}m:alice:`)).toHaveLength(3);
    });
  });
}
