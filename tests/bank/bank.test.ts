import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  answerLengthProblems,
  difficultySpread,
  keyPointProblems,
  longestWins,
  MAX_LONGEST_WINS,
  nearDuplicates,
  ownWordingProblems,
  wrongCoverageProblems,
} from '../../src/bank/guards.js';
import { BankError, checkBank, loadBank } from '../../src/bank/load.js';
import { countSentences } from '../../src/bank/schema.js';
import { canonicalOptions } from '../../src/core/bank/bank.js';
import { coveredPoints } from '../../src/core/interview/matcher.js';
import { REAL_PACKS } from '../fakes/engine.js';

const bank = loadBank(REAL_PACKS);
const pack = bank.pack('deep-learning')!;

/**
 * The 28 questions of the seed document, with the fact each answer must get right (see the seed's corrections
 * table). Each pattern is checked against the right answer and explanation written for the bank.
 */
const SEED: Record<string, RegExp[]> = {
  'what-is-a-neural-network': [/weighted sum/i],
  'data-normalization': [/standardiz/i, /training set/i],
  'forward-and-backward-propagation': [/chain rule/i],
  'role-of-activation-functions': [/non-?linear/i, /linear/i],
  'cost-function': [/scalar|one number/i, /minimi[sz]e/i],
  'gradient-descent': [/opposite to the gradient|against the gradient|−\s*η∇/i, /mini-batch/i],
  'why-batch-normalization': [/scale and shift/i, /running/i, /disputed|debated/i],
  'why-cnns-suit-images': [/fewer (weights|parameters)/i, /equivarian/i, /edges/i],
  'why-rnns-suit-text': [/hidden state/i, /transformers/i],
  'exploding-and-vanishing-gradients': [/clipping/i, /residual/i, /initiali[sz]ation/i],
  'what-backpropagation-computes': [/chain rule/i, /optimizer/i],
  'softmax-and-relu': [/probability distribution/i, /saturate/i, /dying ReLU/i],
  hyperparameters: [/not learned|does not update/i],
  dropout: [/inference/i, /1\/\(1 − p\)|inverted/i],
  overfitting: [/new data|unseen|held-out/i],
  underfitting: [/training data/i],
  'weight-initialization': [/Xavier|Glorot/, /He|Kaiming/, /symmetry/i],
  'pooling-in-cnns': [/max|mean|average/i, /no (learned weights|parameters)/i],
  'what-is-an-lstm': [/forget/i, /cell state/i, /gradients/i],
  epoch: [/every training example|each training example/i],
  'generative-adversarial-networks': [/minimax|adversarial/i, /discriminator/i],
  autoencoders: [/encoder/i, /decoder/i, /reconstruct/i, /variational/i],
  bagging: [/bootstrap/i, /replacement/i, /any base learner/i, /variance/i],
  boosting: [/one after another|sequential/i, /bias/i, /residuals|negative gradients/i],
  'transfer-learning': [/pretrained|trained on/i, /fine-tun/i],
  'data-augmentation': [/label/i, /transform/i],
  'deep-vs-shallow-networks': [/fewer parameters|exponentially more/i],
  'learning-rate-a-priori': [/2\/L/, /empiric/i],
};

/** Issue 14's minimum per subject: each subject is one topic of the pack. */
const SUBJECT_MINIMUMS: Record<string, number> = {
  'transformer-internals': 25,
  'llm-inference': 30,
  pretraining: 25,
  alignment: 30,
  'efficient-tuning': 30,
  moe: 10,
  retrieval: 25,
  diffusion: 20,
  'self-supervised': 25,
  distributed: 25,
  'llm-evaluation': 15,
  'ml-systems': 20,
};
/** What the ten original topics held before the bank grew: none may shrink. */
const ORIGINAL_TOPICS: Record<string, number> = {
  fundamentals: 18,
  optimization: 21,
  regularization: 20,
  cnn: 15,
  rnn: 15,
  transformers: 16,
  generative: 21,
  training: 26,
  evaluation: 19,
  ensembles: 19,
};
const count = (topic: string) => pack.questions.filter((q) => q.topic === topic).length;

describe('the deep-learning question bank', () => {
  it('has at least 500 questions, every subject at its minimum, and no earlier topic smaller than it was', () => {
    expect(pack.questions.length).toBeGreaterThanOrEqual(500);
    expect(Object.keys(pack.topics).sort()).toEqual([...Object.keys(SUBJECT_MINIMUMS), ...Object.keys(ORIGINAL_TOPICS)].sort());
    for (const [topic, min] of Object.entries({ ...SUBJECT_MINIMUMS, ...ORIGINAL_TOPICS }))
      expect(count(topic), topic).toBeGreaterThanOrEqual(min);
  });

  it('has questions at all three difficulties in every topic', () => {
    for (const [topic, [easy, medium, hard]] of Object.entries(difficultySpread(pack.questions))) {
      expect(Math.min(easy, medium, hard), `${topic}: ${easy} easy, ${medium} medium, ${hard} hard`).toBeGreaterThan(0);
    }
  });

  it('still has every question id it ever had, so nobody’s answers, reviews or streaks are orphaned', () => {
    const before = readFileSync(new URL('../fixtures/bank-ids-v1.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean);
    expect(before).toHaveLength(190);
    for (const id of before) expect(bank.question(id), id).toBeDefined();
  });

  it('has no two prompts that nearly repeat each other', () => {
    expect(nearDuplicates(pack.questions), 'pairs of question ids').toEqual([]);
  });

  it('key points: at least 250 questions, every seed question and 10 in every topic; each covered by its own model answer', () => {
    const withPoints = pack.questions.filter((q) => q.keyPoints);
    expect(withPoints.length).toBeGreaterThanOrEqual(250);
    for (const id of Object.keys(SEED)) expect(bank.question(id)!.keyPoints, id).toBeDefined();
    for (const topic of Object.keys(pack.topics))
      expect(withPoints.filter((q) => q.topic === topic).length, topic).toBeGreaterThanOrEqual(10);
    expect(keyPointProblems(pack.questions)).toEqual([]);
  });

  it('key points: a member who types a point itself sees it marked', () => {
    expect(ownWordingProblems(pack.questions)).toEqual([]);
  });

  it('key points: no wrong option, typed as an answer, covers half of its question’s points', () => {
    expect(wrongCoverageProblems(pack.questions)).toEqual([]);
  });

  it('key points: an empty or unrelated answer covers none', () => {
    const unrelated = 'Preheat the oven, whisk two eggs with sugar, fold in the flour and bake the cake for forty minutes until golden.';
    for (const q of pack.questions.filter((x) => x.keyPoints)) {
      expect(coveredPoints('', q.keyPoints!).some(Boolean), q.id).toBe(false);
      expect(coveredPoints(unrelated, q.keyPoints!).some(Boolean), q.id).toBe(false);
    }
  });

  it('has unique ids, four distinct options, difficulty 1–3 and 2–5 sentence explanations', () => {
    const ids = pack.questions.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const q of pack.questions) {
      const options = canonicalOptions(q).map((o) => o.trim().toLowerCase());
      expect(new Set(options).size, q.id).toBe(4);
      expect([1, 2, 3], q.id).toContain(q.difficulty);
      const n = countSentences(q.explanation);
      expect(n >= 2 && n <= 5, `${q.id} has ${n} sentences`).toBe(true);
    }
  });

  it('does not give the answer away by its length', () => {
    // No right answer stands out as much longer than every wrong one…
    for (const q of pack.questions) {
      expect(q.answer.length, q.id).toBeLessThanOrEqual(1.2 * Math.max(...q.distractors.map((d) => d.length)));
    }
    // …and "pick the longest option" wins well short of half the time (chance is a quarter; measured: 23%).
    const longest = pack.questions.filter((q) => q.distractors.every((d) => d.length < q.answer.length)).length;
    expect(longest / pack.questions.length).toBeLessThanOrEqual(0.4);
    // The same rules as npm run check-bank applies.
    expect(answerLengthProblems(pack.questions)).toEqual([]);
    expect(longestWins(pack.questions)).toBeLessThanOrEqual(MAX_LONGEST_WINS);
  });

  it('no option refers to other options, which are shuffled', () => {
    for (const q of pack.questions) {
      for (const o of canonicalOptions(q)) expect(o, q.id).not.toMatch(/\b(all|none|both) of the (above|others)\b|\boption [A-D]\b/i);
    }
  });

  it('contains every seed question, with the facts the seed got wrong set right', () => {
    expect(Object.keys(SEED)).toHaveLength(28);
    for (const [id, facts] of Object.entries(SEED)) {
      const q = bank.question(id);
      expect(q, `seed question ${id}`).toBeDefined();
      const text = `${q!.answer} ${q!.explanation}`;
      for (const fact of facts) expect(text, `${id} should match ${fact}`).toMatch(fact);
    }
    // The seed's own mistakes must not be the right answer.
    expect(bank.question('cost-function')!.answer).not.toMatch(/each layer/i);
    expect(bank.question('why-cnns-suit-images')!.answer).not.toMatch(/fully connected/i);
    expect(bank.question('generative-adversarial-networks')!.answer).not.toMatch(/cooperat/i);
    expect(bank.question('boosting')!.answer).not.toMatch(/random sample/i);
    expect(bank.question('bagging')!.answer).not.toMatch(/only .*decision trees/i);
  });
});

describe('loading a pack', () => {
  const VALID = {
    id: 'q-one',
    topic: 'alpha',
    difficulty: 1,
    prompt: 'What is the first question?',
    answer: 'The right one',
    distractors: ['Wrong a', 'Wrong b', 'Wrong c'],
    explanation: 'This is why. It is short.',
  };

  function packFile(questions: unknown[], extra: Record<string, unknown> = {}): string {
    const dir = mkdtempSync(join(tmpdir(), 'bp-pack-'));
    const file = join(dir, 'test.yaml');
    writeFileSync(file, JSON.stringify({ id: 'test', name: 'Test', topics: { alpha: 'Alpha' }, questions, ...extra }, null, 2));
    return dir;
  }

  function loadError(dir: string): string {
    try {
      loadBank(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(BankError);
      return (error as Error).message;
    }
    throw new Error('expected the pack to be rejected');
  }

  it('accepts a valid pack', () => {
    expect(loadBank(packFile([VALID])).question('q-one')?.topicName).toBe('Alpha');
  });

  it.each([
    ['two distractors', { distractors: ['a', 'b'] }, 'distractors'],
    ['a difficulty of 4', { difficulty: 4 }, 'difficulty'],
    ['a one-sentence explanation', { explanation: 'Only one sentence here.' }, 'explanation'],
    ['an undeclared topic', { topic: 'gamma' }, 'topic'],
    ['a repeated option', { distractors: ['The right one', 'b', 'c'] }, 'distractors'],
    ['an unknown field', { hint: 'no' }, 'hint'],
    ['an empty prompt', { prompt: '' }, 'prompt'],
  ])('rejects %s, naming the file, the question id and the field', (_, change, field) => {
    const dir = packFile([VALID, { ...VALID, id: 'q-two', ...change }]);
    const message = loadError(dir);
    expect(message).toContain(join(dir, 'test.yaml'));
    expect(message).toContain('question "q-two"');
    expect(message).toContain(`field ${field}`);
  });

  it.each([
    ['two key points', { key_points: ['One point here', 'Another point'] }, 'key_points'],
    ['a key point over 120 characters', { key_points: ['x'.repeat(121), 'Second point', 'Third point'] }, 'key_points.0.point'],
    ['a key point with an unknown field', { key_points: [{ point: 'One point', words: ['a'] }, 'Two', 'Three'] }, 'key_points.0'],
    [
      'a term of one letter',
      { key_points: [{ point: 'Data drift: P(x) changes', terms: ['drift', 'p(y|x)'] }, 'Two', 'Three'] },
      'key_points.0.terms',
    ],
  ])('rejects %s, naming the file, the question id and the field', (_, change, field) => {
    const message = loadError(packFile([VALID, { ...VALID, id: 'q-two', ...change }]));
    expect(message).toContain('question "q-two"');
    expect(message).toContain(`field ${field}`);
  });

  it('reads key points given as text (their words are the terms) or with terms and | alternatives', () => {
    const q = loadBank(
      packFile([
        {
          ...VALID,
          key_points: [
            'Gradients vanish in deep stacks',
            { point: 'Scaled by root d', terms: ['scale|divide', 'sqrt|square root'] },
            'Third point',
          ],
        },
      ]),
    ).question('q-one')!;
    expect(q.keyPoints).toEqual([
      { point: 'Gradients vanish in deep stacks', terms: [['gradients'], ['vanish'], ['deep'], ['stacks']] },
      {
        point: 'Scaled by root d',
        terms: [
          ['scale', 'divide'],
          ['sqrt', 'square root'],
        ],
      },
      { point: 'Third point', terms: [['third'], ['point']] },
    ]);
  });

  it('reads a pack kept as a folder: pack.yaml and question files, errors naming the file they are in', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-folder-'));
    const folder = join(dir, 'team');
    mkdirSync(folder);
    writeFileSync(join(folder, 'pack.yaml'), JSON.stringify({ id: 'team', name: 'Team', topics: { alpha: 'Alpha' } }));
    writeFileSync(join(folder, 'a.yaml'), JSON.stringify({ questions: [VALID] }));
    writeFileSync(join(folder, 'b.yaml'), JSON.stringify({ questions: [{ ...VALID, id: 'q-two' }] }));
    expect(
      loadBank(dir)
        .pack('team')!
        .questions.map((q) => q.id),
    ).toEqual(['q-one', 'q-two']);
    writeFileSync(join(folder, 'b.yaml'), JSON.stringify({ questions: [{ ...VALID, id: 'q-two', difficulty: 7 }] }));
    expect(loadError(dir)).toMatch(
      new RegExp(`${join(folder, 'b.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*question "q-two": field difficulty`),
    );
    writeFileSync(join(folder, 'b.yaml'), JSON.stringify({ questions: [VALID] }));
    expect(loadError(dir)).toMatch(/b\.yaml.*question "q-one": field id: the id is used twice in this pack/);
    writeFileSync(join(folder, 'b.yaml'), JSON.stringify({ id: 'x', questions: [{ ...VALID, id: 'q-two' }] }));
    expect(loadError(dir)).toMatch(/b\.yaml.*field id: not a known field/);
  });

  it('names a question without an id by its position', () => {
    const { id: _, ...noId } = VALID;
    expect(loadError(packFile([VALID, noId]))).toMatch(/question "#2".*field id/);
  });

  it('rejects duplicate ids within a pack and across packs', () => {
    expect(loadError(packFile([VALID, VALID]))).toMatch(/question "q-one".*field id/);
    const dir = packFile([VALID]);
    writeFileSync(join(dir, 'other.yaml'), JSON.stringify({ id: 'other', name: 'Other', topics: { alpha: 'A' }, questions: [VALID] }));
    expect(loadError(dir)).toMatch(/question "q-one": field id: the same id is used in/);
  });

  it('reports broken YAML with its file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-pack-'));
    writeFileSync(join(dir, 'broken.yaml'), 'id: x\nname: [unclosed\n');
    expect(loadError(dir)).toMatch(/broken\.yaml:\d+: not valid YAML/);
  });

  it('reports a bad pack header field', () => {
    expect(loadError(packFile([VALID], { topics: {} }))).toMatch(/test\.yaml.*field topics/);
  });

  it('checkBank lists every problem of every file (check-bank); loadBank stops at the first', () => {
    const dir = packFile([
      VALID,
      { ...VALID, id: 'q-two', distractors: ['Only one'] },
      { ...VALID, id: 'q-three', topic: 'nowhere' },
      { ...VALID, id: 'q-one' },
    ]);
    // A folder pack: a file of questions that is not YAML, and one with a bad question, beside good ones.
    mkdirSync(join(dir, 'folder'));
    writeFileSync(join(dir, 'folder', 'pack.yaml'), JSON.stringify({ id: 'folder', name: 'Folder', topics: { alpha: 'A' } }));
    writeFileSync(join(dir, 'folder', 'a.yaml'), 'questions: [unclosed\n');
    writeFileSync(
      join(dir, 'folder', 'b.yaml'),
      JSON.stringify({
        questions: [
          { ...VALID, id: 'f-one' },
          { ...VALID, id: 'f-two', difficulty: 9 },
        ],
      }),
    );
    const { bank, problems } = checkBank(dir);
    expect(problems).toEqual([
      expect.stringMatching(/folder\/a\.yaml:\d+: not valid YAML/),
      expect.stringMatching(/folder\/b\.yaml:\d+: question "f-two": field difficulty/),
      expect.stringMatching(/test\.yaml:\d+: question "q-two": field distractors/),
      expect.stringMatching(/test\.yaml:\d+: question "q-three": field topic: "nowhere" is not one of/),
      expect.stringMatching(/test\.yaml:\d+: question "q-one": field id: the id is used twice/),
    ]);
    // What has no problem is read, for the other checks.
    expect(bank.packIds()).toEqual(['folder', 'test']);
    expect(bank.pack('folder')!.questions.map((q) => q.id)).toEqual(['f-one']);
    expect(loadError(dir)).toBe(problems[0]);
  });

  it('reports an empty or missing directory', () => {
    expect(loadError(mkdtempSync(join(tmpdir(), 'bp-empty-')))).toMatch(/no question packs/);
    expect(loadError('/nonexistent/packs')).toMatch(/cannot read the question pack directory/);
  });
});
