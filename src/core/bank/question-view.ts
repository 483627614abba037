import { SRS_RATE } from '../practice/practice-actions.js';
import { type Button, b, type Line, line, type Picture, t } from '../shared/messages.js';
import { LETTERS, type Letter } from '../shared/presentation.js';
import { REPORT_OPEN } from '../team/team-actions.js';
import { canonicalOptions, type Question } from './bank.js';

const DIFFICULTY = ['', 'easy', 'medium', 'hard'] as const;

export function difficultyName(d: number): string {
  return DIFFICULTY[d] ?? String(d);
}

/** The prompt, then the options as "A) full text" in the order shown. Buttons carry only the letters. */
export function questionLines(question: Question, order: readonly number[]): Line[] {
  const options = canonicalOptions(question);
  return [[b(question.prompt)], [], ...order.map((option, i) => line(b(`${LETTERS[i]})`), t(` ${options[option]}`)))];
}

/** Lines after an answer or at a reveal: every option, the right one marked, the picked one noted. */
export function revealLines(question: Question, order: readonly number[], picked?: number): Line[] {
  const options = canonicalOptions(question);
  return order.map((option, i) => {
    const mark = option === 0 ? '✅' : option === picked ? '❌' : '▫️';
    const text = ` ${LETTERS[i]}) ${options[option]}`;
    return option === 0 ? line(t(mark), b(text)) : line(t(mark), t(text));
  });
}

/** Offered after every answer: a member can say what is wrong with a question. */
export function reportButton(questionId: string): Button {
  return { actionId: REPORT_OPEN.encode({ questionId }), label: 'Report a problem', style: 'secondary' };
}

/** After a right answer, seen privately: how hard was it? The rating replaces that review's grade. */
export function ratingButtons(questionId: string, at: number): Button[] {
  return (
    [
      [2, 'Hard'],
      [3, 'Good'],
      [4, 'Easy'],
    ] as const
  ).map(([grade, label]) => ({ actionId: SRS_RATE.encode({ questionId, at, grade }), label, style: 'secondary' }));
}

export function letterButtons(actionId: (letter: Letter) => string, disabled = false): Button[] {
  return LETTERS.map((letter) => ({ actionId: actionId(letter), label: letter, style: 'secondary', disabled }));
}

/**
 * A question's figure as the message's picture, to spread into the message: `{ image }`, or nothing for a question
 * without one. Every message that shows the question carries it, so a reveal or an edit keeps the figure.
 */
export function figureOf(question: Question): { image?: Picture } {
  if (!question.figure) return {};
  return { image: { name: question.id, alt: question.figure.alt, source: question.figure.source } };
}
