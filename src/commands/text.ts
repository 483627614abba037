import { type ArgContext, coerceOption, type OptionSpec, type OptionType } from './options.js';
import { type CommandSpec, commandsOf, findCommand, GROUPS, type GroupName } from './table.js';

const GROUP_NAMES = Object.keys(GROUPS) as GroupName[];

/**
 * Parses the text after a command, as Slack sends it for "/quiz start cnn 3" and as the shell reads it:
 * "start cnn 3", "start topic=cnn count=3", or any mix. Positional words fill the options in the table's order,
 * each going to the next option that accepts it (so "start 3" is a count, not a topic); name=value sets any option.
 */
export type ParsedText =
  | { kind: 'command'; command: CommandSpec; raw: Record<string, string> }
  /**
   * `command`: the error is about the words given to a known command (its usage is the help it needs); `about`: the
   * commands "help <name>" asked about.
   */
  | { kind: 'help'; group: GroupName; error?: string; command?: CommandSpec; about?: CommandSpec[] };

export const MAX_COMMAND_TEXT = 1000;

/** Splits on spaces, keeping "quoted words" and name="quoted values" together. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /(?:[^\s"“”]+|["“][^"”]*["”])+/g;
  for (const m of text.matchAll(re)) tokens.push(m[0].replace(/["“”]/g, ''));
  return tokens;
}

export function parseCommandText(group: GroupName, text: string, ctx: ArgContext): ParsedText {
  if (text.length > MAX_COMMAND_TEXT)
    return { kind: 'help', group, error: `the command is too long (over ${MAX_COMMAND_TEXT} characters)` };
  const [first, ...rest] = tokenize(text);
  if (first === undefined || (first.toLowerCase() === 'help' && rest.length === 0)) return { kind: 'help', group };
  if (first.toLowerCase() === 'help') return helpAbout(group, rest);
  let name: string = first;
  let words = rest;
  // A command of a family is named in two words ("pack upload").
  const family = commandsOf(group).filter((c) => c.name.startsWith(`${first.toLowerCase()} `));
  if (family.length > 0) {
    const named = family.find((c) => c.name === `${first.toLowerCase()} ${rest[0]?.toLowerCase()}`);
    if (!named) {
      const subs = family.map((c) => c.name.split(' ')[1]).join(', ');
      return { kind: 'help', group, error: `${group} ${first.toLowerCase()} needs one of: ${subs}` };
    }
    name = named.name;
    words = rest.slice(1);
  }
  const command = findCommand(group, name.toLowerCase());
  if (!command) {
    const known = commandsOf(group)
      .map((c) => c.name)
      .join(', ');
    return { kind: 'help', group, error: `"${name.slice(0, 40)}" is not a ${group} command (${known})` };
  }
  const raw: Record<string, string> = {};
  const positional: string[] = [];
  for (const word of words) {
    const eq = /^([a-z][a-z-]*)=(.*)$/i.exec(word);
    if (eq) {
      const key = eq[1]!.toLowerCase();
      // Own keys only: `in` also sees Object.prototype, so "constructor=1" was "given twice".
      if (Object.hasOwn(raw, key)) return { kind: 'help', group, command, error: `${key}: given twice` };
      // "count=" sets nothing: said, rather than the option silently left at its default.
      if (eq[2] === '') return { kind: 'help', group, command, error: `${key}: no value after "="` };
      raw[key] = eq[2]!;
    } else if (/^day$/i.test(word) && /^every$/i.test(positional.at(-1) ?? '')) {
      positional[positional.length - 1] += ` ${word}`; // "setup every day": the weekdays, as help writes them
    } else positional.push(word);
  }
  let next = 0;
  for (const word of positional) {
    const open = (o: OptionSpec) => !(o.name in raw) && !o.named && (!o.mentionOnly || mentionOf(o.type, word));
    const after = command.options.slice(next).filter(open);
    const before = command.options.slice(0, next).filter(open);
    const takes = (o: OptionSpec) => coerceOption(o, word, ctx).ok;
    const shaped = (o: OptionSpec) => looksLike(o.type, word);
    // An option after the last one given that takes the word; else one before it ("review choice 1": the kind,
    // then the count); else the one it looks meant for ("25:00": the time), so that its error names it; else the
    // next one, whose error says what it wants. A word with none of these left is one too many.
    // A word (not a number) no option takes goes to a free one before, whose error says what it wants: "start 3
    // hard transformer" is not a topic; "start 3 2 1" is a number too many.
    // A word an option already given would take ("start 5 medium hard") is one too many, not a bad topic.
    const repeat = command.options.some((o) => o.name in raw && takes(o));
    const taker =
      after.find(takes) ??
      before.find(takes) ??
      after.find(shaped) ??
      before.find(shaped) ??
      after[0] ??
      (/^[a-z]/i.test(word) && !repeat ? before[0] : undefined);
    if (mentionOf('member', word) && !taker?.type.startsWith('member')) {
      const removal = command.options.some((o) => o.named && o.type === 'member');
      if (removal) {
        const hint = `one member to add at a time in order; to remove one, write remove-admin=${word.slice(0, 40)}`;
        return { kind: 'help', group, command, error: `"${word.slice(0, 40)}": ${hint}` };
      }
    }
    if (!taker) {
      return { kind: 'help', group, command, error: `"${word.slice(0, 40)}": ${group} ${command.name} takes no more arguments` };
    }
    raw[taker.name] = word;
    next = command.options.indexOf(taker) + 1;
  }
  return { kind: 'command', command, raw };
}

/**
 * "help setup", "help pack upload", "help pack": the commands named (in either group: "quiz help setup" is the
 * admin command), for their options; a name that is none is an error listing the group's commands.
 */
function helpAbout(group: GroupName, words: string[]): ParsedText {
  const name = words.join(' ').toLowerCase();
  for (const g of [group, ...GROUP_NAMES.filter((other) => other !== group)]) {
    const named = commandsOf(g).filter((c) => c.name === name || c.name.startsWith(`${name} `));
    if (named.length > 0) return { kind: 'help', group: g, about: named };
  }
  const known = commandsOf(group)
    .map((c) => c.name)
    .join(', ');
  return { kind: 'help', group, error: `"${name.slice(0, 40)}" is not a ${group} command (${known})` };
}

/**
 * A word written as a mention of its kind: #channel or <#…>; a member @name or <@…>; a role only as a role mention
 * (<@&…>) or "none": a member's mention in order is an admin to add, never a role.
 */
function mentionOf(type: OptionType, word: string): boolean {
  if (type === 'channel') return /^(#|<#)/.test(word);
  if (type === 'member') return /^(@|<@(?!&))/.test(word);
  if (type === 'role') return /^<@&/.test(word) || word.toLowerCase() === 'none';
  return false;
}

/** Words shaped like a value of an option type, though not a valid one (25:00, Europe/Berlinn, 99999). */
function looksLike(type: OptionType, word: string): boolean {
  if (type === 'time') return /^\d{1,2}:\d{1,2}$/.test(word);
  if (type === 'timezone') return /^[A-Za-z_]+\/[A-Za-z_/+-]+$/.test(word);
  if (type === 'integer') return /^-?\d+$/.test(word);
  return false;
}
