import type { Difficulty } from '../bank/bank.js';
import type { EngineDeps } from '../shared/context.js';
import { badInput, DeliveryError } from '../shared/errors.js';
import { line, type OutMessage, t } from '../shared/messages.js';
import type { TeamRef } from '../shared/refs.js';
import { formatTimeOfDay, formatWeekdays, isValidTimeZone, parseTimeOfDay } from '../shared/time.js';
import type { TeamConfig } from './team-model.js';
import type { Teams } from './teams.js';

/** What quiz-admin setup may change; absent fields stay as they are. */
export interface SetupChanges {
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
}

export interface SetupResult {
  config: TeamConfig;
  /** The short confirmation posted to the daily channel: it proves Backprop can post there. */
  check: { status: 'posted' } | { status: 'skipped' } | { status: 'failed'; reason: string; permanent: boolean };
}

/** Checks every change before anything is stored; errors name the option. */
function validate(deps: EngineDeps, config: TeamConfig, c: SetupChanges): void {
  if (c.time !== undefined && !parseTimeOfDay(c.time))
    throw badInput(`time: "${c.time}" is not a time of day as HH:MM (24-hour), for example 09:30.`);
  if (c.timezone !== undefined && !isValidTimeZone(c.timezone)) {
    throw badInput(`timezone: "${c.timezone}" is not an IANA timezone, for example Europe/Berlin or America/New_York.`);
  }
  if (c.weekdays?.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) throw badInput('weekdays: days are 1 (Monday) to 7 (Sunday).');
  const pack = deps.bank.pack(c.pack ?? config.pack);
  if (!pack) throw badInput(`pack: "${c.pack}" is not a question pack (${deps.bank.packIds().join(', ')}).`);
  const unknown = (c.topics ?? []).filter((topic) => !(topic in pack.topics));
  if (unknown.length)
    throw badInput(
      `topics: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a topic' : 'are not topics'} of pack ${pack.id} (${Object.keys(pack.topics).join(', ')}).`,
    );
  const next = {
    ...config,
    dailyTopics: c.topics ?? config.dailyTopics,
    dailyDifficulty: c.difficulty === undefined ? config.dailyDifficulty : (c.difficulty ?? undefined),
  };
  if (next.dailyTopics?.length || next.dailyDifficulty) {
    const left = pack.questions.filter(
      (q) =>
        (!next.dailyTopics?.length || next.dailyTopics.includes(q.topic)) &&
        (!next.dailyDifficulty || (q.difficulty >= next.dailyDifficulty.min && q.difficulty <= next.dailyDifficulty.max)),
    );
    if (left.length === 0) throw badInput('topics and difficulty together leave no questions for the daily.');
  }
}

function applyChanges(config: TeamConfig, c: SetupChanges, currentChannelId: string): TeamConfig {
  const next: TeamConfig = { ...config, admins: [...config.admins] };
  next.channelId = c.channelId ?? config.channelId ?? currentChannelId;
  if (c.time !== undefined) {
    const time = parseTimeOfDay(c.time)!;
    next.time = formatTimeOfDay(time.hour, time.minute);
  }
  if (c.timezone !== undefined) next.timezone = c.timezone;
  if (c.weekdays !== undefined) next.weekdays = c.weekdays.length === 0 ? undefined : [...new Set(c.weekdays)].sort((a, b) => a - b);
  if (c.adminRoleId !== undefined) next.adminRoleId = c.adminRoleId ?? undefined;
  if (c.addAdmin && !next.admins.includes(c.addAdmin)) next.admins.push(c.addAdmin);
  if (c.removeAdmin) next.admins = next.admins.filter((a) => a !== c.removeAdmin);
  if (c.pack !== undefined && c.pack !== config.pack) {
    next.pack = c.pack;
    // Topics belong to a pack: a new pack starts from all of its topics unless new ones were given.
    next.dailyTopics = undefined;
  }
  if (c.topics !== undefined) next.dailyTopics = c.topics.length === 0 ? undefined : [...new Set(c.topics)].sort();
  if (c.difficulty !== undefined) next.dailyDifficulty = c.difficulty ?? undefined;
  return next;
}

function confirmation(config: TeamConfig): OutMessage {
  return {
    title: '✅ Backprop is set up here',
    lines: [
      line(
        t(
          `The daily deep-learning interview question will be posted in this channel at ${config.time} (${config.timezone}), ${formatWeekdays(config.weekdays)}.`,
        ),
      ),
      line(t('Anyone can practise any time with quiz start; quiz help lists everything.')),
    ],
    tone: 'success',
  };
}

/**
 * Applies setup. The channel defaults to where setup was typed, the first time. When the channel is new, or the
 * team needed attention, a short confirmation is posted there: only a post that lands clears "needs attention".
 */
export async function applySetup(
  deps: EngineDeps,
  teams: Teams,
  team: TeamRef,
  changes: SetupChanges,
  currentChannelId: string,
): Promise<SetupResult> {
  const before = await teams.config(team);
  validate(deps, before, changes);
  // Setup is how an admin repairs settings that could not be read: it writes a valid record from the defaults.
  let config = await teams.update(team, (c) => applyChanges(c, changes, currentChannelId), { repair: before.damaged !== undefined });
  if (config.channelId === before.channelId && !before.attention) return { config, check: { status: 'skipped' } };
  try {
    await deps.messenger.post(team, config.channelId!, confirmation(config));
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    if (error.permanent) config = await teams.update(team, (c) => ({ ...c, attention: { reason: error.reason, since: deps.clock.now() } }));
    return { config, check: { status: 'failed', reason: error.reason, permanent: error.permanent } };
  }
  config = await teams.update(team, (c) => ({ ...c, attention: undefined }));
  return { config, check: { status: 'posted' } };
}

/** How long a removed team's data is kept for the bot's return. */
export const REMOVED_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
