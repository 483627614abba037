import { describe, expect, it } from 'vitest';
import { coveredPoints, type KeyPoint, normalise, stem, termsNeeded } from '../../../src/core/interview/matcher.js';

describe('the key-point matcher', () => {
  it('reads plurals, verb forms and British or American spelling as the same word', () => {
    for (const group of [
      ['normalize', 'normalise', 'normalized', 'normalises', 'normalization', 'normalisation'],
      ['scale', 'scaled', 'scales', 'scaling'],
      ['embedding', 'embeddings', 'embed'],
      ['probability', 'probabilities'],
      ['bias', 'biases'],
      ['loss', 'losses'],
      ['labelled', 'labeled', 'labelling', 'labels'],
      ['modelled', 'modeled', 'model'],
    ]) {
      expect(new Set(group.map(stem)), group.join(', ')).toHaveProperty('size', 1);
    }
    // Words ending in -ss, -us or -is are not plurals.
    expect(stem('loss')).not.toBe(stem('lo'));
    expect(stem('bias')).toBe('bias');
    expect(normalise('Key-Value cache, FP16!')).toEqual(['key', 'valu', 'cach', 'fp16']);
  });

  it('counts a point when two thirds of its terms (rounded up) are mentioned, any alternative of each, phrases in order', () => {
    expect([1, 2, 3, 4, 5].map(termsNeeded)).toEqual([1, 2, 2, 3, 4]);
    const point: KeyPoint = {
      point: 'Scores are divided by the square root of the key size',
      terms: [
        ['divide', 'scale'],
        ['square root', 'sqrt'],
        ['key size', 'dimension'],
      ],
    };
    expect(coveredPoints('We scale the scores by sqrt of d.', [point])).toEqual([true]);
    expect(coveredPoints('Each dot product is divided by the dimension.', [point])).toEqual([true]);
    expect(coveredPoints('Divide them.', [point])).toEqual([false]);
    // A phrase must appear in order: "root square" is not "square root".
    expect(coveredPoints('divide by the root square', [point])).toEqual([false]);
  });

  it('covers nothing for an empty answer, and only what an answer mentions', () => {
    const points: KeyPoint[] = [
      { point: 'Dropout zeroes units at random while training', terms: [['dropout'], ['zero', 'drop'], ['random']] },
      {
        point: 'Nothing is dropped at inference',
        terms: [
          ['inference', 'test time'],
          ['no units', 'nothing'],
        ],
      },
    ];
    expect(coveredPoints('', points)).toEqual([false, false]);
    expect(coveredPoints('Dropout randomly zeroes activations during training.', points)).toEqual([true, false]);
    expect(coveredPoints('At test time nothing is dropped; during training dropout drops units at random.', points)).toEqual([true, true]);
  });
});

describe('how the matcher reads numbers and symbols (the answer and the terms alike)', () => {
  const covers = (answer: string, term: string) => coveredPoints(answer, [{ point: 'p', terms: [[term]] }])[0];

  it('a number followed by letters, a power, a percent sign, ×, ∞ and numbers written out', () => {
    expect(covers('about 176M parameters, 5.64B in all', '176')).toBe(true);
    expect(covers('about 176M parameters, 5.64B in all', '5.64')).toBe(true);
    expect(covers('training costs about 6N FLOPs per token', '6·N')).toBe(true);
    expect(covers('scale the loss by 1/T^2', '1/t²')).toBe(true);
    expect(covers('LoRA trains about 0.4% of the weights', '0.4 percent')).toBe(true);
    expect(covers('the norm is 9× larger', '9 times')).toBe(true);
    expect(covers('nine times the tokens', '9x')).toBe(true);
    expect(covers('a 2x2x4 patch', '2 × 2 × 4')).toBe(true);
    expect(covers('masked scores are set to -inf', 'infinity')).toBe(true);
    expect(covers('masked scores are set to −∞ before the softmax', 'minus infinity')).toBe(false); // no sign word typed
    expect(covers('a product of 2*128*128 per token', '2 × 128 × 128')).toBe(true);
    expect(covers('the s*s score matrix', 's × s')).toBe(true);
    expect(covers('it is 5.5 times 32', '5.5 × 32')).toBe(true);
    expect(covers('two of every four weights are zero', '2 of every 4')).toBe(true);
    expect(covers('dropout zeroes units', 'zero')).toBe(true);
    expect(covers('a factor of three', '3')).toBe(true);
    // Greek letters by name, as a member types them without the symbols.
    expect(covers('the variance is rho sigma^2 + (1 - rho) sigma^2 / B', 'ρσ² + (1 − ρ)σ²/B')).toBe(true);
    expect(covers('each wrong class gets eps/K', 'ε/K')).toBe(false); // "eps" is not "epsilon": list it as a term
    expect(covers('each wrong class gets epsilon over K', 'ε')).toBe(true);
  });

  it('letters then digits stay one word, and a number is not a different number', () => {
    expect(normalise('FP16 and H100')).toEqual(['fp16', 'and', 'h100']);
    expect(covers('store weights in fp16', 'fp 16')).toBe(false);
    expect(covers('about 17.6M parameters', '176')).toBe(false);
    expect(covers('a 0.45% share', '0.4 percent')).toBe(false);
    expect(covers('x is the input', 'times')).toBe(false);
    // Numbers written out in an answer also read as digits, as speech-to-text writes them.
    expect(covers('the Jacobians have a norm less than one', 'less than 1')).toBe(true);
    expect(covers('the forget gate stays near zero', 'near 0')).toBe(true);
    // A product however it is typed: *, ×, · or nothing.
    expect(covers('the forward pass is about 2*N FLOPs', '2·N')).toBe(true);
    expect(covers('training costs 6*N*D', '6·N·D')).toBe(true);
    expect(covers('2·N·D for the forward pass', '2·N')).toBe(true);
    expect(covers('a 9x speed-up', '9 times')).toBe(true);
    // British doubling of l after two syllables only: roll is not role, fill is not file.
    expect(covers('a rolling window of losses', 'role')).toBe(false);
    expect(covers('the role of the critic', 'rolling')).toBe(false);
    expect(covers('fill the cache', 'file')).toBe(false);
    expect(covers('a learning rate of 3 µs', 'mu')).toBe(true);
    // ZeRO (the optimizer) is no 0, either way round; "tens" is no 10.
    expect(covers('dropout of 0.2', 'ZeRO-2')).toBe(false);
    expect(covers('about 0.5 of the memory is left', 'ZeRO')).toBe(false);
    expect(covers('we shard with ZeRO-2', '0.2')).toBe(false);
    expect(covers('tens of experts', '10')).toBe(false);
    // A product sign or "times" is dropped only between two factors: elsewhere it stays, and a wrong answer's bare
    // number does not meet it.
    expect(covers('only 8 heads are cached', '8 times smaller')).toBe(false);
    expect(covers('the cache is 8x smaller', '8 times smaller')).toBe(true);
    expect(covers('inputs, outputs and biases', 'inputs × outputs')).toBe(false);
    expect(covers('fuelled by data', 'fueled')).toBe(true);
  });

  it('a decimal is one number: its digits are not whole numbers, and zeros it does not need are ignored', () => {
    expect(normalise('About 0.993. Then e.g. v1.2.3')).toEqual(['about', '0.993', 'then', 'e', 'g', 'v1', '2', '3']);
    // A wrong answer's decimal does not meet a whole number of the key point ("the logits are 30 and 25").
    expect(covers('the ratio 0.30 / (0.30 + 0.25)', '30')).toBe(false);
    expect(covers('the loss is 0.44', 'is 0')).toBe(false);
    expect(covers('about 16.8 million', '16')).toBe(false);
    expect(covers('a coefficient of 0.010', '0.01')).toBe(true);
    expect(covers('it comes to 0.3', '0.30')).toBe(true);
    expect(covers('a loss of 3.0 nats', '3.00 nats')).toBe(true);
    expect(covers('a loss of 3 nats', '3.00 nats')).toBe(false); // a term written with its point asks for it
    expect(covers('clipping at 1.0', 'at 1.0')).toBe(true);
    expect(covers('MAE is 2.0 and MSE is 8.0', 'mae is 2')).toBe(true);
    expect(covers('it sums to 1.0', 'sum to 1')).toBe(true);
    expect(covers('about 46.7B in total.', '46.7b')).toBe(true);
    expect(covers('about 46.7B in total', '46 7')).toBe(false);
    expect(covers('a 1.5x speed-up', '1.5 times')).toBe(true);
  });

  it('a share as a decimal or a percentage, a unit abbreviated after a number, a compound open or closed', () => {
    expect(covers('precision is 67%', 'precision is 0.67')).toBe(true);
    expect(covers('0.15% of tokens', '15%')).toBe(false); // a term's percentage is not read as a decimal
    expect(covers('about 99.3%', '0.993')).toBe(true);
    expect(covers('0.5% of the weights', '0.005')).toBe(true);
    expect(covers('precision is 67', 'precision is 0.67')).toBe(false); // a bare 67 is no share
    expect(covers('a 7B model', '7 billion')).toBe(true);
    expect(covers('about 5 billion parameters', '5b')).toBe(true);
    expect(covers('8ms per token', '8 milliseconds')).toBe(true);
    expect(covers('at 2 TB/s that is 8ms per token', '8 ms')).toBe(true);
    expect(covers('about 4.2 m parameters', '4.2m')).toBe(true); // a term's own spelling, typed apart
    expect(covers('Unlike finetuning, a probe trains a linear layer', 'fine tuning')).toBe(true);
    expect(covers('use pre-layer-norm', 'layernorm')).toBe(true);
    expect(covers('7 + m slots, so 7/(m + 7)', 'm + 7')).toBe(true); // a letter apart from its number is a variable
    expect(covers('8 ms per token', '8 million')).toBe(false);
    expect(covers('the B matrix', 'billion')).toBe(false); // only after a number
    expect(covers('more microbatches shrink it', 'micro-batches')).toBe(true);
    expect(covers('re-weighting the loss', 'reweighting')).toBe(true);
    expect(covers('keep the state, less memory', 'stateless')).toBe(false); // only a hyphen joins
    expect(covers('more micro-batches shrink it', 'microbatch')).toBe(true);
    expect(covers('the merge e r', 'er')).toBe(false); // letters, not a compound
  });

  it('a term is not found across the end of a sentence or clause of the answer', () => {
    expect(covers('ZeRO shards at stage 2. Gradients stay whole.', 'stage 2 gradients')).toBe(false);
    expect(covers('at stage 2; gradients stay whole', 'stage 2 gradients')).toBe(false);
    expect(covers('Stage 2 gradients are sharded too.', 'stage 2 gradients')).toBe(true);
    expect(covers('a loss of 0.5. Then it rises', '0.5')).toBe(true);
    // An abbreviation's full stop ends nothing.
    expect(covers('MAE masks 75% vs. 15% in BERT', 'vs 15')).toBe(true);
    expect(covers('a norm, e.g. the spectral norm', 'e g the spectral')).toBe(true);
    expect(covers('approx. 5 billion', 'approx 5 billion')).toBe(true);
    expect(covers('it doesn’t. Gradients explode', 'not gradient')).toBe(false); // a one-letter word ends a sentence
  });

  it('digits grouped by thousands are one number, however they are grouped', () => {
    expect(covers('a 786432-value image', '786,432')).toBe(true);
    expect(covers('a 786,432-value image', '786432')).toBe(true);
    expect(covers('a 786\u202f432-value image', '786,432')).toBe(true);
    expect(covers('about 327 680 bytes', '327,680')).toBe(true); // groups typed with a plain space
    expect(covers('a 786,432-value image', '786')).toBe(false); // a group is no number of its own
    expect(covers('about 10922.7', '10,922.7')).toBe(true);
    expect(covers('about 10,922.7, so 10,923', '10,922.7')).toBe(true);
    expect(covers('C(16, 2) = 120', '16 2')).toBe(true); // a comma and a space: a list, not a grouped number
    expect(covers('about 0.5,000', '5,000')).toBe(false);
  });

  it('numbers written out up to ninety-nine, contractions and -iser spellings', () => {
    expect(covers('roughly twenty tokens per parameter', '20 tokens')).toBe(true);
    expect(covers('about twenty-five percent', '25 percent')).toBe(true);
    expect(covers('about twenty-five percent', '20')).toBe(false);
    expect(covers('the count doesn’t depend on the image size', 'does not depend')).toBe(true);
    expect(covers("it can't see the future", 'cannot see')).toBe(true);
    expect(covers("it won't converge", 'will not converge')).toBe(true);
    expect(covers('shard the optimiser states', 'optimizer states')).toBe(true);
    expect(covers('the optimisers', 'optimizer')).toBe(true);
    expect(covers('a speed-up of 1.5', '1.5 times')).toBe(false);
  });
});
