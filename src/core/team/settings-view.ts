import { b, type Line, line, type OutMessage, ref, t } from '../shared/messages.js';
import { formatLocalDateTime, formatWeekdays } from '../shared/time.js';
import type { TeamConfig } from './team-model.js';

const DIFFICULTY_NAMES = ['', 'easy', 'medium', 'hard'];
function difficultyRange(range: TeamConfig['dailyDifficulty']): string {
  if (!range) return 'all';
  return range.min === range.max ? DIFFICULTY_NAMES[range.min]! : `${DIFFICULTY_NAMES[range.min]} to ${DIFFICULTY_NAMES[range.max]}`;
}

/** `next`: when the next daily goes out, if the schedule will post one (see Dailies.nextPost). */
function nextDaily(config: TeamConfig, next: { at: number; late: boolean } | undefined): string {
  if (!next) return 'none scheduled';
  const when = `${formatLocalDateTime(next.at, config.timezone)} (${config.timezone})`;
  return next.late ? `within a minute: today's, due ${when}, has not been posted yet` : when;
}

export function renderSettings(config: TeamConfig, packName: string, next: { at: number; late: boolean } | undefined): OutMessage {
  const row = (label: string, ...value: Line): Line => [b(`${label}: `), ...value];
  const admins: Line =
    config.admins.length === 0 ? [t('none added')] : config.admins.flatMap((id, i) => [...(i ? [t(', ')] : []), ref('user', id)]);
  const lines: Line[] = [
    row('Channel', config.channelId ? ref('channel', config.channelId) : t('not set up: run quiz-admin setup in the channel to use')),
    row('Time', t(`${config.time} (${config.timezone})`)),
    row('Days', t(formatWeekdays(config.weekdays))),
    row('Status', t(config.paused ? 'paused' : 'running')),
    row('Next daily', t(nextDaily(config, next))),
    row('Admin role', config.adminRoleId ? ref('role', config.adminRoleId) : t('none')),
    row('Added admins', ...admins),
    row('Pack', t(packName)),
    row('Daily topics', t(config.dailyTopics?.length ? config.dailyTopics.join(', ') : 'all')),
    row('Daily difficulty', t(difficultyRange(config.dailyDifficulty))),
  ];
  if (config.attention) {
    lines.push([], line(t('⚠️ Needs attention: '), t(config.attention.reason), t(' Run quiz-admin setup again once it is fixed.')));
  }
  return { title: '⚙️ Daily question settings', lines, tone: config.attention ? 'warning' : 'info' };
}
