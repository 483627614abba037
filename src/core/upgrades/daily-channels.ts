import { DAILY_CHANNEL_SCHEMA, type DailyChannel } from '../daily/channel-model.js';
import type { BoardEntry, Store } from '../ports/store.js';
import { CorruptRecord } from '../shared/errors.js';
import { keys, TEAM_INDEX_PREFIX, teamPrefix } from '../shared/keys.js';
import type { Platform, TeamRef } from '../shared/refs.js';
import { calendarOf, PERIODS } from '../shared/time.js';
import type { CHANNEL_TALLY_FIELDS } from '../standings/channel-scoring.js';
import type { MemberRecord } from '../standings/member-model.js';
import { fromLayout2, type LegacyTeamConfig } from '../team/team-model.js';
import type { UpgradeStep } from './layout.js';

/**
 * Layout 3: daily channels. In layout 2 a team had one daily, whose settings were in the team's settings and
 * whose cycle's state was one per team. For every team that had a daily channel, that channel becomes the first
 * of its daily channels:
 * - its settings (time, timezone, days, pool, paused, attention) move to the channel's record, which keeps the
 *   old daily ids (the bare local date: buttons already posted name them), and its state moves with it;
 * - each member's daily days become their days in that channel (so streaks read exactly as before);
 * - the channel's board and activity counters are built from the answers kept: every daily answer (all of the
 *   team's dailies were this channel's), and round awards of rounds played in the channel.
 * The team's settings are written last, in their new shape: a team already in it is done, so a rerun after a
 * crash redoes only unfinished teams, and a board or counter already built (each is written at once) is kept.
 * Teams that never had a daily channel only need the new shape of their settings, which is read from the old one.
 */
export const dailyChannels: UpgradeStep = {
  to: 3,
  what: 'each team’s daily became its first daily channel (settings, state, boards and activity per channel)',
  async run(store) {
    let changed = 0;
    for (const key of await store.docKeys(TEAM_INDEX_PREFIX)) {
      const [platform, teamId] = key.slice(TEAM_INDEX_PREFIX.length).split(':') as [Platform, string];
      if (!teamId) continue;
      changed += await upgradeTeam(store, { platform, teamId });
    }
    return changed;
  },
};

async function upgradeTeam(store: Store, team: TeamRef): Promise<number> {
  const raw = await store.get<LegacyTeamConfig>(keys.teamConfig(team)).catch(undefinedIfCorrupt);
  // Already in the new shape, or unreadable (left as it is: the team's admins are told, and setup repairs it).
  if (raw?.v !== 1 || typeof raw.channelId !== 'string') return 0;
  const channelId = raw.channelId;
  const channel: DailyChannel = {
    v: DAILY_CHANNEL_SCHEMA,
    channelId,
    time: raw.time,
    timezone: raw.timezone,
    weekdays: raw.weekdays,
    paused: raw.paused ?? false,
    pack: raw.pack,
    topics: raw.dailyTopics,
    difficulty: raw.dailyDifficulty,
    attention: raw.attention,
    legacyIds: true,
    createdAt: raw.updatedAt,
    updatedAt: raw.updatedAt,
  };
  let changed = 0;
  if ((await store.get(keys.dailyChannel(team, channelId))) === undefined) {
    await store.set(keys.dailyChannel(team, channelId), channel);
    changed++;
  }
  const state = await store.get(keys.legacyTeamState(team));
  if (state !== undefined) {
    if ((await store.get(keys.dailyState(team, channelId))) === undefined) await store.set(keys.dailyState(team, channelId), state);
    await store.delete(keys.legacyTeamState(team));
    changed++;
  }
  await store.set(keys.dailyIndex(team, channelId), { at: raw.updatedAt });
  changed += await backfillChannel(store, team, channelId, raw.timezone);
  await store.set(keys.teamConfig(team), fromLayout2(raw));
  return changed + 1;
}

/** A record the store cannot decode is passed over (and reported when read); anything else, an outage, stops the step. */
function undefinedIfCorrupt(error: unknown): undefined {
  if (error instanceof CorruptRecord) return undefined;
  throw error;
}

interface Scored {
  memberId: string;
  at: number;
  correct: boolean;
  points: number;
  /** Whether it was an answer (a daily) rather than a round's award. */
  answer: boolean;
}

/** The channel's part of the kept answers: every daily answer, and awards of rounds played in the channel. */
async function channelAnswers(store: Store, team: TeamRef, channelId: string): Promise<Scored[]> {
  const prefix = `${teamPrefix(team)}m:`;
  const scored: Scored[] = [];
  const roundChannels = new Map<string, string | undefined>();
  for await (const record of store.exportRecords(prefix, ['answer'])) {
    if (record.kind !== 'answer') continue;
    const [memberId, kind, source, id] = record.key.slice(prefix.length).split(':');
    if (!memberId || !id) continue;
    const { at, correct, points } = record.value;
    if (kind === 'answer' && source === 'daily') scored.push({ memberId, at, correct, points, answer: true });
    if (kind === 'award' && source === 'round') {
      if (!roundChannels.has(id)) roundChannels.set(id, (await store.get<{ channelId?: string }>(keys.round(team, id)))?.channelId);
      if (roundChannels.get(id) === channelId) scored.push({ memberId, at, correct, points, answer: false });
    }
  }
  return scored;
}

/** Builds the channel's boards and counters, and each member's activity there, from the kept answers. */
async function backfillChannel(store: Store, team: TeamRef, channelId: string, timezone: string): Promise<number> {
  const scored = await channelAnswers(store, team, channelId);
  const boards = new Map<string, Map<string, number>>();
  const tallies = new Map<string, Record<(typeof CHANNEL_TALLY_FIELDS)[number], number>>();
  const active = new Map<string, Set<string>>();
  const lastAt = new Map<string, number>();
  const hidden = new Map<string, boolean>();
  for (const s of scored) {
    if (!hidden.has(s.memberId)) {
      const record = await store.get<MemberRecord>(keys.member(team, s.memberId)).catch(undefinedIfCorrupt);
      hidden.set(s.memberId, record?.hidden === true);
    }
    lastAt.set(s.memberId, Math.max(s.at, lastAt.get(s.memberId) ?? 0));
    const periods = calendarOf(s.at, timezone).periods;
    for (const p of PERIODS) {
      if (s.points > 0) {
        const board = (hidden.get(s.memberId) ? keys.hiddenChannelBoard : keys.channelBoard)(team, channelId, periods[p]);
        const entries = boards.get(board) ?? new Map<string, number>();
        entries.set(s.memberId, (entries.get(s.memberId) ?? 0) + s.points);
        boards.set(board, entries);
      }
      const key = keys.channelTally(team, channelId, periods[p]);
      const tally = tallies.get(key) ?? { members: 0, answered: 0, right: 0, points: 0 };
      const members = active.get(key) ?? new Set<string>();
      members.add(s.memberId);
      active.set(key, members);
      tally.members = members.size;
      tally.answered += s.answer ? 1 : 0;
      tally.right += s.answer && s.correct ? 1 : 0;
      tally.points += s.points;
      tallies.set(key, tally);
    }
  }
  let changed = 0;
  for (const [key, entries] of boards) {
    if ((await store.top(key, 1)).length > 0) continue; // built by an earlier, interrupted run
    const list: BoardEntry[] = [...entries].map(([memberId, points]) => ({ memberId, points }));
    await store.importRecord({ kind: 'board', key, entries: list });
    changed++;
  }
  for (const [key, fields] of tallies) {
    if (Object.keys(await store.counters(key)).length > 0) continue;
    await store.importRecord({ kind: 'counters', key, fields });
    changed++;
  }
  return changed + (await memberActivity(store, team, channelId, lastAt));
}

/** Each member's days in the channel are their daily days (all of layout 2's dailies were the channel's). */
async function memberActivity(store: Store, team: TeamRef, channelId: string, lastAt: Map<string, number>): Promise<number> {
  const prefix = `${teamPrefix(team)}m:`;
  let changed = 0;
  for (const key of await store.docKeys(prefix)) {
    if (!key.endsWith(':record')) continue;
    const memberId = key.slice(prefix.length, -':record'.length);
    try {
      await store.updateDoc<MemberRecord>(key, (record) => {
        if (!record || record.channels?.[channelId] || !Array.isArray(record.dailyDays)) return undefined;
        if (record.dailyDays.length === 0 && !lastAt.has(memberId)) return undefined;
        changed++;
        const activity = { days: [...record.dailyDays], lastAt: lastAt.get(memberId) ?? record.lastSeenAt };
        return { ...record, channels: { ...record.channels, [channelId]: activity } };
      });
    } catch (error) {
      // A member record the store cannot decode stays as it is: reading it reports it, as before.
      undefinedIfCorrupt(error);
    }
  }
  return changed;
}
