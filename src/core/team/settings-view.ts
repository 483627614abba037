import type { DailyChannel } from '../daily/channel-model.js';
import { b, type Line, line, type OutMessage, ref, t } from '../shared/messages.js';
import { formatLocalDateTime, formatWeekdays } from '../shared/time.js';
import type { TeamConfig } from './team-model.js';

const DIFFICULTY_NAMES = ['', 'easy', 'medium', 'hard'];
function difficultyRange(range: DailyChannel['difficulty']): string {
  if (!range) return 'all';
  return range.min === range.max ? DIFFICULTY_NAMES[range.min]! : `${DIFFICULTY_NAMES[range.min]} to ${DIFFICULTY_NAMES[range.max]}`;
}

/** One daily channel as the settings show it: its settings, its pack's name, and when its next daily goes out. */
export interface ChannelSettings {
  channel: DailyChannel;
  packName: string;
  next: { at: number; late: boolean } | undefined;
}

/** `next`: when the next daily goes out, if the schedule will post one (see Dailies.nextPost). */
export function nextDaily(channel: DailyChannel, next: ChannelSettings['next']): string {
  if (!next) return 'none scheduled';
  const when = `${formatLocalDateTime(next.at, channel.timezone)} (${channel.timezone})`;
  return next.late ? `within a minute: today's, due ${when}, has not been posted yet` : when;
}

function channelLines({ channel, packName, next }: ChannelSettings): Line[] {
  const status = channel.attention ? 'stopped: needs attention' : channel.paused ? 'paused' : 'running';
  const lines: Line[] = [
    line(
      b('📅 '),
      ref('channel', channel.channelId),
      t(` · ${channel.time} (${channel.timezone}), ${formatWeekdays(channel.weekdays)} · ${status}`),
    ),
    line(t(`Next daily: ${nextDaily(channel, next)}`)),
    line(
      t(`Pack: ${packName} · topics: ${channel.topics?.length ? channel.topics.join(', ') : 'all'}`),
      t(` · difficulty: ${difficultyRange(channel.difficulty)}`),
      t(channel.format === 'open' ? ' · open (answered in your own words)' : ' · multiple choice'),
      t(channel.recap === false ? ' · weekly recap off' : ' · weekly recap on Mondays'),
    ),
  ];
  if (channel.attention) {
    lines.push(line(t('⚠️ Needs attention: '), t(channel.attention.reason), t(' Run quiz-admin setup there again once it is fixed.')));
  }
  return lines;
}

/** A daily channel whose stored settings are corrupt: its daily has stopped until setup there writes them again. */
export function unreadableLine(channelId: string): Line {
  return line(
    t('⚠️ The daily settings of '),
    ref('channel', channelId),
    t(' could not be read, so its daily has stopped. Run quiz-admin setup there to set it up again.'),
  );
}

/** The team's quiz settings: its admins and calendar, then every running daily channel (and any unreadable one). */
export function renderSettings(config: TeamConfig, channels: readonly ChannelSettings[], unreadable: readonly string[] = []): OutMessage {
  const row = (label: string, ...value: Line): Line => [b(`${label}: `), ...value];
  const admins: Line =
    config.admins.length === 0 ? [t('none added')] : config.admins.flatMap((id, i) => [...(i ? [t(', ')] : []), ref('user', id)]);
  const lines: Line[] = [
    row('Admin role', config.adminRoleId ? ref('role', config.adminRoleId) : t('none')),
    row('Added admins', ...admins),
    row('Leaderboard weeks and months', t(`${config.timezone} (the first daily channel’s timezone)`)),
    [],
  ];
  if (channels.length + unreadable.length === 0) lines.push(line(t('No daily channel yet: run quiz-admin setup in the channel to use.')));
  for (const [i, entry] of channels.entries()) lines.push(...(i ? [[]] : []), ...channelLines(entry));
  for (const channelId of unreadable) lines.push([], unreadableLine(channelId));
  const attention = channels.some((c) => c.channel.attention) || unreadable.length > 0;
  const title = channels.length > 1 ? `⚙️ Daily question settings · ${channels.length} channels` : '⚙️ Daily question settings';
  return { title, lines, tone: attention ? 'warning' : 'info' };
}
