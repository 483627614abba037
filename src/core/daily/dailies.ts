import type { SpacedRepetition } from '../practice/srs.js';
import type { EngineDeps } from '../shared/context.js';
import { alreadyAnswered, DeliveryError, questionClosed, stale, UserError } from '../shared/errors.js';
import { keys } from '../shared/keys.js';
import { type Letter, letterOf, newOptionOrder, optionAt } from '../shared/presentation.js';
import { ReadCache } from '../shared/read-cache.js';
import { readRecord } from '../shared/records.js';
import type { MemberRef, TeamRef } from '../shared/refs.js';
import { localDate } from '../shared/time.js';
import { untilStored } from '../shared/until-stored.js';
import { recordAnswer } from '../standings/answers.js';
import type { StoredAnswer } from '../standings/member-model.js';
import { POINTS } from '../standings/scoring.js';
import { streakOf } from '../standings/streak-reader.js';
import { addDay } from '../standings/streaks.js';
import type { Reports } from '../team/reports.js';
import type { TeamConfig } from '../team/team-model.js';
import type { Teams } from '../team/teams.js';
import { DAILY_SCHEMA, type DailyFeedback, type DailyRecord, type DailyView, dailyRecord, type Tally } from './daily-model.js';
import { renderDailyQuestion, renderReveal } from './daily-view.js';
import { drawFromDeck } from './deck.js';
import { postWaitingOutRateLimits } from './delivery.js';
import { LiveCounts } from './live-counts.js';
import { type Due, nextDue } from './schedule.js';

/** How long a takeover of an unsent daily is reserved for the instance that took it over. */
const RECOVERY_CLAIM_TTL_MS = 10 * 60 * 1000;

export function notSetUp(): UserError {
  return new UserError(
    'not-set-up',
    'The daily question is not set up yet: an admin runs quiz-admin setup (in the channel it should go to).',
  );
}

/** The daily question of a team: post, answer once each, close with a reveal. */
export class Dailies {
  private readonly liveCounts: LiveCounts;
  private readonly answerable: ReadCache<DailyRecord | undefined>;

  constructor(
    private readonly deps: EngineDeps,
    private readonly teams: Teams,
    private readonly reports: Reports,
    private readonly srs: SpacedRepetition,
  ) {
    this.answerable = new ReadCache(deps.clock, 60_000, 1000);
    this.liveCounts = new LiveCounts(deps, deps.liveCountsMs ?? {}, async (team, daily) => {
      const question = deps.bank.question(daily.questionId);
      return question && renderDailyQuestion({ daily, question, tally: await this.tally(team, daily.id) });
    });
  }

  async get(team: TeamRef, dailyId: string): Promise<DailyRecord | undefined> {
    return readRecord(this.deps.store, dailyRecord, keys.daily(team, dailyId));
  }

  async tally(team: TeamRef, dailyId: string): Promise<Tally> {
    const c = await this.deps.store.counters(keys.dailyTally(team, dailyId));
    return {
      answered: c.answered ?? 0,
      right: c.right ?? 0,
      byOption: [0, 1, 2, 3].map((o) => c[`option${o}`] ?? 0),
    };
  }

  /** The daily open for answers, if any. */
  async open(team: TeamRef): Promise<DailyView | undefined> {
    const state = await this.teams.state(team);
    if (!state.open) return undefined;
    const daily = await this.get(team, state.open.dailyId);
    const question = daily && this.deps.bank.question(daily.questionId);
    if (!daily || !question) return undefined;
    return { daily, question, tally: await this.tally(team, daily.id) };
  }

  /**
   * The team's next scheduled daily, which the scheduler plans from: none when the team is not set up, stopped
   * after a permanent failure (until an admin runs setup again), removed, paused, or has no day left in its week.
   * A day claimed whose daily was never sent is still due: recovery sends it.
   */
  async scheduledDue(team: TeamRef, config: TeamConfig): Promise<Due | undefined> {
    if (!config.channelId || config.attention || config.removedAt !== undefined) return undefined;
    const today = localDate(this.deps.clock.now(), config.timezone);
    const claimed = (await this.deps.store.getClaim(keys.dailyClaim(team, today))) !== undefined;
    const sent = claimed && (await this.get(team, today))?.messageId !== undefined;
    return nextDue(config, today, sent);
  }

  /**
   * When the next daily goes out, for admins. `late`: today's was due earlier and is not posted yet, so it goes out
   * within the minute (the scheduler catches up while the day lasts, and retries a failed post).
   */
  async nextPost(team: TeamRef): Promise<{ at: number; late: boolean } | undefined> {
    const due = await this.scheduledDue(team, await this.teams.config(team));
    return due && { at: due.at, late: due.at < this.deps.clock.now() };
  }

  async answerOf(member: MemberRef, dailyId: string): Promise<StoredAnswer | undefined> {
    return this.deps.store.getAnswer(keys.dailyAnswer(member, member.userId, dailyId));
  }

  /**
   * Closes the open daily (if any) and posts the next one to the team's channel.
   * `extra`: when today already has a daily, post another one (an admin asked for it); otherwise do nothing.
   * Returns undefined when today already had its daily and no extra was wanted.
   *
   * Order matters: the day is claimed first (set-if-absent, so two processes never both post), the previous
   * daily is closed, and the day only counts as posted, for everyone's streak, once the platform has the message.
   */
  async post(team: TeamRef, { extra }: { extra: boolean }): Promise<DailyView | undefined> {
    const config = await this.teams.config(team);
    if (!config.channelId) throw notSetUp();
    const now = this.deps.clock.now();
    const day = localDate(now, config.timezone);
    const dailyId = await this.claimDay(team, day, extra);
    if (!dailyId) return undefined;
    return this.deliver(team, await this.create(team, dailyId, day, config));
  }

  /** The daily record of a claimed id: closes the previous daily and draws the next question from the deck. */
  private async create(team: TeamRef, dailyId: string, day: string, config: TeamConfig): Promise<DailyRecord> {
    await this.close(team);
    const state = await this.teams.state(team);
    // A pack removed from PACKS_DIR since the team chose it: fall back to the default rather than go silent.
    const pack = this.deps.bank.pack(config.pack) ? config.pack : this.deps.defaults.pack;
    if (pack !== config.pack) this.deps.log.warn({ team, pack: config.pack }, 'the team’s question pack is gone; using the default');
    const filter = pack === config.pack ? config : { pack };
    const withheld = await this.reports.withheld(team);
    const { question, deck } = drawFromDeck(state.deck, this.deps.bank, filter, this.deps.random, withheld);
    const daily: DailyRecord = {
      v: DAILY_SCHEMA,
      id: dailyId,
      questionId: question.id,
      order: newOptionOrder(this.deps.random),
      localDate: day,
      channelId: config.channelId!,
      postedAt: this.deps.clock.now(),
      extra: dailyId !== day,
    };
    await this.deps.store.set(keys.daily(team, dailyId), daily);
    // The question is used once it is in a daily, sent or not: a retry sends this same daily.
    await this.teams.saveState(team, { ...state, deck });
    return daily;
  }

  /**
   * Finishes today's daily if it was claimed but never sent (the process that claimed it crashed in between):
   * sends it once, never as a second message. The claim names the instance that holds it; another instance
   * takes over only when that one is gone (`holderGone`), and then through a claim of its own, so only one does.
   * Returns what happened: 'sent', 'none' (nothing to finish) or 'held' (a live instance is still on it).
   */
  async recover(team: TeamRef, holderGone: (instanceId: string) => Promise<boolean>): Promise<'sent' | 'none' | 'held'> {
    const config = await this.teams.config(team);
    if (!config.channelId) return 'none';
    const day = localDate(this.deps.clock.now(), config.timezone);
    const holder = await this.deps.store.getClaim(keys.dailyClaim(team, day));
    if (holder === undefined) return 'none';
    const existing = await this.get(team, day);
    if (existing?.messageId) return 'none';
    if (holder !== this.deps.instanceId) {
      if (!(await holderGone(holder))) return 'held';
      if (!(await this.deps.store.claim(keys.dailyRecovery(team, day), this.deps.instanceId, RECOVERY_CLAIM_TTL_MS))) return 'held';
    }
    this.deps.log.warn({ team, dailyId: day, holder }, 'sending a daily that was claimed but never sent');
    await this.deliver(team, existing ?? (await this.create(team, day, day, config)));
    return 'sent';
  }

  /**
   * Sends a claimed daily that has no message yet, then records it as the team's open daily. A permanent
   * refusal (missing access, unknown channel) marks the team as needing attention; any failure leaves the
   * daily unsent, so nothing counts as posted and a retry sends it once.
   */
  async deliver(team: TeamRef, daily: DailyRecord): Promise<DailyView> {
    const question = this.deps.bank.question(daily.questionId);
    if (!question) throw new Error(`daily ${daily.id} refers to question ${daily.questionId}, which is not in the bank`);
    const view: DailyView = { daily, question, tally: await this.tally(team, daily.id) };
    // The key names this daily record: its retries share it, and a daily of the same id made after a purge does not.
    const idempotencyKey = `daily:${daily.id}:${daily.postedAt}`;
    try {
      const { messageId } = await postWaitingOutRateLimits(this.deps, team, daily.channelId, renderDailyQuestion(view), { idempotencyKey });
      daily.messageId = messageId;
    } catch (error) {
      if (error instanceof DeliveryError && error.permanent) await this.teams.markAttention(team, error.reason);
      throw error;
    }
    // The message is out: recording it outlasts a passing store outage, or a retry would post it twice.
    await untilStored(async () => {
      await this.deps.store.set(keys.daily(team, daily.id), daily);
      const state = await this.teams.state(team);
      await this.teams.saveState(team, {
        ...state,
        open: { dailyId: daily.id, day: daily.localDate },
        postedDays: addDay(state.postedDays, daily.localDate),
      });
    }, this.deps.timers);
    return view;
  }

  /** The first claim of a local date is that day's daily; later ones (extras) are day.2, day.3, … */
  private async claimDay(team: TeamRef, day: string, extra: boolean): Promise<string | undefined> {
    for (let n = 1; n < 1000; n++) {
      const id = n === 1 ? day : `${day}.${n}`;
      if (await this.deps.store.claim(keys.dailyClaim(team, id), this.deps.instanceId)) return id;
      if (!extra) return undefined;
    }
    throw new Error(`team ${team.platform}:${team.teamId} has claimed 1000 dailies on ${day}`);
  }

  /**
   * Closes the open daily: answers are refused from this moment (the closed claim is checked inside the
   * answer step), then one edit of its message turns the buttons off and shows the reveal.
   * Returns the closed daily with its final tally, or undefined when none was open.
   */
  async close(team: TeamRef): Promise<DailyView | undefined> {
    const state = await this.teams.state(team);
    if (!state.open) return undefined;
    const dailyId = state.open.dailyId;
    const now = this.deps.clock.now();
    await this.deps.store.claim(keys.dailyClosed(team, dailyId), String(now));
    await this.teams.saveState(team, { ...state, open: undefined });
    const daily = await this.get(team, dailyId);
    const question = daily && this.deps.bank.question(daily.questionId);
    if (!daily || !question) return undefined;
    daily.closedAt ??= now;
    await this.deps.store.set(keys.daily(team, dailyId), daily);
    const view: DailyView = { daily, question, tally: await this.tally(team, dailyId) };
    this.liveCounts.cancel(team, dailyId);
    await this.liveCounts.inOrder(keys.daily(team, dailyId), () => this.reveal(team, view));
    return view;
  }

  /** The closing edit. A failure is logged and leaves revealedAt unset; it never blocks the next post. */
  private async reveal(team: TeamRef, view: DailyView): Promise<void> {
    const { daily } = view;
    if (!daily.messageId || daily.revealedAt) return;
    try {
      await this.deps.messenger.edit(team, daily.channelId, daily.messageId, renderReveal(view));
      daily.revealedAt = this.deps.clock.now();
      await this.deps.store.set(keys.daily(team, daily.id), daily);
    } catch (error) {
      this.deps.log.warn({ err: error, team, dailyId: daily.id }, 'could not edit the closed daily');
    }
  }

  /** Sends every pending answer-count edit now and waits for them (graceful shutdown). */
  flushCounts(): Promise<void> {
    return this.liveCounts.flush();
  }

  async answer(member: MemberRef, dailyId: string, letter: Letter): Promise<DailyFeedback> {
    // The daily's question and order never change once posted: a cached copy serves; "closed" is checked in the store.
    const daily = await this.answerable.get(keys.daily(member, dailyId), () => this.get(member, dailyId));
    if (!daily) throw stale('This daily question is no longer available.');
    if (daily.closedAt !== undefined) throw questionClosed();
    const question = this.deps.bank.question(daily.questionId);
    if (!question) throw stale('This question has been removed from the question bank.');
    const option = optionAt(daily.order, letter);
    const config = await this.teams.cachedConfig(member);
    const { result, at } = await recordAnswer(this.deps, this.srs, {
      member,
      config,
      question,
      option,
      source: 'daily',
      basePoints: POINTS.daily,
      // The answer claim never expires: a daily stays open for as long as the team is paused or the bot is down
      // (weeks, possibly), and a claim that expired while it was open let the member answer, and score, again.
      // It goes with the member's other keys (forget-me) or the team's (purge).
      answerKey: keys.dailyAnswer(member, member.userId, dailyId),
      closedKey: keys.dailyClosed(member, dailyId),
      tallyKey: keys.dailyTally(member, dailyId),
      dailyDay: daily.localDate,
    });
    if (result.status === 'closed') throw questionClosed();
    if (result.status === 'duplicate') {
      const picked = letterOf(daily.order, result.existing.option);
      throw alreadyAnswered(`You already answered this daily question (you picked ${picked}).`);
    }
    this.liveCounts.touch(member, dailyId);
    const state = await this.teams.cachedState(member);
    return {
      daily,
      question,
      option,
      correct: option === 0,
      points: result.points,
      streak: streakOf(state, result.member),
      reviewAt: at,
    };
  }
}
