import { difficultyName, figureOf, reportButton } from '../bank/question-view.js';
import { OPEN_DAILY_RATE, OPEN_DAILY_SHOW, OPEN_DAILY_SUBMIT, OPEN_DAILY_TYPE } from '../interview/interview-actions.js';
import { GRADE_NAMES, RECALL_GRADES } from '../interview/interview-model.js';
import { answerLines, recallButtons } from '../interview/interview-view.js';
import { MAX_TYPED_ANSWER } from '../interview/interviews.js';
import { type Button, b, type FormRequest, i, line, type OutMessage, t } from '../shared/messages.js';
import { streakLine } from '../standings/streak-view.js';
import type { DailyView, OpenDailyFeedback } from './daily-model.js';

function heading(view: DailyView): string {
  return `Open daily question · ${view.daily.localDate} · ${view.question.topicName} · ${difficultyName(view.question.difficulty)}`;
}

function buttons(dailyId: string, disabled = false): Button[] {
  return [
    { actionId: OPEN_DAILY_TYPE.encode({ dailyId }), label: 'Answer privately', style: 'primary', disabled },
    { actionId: OPEN_DAILY_SHOW.encode({ dailyId }), label: 'Show answer', style: 'secondary', disabled },
  ];
}

/** The public post of an open daily: the question alone, to answer in one's own words. */
export function renderOpenDailyQuestion(view: DailyView): OutMessage {
  const answered = view.tally.answered;
  return {
    ...figureOf(view.question),
    title: heading(view),
    lines: [
      [b(view.question.prompt)],
      [],
      line(i('Answer in your own words, privately (or say it out loud and press "Show answer"), then rate yourself.')),
    ],
    buttons: buttons(view.daily.id),
    footer: answered === 0 ? 'Taking part earns 5 points. Be the first!' : `Taking part earns 5 points · ${answered} answered so far`,
    tone: 'info',
  };
}

/** The form "Answer privately" opens. */
export function openDailyForm(dailyId: string): FormRequest {
  return {
    actionId: OPEN_DAILY_SUBMIT.encode({ dailyId }),
    title: 'Your answer',
    fields: [{ id: 'text', label: 'Answer in your own words, as in the interview', long: true, maxLength: MAX_TYPED_ANSWER }],
  };
}

/** What the member sees privately after answering: the model answer, key points (marked), their rating buttons. */
export function renderOpenFeedback(f: OpenDailyFeedback): OutMessage {
  const title = f.points > 0 ? `🎤 Thanks for taking part: +${f.points} points` : '🎤 You already took part in this daily';
  return {
    title,
    lines: [
      ...answerLines(f.question, f.typed, f.covered),
      [],
      streakLine(f.streak),
      [],
      line(b('How well did you recall it?'), t(' Your rating is private; the reveal shows only how many chose each.')),
    ],
    buttons: [...recallButtons((grade) => OPEN_DAILY_RATE.encode({ dailyId: f.daily.id, grade })), reportButton(f.question.id)],
    tone: 'success',
  };
}

/** An open daily's message after close: the model answer, key points and how the team rated itself (no names). */
export function renderOpenReveal(view: DailyView): OutMessage {
  const { tally } = view;
  const rated = tally.ratings.reduce((a, n) => a + n, 0);
  const split = RECALL_GRADES.map((g) => `${GRADE_NAMES[g]} ${tally.ratings[g - 1] ?? 0}`).join(' · ');
  return {
    ...figureOf(view.question),
    title: `${heading(view)} · closed`,
    lines: [
      ...answerLines(view.question, undefined, undefined),
      [],
      tally.answered === 0
        ? line(t('Nobody answered this one.'))
        : line(t(`${tally.answered} took part`), rated ? t(` · they rated themselves: ${split}`) : t(' · nobody rated themselves')),
    ],
    buttons: buttons(view.daily.id, true),
    tone: 'neutral',
  };
}
