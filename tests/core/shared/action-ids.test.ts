import { describe, expect, it } from 'vitest';
import { type Action, decodeAction, encodeAction, MAX_ACTION_ID_LENGTH } from '../../../src/core/actions.js';

describe('action ids', () => {
  const actions: Action[] = [
    { ns: 'daily', verb: 'answer', dailyId: '2026-03-02', letter: 'A' },
    { ns: 'daily', verb: 'answer', dailyId: '2026-03-02.3', letter: 'D' },
    { ns: 'practice', verb: 'answer', sessionId: 'k3j2h1g0f9', step: 19, letter: 'C' },
    { ns: 'practice', verb: 'next', sessionId: 'k3j2h1g0f9', step: 0 },
  ];

  it('round-trip, stay short and carry no state', () => {
    for (const a of actions) {
      const id = encodeAction(a);
      expect(id.length).toBeLessThanOrEqual(MAX_ACTION_ID_LENGTH);
      expect(id.split(':').length).toBeGreaterThanOrEqual(3);
      expect(decodeAction(id)).toEqual({ ok: true, action: a });
    }
  });

  it.each([
    ['', 'bad length'],
    ['x'.repeat(101), 'bad length'],
    ['daily:answer:2026-03-02:E', 'unknown option letter'],
    ['daily:answer:2026-03-02', 'unknown action'],
    ['daily:delete:2026-03-02:A', 'unknown action'],
    ['practice:answer:abc:x:A', 'malformed step'],
    ['practice:next:abc:1234', 'malformed step'],
    ['daily:answer:../../etc:A', 'malformed argument'],
    ['daily:answer:a b:A', 'malformed argument'],
    ['rounds:answer:x:A', 'unknown action'],
  ])('rejects %j (%s) without throwing', (id, why) => {
    const d = decodeAction(id);
    expect(d.ok).toBe(false);
    expect(!d.ok && d.error).toContain(why);
  });

  it('rejects values that are not text', () => {
    expect(decodeAction(undefined)).toEqual({ ok: false, error: 'the action id is not text' });
    expect(decodeAction(42)).toMatchObject({ ok: false });
  });
});
