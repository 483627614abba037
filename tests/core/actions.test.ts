import { describe, expect, it } from 'vitest';
import { type Action, decodeAction, encodeAction, MAX_ACTION_ID_LENGTH } from '../../src/core/actions.js';

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
    ['suggest:approve-as:x7k2pq:4', 'unknown difficulty'],
    ['suggest:approve-as:x7k2pq', 'unknown action'],
  ])('rejects %j (%s) without throwing', (id, why) => {
    const d = decodeAction(id);
    expect(d.ok).toBe(false);
    expect(!d.ok && d.error).toContain(why);
  });

  it('rejects values that are not text', () => {
    expect(decodeAction(undefined)).toEqual({ ok: false, error: 'the action id is not text' });
    expect(decodeAction(42)).toMatchObject({ ok: false });
  });

  it('decodes every kind of id the previous version posted, to the same action', () => {
    // Made by the encoder of layout 1 (commit 6962d44): buttons already in channels keep working after an upgrade.
    const posted: [string, Action][] = [
      ['daily:answer:2026-03-03:B', { ns: 'daily', verb: 'answer', dailyId: '2026-03-03', letter: 'B' }],
      ['daily:answer:2026-03-03.2:D', { ns: 'daily', verb: 'answer', dailyId: '2026-03-03.2', letter: 'D' }],
      ['practice:answer:ol0gu1l192:1:A', { ns: 'practice', verb: 'answer', sessionId: 'ol0gu1l192', step: 1, letter: 'A' }],
      ['practice:next:ol0gu1l192:0', { ns: 'practice', verb: 'next', sessionId: 'ol0gu1l192', step: 0 }],
      ['round:answer:ui7aa2noox:0:B', { ns: 'round', verb: 'answer', roundId: 'ui7aa2noox', step: 0, letter: 'B' }],
      ['srs:rate:beta-two:mmadn6o0:4', { ns: 'srs', verb: 'rate', questionId: 'beta-two', at: 1772528400000, grade: 4 }],
      ['report:open:alpha-one', { ns: 'report', verb: 'open', questionId: 'alpha-one' }],
      ['report:submit:alpha-one', { ns: 'report', verb: 'submit', questionId: 'alpha-one' }],
      ['report:close:alpha-one', { ns: 'report', verb: 'close', questionId: 'alpha-one' }],
      ['confirm:forget:abcdefghij', { ns: 'confirm', verb: 'forget', token: 'abcdefghij' }],
      ['confirm:purge:abcdefghij', { ns: 'confirm', verb: 'purge', token: 'abcdefghij' }],
      ['confirm:cancel:abcdefghij', { ns: 'confirm', verb: 'cancel', token: 'abcdefghij' }],
      ['suggest:approve:x7k2pq', { ns: 'suggest', verb: 'approve', id: 'x7k2pq' }],
    ];
    for (const [id, action] of posted) {
      expect(decodeAction(id), id).toEqual({ ok: true, action });
      expect(encodeAction(action), id).toBe(id);
    }
  });
});
