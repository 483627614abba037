import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SHELL_TEAM } from '../../src/adapters/shell/shell.js';
import type { StoredPack } from '../../src/core/bank/team-pack-model.js';
import { keys, teamPrefix } from '../../src/core/shared/keys.js';
import { member, rightLetter, type TestRig } from '../fakes/engine.js';
import { encodePng } from '../fakes/png.js';
import { type ShellDriver, startShellRig } from '../fakes/shell-driver.js';
import { allRecords } from '../fakes/stores.js';

const EXPLANATION = 'Our inference fleet runs on the training cluster at night. The CI runners have no GPUs.';
const HEADER = 'id,topic,difficulty,prompt,answer,distractor1,distractor2,distractor3,explanation';
const row = (id: string, prompt: string, topic = 'Infrastructure') =>
  `${id},${topic},easy,"${prompt}","The training cluster","The CI runners","The laptops","The staging cluster","${EXPLANATION}"`;

/** Team packs, typed in the terminal: upload, list, show, export, replace, remove; as an admin would. */
describe('quiz-admin pack, in the shell', () => {
  let rig: TestRig;
  let shell: ShellDriver;
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeEach(async () => {
    ({ rig, shell } = await startShellRig({ pack: 'deep-learning' }));
    dir = mkdtempSync(join(tmpdir(), 'bp-packs-'));
  });
  afterEach(() => shell.stop());

  it('uploads a CSV pack, lists and shows it, draws the daily from it, and exports it back as the same CSV', async () => {
    const csv = file(
      'our-stack.csv',
      [
        HEADER,
        row('gpu-cluster', 'Which of our clusters has the A100 GPUs?'),
        row('gpu-night', 'Where does our inference fleet run at night?'),
      ].join('\n'),
    );
    const saved = await shell.send(`quiz-admin pack upload ${csv}`);
    expect(saved).toContain('✅ Pack our-stack saved: 2 questions');
    expect(await shell.send('quiz-admin pack list')).toMatch(/our-stack · Our stack · 2 questions · 1 topic\b/);
    const show = await shell.send('quiz-admin pack show our-stack');
    expect(show).toContain('• Infrastructure (infrastructure): 2');
    expect(show).toContain('Uploaded as CSV by @you');
    // One question is one question, in the list, show and export replies.
    const one = file(
      'one.csv',
      [HEADER, row('only-one', 'Which of our clusters serves the nightly batch?')].join('\n').replace(/our-stack/g, 'one'),
    );
    await shell.send(`quiz-admin pack upload ${one}`);
    expect(await shell.send('quiz-admin pack list')).toMatch(/ · 1 question · 1 topic\b/);
    expect(await shell.send('quiz-admin setup pack=our-stack')).toContain('Saved');
    const daily = await shell.send('quiz-admin post');
    expect(daily).toMatch(/Which of our clusters|Where does our inference fleet/);
    // Practice can name the team's topic.
    expect(await shell.send('quiz start infrastructure 1')).toContain('Practice · question 1 of 1 · Infrastructure');
    const exported = await shell.send('quiz-admin pack export our-stack');
    const path = /📎 Saved to (\S+)/.exec(exported)?.[1];
    expect(path).toBeDefined();
    expect(readFileSync(path!, 'utf8')).toContain('gpu-cluster,Infrastructure,1,Which of our clusters has the A100 GPUs?');
  });

  it('keeps an uploaded pack’s figures, a chart and an inline image: the daily shows them, the export carries them back', async () => {
    const png = encodePng(1, 1);
    const question = (id: string, figure: string) => `  - id: ${id}
    topic: infra
    difficulty: 1
    prompt: What does the figure show about our cluster ${id}?
    answer: It is idle at night
    distractors: [It is full at night, It is down at night, It is unmetered at night]
    explanation: Jobs stop at 22:00. The cluster stays idle until the morning run.
    figure:
${figure}`;
    const yaml = file(
      'our-figures.yaml',
      `id: our-figures\nname: Our figures\ntopics:\n  infra: Infrastructure\nquestions:\n${question(
        'night-chart',
        '      alt: A bar chart of jobs by hour, empty from 22:00 to 06:00\n      chart: {"data": {"values": [{"h": 1, "jobs": 0}, {"h": 12, "jobs": 40}]}, "mark": "bar", "encoding": {"x": {"field": "h", "type": "ordinal"}, "y": {"field": "jobs", "type": "quantitative"}}}\n',
      )}${question('night-photo', `      alt: A photo of the cluster room with its lights off\n      image: data:image/png;base64,${png.toString('base64')}\n`)}`,
    );
    expect(await shell.send(`quiz-admin pack upload ${yaml}`)).toContain('✅ Pack our-figures saved: 2 questions');
    const bank = await rig.engine.packs.bankFor(SHELL_TEAM);
    // The bank is read again from the store every few seconds; the pack's images are decoded once per version.
    rig.clock.advance(60_000);
    const later = await rig.engine.packs.bankFor(SHELL_TEAM);
    expect(later).not.toBe(bank);
    const bytes = (b: typeof bank) => (b.question('night-photo')!.figure!.source as { image: { data: Uint8Array } }).image.data;
    expect(bytes(later)).toBe(bytes(bank));
    expect(bank.question('night-chart')?.figure).toMatchObject({
      alt: expect.stringContaining('bar chart'),
      source: { chart: { mark: 'bar' } },
    });
    expect(bank.question('night-photo')?.figure?.source).toEqual({ image: { format: 'png', data: new Uint8Array(png) } });

    // The daily drawn from the pack shows its figure (the terminal prints its alt text).
    expect(await shell.send('quiz-admin setup pack=our-figures')).toContain('Saved');
    expect(await shell.send('quiz-admin post')).toMatch(/A bar chart of jobs by hour|A photo of the cluster room/);

    // Exported, it reads back with the same figures; uploaded again, nothing changes.
    const exported = /📎 Saved to (\S+)/.exec(await shell.send('quiz-admin pack export our-figures'))?.[1];
    const text = readFileSync(exported!, 'utf8');
    expect(text).toContain(`image: data:image/png;base64,${png.toString('base64')}`);
    expect(await shell.send(`quiz-admin pack upload ${file('again.yaml', text)}`)).toContain('our-figures');
    const again = await rig.engine.packs.bankFor(SHELL_TEAM);
    for (const id of ['night-chart', 'night-photo']) expect(again.question(id)?.figure, id).toEqual(bank.question(id)?.figure);

    // Replaced without the photo: retired, it keeps its figure for a daily still open; one upload later, not.
    const stored = async () => (await rig.store.get<StoredPack>(keys.teamPack(SHELL_TEAM, 'our-figures')))!;
    const withoutPhoto = text.slice(0, text.indexOf('  - id: night-photo'));
    await shell.send(`quiz-admin pack upload ${file('no-photo.yaml', withoutPhoto)}`);
    expect((await stored()).retired.map((q) => [q.id, q.figure !== undefined])).toEqual([['night-photo', true]]);
    await shell.send(`quiz-admin pack upload ${file('no-photo-again.yaml', withoutPhoto.replace('Our figures', 'Our figures, renamed'))}`);
    expect((await stored()).retired.map((q) => [q.id, q.figure !== undefined])).toEqual([['night-photo', false]]);
    expect((await rig.engine.packs.bankFor(SHELL_TEAM)).question('night-photo')?.prompt).toContain('night-photo');

    // A damaged figure in the store costs its question the figure, not the team the pack.
    await rig.store.updateDoc<StoredPack>(keys.teamPack(SHELL_TEAM, 'our-figures'), (p) => ({
      ...p!,
      questions: p!.questions.map((q) => (q.id === 'night-chart' ? { ...q, figure: { alt: 'A damaged one', image: 'data:nonsense' } } : q)),
      updatedAt: p!.updatedAt + 1,
    }));
    rig.clock.advance(60_000);
    const damaged = await rig.engine.packs.bankFor(SHELL_TEAM);
    expect(damaged.pack('our-figures')?.questions.map((q) => [q.id, q.figure !== undefined])).toEqual([['night-chart', false]]);
  });

  it('a file with mistakes changes nothing in the store, byte for byte, and the reply names every mistake', async () => {
    await shell.send(
      `quiz-admin pack upload ${file('our-stack.csv', [HEADER, row('gpu-cluster', 'Which of our clusters has the A100 GPUs?')].join('\n'))}`,
    );
    const before = JSON.stringify(await allRecords(rig.store, 'bp:'));
    const bad = file(
      'our-stack.csv',
      [
        HEADER,
        row('Bad Id', 'Which of our clusters has the A100 GPUs?'),
        row('too-short', 'Why?'),
        `no-distractors,Infrastructure,easy,"Which of our clusters has the A100 GPUs?","A","A","B","C","${EXPLANATION}"`,
        row('forward-and-backward-propagation', 'A question whose id the built-in pack already uses?'),
        `hard-level,Infrastructure,extreme,"Which of our clusters has the A100 GPUs?","A","B","C","D","${EXPLANATION}"`,
      ].join('\n'),
    );
    const reply = await shell.send(`quiz-admin pack upload ${bad}`);
    expect(reply).toContain('The pack was not saved (nothing changed)');
    expect(reply).toMatch(/row 2 \(line 2\): question "Bad Id": field id/);
    expect(reply).toMatch(/row 3 .*"too-short": field prompt/);
    expect(reply).toMatch(/row 4 .*"no-distractors": field distractor1–3/);
    expect(reply).toMatch(/row 5 .*"forward-and-backward-propagation": field id: already used by the pack deep-learning/);
    expect(reply).toMatch(/row 6 .*"hard-level": field difficulty/);
    expect(JSON.stringify(await allRecords(rig.store, 'bp:'))).toBe(before);
  });

  it('replacing a pack keeps members’ answers and stats for kept questions; removed ones are not drawn', async () => {
    await shell.send(
      `quiz-admin pack upload ${file('our-stack.csv', [HEADER, row('gpu-cluster', 'Which of our clusters has the A100 GPUs?'), row('gpu-night', 'Where does our inference fleet run at night?')].join('\n'))}`,
    );
    await shell.send('quiz-admin setup pack=our-stack');
    const { daily } = (await rig.engine.dailies.post(SHELL_TEAM, 'general', { extra: false }))!;
    await rig.engine.dailies.answer(member('ann', { team: SHELL_TEAM }), daily.id, rightLetter(daily.order));
    await rig.engine.dailies.close(SHELL_TEAM, 'general'); // an open daily's question cannot change (next test)
    const before = await rig.engine.standings.stats(SHELL_TEAM, 'ann');
    const kept = daily.questionId;
    const replaced = await shell.send(
      `quiz-admin pack upload ${file('our-stack.csv', [HEADER, row(kept, 'Which of our clusters has the A100 GPUs, today?'), row('gpu-new', 'Which cluster runs the nightly evals?')].join('\n'))}`,
    );
    expect(replaced).toContain('✅ Pack our-stack updated: 2 questions');
    expect(replaced).toContain('1 added, 1 changed, 1 removed');
    const after = await rig.engine.standings.stats(SHELL_TEAM, 'ann');
    expect(after.record).toEqual(before.record);
    expect(after.allTime).toEqual(before.allTime);
    const removed = kept === 'gpu-cluster' ? 'gpu-night' : 'gpu-cluster';
    const bank = await rig.engine.packs.bankFor(SHELL_TEAM);
    expect(bank.question(removed)).toBeDefined(); // still found for history
    // Its id stays taken, and the admin can see why.
    expect(await shell.send('quiz-admin pack show our-stack')).toContain(`Retired ids: ${removed}`);
    const reuse = file('other.csv', [HEADER, row(removed, 'Which cluster is it now?')].join('\n'));
    expect(await shell.send(`quiz-admin pack upload ${reuse}`)).toContain(
      `field id: already used by the pack our-stack, by a question it retired (ids are never reused)`,
    );
    // The store's own check says the same (a pack written another way: approved suggestions, a second process).
    const retired = bank.question(removed)!;
    const other = { id: 'other', name: 'Other', topics: { infrastructure: 'Infrastructure' }, questions: [{ ...retired, pack: 'other' }] };
    await expect(rig.engine.packs.put(SHELL_TEAM, other, { format: 'csv' })).rejects.toMatchObject({
      problems: [`question "${removed}": field id: already used by the pack our-stack, by a question it retired (ids are never reused)`],
    });
    expect(bank.select({ pack: 'our-stack' }).map((q) => q.id)).not.toContain(removed);
  });

  it('an open daily keeps its question: an upload changing or dropping it is refused, a removal closes it first', async () => {
    const stack = (prompt: string) => file('our-stack.csv', [HEADER, row('gpu-cluster', prompt)].join('\n'));
    await shell.send(`quiz-admin pack upload ${stack('Which of our clusters has the A100 GPUs?')}`);
    await shell.send('quiz-admin setup pack=our-stack');
    const { daily } = (await rig.engine.dailies.post(SHELL_TEAM, 'general', { extra: false }))!;
    const stored = async () => JSON.stringify(await rig.store.get(keys.teamPack(SHELL_TEAM, 'our-stack')));
    const before = await stored();
    const changed = await shell.send(`quiz-admin pack upload ${stack('Which of our clusters has the H100 GPUs?')}`);
    expect(changed).toContain('The pack was not saved (nothing changed)');
    expect(changed).toContain('The daily open in #general asks "gpu-cluster", which this file changes.');
    expect(changed).toContain('quiz-admin close #general');
    const dropped = await shell.send(
      `quiz-admin pack upload ${file('our-stack.csv', [HEADER, row('gpu-new', 'Which cluster is new?')].join('\n'))}`,
    );
    expect(dropped).toContain('asks "gpu-cluster", which this file removes.');
    expect(await stored()).toBe(before);
    // The same question again, with a better explanation only: what members see is unchanged, so it is saved.
    const explained = stack('Which of our clusters has the A100 GPUs?');
    writeFileSync(explained, readFileSync(explained, 'utf8').replace(EXPLANATION, `${EXPLANATION} Ask ops for access.`));
    expect(await shell.send(`quiz-admin pack upload ${explained}`)).toContain('0 added, 1 changed, 0 removed');
    // Removing the pack reveals the open daily while its question still exists.
    await shell.send('quiz-admin pack remove our-stack');
    const removed = await shell.send('Yes, remove it');
    expect(removed).toContain('The daily open in #general asked one of its questions: it is closed, its answer shown.');
    expect((await rig.engine.dailies.get(SHELL_TEAM, daily.id))?.revealedAt).toBeDefined();
    expect(await rig.engine.dailies.open(SHELL_TEAM, 'general')).toBeUndefined();
  });

  it('a daily whose question left the bank while it was open (an earlier version) still closes, and says why', async () => {
    await shell.send(
      `quiz-admin pack upload ${file('our-stack.csv', [HEADER, row('gpu-cluster', 'Which of our clusters has the A100 GPUs?')].join('\n'))}`,
    );
    await shell.send('quiz-admin setup pack=our-stack');
    const { daily } = (await rig.engine.dailies.post(SHELL_TEAM, 'general', { extra: false }))!;
    await rig.engine.teams.removePack(SHELL_TEAM, 'our-stack'); // as an earlier version did, the daily left open
    expect(await shell.send('quiz-admin close')).toContain('Its question was no longer in the bank, so no answer could be shown.');
    const record = await rig.engine.dailies.get(SHELL_TEAM, daily.id);
    expect(record?.closedAt).toBeDefined();
    expect(record?.revealedAt).toBeDefined();
    expect(await shell.send('quiz-admin post')).not.toContain('went wrong');
  });

  it('remove asks first; the daily falls back to the other packs, or the default; purge deletes team packs', async () => {
    await shell.send(
      `quiz-admin pack upload ${file('our-stack.csv', [HEADER, row('gpu-cluster', 'Which of our clusters has the A100 GPUs?')].join('\n'))}`,
    );
    await shell.send('quiz-admin setup pack=deep-learning,our-stack');
    expect(await shell.send('quiz-admin pack remove deep-learning')).toContain('only the team’s own packs can be removed');
    const ask = await shell.send('quiz-admin pack remove our-stack');
    expect(ask).toContain('Remove the pack our-stack?');
    const done = await shell.send('Yes, remove it');
    expect(done).toContain('Pack our-stack removed');
    expect(done).toContain('#general');
    expect((await rig.engine.channels.get(SHELL_TEAM, 'general'))?.pack).toBe('deep-learning');
    await shell.send(
      `quiz-admin pack upload ${file('our-stack.csv', [HEADER, row('gpu-cluster', 'Which of our clusters has the A100 GPUs?')].join('\n'))}`,
    );
    expect(await rig.store.keys(keys.teamPackPrefix(SHELL_TEAM))).toHaveLength(1);
    await shell.send('quiz-admin purge');
    await shell.send('Yes, delete everything');
    expect(await rig.store.keys(teamPrefix(SHELL_TEAM))).toEqual([]);
  });

  it('an upload that leaves a channel’s difficulty with no question says so, and its daily draws from the whole pack', async () => {
    const at = (id: string, difficulty: string) => row(id, `Which ${difficulty} cluster is it?`).replace(',easy,', `,${difficulty},`);
    await shell.send(`quiz-admin pack upload ${file('our-stack.csv', [HEADER, at('a', 'easy'), at('b', 'hard')].join('\n'))}`);
    expect(await shell.send('quiz-admin setup pack=our-stack difficulty=easy')).toContain('Saved');
    const again = await shell.send(`quiz-admin pack upload ${file('our-stack.csv', [HEADER, at('b', 'hard')].join('\n'))}`);
    expect(again).toContain('1 removed');
    expect(again).toContain('#general: its topics and difficulty leave no question now; its daily draws from its whole pack');
    // Posted, not "something went wrong": the one question left, and the operator's log says what was set aside.
    expect(await shell.send('quiz-admin post')).toContain('Which hard cluster is it?');
    expect(rig.log.at('warn').map((l) => l.msg)).toContain('the daily’s settings leave no question; set aside its topics and difficulty');
    expect(rig.log.at('error')).toEqual([]);
  });

  it('removing a pack keeps a channel’s topics its other packs have, and leaves channels that never drew from it alone', async () => {
    const csv = file('our-stack.csv', [HEADER, row('gpu-cluster', 'Which of our clusters has the A100 GPUs?')].join('\n'));
    await shell.send(`quiz-admin pack upload ${csv}`);
    await shell.send('quiz-admin setup pack=deep-learning,our-stack topics=cnn,infrastructure');
    await shell.send('in #other');
    await shell.send('quiz-admin setup 10:00 pack=deep-learning topics=rnn');
    await shell.send('in #general');
    await shell.send('quiz-admin pack remove our-stack');
    const done = await shell.send('Yes, remove it');
    expect(done).toContain('#general');
    expect(done).not.toContain('#other');
    expect(await rig.engine.channels.get(SHELL_TEAM, 'general')).toMatchObject({ pack: 'deep-learning', topics: ['cnn'] });
    expect(await rig.engine.channels.get(SHELL_TEAM, 'other')).toMatchObject({ pack: 'deep-learning', topics: ['rnn'] });
  });

  it('says how large a file is in bytes, and that a built-in pack’s export is not uploaded back as it is', async () => {
    const big = file('big.yaml', 'x'.repeat(1_071_117));
    expect(await shell.send(`quiz-admin pack upload ${big}`)).toContain(
      'big.yaml: 1,071,117 bytes; a pack file is at most 1,048,576 bytes (1 MB)',
    );
    expect(await shell.send('quiz-admin pack export deep-learning')).toContain('A built-in pack cannot be replaced');
  });

  it('uploads are limited per admin (10 an hour) and per team (20 an hour); a refused upload counts for nothing', async () => {
    const upload = (who: string, n: number) =>
      shell
        .send(`as ${who} admin`)
        .then(() =>
          shell.send(
            `quiz-admin pack upload ${file('our-stack.csv', [HEADER, row('gpu-cluster', `Which of our clusters has the A100 GPUs, take ${n}?`)].join('\n'))}`,
          ),
        );
    for (let n = 1; n <= 10; n++) expect(await upload('boss', n)).toContain('Pack our-stack');
    expect(await upload('boss', 11)).toContain('That is 10 pack uploads of yours this hour already');
    for (let n = 1; n <= 10; n++) expect(await upload('lead', n)).toContain('Pack our-stack');
    expect(await upload('kim', 1)).toContain('That is 20 pack uploads this hour already');
    rig.clock.advance(60 * 60 * 1000);
    expect(await upload('boss', 12)).toContain('Pack our-stack updated');
  });
});
