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
/** Digits grouped by thousands ("786,432", "10,922.7", or with a thin or no-break space). */
const GROUPED = /\b[0-9]{1,3}(?:[,\u00a0\u2009\u202f][0-9]{3})+(?:\.[0-9]+)?(?![0-9]|[.,][0-9])/g;

/** Where a sentence or clause of an answer ends: no term has it, so no term is found across it. */
export const BREAK = 'qqbreakqq';
/** Words a full stop follows without ending the sentence ("75% vs. 15%"); so do one or two letters ("e.g."). */
const ABBREVIATIONS = new Set(['vs', 'etc', 'approx', 'cf', 'incl', 'fig', 'eq', 'resp', 'al']);
const sentenceEnd = (_: string, word = '', mark = '\n') =>
  mark === '.' && (ABBREVIATIONS.has(word) || (word.length > 0 && word.length <= 2)) ? `${word} ` : `${word} ${BREAK} `;

/**
 * The text lower-cased, contractions spelt out, grouped digits one number ("786432") or, with `grouped` false,
 * their groups apart ("786 432": how a list "512,768" or a number typed "327 680" reads); with `sentences`, each
 * sentence or clause end marked (answers only: "stage 2. Gradients" is not "stage 2 gradients").
 */
export function prepared(text: string, o: { sentences: boolean; grouped: boolean }): string {
  let lower = text.toLowerCase().replace(GROUPED, (n) => (o.grouped ? n.replace(/[^0-9.]/g, '') : n.replace(/[^0-9.]/g, ' ')));
  if (o.sentences) lower = lower.replace(/([a-z]*)([.;!?])(?=\s|$)|\n/g, sentenceEnd);
  for (const [contraction, words] of CONTRACTIONS) lower = lower.replace(contraction, words);
  return lower;
}

const DECIMAL = /^0\.[0-9]+$/;
const NUMBER = /^[0-9]+(\.[0-9]+)?$/;

/** "0.675" → "67.5": the point moved two places right, as text (no floating-point rounding). */
function asPercent(decimal: string): string {
  const fraction = decimal.slice(2).padEnd(2, '0');
  const whole = String(Number(fraction.slice(0, 2)));
  const rest = fraction.slice(2).replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : whole;
}

/** "67.5" → "0.675": the point moved two places left, as text; zeros the last digit does not need dropped. */
function asDecimal(percent: string): string {
  const [whole = '', rest = ''] = percent.split('.');
  const digits = `${whole.padStart(3, '0')}${rest}`;
  const shifted = `${String(Number(digits.slice(0, -2 - rest.length)))}.${digits.slice(-2 - rest.length)}`;
  return shifted.replace(/(\.[0-9]*?)0+$/, (_, kept: string) => (kept === '.' ? '.0' : kept));
}

/**
 * A term's words with each share written the other way: a decimal below 1 as "N percent", and "N percent" (N up
 * to 100) as a decimal. Undefined when the term has none. Words are the matcher's (decimals whole, % as percent).
 */
export function percentForm(words: readonly string[]): string[] | undefined {
  const out: string[] = [];
  let changed = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (NUMBER.test(word) && words[i + 1] === 'percent' && Number(word) <= 100) {
      out.push(asDecimal(word));
      i++;
      changed = true;
    } else if (DECIMAL.test(word)) {
      out.push(asPercent(word), 'percent');
      changed = true;
    } else out.push(word);
  }
  return changed ? out : undefined;
}

/**
 * Adjacent words of three letters or more joined, in order ("micro batch" → "microbatch"): where a member writes a
 * compound closed. Shorter ones are letters and symbols ("e r" is a BPE merge, not the word "er").
 */
export function joinedPairs(words: readonly string[]): string[] {
  const word = (w: string | undefined) => w !== undefined && /^[a-z]{3,}$/.test(w);
  return words.slice(1).flatMap((second, i) => (word(words[i]) && word(second) ? [`${words[i]}${second}`] : []));
}
