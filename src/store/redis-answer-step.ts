import { planAnswer } from '../core/ports/answer-step.js';
import type { Clock } from '../core/ports/clock.js';
import type { AnswerStep, CommitResult } from '../core/ports/store.js';
import type { MemberRecord, StoredAnswer } from '../core/standings/member-model.js';
import { decodeDoc, encodeDoc } from './doc-codec.js';
import type { RedisClient } from './redis-client.js';
import { ANSWER_STEP, runScript } from './redis-scripts.js';

/** How often the step reads again when another writer changed the member or the card meanwhile. */
const MAX_ATTEMPTS = 20;

/**
 * The answer step (see AnswerStep) on Redis: one script that writes all of it only if the member's record and card
 * hold what the step was decided from (an optimistic check by value, like a version). A first answer is decided
 * from "no record yet": one round trip for a new member. Otherwise (or when a second answer of the member or a
 * rating lands meanwhile) the script answers 'changed' with the documents as they are, and the step decides again
 * from those: two round trips, as the reads followed by the script took before.
 */
export async function redisAnswerStep(
  client: RedisClient,
  k: (kind: 'docs' | 'claims' | 'answers' | 'counters' | 'boards' | 'logs', key: string) => string,
  /** The document index's key (redis-doc-index.ts): the member's record and card are added to it. */
  docIndex: string,
  step: AnswerStep,
  clock: Clock,
): Promise<CommitResult> {
  const answerKey = k('answers', step.answer.key);
  const closedKey = step.closedBy ? k('claims', step.closedBy) : answerKey;
  const memberKey = k('docs', step.member.key);
  const cardKey = step.card ? k('docs', step.card.key) : answerKey;
  // What the member's record and card are thought to be: absent at first (a new member's first answer then takes
  // one round trip); the script replies with what they are when that was wrong, and the step decides again.
  let memberRaw: string | null = null;
  let cardRaw: string | null = null;
  for (let attempt = 1; ; attempt++) {
    const now = clock.now();
    const { result, writes } = planAnswer(
      step,
      {
        closed: false,
        existing: undefined,
        member: decodeDoc<MemberRecord>(memberRaw ?? undefined, now, step.member.key),
        card: step.card && decodeDoc(cardRaw ?? undefined, now, step.card.key),
      },
      now,
    );
    if (!writes) return result;
    const card = writes.docs.find((d) => d.key === step.card?.key);
    const plan = {
      closed: step.closedBy ? 1 : 0,
      memberWas: memberRaw ?? '',
      card: step.card ? 1 : 0,
      cardWas: cardRaw ?? '',
      answer: JSON.stringify(writes.answer.value),
      answerTtl: writes.answer.expiresAt === undefined ? 0 : Math.max(1, writes.answer.expiresAt - now),
      member: encodeDoc(writes.docs[0]!.value),
      cardIs: card ? encodeDoc(card.value) : '',
      boards: writes.boards.boards.length,
      counts: writes.counts.map((c) => c.by),
      log: writes.log ? JSON.stringify(writes.log.entry) : '',
      points: writes.boards.points,
      memberId: writes.boards.memberId,
      memberKey: step.member.key,
      cardKey: step.card?.key ?? '',
    };
    const keys = [
      answerKey,
      memberKey,
      closedKey,
      cardKey,
      writes.log ? k('logs', writes.log.key) : answerKey,
      ...writes.boards.boards.map((b) => k('boards', b)),
      ...writes.counts.map((c) => k('counters', c.key)),
      docIndex,
    ];
    const [outcome, stored, cardNow] = (await runScript(client, ANSWER_STEP, keys, [JSON.stringify(plan)])) as [string, string?, string?];
    if (outcome === 'ok') return result;
    if (outcome === 'closed') return { status: 'closed' };
    if (outcome === 'duplicate') return { status: 'duplicate', existing: JSON.parse(stored!) as StoredAnswer };
    // 'changed': the record and card as they are now ('' for absent).
    memberRaw = stored || null;
    cardRaw = cardNow || null;
    if (attempt >= MAX_ATTEMPTS)
      throw new Error(`the answer step for ${step.member.key} kept meeting concurrent changes (${attempt} attempts)`);
  }
}
