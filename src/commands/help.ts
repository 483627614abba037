import { b, type Line, line, type OutMessage, t } from '../core/shared/messages.js';
import { commandsOf, GROUPS, usageOf } from './table.js';

/** Help, generated from the command table: members see theirs, admins also see the admin commands. */
export function renderHelp(isAdmin: boolean, topics: readonly string[], error?: string): OutMessage {
  const section = (group: 'quiz' | 'quiz-admin'): Line[] => [
    line(b(`${group}`), t(` · ${GROUPS[group].description}`)),
    ...commandsOf(group).map((c) => line(t(`• ${usageOf(c)}`), t(` · ${c.description}`))),
  ];
  const lines: Line[] = [];
  if (error) lines.push(line(t(`⚠️ ${error}`)), []);
  lines.push(...section('quiz'));
  if (isAdmin) lines.push([], ...section('quiz-admin'));
  lines.push([], line(t('Topics: '), t(topics.join(', '))), line(t('Options can also be given as name=value, for example count=3.')));
  return { title: '🧠 Backprop: deep-learning interview practice', lines, tone: error ? 'warning' : 'info' };
}
