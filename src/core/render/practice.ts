import { encodeAction } from '../action-ids.js';
import { b, line, t, type OutMessage } from '../messages.js';
import type { PracticeFeedback, PracticeStep, PracticeSummary } from '../practice.js';
import { DAILY_CAP } from '../scoring.js';
import { difficultyName, letterButtons, questionLines, reportButton, revealLines } from './question.js';

function heading(s: PracticeStep): string {
  return `Practice · question ${s.step + 1} of ${s.session.items.length} · ${s.question.topicName} · ${difficultyName(s.question.difficulty)}`;
}

export function renderPracticeQuestion(s: PracticeStep): OutMessage {
  const order = s.session.items[s.step]!.order;
  return {
    title: heading(s),
    lines: questionLines(s.question, order),
    buttons: letterButtons((letter) =>
      encodeAction({ ns: 'practice', verb: 'answer', sessionId: s.session.id, step: s.step, letter }),
    ),
    tone: 'info',
  };
}

export function renderPracticeFeedback(f: PracticeFeedback): OutMessage {
  const order = f.session.items[f.step]!.order;
  const last = f.step === f.session.items.length - 1;
  const points = f.correct ? (f.points > 0 ? ` +${f.points} point${f.points === 1 ? '' : 's'}` : ' (daily practice points cap reached)') : '';
  return {
    title: `${heading(f)} · ${f.correct ? `✅ Right!${points}` : '❌ Not quite'}`,
    lines: [[b(f.question.prompt)], [], ...revealLines(f.question, order, f.option), [], line(b('Why: '), t(f.question.explanation))],
    buttons: [
      {
        actionId: encodeAction({ ns: 'practice', verb: 'next', sessionId: f.session.id, step: f.step }),
        label: last ? 'Finish' : 'Next',
        style: 'primary',
      },
      reportButton(f.question.id),
    ],
    tone: f.correct ? 'success' : 'failure',
  };
}

export function renderPracticeSummary(s: PracticeSummary): OutMessage {
  return {
    title: `Practice finished: ${s.right} of ${s.total} right`,
    lines: [
      line(t('Points earned: '), b(String(s.points)), t(` (practice counts at most ${DAILY_CAP.practice} points a day)`)),
      line(t('Start another with quiz start, or pick a topic: quiz start <topic>.')),
    ],
    tone: s.right === s.total ? 'success' : 'neutral',
  };
}
