/**
 * Other ways of writing what a term says, that a member may type instead: a share as a decimal or a percentage
 * ("0.67" and "67%"), and a compound closed or open ("micro-batch" and "microbatch"); and the text as the matcher
 * first reads it (contractions, grouped digits, where sentences end).
 */

/** "doesn't" is "does not", "can't" and "cannot" are "can not", "won't" is "will not". */
const CONTRACTIONS: [RegExp, string][] = [
  [/\bcan['’]t\b|\bcannot\b/g, 'can not'],
  [/\bwon['’]t\b/g, 'will not'],
  [/n['’]t\b/g, ' not'],
];
/** Digits grouped by thousands ("786,432", "10,922.7", or with a thin or no-break space): one number. */
const GROUPED = /\b[0-9]{1,3}(?:[,\u00a0\u2009\u202f][0-9]{3})+(?:\.[0-9]+)?(?![0-9]|[.,][0-9])/g;

/** Where a sentence or clause of an answer ends: no term has it, so no term is found across it. */
export const BREAK = 'qqbreakqq';
/** Words a full stop follows without ending the sentence ("75% vs. 15%"); so does a dotted one ("e.g.", "i.e."). */
const ABBREVIATIONS = new Set(['vs', 'etc', 'approx', 'cf', 'incl', 'fig', 'eq', 'resp', 'al']);
const sentenceEnd = (_: string, dotted = '', word = '', mark = '\n') =>
  mark === '.' && (ABBREVIATIONS.has(word) || (dotted !== '' && word.length === 1)) ? `${dotted}${word} ` : `${dotted}${word} ${BREAK} `;
const UNITS: Record<string, string> = { b: 'billion', bn: 'billion', m: 'million', mn: 'million', ms: 'milliseconds' };

/**
 * The text lower-cased, contractions spelt out, grouped digits one number ("786432"), units written onto numbers
 * as words; with `sentences`, each sentence or clause end marked (answers only: "stage 2. Gradients" is not
 * "stage 2 gradients").
 */
export function prepared(text: string, o: { sentences: boolean; units: boolean }): string {
  let lower = text.toLowerCase().replace(GROUPED, (n) => n.replace(/[^0-9.]/g, ''));
  // A unit written onto its number is its word: "7B" and "7 billion", "8ms" and "8 milliseconds" meet ("7 b",
  // apart, may be a variable; "ms" apart is always the unit). Without `units`, the text as typed, for a term's
  // own spelling ("4.2m" and "4.2 m").
  if (o.units)
    lower = lower
      .replace(/([0-9])(bn?|mn?|ms)\b/g, (_, digit: string, unit: string) => `${digit} ${UNITS[unit]}`)
      .replace(/([0-9])\s+ms\b/g, '$1 milliseconds');
  if (o.sentences) lower = lower.replace(/((?:\b[a-z]\.)*)([a-z]*)([.;!?])(?=\s|$)|\n/g, sentenceEnd);
  for (const [contraction, words] of CONTRACTIONS) lower = lower.replace(contraction, words);
  return lower;
}

const DECIMAL = /^0\.[0-9]+$/;

/** "0.675" → "67.5": the point moved two places right, as text (no floating-point rounding). */
function asPercent(decimal: string): string {
  const fraction = decimal.slice(2).padEnd(2, '0');
  const whole = String(Number(fraction.slice(0, 2)));
  const rest = fraction.slice(2).replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : whole;
}

/**
 * A term's words with each decimal below 1 written as a percentage ("0.67" as "67 percent"). Undefined when the term
 * has none. Not the other way: a term "15%" read as 0.15 would be found in "0.15%", a hundred times smaller.
 */
export function percentForm(words: readonly string[]): string[] | undefined {
  if (!words.some((w) => DECIMAL.test(w))) return undefined;
  return words.flatMap((word) => (DECIMAL.test(word) ? [asPercent(word), 'percent'] : [word]));
}

/**
 * The hyphenated compounds of a text, closed ("micro-batch" → "microbatch", "re-weighting" → "reweighting"): a
 * member may write either. Only a hyphen joins: "exp and" or "state, less" are two words.
 */
export function joinedPairs(text: string): string[] {
  // The second word is looked ahead at, so a chain gives every pair ("pre-layer-norm": "prelayer", "layernorm").
  return [...text.toLowerCase().matchAll(/([a-z]{2,})-(?=([a-z]{2,}))/g)].map((m) => `${m[1]}${m[2]}`);
}

/** A term with its grouped numbers' commas as spaces ("327,680" → "327 680"), or undefined when it has none. */
export function spacedGroups(term: string): string | undefined {
  return /[0-9],[0-9]{3}/.test(term) ? term.replace(/([0-9]),(?=[0-9]{3})/g, '$1 ') : undefined;
}
