import type { Question } from '../bank/bank.js';
import type { AnswerStep, CommitResult } from '../ports/store.js';
import type { SpacedRepetition } from '../practice/srs.js';
import type { EngineDeps } from '../shared/context.js';
import { keys } from '../shared/keys.js';
import { named, parseRecord } from '../shared/records.js';
import type { MemberRef } from '../shared/refs.js';
import { calendarOf, PERIODS } from '../shared/time.js';
import type { TeamConfig } from '../team/team-model.js';
import { channelScoring } from './channel-scoring.js';
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
  /** The daily channel answered in (a daily's, or a round's when played in a daily channel): its board and activity. */
  channelId?: string;
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
  const open = input.source === 'open';
  const correct = option === 0 && !open;
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
          channelId: input.channelId,
        });
        const board = result.next.hidden ? keys.hiddenBoard : keys.board;
        const boards = PERIODS.map((p) => board(member, calendar.periods[p]));
        if (input.channelId === undefined) return { ...result, boards };
        const contribution = { active: true, answered: open ? 0 : 1, right: correct ? 1 : 0, points: result.points };
        const channel = channelScoring(member, input.channelId, record, result.next, at, config.timezone, contribution);
        return { ...result, boards: [...boards, ...channel.boards], counts: channel.counts };
      },
    },
    tally: input.tallyKey
      ? { key: input.tallyKey, fields: open ? ['answered'] : ['answered', `option${option}`, ...(correct ? ['right'] : [])] }
      : undefined,
    // The question's spaced-repetition card changes in the same step: every choice answer is a review, recorded at
    // once. An open daily's review is its member's rating, recorded when they give it.
    card: open ? undefined : srs.reviewStep(member, question.id, correct, at, input.answerKey),
    log:
      input.source === 'open'
        ? undefined
        : { key: keys.memberLog(member, member.userId), entry: { questionId: question.id, at, option, correct, source: input.source } },
  };
  // A member record the store cannot even decode is named as what it is.
  const result = await named(memberRecord, () => deps.store.commitAnswer(step));
  // The member's earlier answers were in the log only: their cards come from replaying it, this answer included.
  if (result.status === 'recorded' && predatesSrs) await srs.rebuild(member);
  return { result, at };
}
