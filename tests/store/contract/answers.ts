import { describe, expect, it } from 'vitest';
import { answerStep, type ContractTarget, P, useStore } from './harness.js';

/** Answers: their own record kind, written by the answer step, read one by one or by prefix. */
export function answersContract(target: ContractTarget): void {
  describe('answer records', () => {
    const { store, clock } = useStore(target);

    it('are read back by key, and listed by prefix (a round question’s answers)', async () => {
      const prefix = `${P}round:r1:q0:a:`;
      await store().commitAnswer(answerStep('ann', { answerKey: `${prefix}ann`, closedBy: undefined }));
      await store().commitAnswer(answerStep('bob', { answerKey: `${prefix}bob`, closedBy: undefined, correct: false }));
      await store().commitAnswer(answerStep('cid', { answerKey: `${P}round:r1:q1:a:cid`, closedBy: undefined }));
      expect(await store().getAnswer(`${prefix}ann`)).toEqual({ option: 0, correct: true, at: 1000, points: 10 });
      expect(await store().getAnswer(`${prefix}nobody`)).toBeUndefined();
      expect(await store().answersUnder(prefix)).toEqual([
        { key: `${prefix}ann`, answer: { option: 0, correct: true, at: 1000, points: 10 } },
        { key: `${prefix}bob`, answer: { option: 2, correct: false, at: 1000, points: 0 } },
      ]);
      // Answers are not claims: the claim of the same key is untouched by them.
      expect(await store().getClaim(`${prefix}ann`)).toBeUndefined();
    });

    it.runIf(target.expiresOnClock)('an answer kept for a while (a practice step) expires on the store’s clock', async () => {
      const step = answerStep('ann', { answerKey: `${P}m:ann:answer:practice:s1:0`, closedBy: undefined });
      step.answer.ttlMs = 60_000;
      await store().commitAnswer(step);
      clock().advance(59_000);
      expect(await store().getAnswer(step.answer.key)).toBeDefined();
      clock().advance(2_000);
      expect(await store().getAnswer(step.answer.key)).toBeUndefined();
      expect(await store().answersUnder(`${P}m:ann:answer:`)).toEqual([]);
    });
  });
}
