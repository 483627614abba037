import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ArgContext, type ArgValue, coerceArgs, coerceOption } from '../../src/commands/options.js';
import { COMMANDS, commandsOf, FAMILIES, type GroupName, type OptionSpec } from '../../src/commands/table.js';
import { MAX_COMMAND_TEXT, parseCommandText, tokenize } from '../../src/commands/text.js';
import { isValidTimeZone, PERIODS, parseTimeOfDay } from '../../src/core/shared/time.js';
import { anyString, longString, NEAR_MISS_KEYS, NEAR_MISS_VALUES, PROTOTYPE_WORDS, separator, wordFrom } from './arbitraries.js';

/**
 * Command text is what a member types after /quiz on Slack or in the terminal. Whatever it is, the parser gives a
 * command with raw options or a help with an error naming the problem, and the option validators give a value of
 * the option's type or an error naming the option: never an exception, never a value of the wrong type.
 */

const ctx: ArgContext = { topics: ['cnn', 'rnn', 'transformers'], packs: ['deep-learning'] };
const GROUP_NAMES: GroupName[] = ['quiz', 'quiz-admin'];
const ALL_OPTIONS: OptionSpec[] = COMMANDS.flatMap((c) => c.options);
const OPTION_NAMES = [...new Set(ALL_OPTIONS.map((o) => o.name))];
const COMMAND_NAMES = [...new Set(COMMANDS.map((c) => c.name))];

/** Values some option accepts. */
const GOOD_VALUES = [
  'cnn',
  'RNN',
  'transformers',
  '1',
  '3',
  '20',
  'hard',
  'Easy',
  '2',
  'week',
  'month',
  'all',
  'any',
  '<@U123ABC|alice>',
  '<@!U9>',
  '<#C1|general>',
  '<#C1>',
  '<@&R1>',
  '@bob',
  'U777',
  'none',
  '07:45',
  '9:05',
  '23:59',
  'Europe/Berlin',
  'America/New_York',
  'UTC',
  'mon-fri',
  'mon,wed,fri',
  'weekdays',
  'weekends',
  'every day',
  'sunday',
  'fri-mon',
  'deep-learning',
  'cnn,rnn',
  'cnn rnn',
  'easy-medium',
  'hard-easy',
  'on',
  'off',
  'hide',
  'show',
];
const value = wordFrom(GOOD_VALUES, NEAR_MISS_VALUES);
const key = fc.oneof(fc.constantFrom(...OPTION_NAMES), fc.constantFrom(...NEAR_MISS_KEYS), fc.stringMatching(/^[a-zA-Z][a-zA-Z-]{0,8}$/));

/** One word of command text: a value, name=value, or either of them quoted (straight, curly, or unbalanced). */
const word: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: value },
  { weight: 3, arbitrary: fc.tuple(key, value).map(([k, v]) => `${k}=${v}`) },
  { weight: 1, arbitrary: fc.tuple(key, value, value).map(([k, a, b]) => `${k}="${a} ${b}"`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('"', '“'), value, fc.constantFrom('"', '”', '')).map(([o, v, c]) => `${o}${v}${c}`) },
  // The same name twice, maybe in another case: "count=1 COUNT=2".
  {
    weight: 1,
    arbitrary: fc.tuple(key, value, value).chain(([k, a, b]) => fc.mixedCase(fc.constant(k)).map((k2) => `${k}=${a} ${k2}=${b}`)),
  },
);

const commandName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...COMMAND_NAMES) },
  // A family's first word alone ("pack …"): reached every run, so the "needs one of" outcome is never left to luck.
  { weight: 1, arbitrary: fc.constantFrom(...Object.keys(FAMILIES)) },
  { weight: 1, arbitrary: fc.constantFrom(...COMMAND_NAMES).chain((n) => fc.mixedCase(fc.constant(n))) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...COMMAND_NAMES), fc.nat(), anyString(2))
      .map(([n, cut, extra]) => n.slice(0, cut % (n.length + 1)) + extra),
  },
  { weight: 1, arbitrary: fc.constantFrom('help', 'HELP', '', 'quiz', 'quiz-admin', ...PROTOTYPE_WORDS) },
);

/** A platform id (built once: building a stringMatching arbitrary is slow). */
const id = fc.stringMatching(/^[A-Z][A-Z0-9]{1,10}$/);

/** A value its option accepts, so that whole commands get past validation and into the handlers. */
function validValue(option: OptionSpec): fc.Arbitrary<string> {
  switch (option.type) {
    case 'topic':
      return fc.constantFrom(...ctx.topics).chain((t) => fc.mixedCase(fc.constant(t)));
    case 'integer':
      return fc.integer({ min: option.min ?? 0, max: option.max ?? 100 }).map(String);
    case 'difficulty':
      return fc.constantFrom('easy', 'medium', 'hard', '1', '2', '3', 'HARD');
    case 'period':
      return fc.constantFrom(...PERIODS);
    case 'board':
      return fc.constantFrom('channel', 'team', 'channels', 'CHANNELS');
    case 'review-kind':
      return fc.constantFrom('choice', 'recall', 'Recall');
    case 'daily-format':
      return fc.constantFrom('choice', 'open', 'OPEN');
    case 'file':
      return fc.constantFrom('pack.yaml', 'data/our-stack.csv');
    case 'member':
      return fc.oneof(
        id.map((u) => `<@${u}|name>`),
        id.map((u) => `<@${u}>`),
        id.map((u) => `@${u}`),
        id,
      );
    case 'channel':
      return fc.oneof(
        id.map((c) => `<#${c}|general>`),
        id.map((c) => `<#${c}>`),
        id,
      );
    case 'role':
      return fc.oneof(
        id.map((r) => `<@&${r}>`),
        fc.constant('none'),
        id,
      );
    case 'time':
      return fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([h, m]) => `${h}:${String(m).padStart(2, '0')}`);
    case 'timezone':
      return fc.constantFrom('Europe/Berlin', 'UTC', 'Asia/Kolkata', 'America/New_York', 'Pacific/Chatham');
    case 'weekdays':
      return fc.constantFrom('mon-fri', 'mon,wed,fri', 'weekends', 'sun', 'every day', 'fri-mon');
    case 'pack':
      return fc.constantFrom(...ctx.packs);
    case 'topics':
      return fc.oneof(
        fc.subarray([...ctx.topics], { minLength: 1 }).map((t) => t.join(',')),
        fc.constant('all'),
      );
    case 'difficulty-range':
      return fc.constantFrom('easy-medium', 'hard', 'hard-easy', 'all', '1-2');
    case 'switch':
      return fc.constantFrom('on', 'off', 'ON');
    case 'privacy':
      return fc.constantFrom('hide', 'show');
  }
}

/** A command of the table with some of its options valid, positional or name=value, now and then one near miss. */
const tableCommandText = fc.constantFrom(...COMMANDS).chain((command) =>
  fc
    .tuple(
      fc.subarray([...command.options]).chain((options) =>
        fc.tuple(
          ...options.map((o) =>
            fc.tuple(fc.oneof({ weight: 5, arbitrary: validValue(o) }, { weight: 1, arbitrary: value }), fc.boolean()).map(([v, named]) => {
              const shown = /\s/.test(v) ? `"${v}"` : v;
              return named ? `${o.name}=${shown}` : shown;
            }),
          ),
        ),
      ),
      separator,
    )
    .map(([words, sep]) => [command.name, ...words].join(sep)),
);

/** Near-valid command text: a command name and words, joined with any kind of whitespace. */
const structuredText = fc.oneof(
  fc
    .tuple(commandName, fc.array(fc.tuple(separator, word), { maxLength: 8 }), separator, separator)
    .map(([name, words, lead, trail]) => lead + name + words.map(([s, w]) => s + w).join('') + trail),
  tableCommandText,
);

const commandText = fc.oneof(
  { weight: 8, arbitrary: structuredText },
  { weight: 2, arbitrary: anyString(120) },
  // Around the length limit: just under it must still parse, just over it must be refused as too long.
  {
    weight: 1,
    arbitrary: fc
      .tuple(structuredText, fc.integer({ min: MAX_COMMAND_TEXT - 20, max: MAX_COMMAND_TEXT + 20 }))
      .map(([t, n]) => (t + ' x'.repeat(n)).slice(0, n)),
  },
  { weight: 1, arbitrary: longString(MAX_COMMAND_TEXT - 5, 3 * MAX_COMMAND_TEXT) },
);

const group = fc.constantFrom(...GROUP_NAMES);

/** Whether a value has the type its option promises the handlers (what a handler would misuse otherwise). */
function wellTyped(option: OptionSpec, v: ArgValue): boolean {
  const platformId = (x: unknown) => typeof x === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(x);
  const difficulty = (x: unknown) => x === 1 || x === 2 || x === 3;
  switch (option.type) {
    case 'topic':
      return typeof v === 'string' && ctx.topics.includes(v);
    case 'integer':
      return (
        Number.isInteger(v) &&
        (option.min === undefined || (v as number) >= option.min) &&
        (option.max === undefined || (v as number) <= option.max)
      );
    case 'difficulty':
      return difficulty(v);
    case 'period':
      return PERIODS.includes(v as never);
    case 'board':
      return v === 'channel' || v === 'team' || v === 'channels';
    case 'review-kind':
      return v === 'choice' || v === 'recall';
    case 'daily-format':
      return v === 'choice' || v === 'open';
    case 'file':
      return typeof v === 'object' && v !== null && 'read' in v && typeof v.read === 'function';
    case 'member':
    case 'channel':
      return platformId(v);
    case 'role':
      return v === null || platformId(v);
    case 'time':
      return typeof v === 'string' && parseTimeOfDay(v) !== undefined;
    case 'timezone':
      return typeof v === 'string' && isValidTimeZone(v);
    case 'weekdays':
      return (
        Array.isArray(v) &&
        v.every(
          (d, i) => Number.isInteger(d) && (d as number) >= 1 && (d as number) <= 7 && (i === 0 || (v[i - 1] as number) < (d as number)),
        )
      );
    case 'pack':
      return typeof v === 'string' && ctx.packs.includes(v);
    case 'topics':
      return Array.isArray(v) && v.every((t) => typeof t === 'string' && ctx.topics.includes(t));
    case 'difficulty-range':
      return v === null || (typeof v === 'object' && 'min' in v && 'max' in v && difficulty(v.min) && difficulty(v.max) && v.min <= v.max);
    case 'switch':
      return v === 'on' || v === 'off';
    case 'privacy':
      return v === 'hide' || v === 'show';
  }
}

/** An error a member can act on: it starts with what it is about, and does not echo pages of their input back. */
const MAX_ERROR_LENGTH = 600;

/** The text after name= in each token that has one, lowercased name first (as the parser reads it). */
const assignments = (tokens: string[]) =>
  tokens.flatMap((t) => {
    const m = /^([a-z][a-z-]*)=(.*)$/i.exec(t);
    return m ? [{ key: m[1]!.toLowerCase(), value: m[2]! }] : [];
  });

describe('fuzz: command text (Slack /quiz …, the terminal)', () => {
  it('tokenize never throws and strips every quote', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        const tokens = tokenize(text);
        for (const token of tokens) expect(token).not.toMatch(/["“”]/);
        // Nothing is invented: each token's characters appear in the text in order.
        expect(tokens.join('').length).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 500 },
    );
  });

  it('parseCommandText gives a command or a help whose error names what is wrong', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(group, commandText, (g, text) => {
        const parsed = parseCommandText(g, text, ctx);
        seen.add(
          parsed.kind === 'command'
            ? 'command'
            : (parsed.error?.replace(
                /^.*(too long|given twice|no value|not a \S+ command|no more arguments|needs one of|one member to add at a time).*$/s,
                '$1',
              ) ?? 'help'),
        );
        if (text.length > MAX_COMMAND_TEXT) {
          expect(parsed).toEqual({ kind: 'help', group: g, error: expect.stringContaining('too long') });
          return;
        }
        const tokens = tokenize(text);
        // "every day" typed unquoted is one value, the weekdays.
        const everyDay = tokens.flatMap((t, i) =>
          /^every$/i.test(t) && /^day$/i.test(tokens[i + 1] ?? '') ? [`${t} ${tokens[i + 1]}`] : [],
        );
        if (parsed.kind === 'help' && tokens[0]?.toLowerCase() === 'help' && tokens.length > 1) {
          // "help <command>": the commands so named (of either group), or an error quoting the name.
          const about = tokens.slice(1).join(' ').toLowerCase();
          if (parsed.error !== undefined) expect(parsed.error.startsWith(`"${about.slice(0, 40)}" is not a ${g} command (`)).toBe(true);
          else {
            expect(parsed.about!.length).toBeGreaterThan(0);
            for (const c of parsed.about!) {
              expect(c.group).toBe(parsed.group);
              expect(c.name === about || c.name.startsWith(`${about} `), c.name).toBe(true);
            }
          }
          return;
        }
        if (parsed.kind === 'help') {
          expect(parsed.group).toBe(g);
          if (parsed.error === undefined) {
            expect(tokens[0] === undefined || tokens[0].toLowerCase() === 'help').toBe(true);
            return;
          }
          expect(parsed.error.length).toBeLessThanOrEqual(MAX_ERROR_LENGTH);
          const given = assignments(tokens);
          const twice = /^([a-z][a-z-]*): given twice$/.exec(parsed.error);
          const notCommand = /^"([\s\S]*)" is not a (quiz|quiz-admin) command \(/.exec(parsed.error);
          const familyOnly = new RegExp(`^${g} ([a-z-]+) needs one of: `).exec(parsed.error);
          const noMore = new RegExp(`^"([\\s\\S]*)": ${g} [a-z-]+( [a-z-]+)? takes no more arguments$`).exec(parsed.error);
          const noValue = /^([a-z][a-z-]*): no value after "="$/.exec(parsed.error);
          const secondMember = /^"([\s\S]*)": one member to add at a time in order; to remove one, write remove-admin=/.exec(parsed.error);
          if (secondMember) {
            // Only a member's mention typed in order, in a command that removes members only by name.
            expect(tokens.some((t) => t.slice(0, 40) === secondMember[1] && /^(@|<@(?!&))/.test(t))).toBe(true);
            expect(g).toBe('quiz-admin');
          } else if (noValue) {
            // Only a name really given with nothing after "=" may be called so.
            expect(
              given.some((a) => a.key === noValue[1] && a.value === ''),
              parsed.error,
            ).toBe(true);
          } else if (twice) {
            // Only a name really given twice may be called given twice.
            expect(given.filter((a) => a.key === twice[1]).length, parsed.error).toBeGreaterThanOrEqual(2);
          } else if (notCommand) {
            expect(notCommand[1]).toBe(tokens[0]!.slice(0, 40));
            expect(notCommand[2]).toBe(g);
          } else if (familyOnly) {
            // A family named without (or with an unknown) second word: the family is the first word typed.
            expect(familyOnly[1]).toBe(tokens[0]!.toLowerCase());
            expect(Object.keys(FAMILIES)).toContain(familyOnly[1]);
          } else if (noMore) {
            expect([...tokens, ...everyDay].some((t) => t.slice(0, 40) === noMore[1])).toBe(true);
          } else {
            expect.fail(`unexpected parse error: ${parsed.error}`);
          }
          return;
        }
        // A command of this group, and every raw value is text that was typed (a whole word or what follows name=).
        expect(parsed.command.group).toBe(g);
        expect(commandsOf(g)).toContain(parsed.command);
        // A family's command is named by the first two words ("pack upload"), any other by the first.
        const named = parsed.command.name.includes(' ') ? `${tokens[0]} ${tokens[1]}` : tokens[0]!;
        expect(parsed.command.name).toBe(named.toLowerCase());
        const typed = new Set([...tokens, ...everyDay, ...assignments(tokens).map((a) => a.value)]);
        for (const [name, raw] of Object.entries(parsed.raw)) {
          expect(typeof raw).toBe('string');
          expect(typed.has(raw), `${name}=${raw}`).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
    // The generators reach every outcome, not just the first check (a second member's mention in order is rare).
    expect([...seen].filter((o) => o !== 'one member to add at a time').sort()).toEqual([
      'command',
      'given twice',
      'help',
      'needs one of',
      'no more arguments',
      'no value',
      'not a quiz command',
      'not a quiz-admin command',
      'too long',
    ]);
  });

  it('a parsed command coerces to values of the right type, or an error naming the option', () => {
    let valid = 0;
    let refused = 0;
    fc.assert(
      fc.property(group, structuredText, (g, text) => {
        const parsed = parseCommandText(g, text, ctx);
        if (parsed.kind !== 'command') return;
        const result = coerceArgs(parsed.command, parsed.raw, ctx);
        if (result.ok) valid += Object.keys(result.values).length > 0 ? 1 : 0;
        else refused += 1;
        if (result.ok) {
          for (const [name, v] of Object.entries(result.values)) {
            const option = parsed.command.options.find((o) => o.name === name);
            expect(option, name).toBeDefined();
            expect(wellTyped(option!, v), `${name} = ${String(v)} (from ${JSON.stringify(parsed.raw[name])})`).toBe(true);
          }
          for (const option of parsed.command.options) if (option.required) expect(result.values).toHaveProperty(option.name);
        } else {
          const named = result.error.split(':')[0]!;
          expect(Object.keys(parsed.raw).includes(named) || parsed.command.options.some((o) => o.name === named), result.error).toBe(true);
          expect(result.error.length).toBeLessThanOrEqual(MAX_ERROR_LENGTH);
        }
      }),
      { numRuns: 1500 },
    );
    // Both sides are reached: commands with valid options, and options refused.
    expect(valid).toBeGreaterThan(25);
    expect(refused).toBeGreaterThan(25);
  });

  it('every option validator gives a value of its type, or an error that starts with the option name', () => {
    const raw = fc.oneof({ weight: 6, arbitrary: value }, { weight: 1, arbitrary: longString() });
    fc.assert(
      fc.property(fc.constantFrom(...ALL_OPTIONS), raw, (option, text) => {
        const result = coerceOption(option, text, ctx);
        if (result.ok) {
          expect(
            wellTyped(option, result.value),
            `${option.name} (${option.type}) = ${String(result.value)} from ${JSON.stringify(text)}`,
          ).toBe(true);
        } else {
          expect(result.error.startsWith(`${option.name}: `), result.error).toBe(true);
          expect(result.error.length, result.error.slice(0, 100)).toBeLessThanOrEqual(MAX_ERROR_LENGTH);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('adversarial text at the length limit parses quickly', () => {
    for (const unit of ['“', '"a', '“a ', 'a=', ' ', 'a"b"', 'start ']) {
      const text = unit.repeat(Math.ceil(MAX_COMMAND_TEXT / unit.length)).slice(0, MAX_COMMAND_TEXT);
      const began = performance.now();
      for (const g of GROUP_NAMES) parseCommandText(g, text, ctx);
      expect(performance.now() - began, JSON.stringify(unit)).toBeLessThan(250);
    }
  });

  describe('regressions found by fuzzing', () => {
    it('an option named like an Object property is unknown, not "given twice"', () => {
      const parsed = parseCommandText('quiz', 'start constructor=1', ctx);
      expect(parsed.kind).toBe('command');
      if (parsed.kind !== 'command') return;
      expect(coerceArgs(parsed.command, parsed.raw, ctx)).toEqual({
        ok: false,
        error: 'constructor: quiz start has no option "constructor" (options: topic, count, difficulty)',
      });
    });

    it.each([
      ['quiz', 'start __proto__', /^topic: "__proto__" is not a topic/], // no option takes it, so the first one refuses it
      ['quiz', 'start difficulty=constructor', /^difficulty: "constructor" is not a difficulty/],
      ['quiz-admin', 'setup difficulty=constructor', /^difficulty: "constructor" is not a difficulty or a range/],
      ['quiz-admin', 'setup difficulty=easy-__proto__', /^difficulty: "easy-__proto__" is not a difficulty or a range/],
    ] as const)('%s %s is refused, not read as a difficulty', (g, text, error) => {
      const parsed = parseCommandText(g, text, ctx);
      expect(parsed.kind).toBe('command');
      if (parsed.kind !== 'command') return;
      const result = coerceArgs(parsed.command, parsed.raw, ctx);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toMatch(error);
    });

    it('a long unknown topic or weekday is quoted shortened, as every other value is', () => {
      const setup = COMMANDS.find((c) => c.name === 'setup')!;
      const long = 'x'.repeat(900);
      for (const name of ['topics', 'weekdays']) {
        const result = coerceArgs(setup, { [name]: long }, ctx);
        expect(result.ok).toBe(false);
        expect(!result.ok && result.error).toMatch(new RegExp(`^${name}: "x{60}…" is not a`));
      }
    });
  });
});
