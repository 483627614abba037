import { b, type Line, line, type OutMessage, t } from '../core/shared/messages.js';
import type { Platform } from '../core/shared/refs.js';
import { type Command, GROUPS, type GroupName, usageOf } from './command.js';

/** How options are given: Discord's slash commands list them; typed commands take words or name=value. */
const HOW_OPTIONS: Record<Platform, string> = {
  discord: 'Type / and pick a command: Discord lists its options as you go, for example /quiz start topic:cnn count:3.',
  slack: 'Options are words in order, or name=value in any order: /quiz start cnn 3 is /quiz start count=3 topic=cnn.',
  shell: 'Options are words in order, or name=value in any order: quiz start cnn 3 is quiz start count=3 topic=cnn.',
};

/** Help, generated from the command definitions: members see theirs, admins also see the admin commands. */
export function renderHelp(
  commands: readonly Command[],
  isAdmin: boolean,
  topics: readonly string[],
  platform: Platform,
  error?: string,
): OutMessage {
  const section = (group: GroupName): Line[] => [
    line(b(`${group}`), t(` · ${GROUPS[group].description}`)),
    ...commands.filter((c) => c.group === group).map((c) => line(t(`• ${usageOf(c)}`), t(` · ${c.description}`))),
  ];
  const lines: Line[] = [];
  if (error) lines.push(line(t(`⚠️ ${error}`)), []);
  lines.push(...section('quiz'));
  if (isAdmin) lines.push([], ...section('quiz-admin'));
  lines.push([], line(t('Topics: '), t(topics.join(', '))), line(t(HOW_OPTIONS[platform])));
  return { title: '🧠 Backprop: deep-learning interview practice', lines, tone: error ? 'warning' : 'info' };
}
