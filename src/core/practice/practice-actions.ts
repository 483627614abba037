import { actionId, arg } from '../shared/action-codec.js';

/** A letter pressed in a private practice or review quiz. */
export const PRACTICE_ANSWER = actionId('practice', 'answer', { sessionId: arg.id, step: arg.step, letter: arg.letter });
/** "Next" (or "Finish") after the feedback of step `step`. */
export const PRACTICE_NEXT = actionId('practice', 'next', { sessionId: arg.id, step: arg.step });
/** Hard (2), Good (3) or Easy (4) for the spaced-repetition review made at `at` (ms) of a question. */
export const SRS_RATE = actionId('srs', 'rate', { questionId: arg.id, at: arg.instant, grade: arg.grade });
