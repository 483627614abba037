import type { TeamPacks } from '../bank/team-packs.js';
import type { DailyChannels } from '../daily/channels.js';
import type { SpacedRepetition } from '../practice/srs.js';
import type { EngineDeps } from '../shared/context.js';
import { keys } from '../shared/keys.js';
import { readRecord } from '../shared/records.js';
import type { MemberRef, TeamRef } from '../shared/refs.js';
import type { Period } from '../shared/time.js';
import type { Teams } from '../team/teams.js';
import { type ChannelsBoard, readChannelsBoard } from './channels-board.js';
import { type Leaderboard, readLeaderboard } from './leaderboard.js';
import { type MemberRecord, memberRecord } from './member-model.js';
import { type MemberStats, readStats } from './stats.js';

/** What members read about points: leaderboards, and a member's figures (answers, accuracy, streak, mastery). */
export class Standings {
  constructor(
    private readonly deps: EngineDeps,
    private readonly teams: Teams,
    private readonly channels: DailyChannels,
    private readonly packs: TeamPacks,
    private readonly srs: SpacedRepetition,
  ) {}

  /** Top 10 of the period and the reader's own standing: the team's board, or one daily channel's. */
  leaderboard(member: MemberRef, period: Period, channelId?: string): Promise<Leaderboard> {
    return readLeaderboard(this.deps, this.teams, member, member.userId, period, channelId);
  }

  /** The team's daily channels ranked by average points per active member. */
  channelsBoard(team: TeamRef, period: Period): Promise<ChannelsBoard> {
    return readChannelsBoard(this.deps, this.teams, this.channels, team, period);
  }

  /** A member's record (points, days, channels), or undefined before their first answer. */
  record(team: TeamRef, userId: string): Promise<MemberRecord | undefined> {
    return readRecord(this.deps.store, memberRecord, keys.member(team, userId));
  }

  stats(team: TeamRef, userId: string): Promise<MemberStats> {
    return readStats(this.deps, this.teams, this.channels, this.packs, this.srs, team, userId);
  }
}
