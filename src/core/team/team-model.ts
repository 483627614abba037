import { z } from 'zod';
import { type RecordKind, recordKind } from '../shared/records.js';
import { isValidTimeZone } from '../shared/time.js';
/** A team's settings, as its admins set them. */

export const TEAM_SCHEMA = 1;
export interface TeamConfig {
  v: typeof TEAM_SCHEMA;
  /** Channel the daily is posted to; absent until an admin runs setup. */
  channelId?: string;
  /** HH:MM, team-local. */
  time: string;
  /** IANA zone name. */
  timezone: string;
  /** ISO weekdays (1 = Monday … 7 = Sunday) the daily is posted on; absent = every day. */
  weekdays?: number[];
  paused: boolean;
  /** A platform role whose holders count as quiz admins (Discord). */
  adminRoleId?: string;
  /** Members added as quiz admins by the team's admins (Slack team leads, shell users). */
  admins: string[];
  /** Question pack the daily and practice draw from. */
  pack: string;
  /** Topics the daily draws from (absent: all of the pack's). */
  dailyTopics?: string[];
  /** Difficulty range the daily draws from (absent: all). */
  dailyDifficulty?: { min: number; max: number };
  /** When the bot was removed from the team (Discord server left, Slack app uninstalled): the schedule stops,
   * and the team's data is deleted 30 days later unless the bot comes back. */
  removedAt?: number;
  /** Set when a post to the daily channel failed for good; shown to admins until setup succeeds again. */
  attention?: { reason: string; since: number };
  updatedAt: number;
  /**
   * Never stored: set when the stored settings are corrupt and these are the defaults in their place (what is
   * wrong with them), until quiz-admin setup writes valid ones.
   */
  damaged?: string;
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** How team settings are read back: anything else is a corrupt record (see shared/records.ts). */
export const teamConfigRecord: RecordKind<TeamConfig> = recordKind(
  'team settings',
  z.looseObject({
    v: z.literal(TEAM_SCHEMA),
    channelId: z.string().min(1).optional(),
    time: z.string().regex(HH_MM, 'not a time of day as HH:MM'),
    timezone: z.string().refine(isValidTimeZone, 'not an IANA timezone'),
    weekdays: z.array(z.number().int().min(1).max(7)).optional(),
    paused: z.boolean(),
    adminRoleId: z.string().min(1).optional(),
    admins: z.array(z.string()),
    pack: z.string().min(1),
    dailyTopics: z.array(z.string()).optional(),
    dailyDifficulty: z.object({ min: z.number().int().min(1).max(3), max: z.number().int().min(1).max(3) }).optional(),
    removedAt: z.number().optional(),
    attention: z.object({ reason: z.string(), since: z.number() }).optional(),
    updatedAt: z.number(),
  }),
);
