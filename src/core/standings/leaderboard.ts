import type { BoardStanding } from '../ports/store.js';
import type { EngineDeps } from '../shared/context.js';
import { CorruptRecord } from '../shared/errors.js';
import { keys } from '../shared/keys.js';
import { parseManyOrReport, readRecord } from '../shared/records.js';
import type { TeamRef } from '../shared/refs.js';
import { type Period, periodKey } from '../shared/time.js';
import type { Teams } from '../team/teams.js';
import { memberRecord } from './member-model.js';

export const LEADERBOARD_SIZE = 10;

export interface LeaderboardRow extends BoardStanding {
  name: string;
}
export interface Leaderboard {
  period: Period;
  /** A daily channel's own board (its dailies and rounds); absent: the team's (all points). */
  channelId?: string;
  /** For example week:2026-W48, month:2026-11 or all. */
  periodKey: string;
  rows: LeaderboardRow[];
  /** The caller's own standing, when they have points in this period. */
  me?: BoardStanding;
  /** The caller hid from the leaderboards (quiz privacy hide): their points in this period, counted out of sight. */
  hidden?: { points: number };
  /** A channel's board the caller is not on: their points on the team's board in the period (practice counts there). */
  teamPoints?: number;
}

/** Ranks share ties and skip after them (1, 2, 2, 4): a rank is 1 + the number of members with more points. */
export function rankRows<T extends { points: number }>(sorted: readonly T[]): (T & { rank: number })[] {
  return sorted.map((row, i) => {
    let first = i;
    while (first > 0 && sorted[first - 1]!.points === row.points) first--;
    return { ...row, rank: first + 1 };
  });
}

/**
 * Top 10 plus the caller's rank for this week (ISO, Monday first), this month or all time, in the team's timezone:
 * the team's board, or one daily channel's. Reads the store's ordered rankings: ten entries and one standing,
 * never every member.
 */
export async function readLeaderboard(
  deps: EngineDeps,
  teams: Teams,
  team: TeamRef,
  userId: string,
  period: Period,
  channelId?: string,
): Promise<Leaderboard> {
  // Only the timezone is needed: the answer path's cached copy (a read fewer while a burst holds the store busy).
  const config = await teams.cachedConfig(team);
  const key = periodKey(period, deps.clock.now(), config.timezone);
  const board = channelId === undefined ? keys.board(team, key) : keys.channelBoard(team, channelId, key);
  // One round trip on the shared stores: the board, the reader's standing and the top's records together (a burst
  // keeps the store and this process busy, and every round trip waits its turn).
  const members = keys.memberRecords(team);
  const { top, me, docs } = await deps.store.boardRead(board, LEADERBOARD_SIZE, userId, members);
  // A member whose record cannot be read still shows, as "someone": one damaged record never hides the board.
  const memberKeys = top.map((e) => members.before + e.memberId + members.after);
  const records = parseManyOrReport(deps.log, memberRecord, memberKeys, docs);
  const rows = rankRows(top).map((row, i) => ({ ...row, name: records[i]?.name ?? 'someone' }));
  const hidden = me ? undefined : await hiddenPoints(deps, team, userId, key, channelId);
  // Not on a channel's board, visibly: their points elsewhere (a practice quiz) are on the team's, which they are told.
  const teamPoints =
    me || hidden || channelId === undefined ? undefined : (await deps.store.standing(keys.board(team, key), userId))?.points;
  return { period, channelId, periodKey: key, rows, me, hidden, teamPoints };
}

/**
 * A caller not on the board may have hidden from it: told so, with the points they have out of sight. Their
 * record is read only then (one more round trip); a damaged one is not hidden, and never hides the board.
 */
async function hiddenPoints(deps: EngineDeps, team: TeamRef, userId: string, key: string, channelId?: string) {
  const record = await readRecord(deps.store, memberRecord, keys.member(team, userId)).catch((error: unknown) => {
    if (error instanceof CorruptRecord) return undefined;
    throw error;
  });
  if (!record?.hidden) return undefined;
  const board = channelId === undefined ? keys.hiddenBoard(team, key) : keys.hiddenChannelBoard(team, channelId, key);
  return { points: (await deps.store.standing(board, userId))?.points ?? 0 };
}
