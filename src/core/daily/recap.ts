import { DateTime } from 'luxon';
import type { Question } from '../bank/bank.js';
import type { TeamPacks } from '../bank/team-packs.js';
import type { EngineDeps } from '../shared/context.js';
import { keys } from '../shared/keys.js';
import { readOrReport } from '../shared/records.js';
import type { TeamRef } from '../shared/refs.js';
import { parseTimeOfDay, periodKey } from '../shared/time.js';
import { rankRows } from '../standings/leaderboard.js';
import { memberRecord } from '../standings/member-model.js';
import type { Teams } from '../team/teams.js';
import { dailyIdOf, isActive } from './channel-model.js';
import type { DailyChannels } from './channels.js';
import type { Dailies } from './dailies.js';
import { postWaitingOutRateLimits } from './delivery.js';
import { type RecapData, renderRecap } from './recap-view.js';

/** What became of a week's recap in a channel (stored once it is settled, so it is never posted twice). */
interface RecapSent {
  at: number;
  messageId?: string;
  /** No daily that week: nothing to recap. */
  skipped?: true;
}

/** How long the week's claim lives: past the week it is for, so a late retry finds it. */
const CLAIM_TTL_MS = 9 * 24 * 3600_000;
/** Another process takes over an unsent recap only through this claim, so only one does. */
const RECOVERY_TTL_MS = 10 * 60_000;

export type RecapOutcome = { status: 'posted' | 'skipped' | 'done' | 'held' | 'not-due' | 'off'; nextAt: number };

/**
 * The weekly recap: every Monday at a daily channel's time, last week's top 5 of its board, answers per day, the
 * share right and the hardest question, posted exactly once per channel and ISO week (a claim in the store, like
 * the daily's: a restart finishes its own unsent recap, another process only once the holder's heartbeat is gone).
 * A process that was down at that time posts it when it is back, until the same time on Tuesday: later, last week
 * is old news and the next recap is closer than it. A week without a daily is skipped.
 */
export class Recaps {
  constructor(
    private readonly deps: EngineDeps,
    private readonly teams: Teams,
    private readonly channels: DailyChannels,
    private readonly dailies: Dailies,
    private readonly packs: TeamPacks,
  ) {}

  async run(team: TeamRef, channelId: string, holderGone: (instanceId: string) => Promise<boolean>): Promise<RecapOutcome> {
    const { store, clock, instanceId } = this.deps;
    const now = clock.now();
    const channel = await this.channels.get(team, channelId);
    if (!channel || !isActive(channel)) return { status: 'off', nextAt: now + 3600_000 };
    const { dueAt, lateAt, nextAt, week, lastWeek } = recapTimes(now, channel.timezone, channel.time);
    // Off: asked again within the hour, so turning it back on in another process (setup, resume, the bot's return
    // to a team it was removed from, where nothing is posted) still counts while the recap may go out.
    const off = { status: 'off' as const, nextAt: Math.min(nextAt, now + 3600_000) };
    if (channel.recap === false || channel.paused) return off;
    if ((await this.teams.config(team)).removedAt !== undefined) return off;
    if (now < dueAt) return { status: 'not-due', nextAt: dueAt };
    if (now >= lateAt) return { status: 'not-due', nextAt };
    if (await store.get<RecapSent>(keys.recapSent(team, channelId, week))) return { status: 'done', nextAt };
    if (!(await store.claim(keys.recapClaim(team, channelId, week), instanceId, CLAIM_TTL_MS))) {
      const holder = await store.getClaim(keys.recapClaim(team, channelId, week));
      if (holder !== instanceId) {
        if (holder !== undefined && !(await holderGone(holder))) return { status: 'held', nextAt: now + 60_000 };
        if (!(await store.claim(keys.recapRecovery(team, channelId, week), instanceId, RECOVERY_TTL_MS)))
          return { status: 'held', nextAt: now + 60_000 };
        // The holder may have finished just before its heartbeat went.
        if (await store.get<RecapSent>(keys.recapSent(team, channelId, week))) return { status: 'done', nextAt };
      }
    }
    const data = await this.gather(team, channelId, lastWeek);
    if (data.days.every((d) => !d.posted)) {
      await store.set<RecapSent>(keys.recapSent(team, channelId, week), { at: now, skipped: true });
      return { status: 'skipped', nextAt };
    }
    // The key names this channel's recap of this week: a retry after a lost answer is the same post (Discord).
    const { messageId } = await postWaitingOutRateLimits(this.deps, team, channelId, renderRecap(data), {
      idempotencyKey: `recap:${channelId}:${week}`,
    });
    await store.set<RecapSent>(keys.recapSent(team, channelId, week), { at: clock.now(), messageId });
    return { status: 'posted', nextAt };
  }

  /** Last week's dailies in the channel (each day's, extras too), their tallies, and the channel's weekly board. */
  private async gather(team: TeamRef, channelId: string, week: { start: DateTime; key: string }): Promise<RecapData> {
    const [channel, state, config, bank] = await Promise.all([
      this.channels.get(team, channelId),
      this.channels.state(team, channelId),
      this.teams.config(team),
      this.packs.bankFor(team),
    ]);
    const posted = new Set(state.postedDays);
    const days = await Promise.all(
      Array.from({ length: 7 }, async (_, i) => {
        const date = week.start.plus({ days: i }).toISODate()!;
        if (!channel) return { date, posted: false, answered: 0, right: 0, dailies: [] };
        // The day's daily and the extras an admin posted: all of them belong to the day.
        const dailies: { question?: Question; open: boolean; answered: number; right: number; date: string }[] = [];
        for (let n = 1; n <= MAX_EXTRAS; n++) {
          const id = dailyIdOf(channel, date, n);
          const [daily, tally] = await Promise.all([this.dailies.get(team, id), this.dailies.tally(team, id)]);
          if (!daily) break;
          if (!daily.messageId) continue; // claimed but never delivered (its post failed): not a daily of the week
          dailies.push({
            question: bank.question(daily.questionId),
            open: daily.format === 'open',
            date,
            answered: tally.answered,
            right: tally.right,
          });
        }
        const sum = (k: 'answered' | 'right') => dailies.reduce((total, d) => total + d[k], 0);
        // A day with a daily: a scheduled one, or only an admin's on a day off (its answers were given too).
        return { date, posted: posted.has(date) || dailies.length > 0, answered: sum('answered'), right: sum('right'), dailies };
      }),
    );
    // The hardest: the lowest share right among multiple-choice dailies someone got wrong (ties: the later one).
    const mc = days.flatMap((d) => d.dailies).filter((d) => !d.open && d.answered > 0);
    const hardest = days
      .flatMap((d) => d.dailies)
      .filter((d) => d.question && !d.open && d.answered > d.right)
      .sort((a, b) => a.right / a.answered - b.right / b.answered || (a.date < b.date ? 1 : -1))[0];
    // The team's leaderboard weeks follow its calendar (its first channel's timezone), as quiz leaderboard does:
    // a channel in another timezone is told whose week its top 5 is.
    const board = keys.channelBoard(team, channelId, periodKey('week', week.start.plus({ days: 3 }).toMillis(), config.timezone));
    const boardZone = channel && channel.timezone !== config.timezone ? config.timezone : undefined;
    const top = rankRows(await this.deps.store.top(board, 5));
    const names = await Promise.all(top.map((e) => readOrReport(this.deps, memberRecord, keys.member(team, e.memberId))));
    return {
      channelId,
      week: week.key,
      days: days.map(({ date, posted, answered, right, dailies }) => ({ date, posted, dailies: dailies.length, answered, right })),
      top: top.map((e, i) => ({ rank: e.rank, name: names[i]?.name ?? 'someone', points: e.points })),
      ...(boardZone ? { boardZone } : {}),
      // No hardest question: every multiple-choice answer right, or none given (open dailies have no right answer).
      everyRight: mc.length > 0 && mc.every((d) => d.right === d.answered),
      hardest: hardest?.question ? { question: hardest.question, answered: hardest.answered, right: hardest.right } : undefined,
    };
  }
}

/** The most dailies of one day a recap reads (the day's own and the extras an admin posted). */
const MAX_EXTRAS = 20;

/**
 * When a channel's recap of this ISO week is due (Monday at its daily time, in its timezone: a time that does not
 * exist that day comes as many minutes after the jump), until when it may still go out (Tuesday at that time), when
 * the next one is, and the week it recaps.
 */
export function recapTimes(now: number, zone: string, time: string) {
  const { hour, minute } = parseTimeOfDay(time) ?? { hour: 9, minute: 0 };
  const monday = DateTime.fromMillis(now, { zone }).startOf('week');
  const at = (day: DateTime) => day.plus({ hours: hour, minutes: minute }).toMillis();
  const start = monday.minus({ weeks: 1 });
  return {
    dueAt: at(monday),
    lateAt: at(monday.plus({ days: 1 })),
    nextAt: at(monday.plus({ weeks: 1 })),
    week: monday.toFormat("kkkk-'W'WW"),
    lastWeek: { start, key: start.toFormat("kkkk-'W'WW") },
  };
}
