import type { Difficulty } from '../core/bank/bank.js';
import type { InFile } from '../core/shared/messages.js';
import { shortened } from '../core/shared/shortened.js';
import {
  canonicalTimeZone,
  isValidTimeZone,
  normalTimeOfDay,
  PERIODS,
  type Period,
  parseTimeOfDay,
  parseWeekdays,
} from '../core/shared/time.js';

/** Each option type and the value a handler receives for it. */
export interface OptionValues {
  topic: string;
  integer: number;
  difficulty: Difficulty;
  period: Period;
  member: string;
  channel: string;
  /** null: clear the role. */
  role: string | null;
  time: string;
  timezone: string;
  /** ISO weekdays; empty: every day. */
  weekdays: number[];
  pack: string;
  /** Empty: all topics. */
  topics: string[];
  /** null: all difficulties. */
  'difficulty-range': { min: Difficulty; max: Difficulty } | null;
  privacy: 'hide' | 'show';
  /** A file the member gives: a Discord attachment, a path in the shell (Slack asks for it in a form instead). */
  file: InFile;
  /** A daily's format: multiple choice, or open (answered in one's own words). */
  'daily-format': 'choice' | 'open';
  /** Which spaced-repetition cards quiz review offers: recognising the option, or recalling the answer. */
  'review-kind': 'choice' | 'recall';
  /** Which leaderboard: a daily channel's, the team's, or the channels compared. */
  board: 'channel' | 'team' | 'channels';
  switch: 'on' | 'off';
}
export type OptionType = keyof OptionValues;

/** One option of a command, as the command's definition declares it. */
export interface OptionSpec<N extends string = string, T extends OptionType = OptionType> {
  name: N;
  description: string;
  type: T;
  required?: boolean;
  min?: number;
  max?: number;
  /**
   * As a word in order, only a mention (#channel, @member, or the platform's <…>): a bare word is never taken
   * for it, so "setup 25:00" is a bad time, not a quiz admin named 2500 (name=value still takes any value).
   */
  mentionOnly?: true;
  /** Only as name=value, never a word in order (removing an admin is said, not implied by a second mention). */
  named?: true;
}

/** The arguments a handler receives: required options always present, the others optional, each typed by its option type. */
export type ArgsOf<O extends readonly OptionSpec[]> = {
  [S in O[number] as S extends { required: true } ? S['name'] : never]: OptionValues[S['type']];
} & {
  [S in O[number] as S extends { required: true } ? never : S['name']]?: OptionValues[S['type']];
};

/**
 * Turns the raw text of each option (typed by a member, or sent by a platform) into a value, or an error that
 * names the option and what is wrong. One validator per option type serves every platform.
 */
export type ArgValue = OptionValues[OptionType];
export type ArgValues = Record<string, ArgValue>;

export interface ArgContext {
  /** Topic slugs the bank offers. */
  topics: readonly string[];
  /** Pack ids the bank has. */
  packs: readonly string[];
  /** Where a file option may name a file the platform can read (the shell: a path); absent elsewhere. */
  openFile?: (path: string) => InFile;
  /**
   * Where a member is named by a name rather than an id (the shell, whose ids are derived from names): the id a
   * typed member stands for, undefined when it names nobody. Absent elsewhere: ids and mentions as typed.
   */
  memberId?: (typed: string, option: string) => string | undefined;
  /** Where a channel is named as typed ("#berlin": the shell, whose channel ids are names). Absent elsewhere. */
  channelNamed?: (typed: string) => string | undefined;
}

const DIFFICULTIES: Record<string, Difficulty> = { easy: 1, medium: 2, hard: 3, '1': 1, '2': 2, '3': 3 };
/**
 * Own keys only: a plain lookup also finds Object.prototype's members, so "constructor" or "__proto__" would read
 * as a difficulty (a function, an object) instead of being refused.
 */
const difficultyOf = (word: string): Difficulty | undefined => (Object.hasOwn(DIFFICULTIES, word) ? DIFFICULTIES[word] : undefined);
/** Platform ids as they appear in mentions (<@U123|name>, <#C123>, <@&123>) or bare. */
const MENTION = /^<[@#][!&]?([A-Za-z0-9_.-]{1,64})(\|[^>]*)?>$/;
const BARE_ID = /^@?([A-Za-z0-9_.-]{1,64})$/;

export type Coerced = { ok: true; value: ArgValue } | { ok: false; error: string };

export function coerceOption(option: OptionSpec, raw: string, ctx: ArgContext): Coerced {
  const text = raw.trim();
  const fail = (why: string): Coerced => ({ ok: false, error: `${option.name}: ${why}` });
  const quote = (value: string) => JSON.stringify(shortened(value));
  const quoted = quote(text);
  switch (option.type) {
    case 'topic': {
      const topic = text.toLowerCase();
      if (ctx.topics.includes(topic)) return { ok: true, value: topic };
      return fail(`${quoted} is not a topic (${ctx.topics.join(', ')})`);
    }
    case 'integer': {
      if (!/^-?\d+$/.test(text)) return fail(`${quoted} is not a whole number`);
      const n = Number(text);
      if (!Number.isSafeInteger(n)) return fail(`${quoted} is too large`);
      if ((option.min !== undefined && n < option.min) || (option.max !== undefined && n > option.max)) {
        return fail(`must be from ${option.min} to ${option.max}`);
      }
      return { ok: true, value: n };
    }
    case 'difficulty': {
      const d = difficultyOf(text.toLowerCase());
      return d ? { ok: true, value: d } : fail(`${quoted} is not a difficulty (easy, medium or hard)`);
    }
    case 'period': {
      const p = text.toLowerCase() as Period;
      return PERIODS.includes(p) ? { ok: true, value: p } : fail(`${quoted} is not a period (week, month or all)`);
    }
    case 'member':
    case 'channel':
    case 'role': {
      if (option.type === 'role' && text.toLowerCase() === 'none') return { ok: true, value: null };
      // A platform's own parser first where it names members or channels as typed (the shell); ids and mentions else.
      const named = option.type === 'member' ? ctx.memberId : option.type === 'channel' ? ctx.channelNamed : undefined;
      const id = named ? named(text, option.name) : (MENTION.exec(text)?.[1] ?? BARE_ID.exec(text)?.[1]);
      return id ? { ok: true, value: id } : fail(`${quoted} is not a ${option.type}`);
    }
    case 'time':
      return parseTimeOfDay(text)
        ? { ok: true, value: normalTimeOfDay(text)! }
        : fail(`${quoted} is not a time as HH:MM (24-hour), for example 09:30`);
    case 'timezone':
      return isValidTimeZone(text)
        ? { ok: true, value: canonicalTimeZone(text) }
        : fail(`${quoted} is not an IANA timezone, for example Europe/Berlin or America/New_York`);
    case 'weekdays': {
      const parsed = parseWeekdays(text);
      return 'days' in parsed ? { ok: true, value: parsed.days } : fail(parsed.error);
    }
    case 'pack': {
      // One pack, or several separated by commas: deep-learning,our-stack.
      const ids = text.split(',').map((p) => p.trim());
      const unknown = ids.find((id) => !ctx.packs.includes(id));
      return unknown === undefined && ids.length > 0
        ? { ok: true, value: ids.join(',') }
        : fail(`${quote(unknown ?? text)} is not a question pack (${ctx.packs.join(', ')})`);
    }
    case 'topics': {
      if (['all', 'any'].includes(text.toLowerCase())) return { ok: true, value: [] };
      const topics = text
        .toLowerCase()
        .split(/[\s,]+/)
        .filter(Boolean);
      const unknown = topics.filter((t) => !ctx.topics.includes(t));
      if (topics.length === 0 || unknown.length)
        return fail(`${quote(unknown[0] ?? text)} is not a topic (${ctx.topics.join(', ')}, or all)`);
      return { ok: true, value: topics };
    }
    case 'difficulty-range': {
      if (['all', 'any'].includes(text.toLowerCase())) return { ok: true, value: null };
      const ends = text
        .toLowerCase()
        .split('-')
        .map((p) => difficultyOf(p.trim()));
      if (ends.length > 2 || ends.some((d) => d === undefined))
        return fail(`${quoted} is not a difficulty or a range such as easy-medium (or all)`);
      const [a, b = a] = ends as [Difficulty, Difficulty?];
      return { ok: true, value: a <= b! ? { min: a, max: b! } : { min: b!, max: a } };
    }
    case 'switch': {
      const mode = text.toLowerCase();
      return mode === 'on' || mode === 'off' ? { ok: true, value: mode } : fail(`${quoted} is not on or off`);
    }
    case 'file':
      return ctx.openFile ? { ok: true, value: ctx.openFile(text) } : fail('attach the file itself (a file option, or the form)');
    case 'daily-format': {
      const format = text.toLowerCase();
      return format === 'choice' || format === 'open'
        ? { ok: true, value: format }
        : fail(`${quoted} is not a daily format (choice or open)`);
    }
    case 'review-kind': {
      const kind = text.toLowerCase();
      return kind === 'choice' || kind === 'recall'
        ? { ok: true, value: kind }
        : fail(`${quoted} is not a kind of review (choice or recall)`);
    }
    case 'board': {
      const board = text.toLowerCase();
      return board === 'channel' || board === 'team' || board === 'channels'
        ? { ok: true, value: board }
        : fail(`${quoted} is not a board (channel, team or channels)`);
    }
    case 'privacy': {
      const mode = text.toLowerCase();
      return mode === 'hide' || mode === 'show' ? { ok: true, value: mode } : fail(`${quoted} is not hide or show`);
    }
  }
}

/** Validates every raw option of a command; the first problem is the error. Unknown option names are errors too. */
export function coerceArgs(
  command: { group: string; name: string; options: readonly OptionSpec[] },
  raw: Record<string, string>,
  ctx: ArgContext,
  files: Record<string, InFile> = {},
): { ok: true; values: ArgValues } | { ok: false; error: string } {
  const values: ArgValues = {};
  // Files the platform attached to file options (Discord) are values as they are.
  for (const option of command.options) {
    const file = files[option.name];
    if (option.type === 'file' && file) values[option.name] = file;
  }
  for (const name of Object.keys(raw)) {
    if (!command.options.some((o) => o.name === name)) {
      const known = command.options.map((o) => o.name).join(', ') || 'none';
      return { ok: false, error: `${name}: ${command.group} ${command.name} has no option "${name}" (options: ${known})` };
    }
  }
  for (const option of command.options) {
    const text = raw[option.name];
    if (values[option.name] !== undefined) continue;
    if (text === undefined || text.trim() === '') {
      // Its description says what to give ("hide or show", "The pack’s id"): the usage line alone only names it.
      if (option.required) return { ok: false, error: `${option.name}: required (${option.description})` };
      continue;
    }
    const result = coerceOption(option, text, ctx);
    if (!result.ok) return result;
    values[option.name] = result.value;
  }
  return { ok: true, values };
}
