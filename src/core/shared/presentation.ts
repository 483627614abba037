import { z } from 'zod';
import type { Random } from '../ports/clock.js';

/**
 * Options are shuffled for every presentation, and the order is stored with it (in the daily, in the practice
 * session), so a click on a letter is judged against what the member saw.
 */
export const LETTERS = ['A', 'B', 'C', 'D'] as const;
export type Letter = (typeof LETTERS)[number];

export function isLetter(text: string): text is Letter {
  return (LETTERS as readonly string[]).includes(text);
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function newOptionOrder(random: Random): number[] {
  return shuffled([0, 1, 2, 3], random);
}

/** The canonical option behind a letter of a stored order; 0 means the right answer. */
export function optionAt(order: readonly number[], letter: Letter): number {
  const option = order[LETTERS.indexOf(letter)];
  if (option === undefined) throw new Error(`order ${JSON.stringify(order)} has no letter ${letter}`);
  return option;
}

export function letterOf(order: readonly number[], option: number): Letter {
  const index = order.indexOf(option);
  const letter = LETTERS[index];
  if (letter === undefined) throw new Error(`order ${JSON.stringify(order)} does not contain option ${option}`);
  return letter;
}

/** A short random id for sessions: 10 characters of [a-z0-9]. */
export function shortId(random: Random): string {
  let id = '';
  for (let i = 0; i < 10; i++) id += Math.floor(random() * 36).toString(36);
  return id;
}

/** How a stored option order is read back: the four canonical options, each once. */
export const OPTION_ORDER = z
  .array(z.number().int().min(0).max(3))
  .length(4)
  .refine((o) => new Set(o).size === 4, 'not an order of the four options');
