import fc from 'fast-check';

/**
 * Text generators shared by the fuzz tests. Fully random strings find crashes on input nobody thought of;
 * the word lists make near-valid input, which gets past the first check and reaches the deeper code paths.
 */

/** Names that are properties of every plain object: a lookup such as `table[word]` finds them by accident. */
export const PROTOTYPE_WORDS = ['constructor', '__proto__', 'toString', 'tostring', 'valueOf', 'hasOwnProperty', 'prototype'];

/** Characters that break naive parsing: quotes, separators, control, invisible, combining and astral ones. */
export const TRICKY_WORDS = [
  '',
  ' ',
  '"',
  '“',
  '”',
  '""',
  '=',
  ':',
  '::',
  '-',
  ',',
  '\u0000',
  '\u0007',
  '\u200b',
  '\u00a0',
  '\ufeff',
  '\u202e',
  'e\u0301',
  'İ',
  'ß',
  '😀',
  '\ud800',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  'true',
  '[]',
  '{}',
  '<>',
  '../..',
  '%s%n',
  ...PROTOTYPE_WORDS,
];

/** Option values one edit away from valid: out of range, wrong format, wrong case, wrong unit. */
export const NEAR_MISS_VALUES = [
  '0',
  '21',
  '-1',
  '-0',
  '007',
  '1e3',
  '3.5',
  '0x10',
  '+3',
  '999999999',
  '1000000000',
  '٣',
  '３',
  ' 3 ',
  'brutal',
  'easy-brutal',
  'easy-medium-hard',
  'medium-',
  '-hard',
  'weak',
  'daily-ish',
  '25:00',
  '7:60',
  '24:00',
  '07:30:00',
  '7.30',
  'noon',
  'Europe/Atlantis',
  'europe/berlin',
  'Etc/GMT+99',
  'local',
  'Z',
  'mon-funday',
  'mon--fri',
  'mon-tue-wed',
  'sun-sat',
  ',,',
  'mon,',
  '<@>',
  '<#>',
  '<@U1',
  '<@U 1>',
  '@',
  '@@x',
  'a b',
  'knitting',
  'deep learning',
  'Deep-Learning',
  'cnn,,rnn',
  'cnn,knitting',
  'ON',
  'Hide',
  'maybe',
  ...PROTOTYPE_WORDS,
];
/** Option names one edit away from real ones, and names every object has. */
export const NEAR_MISS_KEYS = ['Count', 'COUNT', 'cnt', 'counts', 'topic-', 'add_admin', 'addadmin', 'x', 'a-', 'help', ...PROTOTYPE_WORDS];

/** Any string: code points from the whole range, ASCII with control characters, or printable graphemes. */
export const anyString = (maxLength = 60) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'binary-ascii', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
  );

/** A string far longer than any real value, to find unbounded echoes in error messages and slow paths. */
export const longString = (minLength = 61, maxLength = 2000) =>
  fc.oneof(
    fc.string({ unit: 'binary-ascii', minLength, maxLength }),
    fc
      .tuple(fc.constantFrom('a', 'x,', '"', '“', 'mon-', '9', ' '), fc.integer({ min: minLength, max: maxLength }))
      .map(([s, n]) => s.repeat(Math.ceil(n / s.length))),
  );

/** A word: known-good, near-miss, tricky or random. */
export function wordFrom(good: readonly string[], nearMiss: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...good) },
    { weight: 3, arbitrary: fc.constantFrom(...nearMiss) },
    { weight: 1, arbitrary: fc.constantFrom(...good).chain((w) => fc.mixedCase(fc.constant(w))) },
    { weight: 1, arbitrary: fc.constantFrom(...TRICKY_WORDS) },
    { weight: 2, arbitrary: anyString(20) },
    { weight: 1, arbitrary: fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }).map(String) },
  );
}

/** Whitespace as members and platforms send it, including the kinds a plain split(' ') would miss. */
export const separator = fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u3000', ' \u200b ');
