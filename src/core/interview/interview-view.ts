import type { Question } from '../bank/bank.js';
import { difficultyName, figureOf, reportButton } from '../bank/question-view.js';
import { dueIntro } from '../practice/practice-view.js';
import { type Button, b, type FormRequest, i, type Line, line, type OutMessage, t } from '../shared/messages.js';
import { INTERVIEW_END, INTERVIEW_RATE, INTERVIEW_SHOW, INTERVIEW_SUBMIT, INTERVIEW_TYPE } from './interview-actions.js';
import { GRADE_NAMES, RECALL_GRADES, type RecallGrade } from './interview-model.js';
import { type InterviewReveal, type InterviewStep, type InterviewSummary, MAX_TYPED_ANSWER } from './interviews.js';

/** Shown wherever the matcher's marks are: what they are, and are not. */
export const MATCHER_HINT = 'Marked by the words your answer uses, not by what it means: a hint to check yourself against, not a grade.';
/** How much of a typed answer is shown back (the rest is cut with an ellipsis). */
const TYPED_SHOWN = 600;

function heading(s: InterviewStep): string {
  const kind = s.session.kind === 'review' ? 'Recall review' : 'Interview';
  return `🎤 ${kind} · question ${s.step + 1} of ${s.session.items.length} · ${s.question.topicName} · ${difficultyName(s.question.difficulty)}`;
}

/** The question alone, as an interviewer would ask it: no options. */
export function renderInterviewQuestion(s: InterviewStep): OutMessage {
  const due = s.step === 0 && s.session.kind === 'review' ? s.session.due : undefined;
  const intro: Line[] = due === undefined ? [] : [dueIntro(due, s.session.items.length, 'recall review'), []];
  return {
    ...figureOf(s.question),
    title: heading(s),
    lines: [
      ...intro,
      [b(s.question.prompt)],
      [],
      line(i('Answer as you would in the interview: type it, or say it out loud and press "Show answer".')),
    ],
    buttons: [
      { actionId: INTERVIEW_TYPE.encode({ sessionId: s.session.id, step: s.step }), label: 'Type my answer', style: 'primary' },
      { actionId: INTERVIEW_SHOW.encode({ sessionId: s.session.id, step: s.step }), label: 'Show answer', style: 'secondary' },
      ...endButton(s),
    ],
    tone: 'info',
  };
}

/** The form "Type my answer" opens. */
export function interviewForm(sessionId: string, step: number): FormRequest {
  return {
    actionId: INTERVIEW_SUBMIT.encode({ sessionId, step }),
    title: 'Your answer',
    fields: [{ id: 'text', label: 'Answer in your own words, as in the interview', long: true, maxLength: MAX_TYPED_ANSWER }],
  };
}

/** The model answer and the key points, each marked when a typed answer appears to mention it. */
export function answerLines(question: Question, typed: string | undefined, covered: readonly boolean[] | undefined): Line[] {
  const shownBack = typed && (typed.length > TYPED_SHOWN ? `${typed.slice(0, TYPED_SHOWN)}…` : typed);
  const points = question.keyPoints ?? [];
  const hits = covered?.filter(Boolean).length ?? 0;
  return [
    [b(question.prompt)],
    [],
    ...(shownBack ? [line(b('Your answer: '), i(shownBack)), []] : []),
    line(b('Model answer: '), t(question.answer)),
    line(t(question.explanation)),
    [],
    line(b('Key points an interviewer listens for'), t(covered ? ` (your answer mentions ${hits} of ${points.length}):` : ':')),
    ...points.map((p, j) => line(t(covered ? (covered[j] ? '✅ ' : '▫️ ') : '• '), t(p.point))),
    ...(covered ? [[], line(i(MATCHER_HINT))] : []),
  ];
}

/** Again / Hard / Good / Easy: how well the member recalled it. */
export function recallButtons(actionId: (grade: RecallGrade) => string): Button[] {
  return RECALL_GRADES.map((grade) => ({
    actionId: actionId(grade),
    label: GRADE_NAMES[grade],
    style: grade === 1 ? 'danger' : 'secondary',
  }));
}

export function renderInterviewReveal(r: InterviewReveal): OutMessage {
  return {
    ...figureOf(r.question),
    title: `${heading(r)} · the answer`,
    lines: [
      ...answerLines(r.question, r.typed, r.covered),
      [],
      line(b('How well did you recall it?'), t(' Your rating schedules this question’s next review.')),
    ],
    buttons: [
      ...recallButtons((grade) => INTERVIEW_RATE.encode({ sessionId: r.session.id, step: r.step, grade })),
      reportButton(r.question.id),
      ...endButton(r),
    ],
    tone: 'info',
  };
}

/** "End here", until the last question: the summary of what was rated so far, instead of a lost session. */
function endButton(s: InterviewStep): Button[] {
  if (s.step >= s.session.items.length - 1) return [];
  return [{ actionId: INTERVIEW_END.encode({ sessionId: s.session.id }), label: 'End here', style: 'secondary' }];
}

export function renderInterviewSummary(s: InterviewSummary): OutMessage {
  const rated = RECALL_GRADES.filter((g) => s.ratings[g] > 0).map((g) => `${GRADE_NAMES[g]} ${s.ratings[g]}`);
  const missed: Line[] =
    s.typed === 0
      ? [line(t('Type your answers next time to see which key points you tend to leave out.'))]
      : s.missed.length === 0
        ? [line(t(`Your ${s.typed} typed answer${s.typed === 1 ? '' : 's'} mentioned every key point.`))]
        : [
            line(b('Key points most often missed'), t(` (in ${s.typed} typed answer${s.typed === 1 ? '' : 's'}):`)),
            ...s.missed.map((m) => line(t(`• ${m.point}${m.times > 1 ? ` (${m.times}×)` : ''}`))),
          ];
  return {
    title:
      s.endedAfter === undefined
        ? `🎤 ${s.kind === 'review' ? 'Recall review' : 'Interview'} finished: ${s.total} question${s.total === 1 ? '' : 's'}`
        : `🎤 ${s.kind === 'review' ? 'Recall review' : 'Interview'} ended after ${s.endedAfter} of ${s.total} questions`,
    lines: [
      line(t('Your ratings: '), b(rated.join(' · ') || 'none')),
      [],
      ...missed,
      [],
      line(t('Each rating scheduled that question’s next recall review (quiz review). Start another with quiz interview.')),
      ...(s.unrated
        ? [
            line(
              t(
                `${s.unrated === 1 ? 'One answered question was' : `${s.unrated} answered questions were`} not rated, so no review is scheduled for ${s.unrated === 1 ? 'it' : 'them'}.`,
              ),
            ),
          ]
        : []),
    ],
    tone: 'success',
  };
}
