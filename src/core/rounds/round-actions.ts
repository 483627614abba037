import { actionId, arg } from '../shared/action-codec.js';

/** A letter pressed on a live round's question. */
export const ROUND_ANSWER = actionId('round', 'answer', { roundId: arg.id, step: arg.step, letter: arg.letter });
