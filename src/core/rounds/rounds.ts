import type { Question } from '../bank/bank.js';
import type { EngineDeps } from '../shared/context.js';
import { alreadyAnswered, badInput, notAllowed, questionClosed, stale, UserError } from '../shared/errors.js';
import { keys } from '../shared/keys.js';
import { type Letter, newOptionOrder, optionAt, shortId, shuffled } from '../shared/presentation.js';
import { readRecord } from '../shared/records.js';
import type { MemberRef, TeamRef } from '../shared/refs.js';
import { recordAnswer } from '../standings/answers.js';
import { roundAnswerPoints } from '../standings/scoring.js';
import { type RoundAnswer, type RoundRecord, rightInARow, roundRecord, type Standing, scoreboard } from './round-results.js';
import { renderRoundClosed, renderRoundQuestion, renderScoreboard } from './round-view.js';

export type { RoundAnswer, RoundRecord, Standing };

import type { TeamPacks } from '../bank/team-packs.js';
import type { DailyChannels } from '../daily/channels.js';
import type { SpacedRepetition } from '../practice/srs.js';
import type { Teams } from '../team/teams.js';
import { roundMember, withoutForgotten } from './forgotten.js';
import { awardRound } from './round-award.js';

export const ROUND_LIMITS = { questions: { min: 3, max: 20, default: 10 }, seconds: { min: 10, max: 60, default: 20 } } as const;

/**
 * Live rounds in a channel: timed questions for everyone there, speed scoring, a scoreboard at the end.
 * The round's state is one document written only by the process running it; answers are claims (one per member
 * per question, refused atomically once the question is closed), so a burst of answers never contends.
 */
export class Rounds {
  private readonly timers = new Map<string, unknown>();

  constructor(
    private readonly deps: EngineDeps,
    private readonly teams: Teams,
    private readonly channels: DailyChannels,
    private readonly packs: TeamPacks,
    private readonly srs: SpacedRepetition,
  ) {}

  /** Rounds played in a daily channel count on that channel's board (any channel that has had a daily). */
  private async dailyChannel(team: TeamRef, channelId: string): Promise<string | undefined> {
    return (await this.channels.cachedList(team)).some((c) => c.channelId === channelId) ? channelId : undefined;
  }

  /** Rounds this process is running now (each has its question's timer armed): /metrics reads it. */
  get running(): number {
    return this.timers.size;
  }

  private get clockTimers() {
    return this.deps.timers;
  }

  async get(team: TeamRef, roundId: string): Promise<RoundRecord | undefined> {
    return readRecord(this.deps.store, roundRecord, keys.round(team, roundId));
  }

  private async save(team: TeamRef, round: RoundRecord): Promise<void> {
    await this.deps.store.set(keys.round(team, round.id), round);
  }

  async start(member: MemberRef, channelId: string, opts: { topic?: string; questions?: number; seconds?: number }): Promise<RoundRecord> {
    const count = opts.questions ?? ROUND_LIMITS.questions.default;
    const seconds = opts.seconds ?? ROUND_LIMITS.seconds.default;
    const config = await this.teams.config(member);
    const bank = await this.packs.bankFor(member);
    const pool = bank.pool({ pack: config.pack, topic: opts.topic });
    if (pool.length < count) {
      const on = opts.topic ? ` on ${bank.allTopics()[opts.topic] ?? opts.topic}` : '';
      // A round has at least its minimum of questions: "ask for fewer" cannot help below it.
      const fewer = pool.length >= ROUND_LIMITS.questions.min ? 'ask for fewer' : `a round needs at least ${ROUND_LIMITS.questions.min}`;
      throw badInput(`There ${pool.length === 1 ? 'is only 1 question' : `are only ${pool.length} questions`}${on}: ${fewer}.`);
    }
    const id = shortId(this.deps.random);
    if (!(await this.deps.store.claim(keys.roundChannel(member, channelId), id))) {
      throw new UserError('bad-input', 'A round is already running in this channel. Play along, or start one in another channel.');
    }
    const round: RoundRecord = {
      v: 1,
      id,
      channelId,
      startedBy: member.userId,
      runner: this.deps.instanceId,
      topic: opts.topic,
      seconds,
      items: shuffled(pool, this.deps.random)
        .slice(0, count)
        .map((q) => ({ questionId: q.id, order: newOptionOrder(this.deps.random) })),
      index: 0,
      results: [],
      status: 'running',
    };
    await this.deps.store.set(keys.roundIndex(member, id), { channelId });
    await this.postQuestion(member, round);
    return round;
  }

  private async question(team: TeamRef, round: RoundRecord, index = round.index): Promise<Question> {
    const q = (await this.packs.bankFor(team)).question(round.items[index]!.questionId);
    if (!q) throw new Error(`round ${round.id} refers to question ${round.items[index]!.questionId}, gone from the bank`);
    return q;
  }

  private async postQuestion(team: TeamRef, round: RoundRecord): Promise<void> {
    const now = this.deps.clock.now();
    round.postedAt = now;
    round.deadline = now + round.seconds * 1000;
    round.messageId = undefined;
    await this.save(team, round);
    try {
      const { messageId } = await this.deps.messenger.post(
        team,
        round.channelId,
        renderRoundQuestion(round, await this.question(team, round)),
        {
          idempotencyKey: `round:${round.id}:${round.index}`,
        },
      );
      round.messageId = messageId;
      await this.save(team, round);
    } catch (error) {
      this.deps.log.warn({ err: error, team, roundId: round.id }, 'could not post a round question; ending the round');
      // A round whose first question never went out ends without a scoreboard: nobody could have played it.
      await this.end(team, round, { scoreboard: round.index > 0 });
      throw error;
    }
    const index = round.index;
    this.arm(round.id, round.seconds * 1000, () => this.closeQuestion(team, round.id, index));
  }

  private arm(roundId: string, ms: number, fire: () => Promise<void>): void {
    this.disarm(roundId);
    this.timers.set(
      roundId,
      // The callback hands back its promise so that test timers can wait for the work; real timers ignore it.
      this.clockTimers.setTimeout(() => {
        this.timers.delete(roundId);
        return fire().catch((error: unknown) => this.deps.log.error({ err: error, roundId }, 'round timer failed'));
      }, ms),
    );
  }

  private disarm(roundId: string): void {
    const handle = this.timers.get(roundId);
    if (handle !== undefined) this.clockTimers.clearTimeout(handle);
    this.timers.delete(roundId);
  }

  /** A member's answer: once per question, before the deadline. Results come when time is up. */
  async answer(member: MemberRef, roundId: string, step: number, letter: Letter): Promise<{ letter: Letter; secondsLeft: number }> {
    const round = await this.get(member, roundId);
    if (!round || round.status === 'ended') throw stale('This round is over.');
    // A step ahead of the round's (or past its end) was never shown: only a forged or garbled id names one.
    if (step > round.index) throw stale('That question of the round has not been asked.');
    if (step !== round.index) throw questionClosed('Time is up for that question.');
    const now = this.deps.clock.now();
    if (round.deadline === undefined || now > round.deadline) throw questionClosed('Time is up for this question.');
    const question = await this.question(member, round);
    const option = optionAt(round.items[step]!.order, letter);
    const { result } = await recordAnswer(this.deps, this.srs, {
      member,
      config: await this.teams.cachedConfig(member),
      question,
      option,
      source: 'round',
      basePoints: 0, // round points reach the leaderboards once, at the end of the round
      answerKey: `${keys.roundAnswers(member, roundId, step)}${member.userId}`,
      closedKey: keys.roundClosed(member, roundId, step),
      channelId: await this.dailyChannel(member, round.channelId),
    });
    if (result.status === 'closed') throw questionClosed('Time is up for this question.');
    if (result.status === 'duplicate') throw alreadyAnswered('You already answered this question of the round.');
    return { letter, secondsLeft: Math.max(0, Math.ceil((round.deadline - now) / 1000)) };
  }

  /** Time is up (or the round was stopped): answers are refused from here, and the question shows the result. */
  async closeQuestion(team: TeamRef, roundId: string, index: number): Promise<void> {
    const round = await this.get(team, roundId);
    if (!round || round.status === 'ended' || round.index !== index) return;
    if (await this.deps.store.claim(keys.roundClosed(team, roundId, index), String(this.deps.clock.now()))) {
      round.results[index] = await this.results(team, round, index);
      await this.save(team, round);
      await this.editQuietly(team, round, renderRoundClosed(round, await this.question(team, round), round.results[index]!));
    }
    if (index + 1 < round.items.length && round.status === 'running') {
      round.index = index + 1;
      await this.postQuestion(team, round);
    } else {
      await this.end(team, round);
    }
  }

  private async results(team: TeamRef, round: RoundRecord, index: number): Promise<RoundAnswer[]> {
    const prefix = keys.roundAnswers(team, round.id, index);
    const answers: RoundAnswer[] = [];
    for (const { key, answer: stored } of await this.deps.store.answersUnder(prefix)) {
      const memberId = key.slice(prefix.length);
      // Every answer made its member's record: none means the member used forget-me since, and their answers go
      // too. A damaged record stays "someone", as does a member hidden from the leaderboards.
      const record = await roundMember(this.deps, team, memberId);
      if (record === undefined) continue;
      const elapsedMs = stored.at - (round.postedAt ?? stored.at);
      answers.push({
        memberId,
        name: record && !record.hidden ? record.name : 'someone',
        option: stored.option,
        correct: stored.correct,
        elapsedMs,
        points: roundAnswerPoints(elapsedMs, round.seconds * 1000, stored.correct, rightInARow(round, index, memberId)),
      });
    }
    return answers.sort((a, b) => a.elapsedMs - b.elapsedMs || a.name.localeCompare(b.name));
  }

  private async editQuietly(team: TeamRef, round: RoundRecord, message: Parameters<EngineDeps['messenger']['edit']>[3]): Promise<void> {
    if (!round.messageId) return;
    try {
      await this.deps.messenger.edit(team, round.channelId, round.messageId, message);
    } catch (error) {
      this.deps.log.warn({ err: error, team, roundId: round.id }, 'could not close a round question on the platform');
    }
  }

  /** quiz stop-round: the member who started it, or an admin, ends it now (the open question is closed first). */
  async stop(member: MemberRef, channelId: string, isAdmin: boolean): Promise<RoundRecord> {
    const roundId = await this.deps.store.getClaim(keys.roundChannel(member, channelId));
    const round = roundId && (await this.get(member, roundId));
    if (!round || round.status === 'ended') throw new UserError('not-found', 'No round is running in this channel.');
    if (round.startedBy !== member.userId && !isAdmin)
      throw notAllowed('Only the member who started the round, or a quiz admin, can stop it.');
    this.disarm(round.id);
    await this.closeQuestionAndEnd(member, round);
    return (await this.get(member, round.id))!;
  }

  private async closeQuestionAndEnd(team: TeamRef, round: RoundRecord): Promise<void> {
    if (await this.deps.store.claim(keys.roundClosed(team, round.id, round.index), String(this.deps.clock.now()))) {
      round.results[round.index] = await this.results(team, round, round.index);
      await this.editQuietly(team, round, renderRoundClosed(round, await this.question(team, round), round.results[round.index]!));
    }
    await this.end(team, round);
  }

  /** The end: the scoreboard is posted once, points reach the leaderboards once, the channel is free again. */
  private async end(team: TeamRef, round: RoundRecord, { scoreboard: post = true } = {}): Promise<void> {
    this.disarm(round.id);
    round.status = 'ended';
    await this.save(team, round);
    if (post && (await this.deps.store.claim(keys.roundEnded(team, round.id), String(this.deps.clock.now())))) {
      const standings = scoreboard(await withoutForgotten(this.deps, team, round));
      const awarded = await awardRound(
        this.deps,
        team,
        round,
        standings,
        await this.teams.config(team),
        await this.dailyChannel(team, round.channelId),
      );
      try {
        await this.deps.messenger.post(team, round.channelId, renderScoreboard(round, standings, awarded), {
          idempotencyKey: `round:${round.id}:scoreboard`,
        });
      } catch (error) {
        this.deps.log.warn({ err: error, team, roundId: round.id }, 'could not post the round scoreboard');
      }
    }
    for (let i = 0; i < round.items.length; i++) await this.deps.store.deletePrefix(keys.roundAnswers(team, round.id, i));
    await this.deps.store.delete(keys.roundIndex(team, round.id));
    await this.deps.store.releaseClaim(keys.roundChannel(team, round.channelId));
  }

  /**
   * Ends rounds nobody is running any more: on start-up this process's own (it stopped mid-round), and any
   * whose runner is gone or whose deadline passed long ago. Never leaves live buttons that do nothing.
   */
  async endOrphans(
    team: TeamRef,
    roundId: string,
    runnerGone: (instanceId: string) => Promise<boolean>,
    startingUp: boolean,
  ): Promise<boolean> {
    const round = await this.get(team, roundId);
    if (!round) {
      await this.deps.store.delete(keys.roundIndex(team, roundId));
      return false;
    }
    const mine = round.runner === this.deps.instanceId;
    const overdue = round.deadline !== undefined && this.deps.clock.now() > round.deadline + 60_000;
    if (this.timers.has(round.id) || !((mine && startingUp) || overdue || (!mine && (await runnerGone(round.runner))))) return false;
    this.deps.log.warn({ team, roundId }, 'ending a round whose process stopped');
    await this.closeQuestionAndEnd(team, round);
    return true;
  }
}
