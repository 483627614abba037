import { describe, expect, it } from 'vitest';
import { type ContractTarget, P, sleep, useStore } from './harness.js';

/** Claims: set-if-absent markers. */
export function claimsContract(target: ContractTarget): void {
  describe('claims (set-if-absent)', () => {
    const { store, clock } = useStore(target);

    it('the first claim wins and keeps its value', async () => {
      expect(await store().claim(`${P}claim:x`, 'first')).toBe(true);
      expect(await store().claim(`${P}claim:x`, 'second')).toBe(false);
      expect(await store().getClaim(`${P}claim:x`)).toBe('first');
      expect(await store().getClaim(`${P}claim:y`)).toBeUndefined();
    });

    it('a released claim can be claimed again', async () => {
      expect(await store().claim(`${P}claim:round:C1`, 'r1')).toBe(true);
      await store().releaseClaim(`${P}claim:round:C1`);
      expect(await store().getClaim(`${P}claim:round:C1`)).toBeUndefined();
      expect(await store().claim(`${P}claim:round:C1`, 'r2')).toBe(true);
      await store().releaseClaim(`${P}claim:round:none`); // releasing nothing is fine
    });

    it('exactly one of many concurrent claims wins', async () => {
      const results = await Promise.all(Array.from({ length: 25 }, (_, i) => store().claim(`${P}claim:race`, String(i))));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it.runIf(target.expiresOnClock)('an expired claim can be claimed again, on the store’s clock', async () => {
      expect(await store().claim(`${P}claim:ttl`, 'a', 60_000)).toBe(true);
      clock().advance(59_999);
      expect(await store().claim(`${P}claim:ttl`, 'b', 60_000)).toBe(false);
      clock().advance(1);
      expect(await store().getClaim(`${P}claim:ttl`)).toBeUndefined();
      expect(await store().claim(`${P}claim:ttl`, 'c', 60_000)).toBe(true);
      expect(await store().getClaim(`${P}claim:ttl`)).toBe('c');
    });

    it.runIf(!target.expiresOnClock)('an expired claim can be claimed again', async () => {
      expect(await store().claim(`${P}claim:ttl`, 'a', 40)).toBe(true);
      expect(await store().claim(`${P}claim:ttl`, 'b', 40)).toBe(false);
      await sleep(80);
      expect(await store().getClaim(`${P}claim:ttl`)).toBeUndefined();
      expect(await store().claim(`${P}claim:ttl`, 'c', 60_000)).toBe(true);
      expect(await store().getClaim(`${P}claim:ttl`)).toBe('c');
    });
  });
}
