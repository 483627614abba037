import { difficultyName, figureOf, letterButtons, questionLines, ratingButtons, reportButton, revealLines } from '../bank/question-view.js';
import { b, line, type OutMessage, t } from '../shared/messages.js';
import { letterOf } from '../shared/presentation.js';
import { streakLine } from '../standings/streak-view.js';
import { DAILY_ANSWER } from './daily-actions.js';
import type { DailyFeedback, DailyView } from './daily-model.js';
import { renderOpenDailyQuestion, renderOpenReveal } from './open-daily-view.js';

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${Math.round((100 * part) / whole)}%`;
}

function heading(view: DailyView): string {
  return `Daily question · ${view.daily.localDate} · ${view.question.topicName} · ${difficultyName(view.question.difficulty)}`;
}

/** The public daily post: question, lettered options, one button per letter, and how many have answered. */
export function renderDailyQuestion(view: DailyView): OutMessage {
  if (view.daily.format === 'open') return renderOpenDailyQuestion(view);
  const answered = view.tally.answered;
  return {
    ...figureOf(view.question),
    title: heading(view),
    lines: questionLines(view.question, view.daily.order),
    buttons: letterButtons((letter) => DAILY_ANSWER.encode({ dailyId: view.daily.id, letter })),
    footer: answered === 0 ? 'One answer each. Be the first!' : `One answer each · ${answered} answered so far`,
    tone: 'info',
  };
}

/** The daily's message after close: buttons off, right answer, explanation, and how the team answered. */
export function renderReveal(view: DailyView): OutMessage {
  if (view.daily.format === 'open') return renderOpenReveal(view);
  const { daily, question, tally } = view;
  const split = daily.order
    .map(
      (option) =>
        `${letterOf(daily.order, option)} ${tally.byOption[option] ?? 0} (${percent(tally.byOption[option] ?? 0, tally.answered)})`,
    )
    .join(' · ');
  return {
    ...figureOf(view.question),
    title: `${heading(view)} · closed`,
    lines: [
      [b(question.prompt)],
      [],
      ...revealLines(question, daily.order),
      [],
      line(b('Why: '), t(question.explanation)),
      [],
      tally.answered === 0
        ? line(t('Nobody answered this one.'))
        : line(t(`${tally.answered} answered · `), b(`${percent(tally.right, tally.answered)} right`), t(` · ${split}`)),
    ],
    buttons: letterButtons((letter) => DAILY_ANSWER.encode({ dailyId: daily.id, letter }), true),
    tone: 'neutral',
  };
}

/** What one member sees after answering the daily, privately. */
export function renderDailyFeedback(f: DailyFeedback): OutMessage {
  const picked = letterOf(f.daily.order, f.option);
  return {
    title: f.correct ? `✅ Right! +${f.points} points` : `❌ Not quite: you picked ${picked}`,
    lines: [...revealLines(f.question, f.daily.order, f.option), [], line(b('Why: '), t(f.question.explanation)), [], streakLine(f.streak)],
    buttons: [...(f.correct ? ratingButtons(f.question.id, f.reviewAt) : []), reportButton(f.question.id)],
    tone: f.correct ? 'success' : 'failure',
  };
}
