import type { Store } from '../src/core/ports/store.js';
import { keys } from '../src/core/shared/keys.js';
import { PERIODS, periodKey } from '../src/core/shared/time.js';
import { createRig, member, TEAM } from '../tests/fakes/engine.js';
import { type Timing, timeSequential } from './stats.js';

/**
 * Leaderboard reads (top 10 plus the caller's rank) for a team of N members with spread-out points, for the
 * week, the month and all time. Boards are loaded in bulk (through the store's import), then read 1,000 times
 * for random callers.
 */
export async function benchLeaderboard(store: Store, members: number, reads = 1000): Promise<Timing> {
  const rig = createRig({ store, pack: 'deep-learning', start: '2026-03-04T12:00:00Z' });
  const now = rig.clock.now();
  for (const period of PERIODS) {
    const board = keys.board(TEAM, periodKey(period, now, 'UTC'));
    // Scores spread like a real team's: most low, a few high, many ties.
    const entries = Array.from({ length: members }, (_, i) => ({ memberId: `u${i}`, points: Math.floor(1000 * Math.random() ** 3) }));
    for (let i = 0; i < entries.length; i += 5000)
      await store.importRecord({ kind: 'board', key: board, entries: entries.slice(i, i + 5000) });
  }
  // Every member has a record (the top 10's names are read from them).
  for (let i = 0; i < members; i++)
    await store.importRecord({ kind: 'doc', key: keys.member(TEAM, `u${i}`), value: { v: 1, id: `u${i}`, name: `member ${i}` } });
  return timeSequential(reads, (i) => rig.engine.standings.leaderboard(member(`u${Math.floor(Math.random() * members)}`), PERIODS[i % 3]!));
}
