import { describe, expect, it } from 'vitest';
import { answerStep, type ContractTarget, P, sleep, useStore } from './harness.js';

/** Documents: JSON values by key, atomic updates, expiry. */
export function documentsContract(target: ContractTarget): void {
  describe('documents', () => {
    const { store, clock } = useStore(target);

    it('set, get, overwrite and delete', async () => {
      expect(await store().get(`${P}doc`)).toBeUndefined();
      await store().set(`${P}doc`, { a: 1, nested: { list: [1, 'two'] } });
      expect(await store().get(`${P}doc`)).toEqual({ a: 1, nested: { list: [1, 'two'] } });
      await store().set(`${P}doc`, { a: 2 });
      expect(await store().get(`${P}doc`)).toEqual({ a: 2 });
      expect(await store().delete(`${P}doc`)).toBe(true);
      expect(await store().get(`${P}doc`)).toBeUndefined();
      expect(await store().delete(`${P}doc`)).toBe(false);
    });

    it('reads several documents at once, in the order asked, whatever wrote them; absent ones are undefined', async () => {
      expect(await store().getMany([])).toEqual([]);
      await store().set(`${P}many:a`, { n: 1 });
      await store().updateDoc(`${P}many:b`, () => ({ n: 2 }));
      await store().commitAnswer(answerStep('ann', { closedBy: undefined, boards: [] }));
      const keys = [`${P}many:b`, `${P}nothing`, `${P}m:ann:record`, `${P}many:a`, `${P}many:b`];
      const found = await store().getMany<{ n?: number; answered?: number }>(keys);
      expect(found.map((doc) => (doc === undefined ? doc : doc instanceof Error ? 'error' : (doc.n ?? doc.answered)))).toEqual([
        2,
        undefined,
        1,
        1,
        2,
      ]);
      expect(found).toEqual(await Promise.all(keys.map((key) => store().get(key))));
    });

    it('updates a document atomically: concurrent updates all land', async () => {
      await Promise.all(
        Array.from({ length: 20 }, () => store().updateDoc<{ n: number }>(`${P}counter-doc`, (prev) => ({ n: (prev?.n ?? 0) + 1 }))),
      );
      expect(await store().get(`${P}counter-doc`)).toEqual({ n: 20 });
      // undefined from the update leaves the document alone.
      expect(await store().updateDoc(`${P}counter-doc`, () => undefined)).toEqual({ n: 20 });
      expect(await store().updateDoc(`${P}missing`, () => undefined)).toBeUndefined();
      expect(await store().get(`${P}missing`)).toBeUndefined();
    });

    it('lists the documents under a prefix, sorted, whatever wrote them, and only documents', async () => {
      await store().set(`${P}ch:b`, { n: 1 });
      await store().set(`${P}ch:a`, { n: 2 });
      await store().updateDoc(`${P}ch:c`, () => ({ n: 3 }));
      await store().importRecord({ kind: 'doc', key: `${P}ch:d`, value: { n: 4 } });
      await store().set(`${P}chx`, { n: 5 }); // shares the prefix's letters, outside it once the colon counts
      await store().set(`${P.slice(0, -1)}2:ch:z`, { n: 6 }); // another team
      await store().claim(`${P}ch:claim`, 'x'); // not a document
      await store().commitAnswer(
        answerStep('ann', { card: { key: `${P}ch:card`, update: () => ({ due: 1 }) }, closedBy: undefined, boards: [] }),
      );
      expect(await store().docKeys(`${P}ch:`)).toEqual([`${P}ch:a`, `${P}ch:b`, `${P}ch:c`, `${P}ch:card`, `${P}ch:d`]);
      expect(await store().docKeys(`${P}m:ann:`)).toEqual([`${P}m:ann:record`]); // the answer step's record
      expect(await store().delete(`${P}ch:b`)).toBe(true);
      expect(await store().docKeys(`${P}ch:`)).toEqual([`${P}ch:a`, `${P}ch:c`, `${P}ch:card`, `${P}ch:d`]);
      await store().deletePrefix(`${P}ch:`);
      expect(await store().docKeys(`${P}ch:`)).toEqual([]);
      expect(await store().docKeys(`${P}chx`)).toEqual([`${P}chx`]);
    });

    it('keeps strings that look like Keyv markup intact', async () => {
      const tricky = { s: ':base64:abc', t: '::', u: 'ü — ✅', n: null };
      await store().set(`${P}tricky`, tricky);
      expect(await store().get(`${P}tricky`)).toEqual(tricky);
    });

    it.runIf(target.expiresOnClock)(
      'a document with a ttl is gone once the store’s clock passes it, and an update keeps the ttl',
      async () => {
        await store().set(`${P}short`, { x: 1 }, 60_000);
        await store().updateDoc<{ x: number }>(`${P}short`, (d) => d && { x: d.x + 1 });
        clock().advance(59_000);
        expect(await store().get(`${P}short`)).toEqual({ x: 2 });
        clock().advance(2_000);
        expect(await store().get(`${P}short`)).toBeUndefined();
        expect(await store().getMany([`${P}short`])).toEqual([undefined]);
      },
    );

    // Redis expires keys on its own clock: this one waits a few real milliseconds.
    it.runIf(!target.expiresOnClock)('a document with a ttl is gone after it, from the listing too', async () => {
      await store().set(`${P}short`, { x: 1 }, 40);
      expect(await store().get(`${P}short`)).toEqual({ x: 1 });
      expect(await store().docKeys(`${P}short`)).toEqual([`${P}short`]);
      await sleep(80);
      expect(await store().get(`${P}short`)).toBeUndefined();
      expect(await store().getMany([`${P}short`])).toEqual([undefined]);
      expect(await store().docKeys(`${P}short`)).toEqual([]);
    });
  });
}
