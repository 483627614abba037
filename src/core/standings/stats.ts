import type { TeamPacks } from '../bank/team-packs.js';
import { isActive, packsInUse } from '../daily/channel-model.js';
import type { DailyChannels } from '../daily/channels.js';
import type { BoardStanding } from '../ports/store.js';
import type { SpacedRepetition, TopicMastery } from '../practice/srs.js';
import type { EngineDeps } from '../shared/context.js';
import { keys } from '../shared/keys.js';
import { readRecord } from '../shared/records.js';
import type { TeamRef } from '../shared/refs.js';
import { localDate } from '../shared/time.js';
import type { Teams } from '../team/teams.js';
import { type DayStatus, dayStatuses } from './day-statuses.js';
import { type MemberRecord, memberRecord } from './member-model.js';
import { streakInput } from './streak-reader.js';
import { computeStreak, type Streak } from './streaks.js';

export interface MemberStats {
  userId: string;
  record?: MemberRecord;
  streak: Streak;
  /** On the all-time board; rank 0 while the member is hidden from the leaderboards. */
  allTime?: BoardStanding;
  /** Per topic of the team's pack: the share mastered (retrievability ≥ 0.9) and the reviews due. */
  mastery: TopicMastery[];
  /** The same for recall (interview mode), over the questions with key points. */
  recall: TopicMastery[];
  /** How many questions the member has rated in interview mode. */
  recallCards: number;
  /** Each posted day's part in the streak (the stat card's calendar), and today: the latest date of the team's channels. */
  days: Map<string, DayStatus>;
  today: string;
}

/** A member's figures: answers, accuracy (overall and per topic), streak, freezes and all-time standing. */
export async function readStats(
  deps: EngineDeps,
  teams: Teams,
  channels: DailyChannels,
  packs: TeamPacks,
  srs: SpacedRepetition,
  team: TeamRef,
  userId: string,
): Promise<MemberStats> {
  const [record, histories, shown, hidden, config, cards, recallCards] = await Promise.all([
    readRecord(deps.store, memberRecord, keys.member(team, userId)),
    channels.histories(team),
    deps.store.standing(keys.board(team, 'all'), userId),
    // Off the leaderboards, a member's points go on counting on the hidden board (theirs to see, without a rank).
    deps.store.standing(keys.hiddenBoard(team, 'all'), userId),
    teams.config(team),
    srs.cards({ ...team, userId }),
    srs.cards({ ...team, userId }, 'recall'),
  ]);
  const now = deps.clock.now();
  const bank = await packs.bankFor(team);
  // Every pack the team's dailies use: a topic of another channel's pack has mastery and reviews due too.
  const running = await channels.cachedList(team);
  const pack = packsInUse(config.pack, running);
  const mastery = srs.mastery(cards, bank, pack, now);
  const recall = srs.mastery(recallCards, bank, pack, now, 'recall');
  const days = streakInput(histories, record);
  return {
    userId,
    record,
    streak: computeStreak(days),
    days: dayStatuses(days),
    // The latest date any of the team's channels has reached: a channel ahead of the team's timezone has posted it.
    today: [config.timezone, ...running.filter(isActive).map((c) => c.timezone)]
      .map((z) => localDate(now, z))
      .sort()
      .at(-1)!,
    allTime: record?.hidden ? hidden && { ...hidden, rank: 0 } : shown,
    mastery,
    recall,
    recallCards: Object.keys(recallCards.cards).length,
  };
}
