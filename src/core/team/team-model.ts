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
}
