/**
 * Which key points a typed answer appears to mention. A hint for the member, never a grade: it looks for words,
 * so it cannot tell "does not vanish" from "vanishes", nor right words in a wrong argument.
 *
 * How it works, in full (the README repeats it for members):
 * - the answer and every term are normalised the same way: lower case, punctuation and hyphens become spaces
 *   (%, × or *, and ∞ become words), numbers are words of their own and numbers written out are digits (see
 *   normalise), and each word is reduced to a simple stem (plural and verb endings, -ize/-ise/-ization, a final e, a doubled
 *   final consonant), so "normalises", "normalized" and "normalization" all read as "normal";
 * - a term is mentioned when any of its alternatives ("divide|scale|sqrt") appears as consecutive stems;
 * - a key point is covered when at least two thirds of its terms (rounded up) are mentioned.
 */

/** One thing an interviewer listens for, and the words that count as mentioning it. */
export interface KeyPoint {
  point: string;
  /** Each term is a list of alternatives (synonyms); an alternative is a word or a short phrase. */
  terms: readonly (readonly string[])[];
}

const SUFFIXES: readonly [string, string][] = [
  ['izations', ''],
  ['isations', ''],
  ['ization', ''],
  ['isation', ''],
  ['izing', ''],
  ['ising', ''],
  ['ized', ''],
  ['ised', ''],
  ['izes', ''],
  ['ises', ''],
  ['ize', ''],
  ['ise', ''],
  ['ations', ''],
  ['ation', ''],
  ['ings', ''],
  ['ing', ''],
  ['edly', ''],
  ['sses', 'ss'],
  ['ses', 's'],
  ['ied', 'y'],
  ['ies', 'y'],
  ['ed', ''],
  ['ly', ''],
  ['s', ''],
];
const MIN_STEM = 3;
/** Words that end in -s without being a plural. */
const NOT_PLURAL = new Set(['bias', 'alias', 'atlas', 'canvas', 'gas', 'lens', 'news', 'series', 'species']);
/** Words that end in -ed without being a past tense ("embed" is not "emb" + ed). */
const NOT_PAST_TENSE = new Set([
  'embed',
  'speed',
  'need',
  'seed',
  'feed',
  'breed',
  'shed',
  'shred',
  'hundred',
  'indeed',
  'proceed',
  'exceed',
]);

/** A word's stem: the same for its plural, its verb forms and its British or American spelling. */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length <= MIN_STEM) return w;
  if (w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) return trimEnd(w); // not plurals: loss, bias, basis, corpus
  if (NOT_PAST_TENSE.has(w) || NOT_PLURAL.has(w)) return w;
  for (const [suffix, replacement] of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length + replacement.length >= MIN_STEM) {
      w = w.slice(0, w.length - suffix.length) + replacement;
      break;
    }
  }
  return trimEnd(w);
}

/** A final e goes ("scale" and "scaled" meet at "scal"); a doubled final consonant is single ("embedd"). */
function trimEnd(w: string): string {
  let out = w;
  if (out.length > MIN_STEM && out.endsWith('e')) out = out.slice(0, -1);
  const last = out[out.length - 1];
  if (
    out.length > MIN_STEM &&
    last === out[out.length - 2] &&
    last !== undefined &&
    /[b-df-hj-np-tv-z]/.test(last) &&
    // Not s or z (loss, buzz); l is (British "labelled" meets American "labeled").
    !'sz'.includes(last)
  ) {
    out = out.slice(0, -1);
  }
  return out;
}

/**
 * Symbols a member types for a word: "0.4%" meets a term "0.4 percent", and a product (×, or the * typed for it)
 * reads as "times" wherever it stands ("s*s" is "s × s"; "9×", "9x" and "9 times" meet). A middle dot joins what
 * it multiplies, as typed without it: "6·N" is "6N".
 */
const SYMBOL_WORDS: Record<string, string> = { '%': ' percent ', '×': ' times ', '*': ' times ', '∞': ' infinity ', '·': '', '⋅': '' };
const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** Greek letters by name, as typed without them: "ρσ²" is "rho sigma 2", "ε/K" is "epsilon k". */
const GREEK: Record<string, string> = Object.fromEntries(
  [...'αβγδεζηθικλμνξοπρστυφχψω'].map((letter, i) => [
    letter,
    ` ${'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega'.split(' ')[i]} `,
  ]),
);
/**
 * Numbers written out, as the digits they are ("three times" is "3 times"). Not zero (ZeRO, the optimizer, would
 * read as 0) nor one (a pronoun as often as a number); only the words themselves, not "tens" or "nines".
 */
const NUMBER_WORDS = new Map('two three four five six seven eight nine ten eleven twelve'.split(' ').map((w, i) => [w, String(i + 2)]));
/** The word's stem, or what it stands for: a number written out, "x" right after a number ("3x", "2x2"), "inf". */
function stemOrSpelled(word: string, previous: string | undefined): string {
  if (word === 'x' && previous !== undefined && /^[0-9]+$/.test(previous)) return stem('times');
  if (word === 'inf') return stem('infinity');
  return NUMBER_WORDS.get(word) ?? stem(word);
}

/**
 * The answer as stems, in order. A number is a word of its own, also when letters follow it ("176M" reads as
 * "176 m", "6N" as "6 n"), and so is a power ("t²" as "t 2", like "t^2"); letters then digits stay one word
 * ("fp16"). Numbers written out are digits ("three times" is "3 times", as "3x" and "3×" are).
 */
export function normalise(text: string): string[] {
  const words = text
    .toLowerCase()
    .replace(/[%×*∞·⋅]/g, (symbol) => SYMBOL_WORDS[symbol]!)
    .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/g, (digit) => ` ${SUPERSCRIPTS.indexOf(digit)} `)
    .replace(/[α-ω]/g, (letter) => GREEK[letter] ?? ' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([0-9])x(?=[0-9])/g, '$1 x ')
    .replace(/([0-9])(?=[a-z])/g, '$1 ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.map((word, i) => stemOrSpelled(word, words[i - 1]));
}

function contains(words: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/** How many of a key point's terms must be mentioned: two thirds, rounded up. */
export const termsNeeded = (terms: number) => Math.ceil((2 * terms) / 3);

/** Whether one term (any of its alternatives) is mentioned in these words. */
export function mentions(words: readonly string[], alternatives: readonly string[]): boolean {
  return alternatives.some((alternative) => contains(words, normalise(alternative)));
}

/** For each key point, whether the answer appears to cover it. */
export function coveredPoints(answer: string, points: readonly KeyPoint[]): boolean[] {
  const words = normalise(answer);
  return points.map((p) => p.terms.filter((alternatives) => mentions(words, alternatives)).length >= termsNeeded(p.terms.length));
}

/** Words too common to say anything about a key point on their own. */
const STOPWORDS = new Set(
  (
    'a an and are as at be by can do does for from has have how if in into is it its not of on or so such than that the their them ' +
    'then there these they this to was were what when which while who why will with without you your more most less each other ' +
    'one two use used using uses also only very much many any all both same about after before over under between'
  ).split(' '),
);

/** The words of a text that carry meaning (stopwords and one-letter words left out), in order, unstemmed. */
export function contentWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w));
}
