/**
 * The one neutral command table. Discord's slash-command registration, the Slack and shell text parser, every
 * help text and the permission checks are generated from it; a new command is one entry here plus its handler.
 *
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

export type OptionType =
  | 'topic'
  | 'integer'
  | 'difficulty'
  | 'period'
  | 'member'
  | 'channel'
  | 'role'
  | 'time'
  | 'timezone'
  | 'weekdays'
  | 'pack'
  | 'topics'
  | 'difficulty-range'
  | 'privacy'
  | 'switch';

export interface OptionSpec {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  min?: number;
  max?: number;
}

export interface CommandSpec {
  group: GroupName;
  name: string;
  description: string;
  options: readonly OptionSpec[];
}

export const GROUPS: Record<GroupName, Group> = {
  quiz: { name: 'quiz', description: 'Deep-learning interview practice: daily question, quizzes, streaks', admin: false },
  'quiz-admin': { name: 'quiz-admin', description: 'Set up and run the daily question (quiz admins)', admin: true },
};

export const COMMANDS: readonly CommandSpec[] = [
  {
    group: 'quiz',
    name: 'start',
    description: 'Start a private practice quiz',
    options: [
      { name: 'topic', type: 'topic', description: 'Only questions on this topic' },
      { name: 'count', type: 'integer', description: 'How many questions (1–20, default 5)', min: 1, max: 20 },
      { name: 'difficulty', type: 'difficulty', description: 'easy, medium or hard' },
    ],
  },
  { group: 'quiz', name: 'daily', description: "Show today's daily question", options: [] },
  {
    group: 'quiz',
    name: 'streak',
    description: 'Your streak, or a teammate’s',
    options: [{ name: 'member', type: 'member', description: 'Whose streak (default: yours)' }],
  },
  {
    group: 'quiz',
    name: 'leaderboard',
    description: 'Top 10 and your rank',
    options: [{ name: 'period', type: 'period', description: 'week (default), month or all' }],
  },
  {
    group: 'quiz',
    name: 'stats',
    description: 'Answers, accuracy per topic, streak',
    options: [{ name: 'member', type: 'member', description: 'Whose stats (default: yours)' }],
  },
  {
    group: 'quiz',
    name: 'review',
    description: 'Review what you are about to forget (spaced repetition), privately',
    options: [{ name: 'count', type: 'integer', description: 'How many questions (1–20, default 10)', min: 1, max: 20 }],
  },
  {
    group: 'quiz',
    name: 'remind',
    description: 'A private reminder when 10 or more reviews are due (at most once a day)',
    options: [{ name: 'mode', type: 'switch', description: 'on or off', required: true }],
  },
  {
    group: 'quiz',
    name: 'round',
    description: 'Start a live round in this channel: timed questions for everyone here',
    options: [
      { name: 'topic', type: 'topic', description: 'Only questions on this topic' },
      { name: 'questions', type: 'integer', description: 'How many questions (3–20, default 10)', min: 3, max: 20 },
      { name: 'seconds', type: 'integer', description: 'Seconds per question (10–60, default 20)', min: 10, max: 60 },
    ],
  },
  { group: 'quiz', name: 'stop-round', description: 'End the live round in this channel (its starter or an admin)', options: [] },
  {
    group: 'quiz',
    name: 'privacy',
    description: 'Hide yourself from the leaderboards, or show yourself again',
    options: [{ name: 'mode', type: 'privacy', description: 'hide or show', required: true }],
  },
  { group: 'quiz', name: 'forget-me', description: 'Delete everything Backprop holds about you in this team', options: [] },
  { group: 'quiz', name: 'help', description: 'What Backprop can do', options: [] },
  {
    group: 'quiz-admin',
    name: 'setup',
    description: 'Set the daily channel, time, timezone, days and quiz admins',
    options: [
      { name: 'channel', type: 'channel', description: 'Channel for the daily question (default: this one)' },
      { name: 'time', type: 'time', description: 'Time to post, HH:MM (24-hour)' },
      { name: 'timezone', type: 'timezone', description: 'IANA timezone, for example Europe/Berlin' },
      { name: 'weekdays', type: 'weekdays', description: 'Days to post: mon-fri, mon,wed,fri or every day' },
      { name: 'role', type: 'role', description: 'Role whose members are quiz admins (none to clear)' },
      { name: 'add-admin', type: 'member', description: 'Make this member a quiz admin' },
      { name: 'remove-admin', type: 'member', description: 'Remove this member from the quiz admins' },
      { name: 'pack', type: 'pack', description: 'Question pack for the daily and practice' },
      { name: 'topics', type: 'topics', description: 'Topics for the daily, comma-separated (all for every topic)' },
      { name: 'difficulty', type: 'difficulty-range', description: 'Difficulty of the daily: easy, easy-medium, hard… (all)' },
    ],
  },
  { group: 'quiz-admin', name: 'show', description: 'Show the daily question settings', options: [] },
  { group: 'quiz-admin', name: 'pause', description: 'Pause the daily question', options: [] },
  { group: 'quiz-admin', name: 'resume', description: 'Resume the daily question', options: [] },
  { group: 'quiz-admin', name: 'post', description: 'Close the open daily and post the next one now', options: [] },
  { group: 'quiz-admin', name: 'close', description: 'Close the open daily now and show the answer', options: [] },
  { group: 'quiz-admin', name: 'reports', description: 'Problems members reported with questions', options: [] },
  { group: 'quiz-admin', name: 'purge', description: "Delete all of this team's Backprop data (asks first)", options: [] },
];

export function commandsOf(group: GroupName): CommandSpec[] {
  return COMMANDS.filter((c) => c.group === group);
}

export function findCommand(group: string, name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.group === group && c.name === name);
}

export function isGroupName(name: string): name is GroupName {
  // Own keys only: `in` would also accept what every object inherits ("constructor", "__proto__").
  return Object.hasOwn(GROUPS, name);
}

export const commandId = (c: Pick<CommandSpec, 'group' | 'name'>) => `${c.group} ${c.name}`;

export function usageOf(c: CommandSpec): string {
  const args = c.options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`)).join(' ');
  return `${c.group} ${c.name}${args ? ` ${args}` : ''}`;
}
