import type { Bank, Question } from './bank.js';
import type { Random } from './ports.js';
import { shuffled } from './presentation.js';
import type { TeamState } from './model.js';

/**
 * The team's daily questions come from its own shuffled order of the pack: no repeat until every question has
 * been used, then a new order (never starting with the question that ended the last one).
 * Questions removed from the pack since the order was made are skipped.
 */
export function drawFromDeck(
  deck: TeamState['deck'],
  bank: Bank,
  pack: string,
  random: Random,
): { question: Question; deck: TeamState['deck'] } {
  let { order, next } = deck.pack === pack ? deck : { order: [] as string[], next: 0 };
  for (let attempt = 0; attempt < 2; attempt++) {
    for (; next < order.length; next++) {
      const question = bank.question(order[next]!);
      if (question && question.pack === pack) return { question, deck: { pack, order, next: next + 1 } };
    }
    const last = order[order.length - 1];
    order = shuffled(bank.select({ pack }).map((q) => q.id), random);
    if (order.length > 1 && order[0] === last) order.push(order.shift()!);
    next = 0;
  }
  throw new Error(`question pack "${pack}" has no questions`);
}
