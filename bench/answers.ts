import type { Keyv } from 'keyv';
import type { Store } from '../src/core/ports/store.js';
import type { TeamRef } from '../src/core/shared/refs.js';
import { configure, createRig, member, rightLetter, type TestRig } from '../tests/fakes/engine.js';
import { type Run, run, summarize, type Timing, timeSequential } from './stats.js';

/**
 * One team of N members all answering the open daily question: engine and store, no platform. Every member is
 * new (their first answer), which is the daily's common case and its heaviest (a record is created). A small
 * team's run is over in milliseconds, where one garbage collection skews the figure, so it is repeated with
 * fresh teams until at least MIN_ANSWERS answers are timed.
 */
export async function benchDailyAnswers(store: Store, members: number): Promise<Timing> {
  const rig = createRig({ store, pack: 'deep-learning', start: '2026-03-02T12:00:00Z' });
  // Another team answers first, untimed, so that the figure is of warmed-up code (the JIT), not of start-up.
  const warmUp = await openDaily(rig, { platform: 'shell', teamId: 'warm-up' }, WARM_UP_ANSWERS);
  await run(WARM_UP_ANSWERS, (i) => rig.engine.dailies.answer(warmUp.people[i]!, warmUp.dailyId, warmUp.right));
  const runs: Run[] = [];
  for (let r = 0; r * members < MIN_ANSWERS || r === 0; r++) {
    const team = await openDaily(rig, { platform: 'shell', teamId: `team-${r}` }, members);
    runs.push(await run(members, (i) => rig.engine.dailies.answer(team.people[i]!, team.dailyId, team.right)));
  }
  return summarize(runs);
}

const WARM_UP_ANSWERS = 10_000;
const MIN_ANSWERS = 20_000;

async function openDaily(rig: TestRig, team: TeamRef, members: number) {
  await configure(rig, team, { channelId: 'bench', timezone: 'UTC' });
  const { daily } = (await rig.engine.dailies.post(team, 'bench', { extra: true }))!;
  const people = Array.from({ length: members }, (_, i) => member(`u${i}`, { name: `member ${i}`, team }));
  return { dailyId: daily.id, right: rightLetter(daily.order), people };
}

/** The same store's raw Keyv set throughput: the ceiling for writing one document. */
export async function benchRawSets(keyv: Keyv, n = 20_000): Promise<Timing> {
  const value = {
    v: 1,
    name: 'member name',
    answered: 12,
    correct: 9,
    topics: { cnn: { answered: 3, correct: 2 } },
    dailyDays: ['2026-03-01', '2026-03-02'],
  };
  const timing = await timeSequential(n, (i) => keyv.set(`bench:raw:${i}`, value));
  // Untimed: on Redis these keys sit outside the bench's namespace, and would outlive the run.
  for (let i = 0; i < n; i += 1000) await keyv.deleteMany(Array.from({ length: Math.min(1000, n - i) }, (_, j) => `bench:raw:${i + j}`));
  return timing;
}
