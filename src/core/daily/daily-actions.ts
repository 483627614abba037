import { actionId, arg } from '../shared/action-codec.js';

/** A letter pressed on the public daily post. */
export const DAILY_ANSWER = actionId('daily', 'answer', { dailyId: arg.id, letter: arg.letter });
