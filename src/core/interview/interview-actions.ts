import { actionId, arg } from '../shared/action-codec.js';

/** Interview mode, step `step` of a session: open the form to type an answer, its sent form, or just show the answer. */
export const INTERVIEW_TYPE = actionId('interview', 'type', { sessionId: arg.id, step: arg.step });
export const INTERVIEW_SUBMIT = actionId('interview', 'submit', { sessionId: arg.id, step: arg.step });
export const INTERVIEW_SHOW = actionId('interview', 'show', { sessionId: arg.id, step: arg.step });
/** Ends the session before its last question: the summary of what was rated so far. */
export const INTERVIEW_END = actionId('interview', 'end', { sessionId: arg.id });
/** Again (1) / Hard (2) / Good (3) / Easy (4): the member's rating of their answer, which is the review. */
export const INTERVIEW_RATE = actionId('interview', 'rate', { sessionId: arg.id, step: arg.step, grade: arg.recall });

/** The same on an open daily: answer privately (form, then its submit), show the answer, rate. */
export const OPEN_DAILY_TYPE = actionId('open', 'type', { dailyId: arg.id });
export const OPEN_DAILY_SUBMIT = actionId('open', 'submit', { dailyId: arg.id });
export const OPEN_DAILY_SHOW = actionId('open', 'show', { dailyId: arg.id });
export const OPEN_DAILY_RATE = actionId('open', 'rate', { dailyId: arg.id, grade: arg.recall });
