import type { StoredAnswer } from '../standings/member-model.js';
import type { UpgradeStep } from './layout.js';

/**
 * Layout 2: answers are their own record kind. In layout 1 each answer was a claim whose value was the answer as
 * JSON: a member's daily and practice answers (m:<member>:answer:…), round awards (m:<member>:award:round:…) and
 * the answers of a round question in progress (round:<id>:q<n>:a:<member>). Each becomes an answer record with
 * the same key and expiry, then the claim goes. Writing the record first makes a rerun harmless.
 */
const ANSWER_CLAIM = /^bp:[a-z]+:[^:]+:(m:[^:]+:(answer|award):|round:[^:]+:q\d+:a:)/;

function asAnswer(raw: string): StoredAnswer | undefined {
  try {
    const v = JSON.parse(raw) as Partial<StoredAnswer>;
    const ok = typeof v.option === 'number' && typeof v.correct === 'boolean' && typeof v.at === 'number' && typeof v.points === 'number';
    return ok ? { option: v.option!, correct: v.correct!, at: v.at!, points: v.points! } : undefined;
  } catch {
    return undefined;
  }
}

export const answersAsRecords: UpgradeStep = {
  to: 2,
  what: 'answers moved from claims to answer records',
  async run(store) {
    let moved = 0;
    for await (const record of store.exportRecords('bp:', ['claim'])) {
      if (record.kind !== 'claim' || !ANSWER_CLAIM.test(record.key)) continue;
      const value = asAnswer(record.value);
      // A claim under an answer key that is not an answer is left as it was: nothing is lost by guessing.
      if (!value) continue;
      await store.importRecord({ kind: 'answer', key: record.key, value, expiresAt: record.expiresAt });
      await store.releaseClaim(record.key);
      moved++;
    }
    return moved;
  },
};
