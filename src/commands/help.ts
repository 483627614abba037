import { b, type Line, line, type OutMessage, t } from '../core/shared/messages.js';
import type { Platform } from '../core/shared/refs.js';
import { type Command, GROUPS, type GroupName, usageOf } from './command.js';
import type { OptionSpec } from './options.js';

/** How options are given: Discord's slash commands list them; typed commands take words or name=value. */
const HOW_OPTIONS: Record<Platform, string> = {
  discord: 'Type / and pick a command: Discord lists its options as you go, for example /quiz start topic:cnn count:3.',
  slack:
    'Options are words in order, or name=value in any order: /quiz start cnn 3 is /quiz start count=3 topic=cnn. /quiz help start explains each option of a command.',
  shell:
    'Options are words in order, or name=value in any order: quiz start cnn 3 is quiz start count=3 topic=cnn. quiz help start explains each option of a command.',
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

/** How an option is given as typed text, when that is not simply a word in order or name=value. */
function howGiven(o: OptionSpec): string {
  if (o.named) return ` (only as ${o.name}=…)`;
  if (o.mentionOnly) return ` (a mention in order, or ${o.name}=…)`;
  return o.required ? ' (required)' : '';
}

/** "help setup": each command named, with what every one of its options takes. */
export function renderCommandHelp(commands: readonly Command[], platform: Platform): OutMessage {
  const lines: Line[] = [];
  for (const c of commands) {
    if (lines.length > 0) lines.push([]);
    lines.push(line(b(usageOf(c))), line(t(c.description)));
    if (c.options.length === 0) lines.push(line(t('It takes no options.')));
    for (const o of c.options) lines.push(line(t(`• ${o.name}`), t(` · ${o.description}${howGiven(o)}`)));
  }
  lines.push([], line(t(HOW_OPTIONS[platform])));
  return { title: '🧠 Backprop: how to use it', lines, tone: 'info' };
}
