import type { Question } from './bank.js';
import type { EngineDeps } from './deps.js';
import { keys } from './keys.js';
import type { AnswerSource, MemberRef, TeamConfig } from './model.js';
import type { CommitResult } from './ports.js';
import { applyAnswer } from './scoring.js';
import { localDate, periodKey, PERIODS } from './time.js';
import type { SpacedRepetition } from './srs.js';

export interface AnswerInput {
  member: MemberRef;
  config: TeamConfig;
  question: Question;
  /** Canonical option picked: 0 is the right answer. */
  option: number;
  source: AnswerSource;
  basePoints: number;
  /** The claim that makes this answer happen once. */
  answerKey: string;
  answerTtlMs?: number;
  closedKey?: string;
  tallyKey?: string;
  /** The local date of the daily answered, for streaks. */
  dailyDay?: string;
}

/**
 * Records one answer through the store's atomic step (claim, member record, tally, leaderboards and log), then
 * as a spaced-repetition review. Returns the step's result and the answer's time (which identifies the review).
 */
export async function recordAnswer(deps: EngineDeps, srs: SpacedRepetition, input: AnswerInput): Promise<{ result: CommitResult; at: number }> {
  const { member, config, question, option } = input;
  const at = deps.clock.now();
  const correct = option === 0;
  const result = await deps.store.commitAnswer({
    answerKey: input.answerKey,
    answer: { option, correct, at },
    answerTtlMs: input.answerTtlMs,
    closedKey: input.closedKey,
    memberKey: keys.member(member, member.userId),
    memberId: member.userId,
    applyToMember: (previous) => {
      const result = applyAnswer(previous, {
        memberId: member.userId,
        name: member.displayName,
        topic: question.topic,
        correct,
        source: input.source,
        basePoints: input.basePoints,
        at,
        today: localDate(at, config.timezone),
        dailyDay: input.dailyDay,
      });
      const board = result.next.hidden ? keys.hiddenBoard : keys.board;
      return { ...result, boards: PERIODS.map((p) => board(member, periodKey(p, at, config.timezone))) };
    },
    tally: input.tallyKey
      ? { key: input.tallyKey, fields: ['answered', `option${option}`, ...(correct ? ['right'] : [])] }
      : undefined,
    logKey: keys.memberLog(member, member.userId),
    log: { questionId: question.id, at, option, correct, source: input.source },
  });
  if (result.status === 'recorded') await srs.record(member, question.id, correct, at, input.answerKey);
  return { result, at };
}
