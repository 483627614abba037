import { describe, expect, it } from 'vitest';
import { Bank, type Pack, type Question } from '../../../src/core/bank/bank.js';
import { openDailiesChangedBy, openDailyQuestions } from '../../../src/core/daily/pack-changes.js';
import { keys } from '../../../src/core/shared/keys.js';
import { configure, createRig, TEAM } from '../../fakes/engine.js';

const question = (over: Partial<Question> = {}): Question => ({
  id: 'q1',
  pack: 'ours',
  topic: 'infra',
  topicName: 'Infra',
  difficulty: 1,
  prompt: 'Which cluster has the A100s?',
  answer: 'Atlas',
  distractors: ['Borealis', 'Cygnus', 'Dorado'],
  explanation: 'Atlas was bought for training. The others serve.',
  ...over,
});
const pack = (q: Question): Pack => ({ id: 'ours', name: 'Ours', topics: { infra: 'Infra' }, questions: [q] });
const chart = (jobs: number) => ({ alt: 'Jobs by hour, empty at night', source: { chart: { mark: 'bar', data: { values: [{ jobs }] } } } });

describe('a new version of a pack against the dailies open now', () => {
  const open = [{ channelId: 'c', questionId: 'q1' }];

  it('a changed picture counts as a change even with the same alt text; an explanation alone does not', () => {
    const before = new Bank([pack(question({ figure: chart(90) }))]);
    expect(openDailiesChangedBy(open, before, pack(question({ figure: chart(3) })))).toEqual([{ ...open[0], removed: false }]);
    expect(openDailiesChangedBy(open, before, pack(question({ figure: chart(90), explanation: 'Better. Still two.' })))).toEqual([]);
    const image = (byte: number) => ({
      alt: 'A photo of the room',
      source: { image: { format: 'png' as const, data: new Uint8Array([1, 2, byte]) } },
    });
    const photo = new Bank([pack(question({ figure: image(3) }))]);
    expect(openDailiesChangedBy(open, photo, pack(question({ figure: image(4) })))).toHaveLength(1);
    expect(openDailiesChangedBy(open, photo, pack(question({ figure: image(3) })))).toEqual([]);
  });

  it('an open-format daily shows no options: changing a wrong option is no change to it, its prompt is', () => {
    const before = new Bank([pack(question())]);
    const openFormat = [{ ...open[0]!, format: 'open' as const }];
    expect(openDailiesChangedBy(openFormat, before, pack(question({ distractors: ['Borealis', 'Cygnus', 'Eridanus'] })))).toEqual([]);
    expect(openDailiesChangedBy(openFormat, before, pack(question({ prompt: 'Which cluster has the H100s?' })))).toHaveLength(1);
    expect(openDailiesChangedBy(open, before, pack(question({ distractors: ['Borealis', 'Cygnus', 'Eridanus'] })))).toHaveLength(1);
  });

  it('a channel whose state cannot be read is left out, not a reason to refuse every pack change', async () => {
    const rig = createRig();
    await configure(rig, TEAM, { channelId: 'good' });
    await configure(rig, TEAM, { channelId: 'broken' });
    const { daily } = (await rig.engine.dailies.post(TEAM, 'good', { extra: false }))!;
    await rig.store.set(keys.dailyState(TEAM, 'broken'), { v: 'garbage', open: 42 });
    // A removed channel whose daily was left open (another process posting during the removal) is not looked at:
    // its daily could not be closed by an admin, and every upload would be refused for it.
    await configure(rig, TEAM, { channelId: 'gone' });
    await rig.engine.dailies.post(TEAM, 'gone', { extra: false });
    await rig.engine.channels.update(TEAM, 'gone', (c) => ({ ...c, removedAt: rig.clock.now() }));
    const found = await openDailyQuestions(rig.engine.channels, (t, id) => rig.engine.dailies.get(t, id), TEAM);
    expect(found).toEqual([{ channelId: 'good', questionId: daily.questionId, format: daily.format }]);
  });
});
