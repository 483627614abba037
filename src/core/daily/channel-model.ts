import { z } from 'zod';
import { type RecordKind, recordKind } from '../shared/records.js';
import { isValidTimeZone } from '../shared/time.js';

/**
 * A daily channel: one channel of a team that gets the daily question, with its own schedule and question pool.
 * A team has any number of them; each is set up by quiz-admin setup run in (or naming) the channel.
 */
export const DAILY_CHANNEL_SCHEMA = 1;
export interface DailyChannel {
  v: typeof DAILY_CHANNEL_SCHEMA;
  channelId: string;
  /** HH:MM, in the channel's timezone. */
  time: string;
  /** IANA zone name: the daily's local date and time follow it. */
  timezone: string;
  /** ISO weekdays (1 = Monday … 7 = Sunday) the daily is posted on; absent = every day. */
  weekdays?: number[];
  paused: boolean;
  /** Question pack the daily draws from. */
  pack: string;
  /** Topics the daily draws from (absent: all of the pack's). */
  topics?: string[];
  /** Difficulty range the daily draws from (absent: all). */
  difficulty?: { min: number; max: number };
  /** open: the daily is a question to answer in your own words (interview mode); absent: multiple choice. */
  format?: 'open';
  /** false: no weekly recap in this channel (quiz-admin setup recap=off); absent: a recap every Monday. */
  recap?: false;
  /** Set when a post to the channel failed for good; shown to admins until setup succeeds again. */
  attention?: { reason: string; since: number };
  /**
   * The team's one daily channel from before teams had several: its dailies keep ids that are the bare local
   * date (buttons already posted name them), where other channels' ids start with the channel id.
   */
  legacyIds?: true;
  /** quiz-admin remove-daily: nothing more is posted here; its dailies, answers and board stay. */
  removedAt?: number;
  createdAt: number;
  updatedAt: number;
}

/** The daily settings a team's new channels start from, and that setup changes. */
export type DailySettings = Pick<DailyChannel, 'time' | 'timezone' | 'weekdays' | 'paused' | 'pack' | 'topics' | 'difficulty' | 'format'>;

export const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const TIME_OF_DAY = z.string().regex(HH_MM, 'not a time of day as HH:MM');
export const TIME_ZONE = z.string().refine(isValidTimeZone, 'not an IANA timezone');
const DIFFICULTY = z.number().int().min(1).max(3);

export const dailyChannelRecord: RecordKind<DailyChannel> = recordKind(
  'a daily channel’s settings',
  z.looseObject({
    v: z.literal(DAILY_CHANNEL_SCHEMA),
    channelId: z.string().min(1),
    time: TIME_OF_DAY,
    timezone: TIME_ZONE,
    weekdays: z.array(z.number().int().min(1).max(7)).optional(),
    paused: z.boolean(),
    pack: z.string().min(1),
    topics: z.array(z.string()).optional(),
    difficulty: z.object({ min: DIFFICULTY, max: DIFFICULTY }).optional(),
    format: z.literal('open').optional(),
    recap: z.literal(false).optional(),
    attention: z.object({ reason: z.string(), since: z.number() }).optional(),
    legacyIds: z.literal(true).optional(),
    removedAt: z.number().optional(),
    createdAt: z.number(),
    updatedAt: z.number(),
  }),
);

/** Whether the channel's daily is running (set up and not removed). */
export const isActive = (channel: DailyChannel): boolean => channel.removedAt === undefined;

/**
 * Every pack the team draws dailies from (its setting, then each running channel's), as one pack setting: a member's
 * reviews and mastery cover what any of its dailies asked, not only the first channel's pack.
 */
export const packsInUse = (teamPack: string, channels: readonly DailyChannel[]): string =>
  [teamPack, ...channels.filter(isActive).map((c) => c.pack)].join(',');

/**
 * The id of a channel's daily for a local date: the first of the day is `<date>` in the legacy channel and
 * `<channel>.<date>` elsewhere; extras posted the same day add `.2`, `.3`, …
 */
export function dailyIdOf(channel: Pick<DailyChannel, 'channelId' | 'legacyIds'>, date: string, n = 1): string {
  const base = channel.legacyIds ? date : `${channel.channelId}.${date}`;
  return n === 1 ? base : `${base}.${n}`;
}
