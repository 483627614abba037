import type { Store } from '../../src/core/ports/store.js';
import { createRig, member, rightLetter, TEAM, wrongLetter } from './engine.js';

const DAY = 24 * 60 * 60 * 1000;

/** A store with two days of play: dailies, answers, a practice quiz, settings. */
export async function played(store: Store) {
  const rig = createRig({ store, start: '2026-03-02T10:00:00Z' });
  await rig.engine.teams.setup(TEAM, { channelId: 'c', timezone: 'Europe/Berlin' }, 'c');
  for (let d = 0; d < 2; d++) {
    const { daily } = (await rig.engine.dailies.post(TEAM, 'c', { extra: false }))!;
    await rig.engine.dailies.answer(member('ann'), daily.id, rightLetter(daily.order));
    await rig.engine.dailies.answer(member('bob'), daily.id, d === 0 ? wrongLetter(daily.order) : rightLetter(daily.order));
    rig.clock.advance(DAY);
  }
  const s = await rig.engine.practice.start(member('cid'), { count: 2 });
  await rig.engine.practice.answer(member('cid'), s.session.id, 0, rightLetter(s.session.items[0]!.order));
  return rig;
}

/** What members see, read through an engine on the given store. */
export async function view(store: Store) {
  const rig = createRig({ store, start: '2026-03-04T10:00:00Z' });
  return {
    board: (await rig.engine.standings.leaderboard(member('ann'), 'all')).rows.map((r) => [r.name, r.points, r.rank]),
    streaks: await Promise.all(['ann', 'bob'].map(async (id) => (await rig.engine.standings.stats(TEAM, id)).streak)),
    config: (await rig.engine.teams.config(TEAM)).timezone,
    log: (await store.readLog('bp:shell:team1:m:ann:log')).length,
  };
}
