import { type Bank, type Difficulty, packIdsOf } from '../bank/bank.js';
import type { DailyChannel } from '../daily/channel-model.js';
import { isActive } from '../daily/channel-model.js';
import type { DailyChannels } from '../daily/channels.js';
import type { EngineDeps } from '../shared/context.js';
import { badInput, CorruptRecord, DeliveryError } from '../shared/errors.js';
import { line, type OutMessage, t } from '../shared/messages.js';
import type { TeamRef } from '../shared/refs.js';
import { formatTimeOfDay, formatWeekdays, isValidTimeZone, parseTimeOfDay } from '../shared/time.js';
import type { TeamConfig } from './team-model.js';
import type { Teams } from './teams.js';

/** What quiz-admin setup may change; absent fields stay as they are. */
export interface SetupChanges {
  /** The daily channel to set up (default: where setup was run). */
  channelId?: string;
  time?: string;
  timezone?: string;
  /** ISO weekdays; an empty list means every day. */
  weekdays?: number[];
  /** A role id, or null to clear the role. */
  adminRoleId?: string | null;
  addAdmin?: string;
  removeAdmin?: string;
  pack?: string;
  /** Topics the daily draws from; an empty list means all. */
  topics?: string[];
  /** Difficulty range of the daily; null means all. */
  difficulty?: { min: Difficulty; max: Difficulty } | null;
  /** Multiple choice, or open (answered in one's own words, with key points and a self-rating). */
  format?: 'choice' | 'open';
  /** The channel's weekly recap (Mondays, at its daily time): on by default. */
  recap?: 'on' | 'off';
}

export interface SetupResult {
  config: TeamConfig;
  /** The daily channel set up, when setup was about one (see dailyTouched). */
  channel?: DailyChannel;
  /** The short confirmation posted to the daily channel: it proves Backprop can post there. */
  check: { status: 'posted' } | { status: 'skipped' } | { status: 'failed'; reason: string; permanent: boolean };
}

/** How long a removed team's data is kept for the bot's return. */
export const REMOVED_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

const DAILY_OPTIONS = ['channelId', 'time', 'timezone', 'weekdays', 'pack', 'topics', 'difficulty', 'format', 'recap'] as const;
const TEAM_OPTIONS = ['adminRoleId', 'addAdmin', 'removeAdmin'] as const;

/**
 * Whether setup (re)configures a channel's daily: when it names the channel or a daily setting, or when it is
 * bare ("the daily goes here"). Setup that only changes admins starts no daily where it is typed, even a team's
 * first (README): adding a co-admin first must not post in whatever channel that was typed in.
 */
function dailyTouched(c: SetupChanges): boolean {
  if (DAILY_OPTIONS.some((o) => c[o] !== undefined)) return true;
  return !TEAM_OPTIONS.some((o) => c[o] !== undefined);
}

/** Checks every change before anything is stored; errors name the option. */
function validate(deps: EngineDeps, bank: Bank, channel: DailyChannel, c: SetupChanges): void {
  if (c.time !== undefined && !parseTimeOfDay(c.time))
    throw badInput(`time: "${c.time}" is not a time of day as HH:MM (24-hour), for example 09:30.`);
  if (c.timezone !== undefined && !isValidTimeZone(c.timezone)) {
    throw badInput(`timezone: "${c.timezone}" is not an IANA timezone, for example Europe/Berlin or America/New_York.`);
  }
  if (c.weekdays?.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) throw badInput('weekdays: days are 1 (Monday) to 7 (Sunday).');
  if (c.pack !== undefined) {
    const missing = packIdsOf(c.pack).filter((id) => !bank.pack(id));
    if (missing.length || packIdsOf(c.pack).length === 0) {
      throw badInput(`pack: "${missing.join(', ') || c.pack}" is not a question pack of this team (${bank.packIds().join(', ')}).`);
    }
  }
  // The channel's own pack may be gone since (a team pack removed): the default stands in, as when posting.
  const spec = c.pack ?? (bank.packsOf(channel.pack).length ? channel.pack : deps.defaults.pack);
  const topics = bank.topicsOf(spec);
  const unknown = (c.topics ?? []).filter((topic) => !Object.hasOwn(topics, topic));
  if (unknown.length)
    throw badInput(
      `topics: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a topic' : 'are not topics'} of pack ${spec} (${Object.keys(topics).join(', ')}).`,
    );
  const next = applyDaily(channel, c);
  if (next.topics?.length || next.difficulty || next.format === 'open') {
    const left = bank
      .select({ pack: spec })
      .filter(
        (q) =>
          (!next.topics?.length || next.topics.includes(q.topic)) &&
          (!next.difficulty || (q.difficulty >= next.difficulty.min && q.difficulty <= next.difficulty.max)) &&
          (next.format !== 'open' || (q.keyPoints?.length ?? 0) > 0),
      );
    if (left.length === 0) {
      throw badInput(
        next.format === 'open'
          ? 'format: open needs questions with key points, and these topics and difficulty leave none.'
          : 'topics and difficulty together leave no questions for the daily.',
      );
    }
  }
}

/** A channel's daily settings after setup. Pure. */
function applyDaily(channel: DailyChannel, c: SetupChanges): DailyChannel {
  const next: DailyChannel = { ...channel, removedAt: undefined };
  if (c.time !== undefined) {
    const time = parseTimeOfDay(c.time)!;
    next.time = formatTimeOfDay(time.hour, time.minute);
  }
  if (c.timezone !== undefined) next.timezone = c.timezone;
  if (c.weekdays !== undefined) next.weekdays = c.weekdays.length === 0 ? undefined : [...new Set(c.weekdays)].sort((a, b) => a - b);
  if (c.pack !== undefined && c.pack !== channel.pack) {
    next.pack = c.pack;
    // Topics belong to a pack: a new pack starts from all of its topics unless new ones were given.
    next.topics = undefined;
  }
  if (c.topics !== undefined) next.topics = c.topics.length === 0 ? undefined : [...new Set(c.topics)].sort();
  if (c.difficulty !== undefined) next.difficulty = c.difficulty ?? undefined;
  if (c.format !== undefined) next.format = c.format === 'open' ? 'open' : undefined;
  if (c.recap !== undefined) next.recap = c.recap === 'off' ? false : undefined;
  return next;
}

/**
 * An added admin named for removal, whatever the case: an older terminal stored "Lead" as typed, and its names
 * are read in lower case now (platform ids differ by more than case, so nobody else is matched).
 */
const sameAdmin = (stored: string, named: string) => stored.toLowerCase() === named.toLowerCase();

/** A change to the added admins that would change nothing is said, not answered with "Saved". */
function validateAdmins(config: TeamConfig, c: SetupChanges): void {
  if (c.addAdmin && c.addAdmin === c.removeAdmin) throw badInput('add-admin and remove-admin name the same member: give one of them.');
  if (c.removeAdmin && !config.admins.some((a) => sameAdmin(a, c.removeAdmin!)))
    throw badInput('remove-admin: that member is not an added admin (quiz-admin show lists them).');
}

/** The team's own settings after setup (quiz admins). Pure. */
function applyTeam(config: TeamConfig, c: SetupChanges): TeamConfig {
  const next: TeamConfig = { ...config, admins: [...config.admins] };
  if (c.adminRoleId !== undefined) next.adminRoleId = c.adminRoleId ?? undefined;
  if (c.addAdmin && !next.admins.includes(c.addAdmin)) next.admins.push(c.addAdmin);
  if (c.removeAdmin) next.admins = next.admins.filter((a) => !sameAdmin(a, c.removeAdmin!));
  return next;
}

function confirmation(channel: DailyChannel): OutMessage {
  return {
    title: '✅ Backprop is set up here',
    lines: [
      line(
        t(
          `The daily deep-learning interview question will be posted in this channel at ${channel.time} (${channel.timezone}), ${formatWeekdays(channel.weekdays)}.`,
        ),
      ),
      line(t('Anyone can practise any time with quiz start; quiz help lists everything.')),
    ],
    tone: 'success',
  };
}

/**
 * Applies setup: the team's admins, and the daily of one channel (the one named, or where setup was run). When
 * the channel's daily is new, back after remove-daily, or needed attention, a short confirmation is posted there:
 * only a post that lands clears "needs attention". The team's calendar and practice pack follow its first daily
 * channel.
 */
export async function applySetup(
  deps: EngineDeps,
  teams: Teams,
  channels: DailyChannels,
  bank: Bank,
  team: TeamRef,
  changes: SetupChanges,
  currentChannelId: string,
): Promise<SetupResult> {
  const before = await teams.config(team);
  const channelId = changes.channelId ?? currentChannelId;
  const touched = dailyTouched(changes);
  // A corrupt record of this channel is what setup repairs: it starts again from the defaults.
  const existing = touched ? await channels.get(team, channelId).catch(absentIfCorrupt) : undefined;
  const base = existing ?? channels.fromDefaults(before, channelId);
  if (touched) validate(deps, bank, base, changes);
  validateAdmins(before, changes);
  // Setup is how an admin repairs settings that could not be read: it writes a valid record from the defaults.
  let config = await teams.update(team, (c) => applyTeam(c, changes), { repair: before.damaged !== undefined });
  if (!touched) return { config, check: { status: 'skipped' } };
  let channel = await channels.update(team, channelId, (c) => applyDaily(c, changes), {
    create: () => channels.fromDefaults(config, channelId),
    repair: true,
  });
  config = await followFirstChannel(teams, channels, team, config);
  const fresh = !existing || !isActive(existing);
  if (!fresh && !existing?.attention) return { config, channel, check: { status: 'skipped' } };
  try {
    await deps.messenger.post(team, channelId, confirmation(channel));
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    if (error.permanent) channel = await channels.markAttention(team, channelId, error.reason);
    return { config, channel, check: { status: 'failed', reason: error.reason, permanent: error.permanent } };
  }
  channel = await channels.update(team, channelId, (c) => ({ ...c, attention: undefined }));
  return { config, channel, check: { status: 'posted' } };
}

function absentIfCorrupt(error: unknown): undefined {
  if (error instanceof CorruptRecord) return undefined;
  throw error;
}

/** The team's time, timezone and pack are its first running daily channel's (leaderboard weeks follow them). */
export async function followFirstChannel(teams: Teams, channels: DailyChannels, team: TeamRef, config: TeamConfig): Promise<TeamConfig> {
  const first = (await channels.active(team))[0];
  if (!first || (first.time === config.time && first.timezone === config.timezone && first.pack === config.pack)) return config;
  return teams.update(team, (c) => ({ ...c, time: first.time, timezone: first.timezone, pack: first.pack }));
}
