import type { Bank, Question } from '../bank/bank.js';
import type { Random } from '../ports/clock.js';
import { shuffled } from '../shared/presentation.js';
import type { DailySettings } from './channel-model.js';
import type { DailyState } from './daily-model.js';

/** What a daily draws from: a pack, and optionally some of its topics and a difficulty range. */
export type DailyPool = Pick<DailySettings, 'pack' | 'topics' | 'difficulty' | 'format'>;

/**
 * Which questions a channel's daily draws from: its pack, optionally some topics and a difficulty range; an open
 * daily only questions with key points (what its reveal shows).
 */
export function dailyPool(bank: Bank, config: DailyPool): Question[] {
  const { topics, difficulty: range } = config;
  return bank
    .select({ pack: config.pack })
    .filter((q) => (!topics?.length || topics.includes(q.topic)) && (!range || (q.difficulty >= range.min && q.difficulty <= range.max)))
    .filter((q) => config.format !== 'open' || (q.keyPoints?.length ?? 0) > 0);
}

/**
 * The pool a channel's daily draws from, never an empty one: its settings; else, when its pack changed under them
 * (an upload that removed questions, a pack removed from PACKS_DIR or the team's), its pack without the topic and
 * difficulty choice; else the default pack. `fellBack` names what was set aside, for the log.
 */
export function poolToDraw(bank: Bank, settings: DailyPool, defaultPack: string): { pool: DailyPool; fellBack?: string } {
  if (dailyPool(bank, settings).length > 0) return { pool: settings };
  const wholePack = { pack: settings.pack, format: settings.format };
  if (dailyPool(bank, wholePack).length > 0) return { pool: wholePack, fellBack: 'its topics and difficulty' };
  const byDefault = { pack: defaultPack, format: settings.format };
  if (dailyPool(bank, byDefault).length > 0) return { pool: byDefault, fellBack: `its pack "${settings.pack}"` };
  // An open daily needs key points; the default pack without them still sends a question rather than nothing.
  return { pool: { pack: defaultPack }, fellBack: `its pack "${settings.pack}" and its format` };
}

/**
 * A channel's daily questions come from its own shuffled order of the pool: no repeat until every question has
 * been used, then a new order (never starting with the question that ended the last one). A new pool (another
 * pack, topics or difficulty) starts a new order. Questions gone from the pool, and those withheld (reported by
 * several members), are passed over; if every question is withheld, the daily still goes out.
 */
export function drawFromDeck(
  deck: DailyState['deck'],
  bank: Bank,
  config: DailyPool,
  random: Random,
  withheld: ReadonlySet<string> = new Set(),
): { question: Question; deck: DailyState['deck'] } {
  const pool = dailyPool(bank, config);
  if (pool.length === 0) throw new Error(`the daily pool of pack "${config.pack}" is empty`);
  const inPool = new Set(pool.map((q) => q.id));
  // A new pool starts a new order; a choice daily's filter is written as it always was (its order carries on).
  const filter = JSON.stringify([
    config.pack,
    config.topics ?? [],
    config.difficulty ?? null,
    ...(config.format === 'open' ? ['open'] : []),
  ]);
  let { order, next } = deck.filter === filter ? deck : { order: [] as string[], next: 0 };
  for (let attempt = 0; attempt < 2; attempt++) {
    for (; next < order.length; next++) {
      const id = order[next]!;
      if (inPool.has(id) && !withheld.has(id))
        return { question: bank.question(id)!, deck: { pack: config.pack, filter, order, next: next + 1 } };
    }
    const last = order[order.length - 1];
    order = shuffled([...inPool], random);
    if (order.length > 1 && order[0] === last) order.push(order.shift()!);
    next = 0;
  }
  return { question: bank.question(order[0]!)!, deck: { pack: config.pack, filter, order, next: 1 } };
}
