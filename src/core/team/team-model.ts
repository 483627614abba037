import { z } from 'zod';
import { TIME_OF_DAY, TIME_ZONE } from '../daily/channel-model.js';
import { type RecordKind, recordKind } from '../shared/records.js';

/**
 * A team's settings, as its admins set them. The daily's own settings (channel, time, days, pool) belong to each
 * of the team's daily channels (DailyChannel); what stays here is the team's: who administers the quiz, and the
 * team's calendar and practice pack, which follow its first daily channel.
 */
export const TEAM_SCHEMA = 2;
export interface TeamConfig {
  v: typeof TEAM_SCHEMA;
  /** HH:MM: a new daily channel starts from this time. */
  time: string;
  /** IANA zone name: leaderboard weeks and months, and the daily caps, follow it. */
  timezone: string;
  /** A platform role whose holders count as quiz admins (Discord). */
  adminRoleId?: string;
  /** Members added as quiz admins by the team's admins (Slack team leads, shell users). */
  admins: string[];
  /** Question pack practice draws from, and a new daily channel starts from. */
  pack: string;
  /** When the bot was removed from the team (Discord server left, Slack app uninstalled): the schedule stops,
   * and the team's data is deleted 30 days later unless the bot comes back. */
  removedAt?: number;
  updatedAt: number;
  /**
   * Never stored: set when the stored settings are corrupt and these are the defaults in their place (what is
   * wrong with them), until quiz-admin setup writes valid ones.
   */
  damaged?: string;
}

/** Team settings as layout 2 stored them (schema 1), when the daily's settings were the team's. */
export interface LegacyTeamConfig {
  v: 1;
  channelId?: string;
  time: string;
  timezone: string;
  weekdays?: number[];
  paused?: boolean;
  adminRoleId?: string;
  admins: string[];
  pack: string;
  dailyTopics?: string[];
  dailyDifficulty?: { min: number; max: number };
  removedAt?: number;
  attention?: { reason: string; since: number };
  updatedAt: number;
}

/** The team's part of layout-2 settings (the daily's part goes to its channel: see upgrades/daily-channels.ts). */
export function fromLayout2(old: LegacyTeamConfig): TeamConfig {
  const { time, timezone, adminRoleId, admins, pack, removedAt, updatedAt } = old;
  const team: TeamConfig = { v: TEAM_SCHEMA, time, timezone, admins, pack, updatedAt };
  if (adminRoleId !== undefined) team.adminRoleId = adminRoleId;
  if (removedAt !== undefined) team.removedAt = removedAt;
  return team;
}

/**
 * How team settings are read back: anything else is a corrupt record (see shared/records.ts). Schema 1 is read as
 * its team part: a team that never had a daily channel is not touched by the upgrade to layout 3.
 */
export const teamConfigRecord: RecordKind<TeamConfig> = recordKind(
  'team settings',
  z.preprocess(
    (raw) => (typeof raw === 'object' && raw !== null && (raw as { v?: unknown }).v === 1 ? fromLayout2(raw as LegacyTeamConfig) : raw),
    z.looseObject({
      v: z.literal(TEAM_SCHEMA),
      time: TIME_OF_DAY,
      timezone: TIME_ZONE,
      adminRoleId: z.string().min(1).optional(),
      admins: z.array(z.string()),
      pack: z.string().min(1),
      removedAt: z.number().optional(),
      updatedAt: z.number(),
    }),
  ),
);
