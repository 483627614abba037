import type { Pack, Question } from '../../src/core/bank/bank.js';
import { toStored } from '../../src/core/bank/team-pack-model.js';
import type { Store } from '../../src/core/ports/store.js';
import { createRig, member, rightLetter, TEAM, wrongLetter } from './engine.js';

const DAY = 24 * 60 * 60 * 1000;

const OWN_QUESTION: Question = {
  id: 'our-gpu-cluster',
  pack: 'our-stack',
  topic: 'our-stack',
  topicName: 'Our stack',
  difficulty: 1,
  prompt: 'Which of our clusters has the A100 GPUs?',
  answer: 'Atlas',
  distractors: ['Borealis', 'Cygnus', 'Dorado'],
  explanation: 'Atlas was bought for training. The others serve models.',
};
/** A team's own pack of one question (the played store's upload; shared-pack tests upload it too). */
export const OWN_PACK: Pack = { id: 'our-stack', name: 'Our stack', topics: { 'our-stack': 'Our stack' }, questions: [OWN_QUESTION] };

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
  // The team's own questions: an uploaded pack and a suggestion waiting for an admin.
  await rig.engine.packs.put(TEAM, OWN_PACK, { format: 'csv', by: 'ann' });
  await rig.engine.suggestions.submit(member('bob'), toStored(OWN_PACK.questions[0]!), 'Our stack', 'sug001');
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
    packs: (await rig.engine.packs.list(TEAM)).map((p) => [p.id, p.questions.length, p.uploadedBy]),
    suggestions: (await rig.engine.suggestions.pending(TEAM)).map((x) => [x.id, x.suggestedBy]),
  };
}
