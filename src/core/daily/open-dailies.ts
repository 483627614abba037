import type { Question } from '../bank/bank.js';
import type { TeamPacks } from '../bank/team-packs.js';
import type { RecallGrade } from '../interview/interview-model.js';
import { MAX_TYPED_ANSWER } from '../interview/interviews.js';
import { coveredPoints } from '../interview/matcher.js';
import { type SpacedRepetition, type SrsEntry, srsEntryRecord } from '../practice/srs.js';
import type { EngineDeps } from '../shared/context.js';
import { badInput, questionClosed, stale } from '../shared/errors.js';
import { keys } from '../shared/keys.js';
import { named, parseRecord, readRecord } from '../shared/records.js';
import type { MemberRef } from '../shared/refs.js';
import { recordAnswer } from '../standings/answers.js';
import { memberRecord } from '../standings/member-model.js';
import { newMember, POINTS } from '../standings/scoring.js';
import { streakOf } from '../standings/streak-reader.js';
import type { Teams } from '../team/teams.js';
import type { DailyChannels } from './channels.js';
import type { Dailies } from './dailies.js';
import { type DailyRecord, dailyRecord, type OpenDailyFeedback } from './daily-model.js';

/**
 * The open daily (a channel's daily in interview form): a member takes part once, by typing an answer or by
 * pressing "Show answer" after saying it aloud, and earns fixed points and the day's streak whatever they rate;
 * then rates their recall once (Again … Easy), which is a review of the question's recall card and a count in
 * the daily's reveal. What they typed is used for the key-point marks and shown back once: it is never stored.
 */
export class OpenDailies {
  constructor(
    private readonly deps: EngineDeps,
    private readonly teams: Teams,
    private readonly channels: DailyChannels,
    private readonly dailies: Dailies,
    private readonly packs: TeamPacks,
    private readonly srs: SpacedRepetition,
  ) {}

  private async openDaily(member: MemberRef, dailyId: string): Promise<{ daily: DailyRecord; question: Question }> {
    const daily = await readRecord(this.deps.store, dailyRecord, keys.daily(member, dailyId));
    if (daily?.format !== 'open') throw stale('This daily question is no longer available.');
    const question = (await this.packs.bankFor(member)).question(daily.questionId);
    if (!question) throw stale('This question has been removed from the question bank.');
    return { daily, question };
  }

  /**
   * Takes part: with `text`, a typed answer (marked against the key points); without, "Show answer". Taking part a
   * second time shows the answer again and earns nothing more; after the daily closed, nothing is recorded.
   */
  async answer(member: MemberRef, dailyId: string, text?: string): Promise<OpenDailyFeedback> {
    const typed = text?.trim();
    if (typed === '') throw badInput('The answer was empty: type it, or press "Show answer" if you said it aloud.');
    if (typed && typed.length > MAX_TYPED_ANSWER)
      throw badInput(`Answers are at most ${MAX_TYPED_ANSWER} characters; this one has ${typed.length}.`);
    const { daily, question } = await this.openDaily(member, dailyId);
    const covered = typed === undefined ? undefined : coveredPoints(typed, question.keyPoints ?? []);
    const { result } = await recordAnswer(this.deps, this.srs, {
      member,
      config: await this.teams.cachedConfig(member),
      question,
      option: 0,
      source: 'open',
      basePoints: POINTS.openDaily,
      // Never expires, as a choice daily's: the daily may stay open for as long as the team is paused.
      answerKey: keys.dailyAnswer(member, member.userId, dailyId),
      closedKey: keys.dailyClosed(member, dailyId),
      tallyKey: keys.dailyTally(member, dailyId),
      dailyDay: daily.offDay ? undefined : daily.localDate, // an off-day daily is no streak day
      channelId: daily.channelId,
    });
    if (result.status === 'closed') throw questionClosed();
    if (result.status === 'recorded') this.dailies.countAnswer(member, dailyId);
    const record =
      result.status === 'recorded' ? result.member : await readRecord(this.deps.store, memberRecord, keys.member(member, member.userId));
    return {
      daily,
      question,
      typed,
      covered,
      points: result.status === 'recorded' ? result.points : 0,
      streak: streakOf(await this.channels.histories(member), record),
    };
  }

  /** The member's rating of their open-daily answer, once: their recall card's review and a count in the reveal. */
  async rate(member: MemberRef, dailyId: string, grade: RecallGrade): Promise<SrsEntry> {
    const { question } = await this.openDaily(member, dailyId);
    if (!(await this.dailies.answerOf(member, dailyId))) throw badInput('Take part first (answer, or "Show answer"), then rate yourself.');
    const at = this.deps.clock.now();
    const ratingKey = keys.openDailyRating(member, member.userId, dailyId);
    const memberKey = keys.member(member, member.userId);
    const result = await named(memberRecord, () =>
      this.deps.store.commitAnswer({
        answer: { key: ratingKey, value: { option: grade, correct: true, at } },
        member: {
          id: member.userId,
          key: memberKey,
          // A rating earns nothing and changes nothing of the member's record.
          apply: (previous) => ({
            next: parseRecord(memberRecord, memberKey, previous) ?? newMember(member.userId, member.displayName, at),
            points: 0,
            boards: [],
          }),
        },
        tally: { key: keys.dailyTally(member, dailyId), fields: [`rating${grade}`] },
        card: this.srs.recallStep(member, question.id, grade, at, ratingKey),
      }),
    );
    if (result.status === 'duplicate') throw badInput('You already rated your answer to this daily.');
    const entry = await readRecord(this.deps.store, srsEntryRecord, keys.recallCard(member, member.userId, question.id));
    if (!entry) throw new Error(`the recall card of ${question.id} was not written`);
    return entry;
  }
}
