import { describe, expect, it } from 'vitest';
import type { StoreRecord } from '../../../src/core/ports/store.js';
import { answerStep, type ContractTarget, P, useStore } from './harness.js';

/** Maintenance: export and import, deleting and listing whole prefixes. */
export function maintenanceContract(target: ContractTarget): void {
  describe('maintenance', () => {
    const { store, clock } = useStore(target);

    it('exports every record under a prefix and imports it into another store unchanged', async () => {
      await store().set(`${P}config`, { time: '09:00', nested: { a: [1] } });
      await store().set(`${P}practice`, { id: 's1' }, 3_600_000);
      await store().claim(`${P}claim:daily:2026-03-02`, 'owner-1');
      await store().claim(`${P}claim:short`, 'x', 60_000);
      await store().commitAnswer(answerStep('alice'));
      await store().commitAnswer(answerStep('bob', { correct: false }));
      await store().set('bp:shell:other:config', { other: true });
      const exported: StoreRecord[] = [];
      for await (const r of store().exportRecords(P)) exported.push(r);
      expect(exported.map((r) => `${r.kind} ${r.key}`).sort()).toEqual(
        [
          `doc ${P}config`,
          `doc ${P}practice`,
          `doc ${P}m:alice:record`,
          `doc ${P}m:bob:record`,
          `claim ${P}claim:daily:2026-03-02`,
          `claim ${P}claim:short`,
          `answer ${P}m:alice:answer:daily:d1`,
          `answer ${P}m:bob:answer:daily:d1`,
          `counters ${P}tally:d1`,
          `board ${P}board:all`,
          `board ${P}board:week:2026-W10`,
          `log ${P}m:alice:log`,
          `log ${P}m:bob:log`,
        ].sort(),
      );
      const target2 = await target.open(clock());
      try {
        for (const r of exported) await target2.importRecord(r);
        const again: StoreRecord[] = [];
        for await (const r of target2.exportRecords(P)) again.push(r);
        // Expiry instants may differ by the milliseconds the copy took (Redis keeps a remaining TTL, not an instant).
        const byKey = (rs: StoreRecord[]) =>
          Object.fromEntries(rs.map((r) => [`${r.kind} ${r.key}`, 'expiresAt' in r ? { ...r, expiresAt: r.expiresAt !== undefined } : r]));
        const expiries = (rs: StoreRecord[]) => rs.flatMap((r) => ('expiresAt' in r && r.expiresAt ? [[r.key, r.expiresAt] as const] : []));
        expect(byKey(again)).toEqual(byKey(exported));
        const before = new Map(expiries(exported));
        for (const [key, at] of expiries(again)) expect(Math.abs(at - before.get(key)!), key).toBeLessThan(2000);
        const ttl = again.find((r) => r.key === `${P}practice`);
        expect(ttl && 'expiresAt' in ttl && ttl.expiresAt).toBeGreaterThan(clock().now() + 3_500_000);
        expect(await target2.standing(`${P}board:all`, 'alice')).toEqual({ memberId: 'alice', points: 10, rank: 1 });
        expect(await target2.claim(`${P}claim:daily:2026-03-02`, 'owner-2')).toBe(false);
        expect(await target2.commitAnswer(answerStep('alice', { correct: false }))).toMatchObject({ status: 'duplicate' });
      } finally {
        await target2.close();
      }
    });

    it('exports only the kinds asked for', async () => {
      await store().set(`${P}config`, { x: 1 });
      await store().claim(`${P}claim:daily:2026-03-02`, 'x');
      await store().commitAnswer(answerStep('alice'));
      const claims: string[] = [];
      for await (const r of store().exportRecords(P, ['claim', 'answer'])) claims.push(`${r.kind} ${r.key}`);
      expect(claims.sort()).toEqual([`answer ${P}m:alice:answer:daily:d1`, `claim ${P}claim:daily:2026-03-02`]);
    });

    it('an imported claim or answer never overwrites a live one', async () => {
      await store().claim(`${P}claim:x`, 'mine');
      await store().commitAnswer(answerStep('alice'));
      await store().importRecord({ kind: 'claim', key: `${P}claim:x`, value: 'theirs' });
      await store().importRecord({
        kind: 'answer',
        key: `${P}m:alice:answer:daily:d1`,
        value: { option: 3, correct: false, at: 5, points: 0 },
      });
      expect(await store().getClaim(`${P}claim:x`)).toBe('mine');
      expect(await store().getAnswer(`${P}m:alice:answer:daily:d1`)).toMatchObject({ option: 0, correct: true });
    });

    it('deletes every kind of record under a prefix, and nothing else', async () => {
      await store().set(`${P}config`, { x: 1 });
      await store().claim(`${P}claim:daily:2026-03-02`, 'x');
      await store().commitAnswer(answerStep('alice'));
      await store().commitAnswer(answerStep('bob'));
      await store().set('bp:shell:other:config', { keep: 1 });
      await store().claim('bp:shell:other:claim:x', 'keep');
      const deleted = await store().deletePrefix(`${P}m:alice:`);
      expect(deleted).toBe(3); // alice's record, answer and log
      expect(await store().keys(`${P}m:alice:`)).toEqual([]);
      expect(await store().get(`${P}m:bob:record`)).toBeDefined();
      await store().deletePrefix(P);
      expect(await store().keys(P)).toEqual([]);
      expect(await store().top(`${P}board:all`, 10)).toEqual([]);
      expect(await store().standing(`${P}board:all`, 'bob')).toBeUndefined();
      expect(await store().get('bp:shell:other:config')).toEqual({ keep: 1 });
      expect(await store().getClaim('bp:shell:other:claim:x')).toBe('keep');
      // A deleted board starts from nothing again.
      await store().commitAnswer(answerStep('carol', { answerKey: `${P}again` }));
      expect(await store().standing(`${P}board:all`, 'carol')).toEqual({ memberId: 'carol', points: 10, rank: 1 });
    });

    it('lists every kind of key under a prefix, and only those', async () => {
      await store().set(`${P}config`, { x: 1 });
      await store().claim(`${P}claim:daily:2026-03-02`, 'x');
      await store().commitAnswer(answerStep('alice'));
      await store().set('bp:shell:other:config', { x: 2 });
      expect(await store().keys(P)).toEqual(
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
      expect(await store().keys(`${P}m:alice:`)).toHaveLength(3);
    });
  });
}
