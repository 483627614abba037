import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BankError, loadBank } from '../../src/bank/load.js';
import { countSentences } from '../../src/bank/schema.js';
import { canonicalOptions } from '../../src/core/bank/bank.js';
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

describe('the deep-learning question bank', () => {
  it('has at least 120 questions across the ten topics', () => {
    expect(pack.questions.length).toBeGreaterThanOrEqual(120);
    const topics = new Set(pack.questions.map((q) => q.topic));
    expect([...topics].sort()).toEqual([
      'cnn',
      'ensembles',
      'evaluation',
      'fundamentals',
      'generative',
      'optimization',
      'regularization',
      'rnn',
      'training',
      'transformers',
    ]);
    for (const topic of topics) expect(pack.questions.filter((q) => q.topic === topic).length).toBeGreaterThanOrEqual(10);
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
    // …and "pick the longest option" wins well short of half the time (chance is a quarter; measured: 35%).
    const longest = pack.questions.filter((q) => q.distractors.every((d) => d.length < q.answer.length)).length;
    expect(longest / pack.questions.length).toBeLessThanOrEqual(0.4);
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

  it('reports an empty or missing directory', () => {
    expect(loadError(mkdtempSync(join(tmpdir(), 'bp-empty-')))).toMatch(/no question packs/);
    expect(loadError('/nonexistent/packs')).toMatch(/cannot read the question pack directory/);
  });
});
