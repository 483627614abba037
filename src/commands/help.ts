import { b, type Line, line, type OutMessage, t } from '../core/shared/messages.js';
import { type Command, GROUPS, type GroupName, usageOf } from './command.js';

/** Help, generated from the command definitions: members see theirs, admins also see the admin commands. */
export function renderHelp(commands: readonly Command[], isAdmin: boolean, topics: readonly string[], error?: string): OutMessage {
  const section = (group: GroupName): Line[] => [
    line(b(`${group}`), t(` · ${GROUPS[group].description}`)),
    ...commands.filter((c) => c.group === group).map((c) => line(t(`• ${usageOf(c)}`), t(` · ${c.description}`))),
  ];
  const lines: Line[] = [];
  if (error) lines.push(line(t(`⚠️ ${error}`)), []);
  lines.push(...section('quiz'));
  if (isAdmin) lines.push([], ...section('quiz-admin'));
  lines.push([], line(t('Topics: '), t(topics.join(', '))), line(t('Options can also be given as name=value, for example count=3.')));
  return { title: '🧠 Backprop: deep-learning interview practice', lines, tone: error ? 'warning' : 'info' };
}
