import { difficultyName, figureOf, letterButtons, questionLines, ratingButtons, reportButton, revealLines } from '../bank/question-view.js';
import { b, type Line, line, type OutMessage, t } from '../shared/messages.js';
import { DAILY_CAP } from '../standings/scoring.js';
import type { PracticeFeedback, PracticeStep, PracticeSummary } from './practice.js';
import { PRACTICE_ANSWER, PRACTICE_NEXT } from './practice-actions.js';

function heading(s: PracticeStep): string {
  return `${s.session.kind === 'review' ? 'Review' : 'Practice'} · question ${s.step + 1} of ${s.session.items.length} · ${s.question.topicName} · ${difficultyName(s.question.difficulty)}`;
}

export function renderPracticeQuestion(s: PracticeStep): OutMessage {
  const order = s.session.items[s.step]!.order;
  const due = s.step === 0 ? s.session.due : undefined;
  const intro: Line[] = due ? [line(...dueIntro(due.count, s.session.items.length, 'review')), ...nextDue(due.nextAt), []] : [];
  return {
    ...figureOf(s.question),
    title: heading(s),
    lines: [...intro, ...questionLines(s.question, order)],
    buttons: letterButtons((letter) => PRACTICE_ANSWER.encode({ sessionId: s.session.id, step: s.step, letter })),
    tone: 'info',
  };
}

export function renderPracticeFeedback(f: PracticeFeedback): OutMessage {
  const order = f.session.items[f.step]!.order;
  const last = f.step === f.session.items.length - 1;
  const points = f.correct
    ? f.points > 0
      ? ` +${f.points} point${f.points === 1 ? '' : 's'}`
      : ' (daily practice points cap reached)'
    : '';
  return {
    ...figureOf(f.question),
    title: `${heading(f)} · ${f.correct ? `✅ Right!${points}` : '❌ Not quite'}`,
    lines: [[b(f.question.prompt)], [], ...revealLines(f.question, order, f.option), [], line(b('Why: '), t(f.question.explanation))],
    buttons: [
      {
        actionId: PRACTICE_NEXT.encode({ sessionId: f.session.id, step: f.step }),
        label: last ? 'Finish' : 'Next',
        style: 'primary',
      },
      ...(f.correct ? ratingButtons(f.question.id, f.reviewAt) : []),
      reportButton(f.question.id),
    ],
    tone: f.correct ? 'success' : 'failure',
  };
}

/**
 * What a review starts with: how many of its questions were due (none, some or all), said as such.
 * Shared by the multiple-choice review and the recall review (`kind`: "review" or "recall review").
 */
export function dueIntro(due: number, total: number, kind: string): Line {
  const plural = (n: number) => `${kind}${n === 1 ? '' : 's'}`;
  if (due === 0) return line(t(`📚 No ${kind}s due now: these are new questions from your weakest topics.`));
  const rest = due < total ? '; the rest are new questions from your weakest topics' : '';
  return line(t(`📚 ${due} ${plural(due)} due now${rest}.`));
}

/** When the next review falls due, once these are done. */
const nextDue = (at: number | undefined): Line[] =>
  at === undefined ? [] : [line(t('After these, the next is due '), { text: String(at), ref: 'datetime' as const }, t('.'))];

export function renderPracticeSummary(s: PracticeSummary): OutMessage {
  const review = s.kind === 'review';
  return {
    title: `${review ? 'Review' : 'Practice'} finished: ${s.right} of ${s.total} right`,
    lines: [
      line(t('Points earned: '), b(String(s.points)), t(` (practice counts at most ${DAILY_CAP.practice} points a day)`)),
      line(
        t(
          review
            ? 'Review again with quiz review, when more are due (quiz stats shows how many).'
            : 'Start another with quiz start, or pick a topic: quiz start <topic>.',
        ),
      ),
    ],
    tone: s.right === s.total ? 'success' : 'neutral',
  };
}
