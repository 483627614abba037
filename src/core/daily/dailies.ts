import type { TeamPacks } from '../bank/team-packs.js';
import type { SpacedRepetition } from '../practice/srs.js';
import type { EngineDeps } from '../shared/context.js';
import { alreadyAnswered, DeliveryError, questionClosed, stale } from '../shared/errors.js';
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
import type { Teams } from '../team/teams.js';
import { type DailyChannel, dailyIdOf, isActive } from './channel-model.js';
import { type DailyChannels, notSetUp } from './channels.js';
import { DAILY_SCHEMA, type DailyFeedback, type DailyRecord, type DailyView, dailyRecord, type Tally } from './daily-model.js';
import { renderDailyQuestion, renderReveal } from './daily-view.js';
import { drawFromDeck, poolToDraw } from './deck.js';
import { postWaitingOutRateLimits } from './delivery.js';
import { LiveCounts } from './live-counts.js';
import { closeWithoutQuestion } from './pack-changes.js';
import { dueAt } from './schedule.js';

/** How long a takeover of an unsent daily is reserved for the instance that took it over. */
const RECOVERY_CLAIM_TTL_MS = 10 * 60 * 1000;

/** The daily question of each daily channel of a team: post, answer once each, close with a reveal. */
export class Dailies {
  private readonly liveCounts: LiveCounts;
  private readonly answerable: ReadCache<DailyRecord | undefined>;
  /** Dailies whose post failed in this process and waits for a retry (bounded: a platform down for days). */
  private readonly failedHere = new Set<string>();

  constructor(
    private readonly deps: EngineDeps,
    private readonly teams: Teams,
    private readonly channels: DailyChannels,
    private readonly packs: TeamPacks,
    private readonly reports: Reports,
    private readonly srs: SpacedRepetition,
  ) {
    this.answerable = new ReadCache(deps.clock, 60_000, 1000);
    this.liveCounts = new LiveCounts(deps, deps.liveCountsMs ?? {}, async (team, daily) => {
      const question = (await packs.bankFor(team)).question(daily.questionId);
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
      ratings: [1, 2, 3, 4].map((g) => c[`rating${g}`] ?? 0),
    };
  }

  /** The channel's daily open for answers, if any. */
  async open(team: TeamRef, channelId: string): Promise<DailyView | undefined> {
    const state = await this.channels.state(team, channelId);
    if (!state.open) return undefined;
    const daily = await this.get(team, state.open.dailyId);
    const question = daily && (await this.packs.bankFor(team)).question(daily.questionId);
    if (!daily || !question) return undefined;
    return { daily, question, tally: await this.tally(team, daily.id) };
  }

  async answerOf(member: MemberRef, dailyId: string): Promise<StoredAnswer | undefined> {
    return this.deps.store.getAnswer(keys.dailyAnswer(member, member.userId, dailyId));
  }

  /**
   * Closes the channel's open daily (if any) and posts the next one there. `extra`: when today already has a daily,
   * post another one (an admin asked for it). Returns undefined when today had its daily and no extra was wanted.
   * Order matters: the day is claimed first (set-if-absent, so two processes never both post), the previous
   * daily is closed, and the day only counts as posted, for everyone's streak, once the platform has the message.
   */
  async post(team: TeamRef, channelId: string, { extra }: { extra: boolean }): Promise<DailyView | undefined> {
    const channel = await this.channels.get(team, channelId);
    if (!channel || !isActive(channel)) throw notSetUp();
    const day = localDate(this.deps.clock.now(), channel.timezone);
    const claimed = await this.claimDay(team, channel, day, extra);
    if (!claimed) return undefined;
    return this.deliver(team, await this.create(team, channel, claimed, day));
  }

  /** The daily record of a claimed id: closes the previous daily and draws the next question from the deck. */
  private async create(team: TeamRef, channel: DailyChannel, claimed: { id: string; n: number }, day: string): Promise<DailyRecord> {
    await this.close(team, channel.channelId);
    const state = await this.channels.state(team, channel.channelId);
    // A pack changed or removed since the channel chose it: a question from the rest rather than silence.
    const bank = await this.packs.bankFor(team);
    const { pool: filter, fellBack } = poolToDraw(bank, channel, this.deps.defaults.pack);
    if (fellBack)
      this.deps.log.warn(
        { team, channelId: channel.channelId, pack: channel.pack },
        `the daily’s settings leave no question; set aside ${fellBack}`,
      );
    const withheld = await this.reports.withheld(team);
    const { question, deck } = drawFromDeck(state.deck, bank, filter, this.deps.random, withheld);
    const daily: DailyRecord = {
      v: DAILY_SCHEMA,
      id: claimed.id,
      questionId: question.id,
      order: newOptionOrder(this.deps.random),
      localDate: day,
      channelId: channel.channelId,
      postedAt: this.deps.clock.now(),
      extra: claimed.n > 1,
      // Posted by an admin on a day without a scheduled daily (paused, or not one of its weekdays): no streak day.
      ...(!state.postedDays.includes(day) && dueAt(channel, day) === undefined ? { offDay: true as const } : {}),
      ...(channel.format === 'open' ? { format: 'open' as const } : {}),
    };
    await this.deps.store.set(keys.daily(team, claimed.id), daily);
    // The question is used once it is in a daily, sent or not: a retry sends this same daily.
    await this.channels.saveState(team, channel.channelId, { ...state, deck });
    return daily;
  }

  /**
   * Finishes today's daily if it was claimed but never sent (the process that claimed it crashed in between): sends
   * it once, never as a second message. The claim names the instance that holds it; another instance takes over only
   * when that one is gone (`holderGone`), through a claim of its own. Returns 'sent', 'none' or 'held' (a live one is on it).
   */
  async recover(team: TeamRef, channelId: string, holderGone: (instanceId: string) => Promise<boolean>): Promise<'sent' | 'none' | 'held'> {
    const channel = await this.channels.get(team, channelId);
    if (!channel || !isActive(channel)) return 'none';
    const day = localDate(this.deps.clock.now(), channel.timezone);
    const id = dailyIdOf(channel, day);
    const holder = await this.deps.store.getClaim(keys.dailyClaim(team, id));
    if (holder === undefined) return 'none';
    const existing = await this.get(team, id);
    if (existing?.messageId) return 'none';
    if (holder !== this.deps.instanceId) {
      if (!(await holderGone(holder))) return 'held';
      if (!(await this.deps.store.claim(keys.dailyRecovery(team, id), this.deps.instanceId, RECOVERY_CLAIM_TTL_MS))) return 'held';
    }
    // A post of this process that failed and was left for a retry (logged then) is no crash to look into.
    if (this.failedHere.size > 10_000) this.failedHere.clear(); // extras that fail are not retried: none stays for ever
    if (this.failedHere.delete(id)) this.deps.log.info({ team, dailyId: id }, 'retrying a daily whose post failed');
    else this.deps.log.warn({ team, dailyId: id, holder }, 'sending a daily that was claimed but never sent');
    await this.deliver(team, existing ?? (await this.create(team, channel, { id, n: 1 }, day)));
    return 'sent';
  }

  /**
   * Sends a claimed daily that has no message yet, then records it as its channel's open daily. A permanent
   * refusal (missing access, unknown channel) marks the channel as needing attention; any failure leaves the
   * daily unsent, so nothing counts as posted and a retry sends it once.
   */
  async deliver(team: TeamRef, daily: DailyRecord): Promise<DailyView> {
    const question = (await this.packs.bankFor(team)).question(daily.questionId);
    if (!question) throw new Error(`daily ${daily.id} refers to question ${daily.questionId}, which is not in the bank`);
    const view: DailyView = { daily, question, tally: await this.tally(team, daily.id) };
    // The key names this daily record: its retries share it, and a daily of the same id made after a purge does not.
    const idempotencyKey = `daily:${daily.id}:${daily.postedAt}`;
    try {
      const { messageId } = await postWaitingOutRateLimits(this.deps, team, daily.channelId, renderDailyQuestion(view), { idempotencyKey });
      daily.messageId = messageId;
    } catch (error) {
      if (error instanceof DeliveryError && error.permanent) await this.channels.markAttention(team, daily.channelId, error.reason);
      else this.failedHere.add(daily.id);
      throw error;
    }
    // The message is out: recording it outlasts a passing store outage, or a retry would post it twice.
    await untilStored(async () => {
      await this.deps.store.set(keys.daily(team, daily.id), daily);
      const state = await this.channels.state(team, daily.channelId);
      await this.channels.saveState(team, daily.channelId, {
        ...state,
        open: { dailyId: daily.id, day: daily.localDate },
        postedDays: daily.offDay ? state.postedDays : addDay(state.postedDays, daily.localDate),
      });
    }, this.deps.timers);
    return view;
  }

  /** The first claim of a local date is that day's daily; later ones (extras) are numbered 2, 3, … (see dailyIdOf). */
  private async claimDay(
    team: TeamRef,
    channel: DailyChannel,
    day: string,
    extra: boolean,
  ): Promise<{ id: string; n: number } | undefined> {
    for (let n = 1; n < 1000; n++) {
      const id = dailyIdOf(channel, day, n);
      if (await this.deps.store.claim(keys.dailyClaim(team, id), this.deps.instanceId)) return { id, n };
      if (!extra) return undefined;
    }
    throw new Error(`channel ${channel.channelId} of team ${team.platform}:${team.teamId} has claimed 1000 dailies on ${day}`);
  }

  /**
   * Closes the channel's open daily: answers are refused from this moment (the closed claim is checked inside the
   * answer step), then one edit of its message turns the buttons off and shows the reveal. Returns the closed daily
   * with its final tally, or undefined when none was open (or its question left the bank: see closeWithoutQuestion).
   */
  async close(team: TeamRef, channelId: string): Promise<DailyView | undefined> {
    const state = await this.channels.state(team, channelId);
    if (!state.open) return undefined;
    const dailyId = state.open.dailyId;
    const now = this.deps.clock.now();
    await this.deps.store.claim(keys.dailyClosed(team, dailyId), String(now));
    await this.channels.saveState(team, channelId, { ...state, open: undefined });
    const daily = await this.get(team, dailyId);
    const question = daily && (await this.packs.bankFor(team)).question(daily.questionId);
    if (daily && !question) await closeWithoutQuestion(this.deps, team, daily);
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

  /** quiz-admin remove-daily: the channel's open daily is closed (with its reveal), and nothing more is posted there. */
  async remove(team: TeamRef, channelId: string): Promise<void> {
    await this.close(team, channelId);
    await this.channels.update(team, channelId, (c) => ({ ...c, removedAt: c.removedAt ?? this.deps.clock.now() }));
  }

  /** An answer was recorded: the daily's message shows the new count soon (see LiveCounts). */
  countAnswer(team: TeamRef, dailyId: string): void {
    this.liveCounts.touch(team, dailyId);
  }

  /** Sends every pending answer-count edit now and waits for them (graceful shutdown). */
  flushCounts(): Promise<void> {
    return this.liveCounts.flush();
  }

  async answer(member: MemberRef, dailyId: string, letter: Letter): Promise<DailyFeedback> {
    // The daily's question and order never change once posted: a cached copy serves; "closed" is checked in the store.
    const daily = await this.answerable.get(keys.daily(member, dailyId), () => this.get(member, dailyId));
    if (!daily) throw stale('This daily question is no longer available.');
    if (daily.format === 'open') throw stale('This daily is answered in your own words: press "Answer privately".');
    if (daily.closedAt !== undefined) throw questionClosed();
    const question = (await this.packs.bankFor(member)).question(daily.questionId);
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
      dailyDay: daily.offDay ? undefined : daily.localDate, // an off-day daily is no streak day
      channelId: daily.channelId,
    });
    if (result.status === 'closed') throw questionClosed();
    if (result.status === 'duplicate') {
      const picked = letterOf(daily.order, result.existing.option);
      throw alreadyAnswered(`You already answered this daily question (you picked ${picked}).`);
    }
    this.liveCounts.touch(member, dailyId);
    const histories = await this.channels.histories(member);
    return {
      daily,
      question,
      option,
      correct: option === 0,
      points: result.points,
      streak: streakOf(histories, result.member),
      reviewAt: at,
    };
  }
}
