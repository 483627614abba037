import { Keyv } from 'keyv';
import { createRig, member, rightLetter, TEAM } from '../tests/fakes/engine.js';
import type { Store } from '../src/core/ports.js';
import { timeSequential, type Timing } from './stats.js';

/**
 * One team of N members all answering the open daily question: engine and store, no platform. Every member is
 * new (their first answer), which is the daily's common case and its heaviest (a record is created).
 */
export async function benchDailyAnswers(store: Store, members: number): Promise<Timing> {
  const rig = createRig({ store, pack: 'deep-learning', start: '2026-03-02T12:00:00Z' });
  await rig.engine.teams.update(TEAM, (c) => ({ ...c, channelId: 'bench', timezone: 'UTC' }));
  const { daily } = (await rig.engine.dailies.post(TEAM, { extra: true }))!;
  const right = rightLetter(daily.order);
  const people = Array.from({ length: members }, (_, i) => member(`u${i}`, { name: `member ${i}` }));
  return timeSequential(members, (i) => rig.engine.dailies.answer(people[i]!, daily.id, right));
}

/** The same store's raw Keyv set throughput: the ceiling for writing one document. */
export async function benchRawSets(keyv: Keyv, n = 20_000): Promise<Timing> {
  const value = { v: 1, name: 'member name', answered: 12, correct: 9, topics: { cnn: { answered: 3, correct: 2 } }, dailyDays: ['2026-03-01', '2026-03-02'] };
  return timeSequential(n, (i) => keyv.set(`bench:raw:${i}`, value));
}
