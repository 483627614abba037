import { canonicalOptions, type Question } from '../core/bank/bank.js';
import { contentWords, coveredPoints, mentionedTerms, stem } from '../core/interview/matcher.js';
import { own } from '../core/shared/own.js';

/**
 * Quality rules a question bank is held to beyond its file format: the bank test applies them to the built-in
 * pack, and `npm run check-bank` prints what breaks them while a bank is being written.
 */

/** The right answer may be at most this many times as long as its longest distractor. */
export const MAX_ANSWER_LENGTH_RATIO = 1.2;
/** "Pick the longest option" may win in at most this share of questions. */
export const MAX_LONGEST_WINS = 0.4;
/** Prompts whose content words overlap this much (Jaccard of stems) are near-duplicates. */
export const NEAR_DUPLICATE_AT = 0.5;

export interface Problem {
  id: string;
  problem: string;
}

/** What an interview-mode member is shown as the model answer: the answer, then why. */
export const modelAnswer = (q: Pick<Question, 'answer' | 'explanation'>) => `${q.answer}. ${q.explanation}`;

export function answerLengthProblems(questions: readonly Question[]): Problem[] {
  return questions
    .filter((q) => q.answer.length > MAX_ANSWER_LENGTH_RATIO * Math.max(...q.distractors.map((d) => d.length)))
    .map((q) => ({
      id: q.id,
      problem: `the right answer (${q.answer.length} characters) is over ${MAX_ANSWER_LENGTH_RATIO}× its longest distractor`,
    }));
}

/** The share of questions in which the right answer is strictly the longest option. */
export function longestWins(questions: readonly Question[]): number {
  if (questions.length === 0) return 0;
  return questions.filter((q) => q.distractors.every((d) => d.length < q.answer.length)).length / questions.length;
}

/**
 * An option that names the others, which shuffling moves: "all of the above", "option C", or an option that starts
 * "all of the others" (in a sentence, "attends to all of the others" is prose, not a reference).
 */
const SELF_REFERENCE = /\b(all|none|both) of the above\b|\boption [A-D]\b|^\s*(all|none|both) of the others\b/i;

export function selfReferenceProblems(questions: readonly Question[]): Problem[] {
  return questions
    .filter((q) => canonicalOptions(q).some((o) => SELF_REFERENCE.test(o)))
    .map((q) => ({ id: q.id, problem: 'an option refers to other options, which are shuffled' }));
}

/**
 * The rules an uploaded question is held to beyond its format, as the field they concern and the problem: what
 * would make it broken once shuffled, or guessable by its look. A short answer may exceed the length ratio by a
 * few characters ("Atlas" against "Orion"). Packs in PACKS_DIR are not refused for them at start-up (an upgrade
 * must not stop a bot whose pack loaded before): npm run check-bank lists them.
 */
export function uploadRuleProblem(q: Question): { path: (string | number)[]; problem: string } | undefined {
  // A letter is the answer's text only when the options are all such names ("B" against "A", "Both", "Neither").
  const letter = (o: string) => /^[A-D][.)]?$/i.test(o.trim());
  // Names of statements in the prompt: "Both", "Neither A nor B", "A and C", "Only A", "All of them".
  const symbol = (o: string) =>
    letter(o) || /^(both|neither|only|all|none)?\s*([a-d](\s*(,|and|or|nor)\s*[a-d])*)?(\s*of them)?$/i.test(o.trim());
  if (letter(q.answer) && !q.distractors.every(symbol))
    return {
      path: ['answer'],
      problem: `"${q.answer.trim()}" is a letter: write the right answer's text (options are shuffled, so a letter names none of them)`,
    };
  const longest = Math.max(...q.distractors.map((d) => d.length));
  if (q.answer.length > MAX_ANSWER_LENGTH_RATIO * longest && q.answer.length > longest + 10)
    return {
      path: ['answer'],
      problem: `${q.answer.length} characters against ${longest} for the longest wrong option: a much longer option gives itself away (at most ${MAX_ANSWER_LENGTH_RATIO} times as long); shorten it or lengthen the wrong ones`,
    };
  const options = canonicalOptions(q);
  const referring = options.findIndex((o) => SELF_REFERENCE.test(o));
  if (referring !== -1)
    return {
      path: referring === 0 ? ['answer'] : ['distractors', referring - 1],
      problem: `"${options[referring]!.slice(0, 60)}" refers to other options, but options are shuffled`,
    };
  return undefined;
}

/** Key points the question's own model answer does not cover, with the terms it lacks. */
export function keyPointProblems(questions: readonly Question[]): Problem[] {
  const problems: Problem[] = [];
  for (const q of questions) {
    if (!q.keyPoints) continue;
    const text = modelAnswer(q);
    coveredPoints(text, q.keyPoints).forEach((covered, i) => {
      if (covered) return;
      const point = q.keyPoints![i]!;
      const found = mentionedTerms(text, point.terms);
      const missing = point.terms.filter((_, j) => !found[j]).map((a) => a.join('|'));
      problems.push({
        id: q.id,
        problem: `key point ${i + 1} ("${point.point}") is not covered by the answer and explanation; missing terms: ${missing.join(', ')}`,
      });
    });
  }
  return problems;
}

/**
 * Key points whose own statement does not cover them: a member who types the point itself must see it marked. The
 * terms then want the point's own wording among their alternatives.
 */
export function ownWordingProblems(questions: readonly Question[]): Problem[] {
  const problems: Problem[] = [];
  for (const q of questions) {
    q.keyPoints?.forEach((point, i) => {
      if (coveredPoints(point.point, [point])[0]) return;
      const found = mentionedTerms(point.point, point.terms);
      const missing = point.terms.filter((_, j) => !found[j]).map((a) => a.join('|'));
      problems.push({
        id: q.id,
        problem: `key point ${i + 1} ("${point.point}") is not covered by its own words; missing terms: ${missing.join(', ')}`,
      });
    });
  }
  return problems;
}

/** A wrong option typed as an interview answer may cover less than this share of its question's key points. */
export const MAX_WRONG_COVERAGE = 0.5;

/**
 * Wrong options that cover half or more of their question's key points when typed as an answer: the terms then
 * reward the vocabulary, not the claim (a swapped definition scored like the right one). Terms that tie a value
 * to its name ("precision of 0.67") or a claim to its subject ("prefill is compute-bound") tell the two apart.
 */
export function wrongCoverageProblems(questions: readonly Question[]): Problem[] {
  return questions.flatMap((q) =>
    q.distractors.flatMap((wrong, i) => {
      if (!q.keyPoints) return [];
      const covered = coveredPoints(wrong, q.keyPoints).filter(Boolean).length;
      if (covered / q.keyPoints.length < MAX_WRONG_COVERAGE) return [];
      return [
        { id: q.id, problem: `wrong option ${i + 1} ("${wrong.slice(0, 60)}…") covers ${covered} of ${q.keyPoints.length} key points` },
      ];
    }),
  );
}

const promptStems = (q: Question) => new Set(contentWords(q.prompt).map(stem));

export function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** Pairs of prompts that read as the same question, most similar first. */
export function nearDuplicates(questions: readonly Question[], at = NEAR_DUPLICATE_AT): { a: string; b: string; similarity: number }[] {
  const stems = questions.map(promptStems);
  const pairs: { a: string; b: string; similarity: number }[] = [];
  for (let i = 0; i < questions.length; i++) {
    for (let j = i + 1; j < questions.length; j++) {
      const s = similarity(stems[i]!, stems[j]!);
      if (s >= at) pairs.push({ a: questions[i]!.id, b: questions[j]!.id, similarity: s });
    }
  }
  return pairs.sort((x, y) => y.similarity - x.similarity);
}

/** Per topic: how many questions at each difficulty. */
export function difficultySpread(questions: readonly Question[]): Record<string, [number, number, number]> {
  const spread: Record<string, [number, number, number]> = {};
  for (const q of questions) {
    const row = own(spread, q.topic) ?? [0, 0, 0];
    row[q.difficulty - 1] = (row[q.difficulty - 1] ?? 0) + 1;
    spread[q.topic] = row;
  }
  return spread;
}
