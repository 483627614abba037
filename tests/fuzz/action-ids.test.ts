import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Action, decodeAction, encodeAction, MAX_ACTION_ID_LENGTH } from '../../src/core/actions.js';
import { LETTERS } from '../../src/core/shared/presentation.js';
import { anyString, longString, PROTOTYPE_WORDS, TRICKY_WORDS } from './arbitraries.js';

/**
 * Button and form ids come back from Discord and Slack as the platform stores them, or as anyone can forge them.
 * Every action the bot can make round-trips within Discord's 100-character limit; anything else decodes to an
 * error value, never an exception.
 */

/** An argument as the bot makes them: question slugs, dates, short random ids. */
const arg = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/),
  fc.constantFrom('2026-03-02', '2026-03-02.3', 'what-is-a-neural-network', 'k3j2h1g0f9', 'a'.repeat(64), ...PROTOTYPE_WORDS),
);
const letter = fc.constantFrom(...LETTERS);
const step = fc.integer({ min: 0, max: 999 });

/** Every kind of Action, with every field over its whole valid range. */
const validAction: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ ns: fc.constant('daily' as const), verb: fc.constant('answer' as const), dailyId: arg, letter }),
  fc.record({ ns: fc.constant('practice' as const), verb: fc.constant('answer' as const), sessionId: arg, step, letter }),
  fc.record({ ns: fc.constant('practice' as const), verb: fc.constant('next' as const), sessionId: arg, step }),
  fc.record({ ns: fc.constant('round' as const), verb: fc.constant('answer' as const), roundId: arg, step, letter }),
  fc.record({
    ns: fc.constant('srs' as const),
    verb: fc.constant('rate' as const),
    questionId: arg,
    // A review time in ms: any instant a JavaScript number holds exactly.
    at: fc.oneof(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.maxSafeNat()),
    grade: fc.constantFrom(2 as const, 3 as const, 4 as const),
  }),
  fc.record({
    ns: fc.constant('report' as const),
    verb: fc.constantFrom('open' as const, 'submit' as const, 'close' as const),
    questionId: arg,
  }),
  fc.record({
    ns: fc.constant('confirm' as const),
    verb: fc.constantFrom('forget' as const, 'purge' as const, 'cancel' as const),
    token: arg,
  }),
);

/** One edit to a valid id: the kind of damage a client, a proxy or a forger does. */
const mutatedId = fc
  .tuple(
    validAction.map(encodeAction),
    fc.nat(),
    fc.oneof(anyString(3), fc.constantFrom(':', '::', ' ', '%3A', 'E', 'a', '1000', '01', '-1', '5', 'Z', ...TRICKY_WORDS)),
  )
  .chain(([id, at, insert]) => {
    const i = at % (id.length + 1);
    const parts = id.split(':');
    const p = at % parts.length;
    return fc.constantFrom(
      id.slice(0, i) + insert + id.slice(i), // insert
      id.slice(0, i) + insert + id.slice(i + 1), // replace one character
      id.slice(0, i), // truncate
      parts.filter((_, k) => k !== p).join(':'), // drop a part
      [...parts.slice(0, p + 1), ...parts.slice(p)].join(':'), // repeat a part
      parts.map((x, k) => (k === p ? insert : x)).join(':'), // replace a part
      parts.map((x, k) => (k === p ? x.toUpperCase() : x)).join(':'), // change case
      id + ':'.repeat(at % 3) + 'x'.repeat(at % 120), // lengthen, past the limit too
      ` ${id}`,
      `${id}\n`,
    );
  });

/** Ids shaped like ours: known namespaces and verbs (and near misses) with arguments of any kind. */
const shapedId = fc
  .tuple(
    fc.constantFrom('daily', 'practice', 'round', 'srs', 'report', 'confirm', 'Daily', 'rounds', 'admin', '', ...PROTOTYPE_WORDS),
    fc.constantFrom(
      'answer',
      'next',
      'rate',
      'open',
      'submit',
      'close',
      'forget',
      'purge',
      'cancel',
      'delete',
      'ANSWER',
      '',
      ...PROTOTYPE_WORDS,
    ),
    fc.array(
      fc.oneof(
        arg,
        anyString(8),
        fc.constantFrom(...LETTERS, 'E', '0', '999', '1000', '00', 'zzzzzzzzzzzz', 'zzzzzzzzzzzzz', '2', '3', '4', '1'),
      ),
      { maxLength: 5 },
    ),
  )
  .map(([ns, verb, args]) => [ns, verb, ...args].join(':'));

/** Rating ids with any base-36 time, up to the 12 digits the decoder allows and past it. */
const ratingId = fc
  .tuple(arg, fc.stringMatching(/^[0-9a-z]{1,13}$/), fc.constantFrom('1', '2', '3', '4', '5', '02'))
  .map(([questionId, at, grade]) => `srs:rate:${questionId}:${at}:${grade}`);

/** Whatever a platform might hand over as an id: JSON values, objects, and strings of every length. */
const anyInput = fc.oneof(
  { weight: 3, arbitrary: anyString(120) },
  { weight: 1, arbitrary: longString(90, 300) },
  { weight: 1, arbitrary: fc.anything() },
);

function expectError(decoded: ReturnType<typeof decodeAction>): void {
  expect(decoded.ok).toBe(false);
  if (decoded.ok) return;
  expect(decoded.error).toMatch(/action id/);
  // The error quotes at most the first 100 characters of what it was given.
  expect(decoded.error.length).toBeLessThanOrEqual(160);
}

describe('fuzz: action and custom ids', () => {
  it('every valid action round-trips through an id of at most 100 characters', () => {
    fc.assert(
      fc.property(validAction, (action) => {
        const id = encodeAction(action);
        expect(id.length).toBeLessThanOrEqual(MAX_ACTION_ID_LENGTH);
        expect(id).toMatch(/^[a-z]+:[a-z]+(:[A-Za-z0-9_.-]+)+$/);
        expect(decodeAction(id)).toEqual({ ok: true, action });
      }),
      { numRuns: 2000 },
    );
  });

  it('a damaged or forged id decodes to an error, or to an action that encodes again to an equivalent id', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.oneof(mutatedId, shapedId, ratingId), (id) => {
        const decoded = decodeAction(id);
        if (!decoded.ok) {
          refused += 1;
          expectError(decoded);
          return;
        }
        accepted += 1;
        // Anything accepted is an action the bot could have made: it encodes without throwing and means the same.
        const again = encodeAction(decoded.action);
        expect(again.length).toBeLessThanOrEqual(MAX_ACTION_ID_LENGTH);
        expect(decodeAction(again)).toEqual(decoded);
      }),
      { numRuns: 3000 },
    );
    // Some edits keep an id valid (another letter, another step), most do not: both paths are exercised.
    expect(accepted).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(1500);
  });

  it('anything at all, text or not, decodes without throwing; only text of 1 to 100 characters can be an action', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const decoded = decodeAction(input);
        if (typeof input !== 'string') {
          expect(decoded).toEqual({ ok: false, error: 'the action id is not text' });
        } else if (input.length === 0 || input.length > MAX_ACTION_ID_LENGTH) {
          expect(decoded).toEqual({ ok: false, error: 'the action id has a bad length' });
        } else if (!decoded.ok) {
          expectError(decoded);
        } else {
          expect(encodeAction(decoded.action).length).toBeLessThanOrEqual(MAX_ACTION_ID_LENGTH);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('regressions found by fuzzing', () => {
  it.each(['srs:rate:q1:zzzzzzzzzzzz:3', 'srs:rate:2026-03-02:k0a0aa0a0aa:4', 'srs:rate:q1:2gosa7pa2gw:2'])(
    'a rating time past the largest exact number is malformed: %s',
    (id) => {
      expect(decodeAction(id)).toEqual({ ok: false, error: `a malformed rating in action id "${id}"` });
    },
  );

  it('the largest exact time still round-trips', () => {
    const action: Action = { ns: 'srs', verb: 'rate', questionId: 'q1', at: Number.MAX_SAFE_INTEGER, grade: 3 };
    expect(decodeAction(encodeAction(action))).toEqual({ ok: true, action });
  });
});
