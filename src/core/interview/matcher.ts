import { joinedPairs, percentForm, prepared, spacedGroups } from './term-forms.js';

/**
 * Which key points a typed answer appears to mention. A hint for the member, never a grade: it looks for words,
 * so it cannot tell "does not vanish" from "vanishes", nor right words in a wrong argument.
 *
 * How it works, in full (the README repeats it for members):
 * - the answer and every term are normalised the same way: lower case, punctuation and hyphens become spaces
 *   (% and ∞ become words, product signs go), numbers are words of their own, a decimal with its point (see
 *   normalise), and each word is reduced to a simple stem (plural and verb endings, -ize/-ise/-ization, a final e,
 *   a doubled final consonant),
 *   so "normalises", "normalized" and "normalization" all read as "normal"; numbers written out in the answer also
 *   read as digits (see readings), grouped digits are one number ("786,432"), contractions are two words;
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
  ['isers', 'izer'],
  ['iser', 'izer'],
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
    // Not s or z (loss, buzz); l only after three letters or more, where British doubles it ("labelled" meets
    // "labeled", "fuelled" meets "fueled") and a short word keeps it ("roll" is not "role", "fill" not "file").
    (!'slz'.includes(last) || (last === 'l' && out.length - 2 >= 3))
  ) {
    out = out.slice(0, -1);
  }
  return out;
}

/**
 * Symbols a member types for a word: "0.4%" meets a term "0.4 percent" (products: see rawWords).
 */
const SYMBOL_WORDS: Record<string, string> = { '%': ' percent ', '∞': ' infinity ' };
const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** Greek letters by name, as typed without them: "ρσ²" is "rho sigma 2", "ε/K" is "epsilon k" (µ is the micro sign). */
const GREEK_NAMES =
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma sigma tau upsilon phi chi psi omega'.split(
    ' ',
  );
const GREEK: Record<string, string> = {
  ...Object.fromEntries([...'αβγδεζηθικλμνξοπρςστυφχψω'].map((l, i) => [l, ` ${GREEK_NAMES[i]} `])),
  µ: ' mu ',
};
const NUMBER_WORDS = new Map([
  ...'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'
    .split(' ')
    .map((w, i) => [w, i] as const),
  ...'twenty thirty forty fifty sixty seventy eighty ninety'.split(' ').map((w, i) => [w, 20 + 10 * i] as const),
]);
/** Stands in for a product sign while the text is split into words (no word of a text is spelt like it). */
const PRODUCT = 'qqproductqq';
/** A number with a fractional part, as one word. */
const DECIMAL = /^[0-9]+\.[0-9]+$/;
/**
 * A decimal without the zeros its last digit does not need ("0.30" is "0.3"), as written: "3.00" is "3.0", a term
 * the author wrote with its point. By value, "2.0" is also 2: an answer is read both ways (see readings), so "MAE is
 * 2.0" meets "mae is 2", and a term "1.0" still asks for the point.
 */
const decimal = (word: string, byValue: boolean) =>
  word.replace(/(\.[0-9]*?)0+$/, (_, kept: string) => (kept === '.' ? (byValue ? '' : '.0') : kept));
/** A factor of a product: a number or a single letter ("2 × N", "0.5 × d", "s × s"). */
const isFactor = (word: string | undefined) => word !== undefined && /^([0-9]+(\.[0-9]+)?|[a-z])$/.test(word);

/**
 * A text as words, before stemming: lower case, symbols read as words, numbers apart from letters after them. A
 * product (×, *, ·, "times", or an x right after a number) between two factors is only a space ("2*N", "2·N",
 * "2 × N" and "2N" meet; "2x2x4" and "2 × 2 × 4" too); anywhere else it is the word times ("9x", "9×" and
 * "9 times" meet, and none of them is a bare 9).
 */
function rawWords(text: string, sentences = false, byValue = false, units = true): string[] {
  const words = prepared(text, { sentences, units })
    .replace(/[%∞]/g, (symbol) => SYMBOL_WORDS[symbol]!)
    .replace(/[×*·⋅]/g, ` ${PRODUCT} `)
    .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/g, (digit) => ` ${SUPERSCRIPTS.indexOf(digit)} `)
    .replace(/[α-ωµ]/g, (letter) => GREEK[letter] ?? ' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([0-9])x(?=[0-9])/g, '$1 x ')
    .replace(/([0-9])(?=[a-z])/g, '$1 ')
    // A decimal is one word ("0.44" is not "0" and "44"); any other full stop ends a word.
    .replace(/\.(?![0-9])|(?<![0-9])\./g, ' ')
    .split(/[^a-z0-9.]+/)
    .flatMap((word) => (DECIMAL.test(word) ? [decimal(word, byValue)] : word.split('.')))
    .filter(Boolean);
  const product = (word: string, i: number) =>
    word === PRODUCT || word === 'times' || (word === 'x' && /^[0-9]+(\.[0-9]+)?$/.test(words[i - 1] ?? ''));
  const read = words.flatMap((word, i) => {
    if (!product(word, i)) return [word];
    return isFactor(words[i - 1]) && isFactor(words[i + 1]) ? [] : ['times'];
  });
  return read;
}

const inf = (word: string) => (word === 'inf' ? 'infinity' : word);

/**
 * The text as stems, in order, numbers as written. A number is a word of its own, also when letters follow it
 * ("176M" reads as "176 m", "6N" as "6 n"), and so is a power ("t²" as "t 2", like "t^2"); letters then digits
 * stay one word ("fp16").
 */
export function normalise(text: string): string[] {
  return rawWords(text).map((word) => stem(inf(word)));
}

/**
 * An answer's two readings: as written, and with numbers written out read as digits ("less than one" is also
 * "less than 1", "three" also "3"). A term is looked for as written in both, and as digits in the first (below),
 * so that "ZeRO" (the optimizer) never meets the "0" of "0.2" while "near zero" still meets "near zero".
 */
function readings(text: string): Readings {
  const raw = rawWords(text, true, true);
  return {
    written: raw.map((w) => stem(inf(w))),
    // "zero" before a stage number is the optimizer (ZeRO-2), not 0 (a term "0.2" must not meet it).
    digits: asDigits(raw, (w, next) => w !== 'zero' || !/^[1-3]$/.test(next ?? '')),
    // Decimals and units as written ("1.0", "4.2 m"), for a term that wrote them so.
    exact: rawWords(text, true, false, false).map((w) => stem(inf(w))),
    // A compound the answer hyphenates ("micro-batch") meets a term that writes it closed ("microbatch").
    joined: joinedPairs(text).map((w) => stem(w)),
  };
}

interface Readings {
  written: string[];
  digits: string[];
  exact: string[];
  joined: string[];
}

/**
 * Words with numbers written out read as digits, where `numeric` allows: "twenty five" is 25, "three" is 3.
 * Other words are stemmed.
 */
function asDigits(raw: readonly string[], numeric: (word: string, next: string | undefined) => boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const n = numeric(raw[i]!, raw[i + 1]) ? NUMBER_WORDS.get(raw[i]!) : undefined;
    if (n === undefined) {
      out.push(stem(inf(raw[i]!)));
      continue;
    }
    const unit = n >= 20 ? NUMBER_WORDS.get(raw[i + 1] ?? '') : undefined;
    const compound = unit !== undefined && unit >= 1 && unit <= 9;
    out.push(String(compound ? n + unit : n));
    if (compound) i++;
  }
  return out;
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

/**
 * Whether one term (any of its alternatives) is mentioned in an answer's readings: the term as written in either,
 * or, when it spells a number other than zero ("three times"), as digits in the answer as written ("3x").
 */
function mentions(answer: Readings, alternatives: readonly string[]): boolean {
  return alternatives.some((alternative) => {
    const raw = rawWords(alternative);
    const term = raw.map((w) => stem(inf(w)));
    const digits = asDigits(raw, (w) => w !== 'zero');
    if (contains(answer.written, term) || contains(answer.digits, term) || contains(answer.written, digits)) return true;
    if (
      contains(
        answer.exact,
        rawWords(alternative, false, false, false).map((w) => stem(inf(w))),
      )
    )
      return true;
    // A grouped number typed with plain spaces ("327 680") meets the term's groups.
    const spaced = spacedGroups(alternative);
    if (spaced && contains(answer.written, normalise(spaced))) return true;
    // A decimal share as a percentage ("0.67" and "67%"); a hyphenated term written closed ("micro-batch", "microbatch").
    const share = percentForm(term);
    if (share && contains(answer.written, share)) return true;
    // A two-word term written open or hyphenated also meets its closed form ("fine tuning", "finetuning").
    const closed = joinedPairs(alternative)[0] ?? (raw.every((w) => /^[a-z]{3,}$/.test(w)) ? raw.join('') : undefined);
    if (closed && term.length === 2 && contains(answer.written, [stem(closed)])) return true;
    return term.length === 1 && answer.joined.includes(term[0]!);
  });
}

/** For each of a key point's terms, whether the text mentions it (as coveredPoints reads it). */
export function mentionedTerms(text: string, terms: readonly (readonly string[])[]): boolean[] {
  const read = readings(text);
  return terms.map((alternatives) => mentions(read, alternatives));
}

/** For each key point, whether the answer appears to cover it. */
export function coveredPoints(answer: string, points: readonly KeyPoint[]): boolean[] {
  const read = readings(answer);
  return points.map((p) => p.terms.filter((alternatives) => mentions(read, alternatives)).length >= termsNeeded(p.terms.length));
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
