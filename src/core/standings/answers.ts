import type { Question } from '../bank/bank.js';
import type { AnswerStep, CommitResult } from '../ports/store.js';
import type { SpacedRepetition } from '../practice/srs.js';
import type { EngineDeps } from '../shared/context.js';
import { keys } from '../shared/keys.js';
import { named, parseRecord } from '../shared/records.js';
import type { MemberRef } from '../shared/refs.js';
import { calendarOf, PERIODS } from '../shared/time.js';
import type { TeamConfig } from '../team/team-model.js';
import { type AnswerSource, memberRecord } from './member-model.js';
import { applyAnswer } from './scoring.js';

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
 * Records one answer through the store's atomic step: claim, member record, spaced-repetition card, tally,
 * leaderboards and log. Returns the step's result and the answer's time (which identifies the review).
 */
export async function recordAnswer(
  deps: EngineDeps,
  srs: SpacedRepetition,
  input: AnswerInput,
): Promise<{ result: CommitResult; at: number }> {
  const { member, config, question, option } = input;
  const at = deps.clock.now();
  const correct = option === 0;
  const calendar = calendarOf(at, config.timezone);
  let predatesSrs = false;
  const step: AnswerStep = {
    answer: { key: input.answerKey, value: { option, correct, at }, ttlMs: input.answerTtlMs },
    closedBy: input.closedKey,
    member: {
      id: member.userId,
      key: keys.member(member, member.userId),
      apply: (previous) => {
        const record = parseRecord(memberRecord, keys.member(member, member.userId), previous);
        predatesSrs = record !== undefined && record.answered > 0 && !record.srs;
        const result = applyAnswer(record, {
          memberId: member.userId,
          name: member.displayName,
          topic: question.topic,
          correct,
          source: input.source,
          basePoints: input.basePoints,
          at,
          today: calendar.date,
          dailyDay: input.dailyDay,
        });
        const board = result.next.hidden ? keys.hiddenBoard : keys.board;
        return { ...result, boards: PERIODS.map((p) => board(member, calendar.periods[p])) };
      },
    },
    tally: input.tallyKey ? { key: input.tallyKey, fields: ['answered', `option${option}`, ...(correct ? ['right'] : [])] } : undefined,
    // The question's spaced-repetition card changes in the same step: every answer is a review, recorded at once.
    card: srs.reviewStep(member, question.id, correct, at, input.answerKey),
    log: { key: keys.memberLog(member, member.userId), entry: { questionId: question.id, at, option, correct, source: input.source } },
  };
  // A member record the store cannot even decode is named as what it is.
  const result = await named(memberRecord, () => deps.store.commitAnswer(step));
  // The member's earlier answers were in the log only: their cards come from replaying it, this answer included.
  if (result.status === 'recorded' && predatesSrs) await srs.rebuild(member);
  return { result, at };
}
