import type { Engine } from '../core/engine.js';
import type { Reply } from '../core/shared/messages.js';
import type { MemberRef } from '../core/shared/refs.js';
import type { TeamConfig } from '../core/team/team-model.js';
import type { ArgsOf, OptionSpec } from './options.js';

/**
 * Two top-level commands because Discord restricts permissions only per top-level command, and a command with
 * subcommands cannot also be run bare.
 */
export type GroupName = 'quiz' | 'quiz-admin';

export interface Group {
  name: GroupName;
  description: string;
  /** Every subcommand of an admin group needs a quiz admin. */
  admin: boolean;
}

export const GROUPS: Record<GroupName, Group> = {
  quiz: { name: 'quiz', description: 'Deep-learning interview practice: daily question, quizzes, streaks', admin: false },
  'quiz-admin': { name: 'quiz-admin', description: 'Set up and run the daily question (quiz admins)', admin: true },
};

export function isGroupName(name: string): name is GroupName {
  // Own keys only: `in` would also accept what every object inherits ("constructor", "__proto__").
  return Object.hasOwn(GROUPS, name);
}

/** What a command's handler is given: the engine, who ran it where, the team's settings (read once per event). */
export interface CommandContext {
  engine: Engine;
  member: MemberRef;
  channelId: string;
  config: TeamConfig;
  isAdmin: boolean;
}

/**
 * One command: its name, options and handler together. The Discord registration, the Slack and shell text
 * parser, help and the permission tests are all generated from these definitions.
 */
export interface Command<O extends readonly OptionSpec[] = readonly OptionSpec[]> {
  group: GroupName;
  name: string;
  description: string;
  options: O;
  run(ctx: CommandContext, args: ArgsOf<O>): Promise<Reply>;
}

/** Declares a command; its handler's arguments are typed from its options. */
export function command<const O extends readonly OptionSpec[]>(definition: Command<O>): Command<O> {
  return definition;
}

/** Kept for the tests' and tools' sake: a command's definition without its handler. */
export type CommandSpec = Command;

export const commandId = (c: Pick<Command, 'group' | 'name'>) => `${c.group} ${c.name}`;

export function usageOf(c: Pick<Command, 'group' | 'name' | 'options'>): string {
  const args = c.options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`)).join(' ');
  return `${c.group} ${c.name}${args ? ` ${args}` : ''}`;
}
