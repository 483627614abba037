import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ShellDriver, startShellRig, TYPED_SUGGESTION } from '../fakes/shell-driver.js';

const EXPLANATION = 'Our builds run in the build farm. The laptops only run unit tests.';

/**
 * Topics are named by admins and members, so a topic may be any word, including one that a plain object already
 * has ("constructor" is Object.prototype's): it must read as a topic everywhere, not as the object's function.
 */
describe('a topic called "constructor"', () => {
  let shell: ShellDriver;
  let dir: string;

  beforeEach(async () => {
    ({ shell } = await startShellRig({ pack: 'deep-learning' }));
    dir = mkdtempSync(join(tmpdir(), 'bp-topic-names-'));
  });
  afterEach(() => shell.stop());

  const question = (id: string, topic: string) => `  - id: ${id}
    topic: ${topic}
    difficulty: 1
    prompt: Where do our ${id} builds run?
    answer: In the build farm
    distractors: [On the laptops, On the GPU cluster, In the staging cluster]
    explanation: ${EXPLANATION}
`;

  it('in a team pack, and as a question’s id: answered in the daily, counted in stats, practised by name, shown', async () => {
    const yaml = join(dir, 'builds.yaml');
    writeFileSync(
      yaml,
      `id: builds\nname: Builds\ntopics:\n  constructor: Constructors\n  cnn: Our CNNs\nquestions:\n${question('nightly', 'constructor')}${question('constructor', 'cnn')}`,
    );
    expect(await shell.send(`quiz-admin pack upload ${yaml}`)).toMatch(/✅ Pack builds saved: 2 questions[\s│]+2 topics/);
    expect(await shell.send('quiz-admin setup pack=builds topics=constructor')).toContain('Saved');
    const daily = await shell.send('quiz-admin post');
    expect(daily).toContain('Where do our nightly builds run?');
    const right = /\[([A-D])\] In the build farm/.exec(daily)?.[1] ?? /([A-D])\) In the build farm/.exec(daily)?.[1];
    expect(right).toBeDefined();
    await shell.send('as alice');
    expect(await shell.send(right!)).toContain('Right');
    // The member's record holds the topic as a topic: their stats read, and a second answer counts on top.
    const stats = await shell.send('quiz stats');
    expect(stats).not.toContain('damaged');
    expect(stats).toMatch(/Constructors[^\n]*1\/1/);
    expect(await shell.send('quiz start constructor 1')).toContain('Practice · question 1 of 1 · Constructors');
    expect(await shell.send(right!)).not.toContain('damaged');
    expect(await shell.send('quiz stats')).not.toContain('damaged');
    await shell.send('as you');
    expect(await shell.send('quiz-admin pack show builds')).toContain('• Constructors (constructor): 1');
    // The question whose id is "constructor": practised and reviewed like any other.
    await shell.send('as alice');
    const practice = await shell.send('quiz start cnn 1');
    expect(practice).toContain('Where do our constructor builds run?');
    expect(await shell.send(/\[([A-D])\] In the build farm/.exec(practice)?.[1] ?? 'A')).not.toContain('went wrong');
    expect(await shell.send('quiz stats')).not.toContain('went wrong');
    expect(await shell.send('quiz review')).not.toContain('went wrong');
    expect(await shell.send('quiz interview cnn 1')).not.toContain('went wrong');
  });

  it('in a CSV, and in a member’s suggestion', async () => {
    const csv = join(dir, 'builds.csv');
    writeFileSync(
      csv,
      `id,topic,difficulty,prompt,answer,distractor1,distractor2,distractor3,explanation\nnightly,constructor,easy,Where do our nightly builds run?,In the build farm,On the laptops,On the GPU cluster,In the staging cluster,${EXPLANATION}\n`,
    );
    expect(await shell.send(`quiz-admin pack upload ${csv}`)).toContain('✅ Pack builds saved: 1 question');
    expect(await shell.send('quiz start constructor 1')).toContain('Where do our nightly builds run?');

    await shell.send('as ann');
    await shell.send('quiz suggest');
    let out = '';
    for (const field of ['Constructor', ...TYPED_SUGGESTION.slice(1)]) out = await shell.send(field);
    expect(out).toContain('Thanks: your question went to the quiz admins');
    await shell.send('as boss admin');
    await shell.send('quiz-admin suggestions');
    expect(await shell.send('Approve 1 easy')).toContain('✅ Approved (easy)');
    // "Constructor" is the CSV's topic, named as the member typed it: practice on it has both questions.
    expect(await shell.send('quiz start constructor 2')).toMatch(/question 1 of 2 · Constructor/);
  });
});
