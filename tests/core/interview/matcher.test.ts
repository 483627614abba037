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
