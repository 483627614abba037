import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { BankError, loadBank, parsePack } from '../../src/bank/load.js';
import { countSentences } from '../../src/bank/schema.js';
import type { Bank, Pack } from '../../src/core/bank/bank.js';
import { anyString, longString, PROTOTYPE_WORDS } from './arbitraries.js';

/**
 * Question packs are files an operator drops into data/packs. Whatever a file holds, loading gives a pack the
 * engine can use or a BankError naming the file (with the line, the question and the field where there is
 * one): never another exception, never a pack that breaks the rules the engine relies on.
 */

const MINI = join(import.meta.dirname, '../fixtures/packs/mini.yaml');
const MINI_SOURCE = readFileSync(MINI, 'utf8');
/** The built-in pack's head and one of its topic files, as one single-file pack (the folder form joins them so). */
const REAL = join(import.meta.dirname, '../../data/packs/deep-learning/fundamentals.yaml');
const REAL_HEAD = join(import.meta.dirname, '../../data/packs/deep-learning/pack.yaml');
type Doc = Record<string, unknown> & { topics: Record<string, unknown>; questions: Record<string, unknown>[] };
const MINI_DOC = parseYaml(MINI_SOURCE) as Doc;
const clone = (doc: Doc): Doc => structuredClone(doc);

/** The fixture pack under another pack id, its question ids with a suffix. */
function variant(packId: string, questionSuffix: string): string {
  const doc = clone(MINI_DOC);
  doc.id = packId;
  for (const q of doc.questions) q.id = `${q.id as string}${questionSuffix}`;
  return toYaml(doc);
}

const PACK_FIELDS = ['id', 'name', 'description', 'topics', 'questions'];
const QUESTION_FIELDS = ['id', 'topic', 'difficulty', 'prompt', 'answer', 'distractors', 'explanation'];

/** Either the pack, or the BankError; any other exception fails the test with the input that caused it. */
function load(file: string, source: string): Pack | BankError {
  try {
    return parsePack(file, source);
  } catch (error) {
    if (error instanceof BankError) return error;
    throw new Error(`parsePack threw ${String(error)} instead of a BankError for:\n${source.slice(0, 2000)}`, { cause: error });
  }
}

/** What the engine relies on in a loaded pack (src/core/bank.ts). */
function expectUsable(pack: Pack): void {
  expect(pack.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  expect(pack.questions.length).toBeGreaterThan(0);
  expect(new Set(pack.questions.map((q) => q.id)).size).toBe(pack.questions.length);
  for (const q of pack.questions) {
    expect(Object.hasOwn(pack.topics, q.topic), `topic ${q.topic} of ${q.id}`).toBe(true);
    expect(typeof q.topicName).toBe('string');
    expect(q.topicName).toBe(pack.topics[q.topic]);
    expect([1, 2, 3]).toContain(q.difficulty);
    expect(q.distractors).toHaveLength(3);
    const options = [q.answer, ...q.distractors];
    for (const o of options) expect(typeof o === 'string' && o.trim().length > 0).toBe(true);
    expect(new Set(options.map((o) => o.toLowerCase())).size).toBe(4);
    const sentences = countSentences(q.explanation);
    expect(sentences >= 2 && sentences <= 5, q.id).toBe(true);
  }
}

/** A BankError a pack author can act on: it starts with the file (and line), then says what is wrong where. */
function expectClear(error: BankError, file: string): void {
  expect(error.message.startsWith(`${file}:`), error.message).toBe(true);
  // The question's id is quoted as JSON: escapes and all, on one line.
  expect(error.message).toMatch(/^[^:\n]+(:\d+)?: (not valid YAML: \S|(question "(?:[^"\\\n]|\\.)*": )?field \S)[^\n]*$/);
  expect(error.message.length, error.message.slice(0, 200)).toBeLessThanOrEqual(400);
}

/** The property every pack file must have: a usable pack or a clear BankError. Failures show the source. */
function expectPackOrClearError(file: string, source: string): Pack | BankError {
  const result = load(file, source);
  try {
    if (result instanceof BankError) expectClear(result, file);
    else expectUsable(result);
  } catch (error) {
    throw new Error(`${(error as Error).message}\nfor this source:\n${source.slice(0, 2000)}`, { cause: error });
  }
  return result;
}

const wrongValue = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    4,
    1e308,
    '',
    ' ',
    '\t',
    [],
    {},
    ['a'],
    { a: 1 },
    'Two Words',
    'a--b',
    '-a',
    'é',
    '😀',
    ...PROTOTYPE_WORDS,
  ),
  longString(301, 3000),
  anyString(40),
  fc.integer(),
  fc.array(anyString(10), { maxLength: 5 }),
  fc.dictionary(anyString(6), anyString(6), { maxKeys: 3 }),
);

const sentences = (n: number) => Array.from({ length: n }, (_, i) => `Sentence number ${i + 1} explains a part.`).join(' ');

/** The i-th question (modulo their number), if an earlier change left questions that are objects. */
function questionAt(doc: Doc, i: number): Record<string, unknown> | undefined {
  if (!Array.isArray(doc.questions) || doc.questions.length === 0) return undefined;
  const q: unknown = doc.questions[i % doc.questions.length];
  return q !== null && typeof q === 'object' && !Array.isArray(q) ? (q as Record<string, unknown>) : undefined;
}

/** One change to a valid pack, as an author might get it wrong. Later changes see the earlier ones. */
const mutation: fc.Arbitrary<(doc: Doc) => void> = fc.oneof(
  fc.tuple(fc.constantFrom(...PACK_FIELDS), wrongValue).map(
    ([field, v]) =>
      (doc: Doc) =>
        void (doc[field] = v),
  ),
  fc.constantFrom(...PACK_FIELDS).map((field) => (doc: Doc) => void delete doc[field]),
  fc.tuple(fc.nat(), fc.constantFrom(...QUESTION_FIELDS), wrongValue).map(([i, field, v]) => (doc: Doc) => {
    const q = questionAt(doc, i);
    if (q) q[field] = v;
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...QUESTION_FIELDS)).map(
    ([i, field]) =>
      (doc: Doc) =>
        void delete questionAt(doc, i)?.[field],
  ),
  fc
    .tuple(fc.nat(), fc.oneof(fc.constantFrom('hint', 'Id', 'answers', '__proto__', 'constructor'), anyString(20), longString(61, 500)))
    .map(([i, field]) => (doc: Doc) => {
      const q = questionAt(doc, i);
      if (q) Object.defineProperty(q, field, { value: 'extra', enumerable: true, configurable: true, writable: true });
    }),
  // Duplicate ids: the same question twice, or another question's id.
  fc.nat().map((i) => (doc: Doc) => {
    const q = questionAt(doc, i);
    if (q) doc.questions.push(structuredClone(q));
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]) => (doc: Doc) => {
    const [a, b] = [questionAt(doc, i), questionAt(doc, j)];
    if (a && b) b.id = a.id;
  }),
  // The right answer among the distractors, maybe in another case.
  fc.tuple(fc.nat(), fc.nat({ max: 2 }), fc.boolean()).map(([i, k, upper]) => (doc: Doc) => {
    const q = questionAt(doc, i);
    const d: unknown = Array.isArray(q?.distractors) ? q.distractors[k] : undefined;
    if (q && typeof d === 'string') q.answer = upper ? d.toUpperCase() : d;
  }),
  fc.tuple(fc.nat(), fc.nat({ max: 6 })).map(([i, n]) => (doc: Doc) => {
    const q = questionAt(doc, i);
    if (q) q.distractors = Array.from({ length: n }, (_, k) => `Distractor ${k}`);
  }),
  fc.tuple(fc.nat(), fc.nat({ max: 8 })).map(([i, n]) => (doc: Doc) => {
    const q = questionAt(doc, i);
    if (q) q.explanation = sentences(n);
  }),
  // Topics: a question's topic missing from the pack, named like an Object property, or the topic list broken.
  fc.tuple(fc.nat(), fc.constantFrom('gamma', 'Alpha', 'alpha ', ...PROTOTYPE_WORDS)).map(([i, topic]) => (doc: Doc) => {
    const q = questionAt(doc, i);
    if (q) q.topic = topic;
  }),
  fc.constantFrom('alpha', 'beta').map((topic) => (doc: Doc) => {
    if (doc.topics !== null && typeof doc.topics === 'object') delete doc.topics[topic];
  }),
  fc
    .tuple(fc.oneof(fc.constantFrom('Gamma', 'g amma', '', 'constructor', '__proto__'), anyString(20), longString(61, 500)), wrongValue)
    .map(([topic, name]) => (doc: Doc) => {
      if (doc.topics !== null && typeof doc.topics === 'object') {
        Object.defineProperty(doc.topics, topic, { value: name, enumerable: true, configurable: true, writable: true });
      }
    }),
  fc.constantFrom<unknown>([], {}, null).map((v) => (doc: Doc) => void (doc.questions = v as never)),
);

/** A change that keeps the pack valid, so that valid packs of many shapes are checked too. */
const harmless: fc.Arbitrary<(doc: Doc) => void> = fc.oneof(
  fc.constantFrom('Another name', ' Padded name ', 'Ünïcode ✓').map((name) => (doc: Doc) => void (doc.name = name)),
  fc
    .option(fc.constantFrom('A pack.', 'x'.repeat(500)), { nil: undefined })
    .map((d) => (doc: Doc) => void (d === undefined ? delete doc.description : (doc.description = d))),
  fc.constant((doc: Doc) => {
    if (doc.topics !== null && typeof doc.topics === 'object') doc.topics.gamma = 'Gamma';
  }),
  fc.tuple(fc.nat(), fc.constantFrom(1, 2, 3), fc.integer({ min: 2, max: 5 })).map(([i, difficulty, n]) => (doc: Doc) => {
    const q = questionAt(doc, i);
    if (q) Object.assign(q, { difficulty, explanation: sentences(n) });
  }),
  fc.constant((doc: Doc) => {
    if (Array.isArray(doc.questions)) doc.questions.reverse();
  }),
);

const serialize = fc.constantFrom(
  (doc: unknown) => toYaml(doc),
  (doc: unknown) => JSON.stringify(doc, null, 2),
  (doc: unknown) => JSON.stringify(doc),
  (doc: unknown) => toYaml(doc, { defaultStringType: 'QUOTE_DOUBLE', collectionStyle: 'flow' }),
);

/** Damage to the text itself: YAML syntax, anchors and aliases, tags, encodings. */
const SNIPPETS = [
  '*nowhere',
  '&a ',
  '*a',
  '!!binary ',
  '!!set ',
  '!!omap ',
  '!!js/function ',
  '!custom ',
  '? ',
  '- ',
  ': ',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '#',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\ufeff',
  '\u2028',
  '%YAML 1.1\n---\n',
  '---\n',
  '\n...\n',
  '<<: {}\n',
  '<<: *a\n',
  'id: again\n',
  // Billion laughs: aliases that expand exponentially.
  'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
];
const textDamage: fc.Arbitrary<(source: string) => string> = fc.oneof(
  fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...SNIPPETS), anyString(5))).map(([at, s]) => (src: string) => {
    const i = at % (src.length + 1);
    return src.slice(0, i) + s + src.slice(i);
  }),
  // A value replaced by an alias, an anchored or tagged value (names long ones too), or a quoted one.
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom('*', '&a ', '!', '"', "'", '? ', '|', '>'),
      fc.oneof(fc.constantFrom('a', 'nowhere', 'x y'), longString(61, 1500)),
    )
    .map(([at, mark, name]) => (src: string) => {
      const lines = src.split('\n');
      const i = at % lines.length;
      lines[i] = lines[i]!.replace(/: .*$/, `: ${mark}${name}`);
      return lines.join('\n');
    }),
  fc.nat().map((at) => (src: string) => src.slice(0, at % (src.length + 1))),
  fc.tuple(fc.nat(), fc.nat({ max: 40 })).map(([at, n]) => (src: string) => {
    const i = at % (src.length + 1);
    return src.slice(0, i) + src.slice(i + n);
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => (src: string) => {
    const lines = src.split('\n');
    const i = a % lines.length;
    const j = b % lines.length;
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.constantFrom(' ', '  ', '\t', '-')).map(([a, indent]) => (src: string) => {
    const lines = src.split('\n');
    const i = a % lines.length;
    lines[i] = indent + lines[i];
    return lines.join('\n');
  }),
);

const FILE = 'packs/fuzzed.yaml';

describe('fuzz: question-bank files', () => {
  it('the fixture pack is valid, and reads the same from JSON as from YAML', () => {
    const fromYaml = load(FILE, MINI_SOURCE);
    expect(fromYaml).not.toBeInstanceOf(BankError);
    expectUsable(fromYaml as Pack);
    expect(load(FILE, JSON.stringify(MINI_DOC))).toEqual(fromYaml);
    expect(load(FILE, JSON.stringify(MINI_DOC, null, 2))).toEqual(fromYaml);
  });

  it('a pack with broken fields loads as a valid pack or fails with a BankError naming the file and field', () => {
    let packs = 0;
    let errors = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(mutation, harmless), { minLength: 1, maxLength: 3 }), serialize, (changes, write) => {
        const doc = clone(MINI_DOC);
        for (const change of changes) change(doc);
        const result = expectPackOrClearError(FILE, write(doc));
        if (result instanceof BankError) errors += 1;
        else packs += 1;
      }),
      { numRuns: 600 },
    );
    // Both outcomes are reached: valid packs of many shapes, and errors.
    expect(packs).toBeGreaterThan(100);
    expect(errors).toBeGreaterThan(250);
  });

  it('a broken field of one question is reported with that question’s id, its line and the field', () => {
    const brokenValue = (field: string) =>
      field === 'difficulty'
        ? fc.constantFrom<unknown>(null, '1', 'easy', 0, 4, 1.5, [], {})
        : field === 'distractors'
          ? fc.constantFrom<unknown>(null, 'a', [], ['a', 'b'], ['a', 'b', 'c', 'd'], [1, 2, 3], [' ', 'b', 'c'], { 0: 'a' })
          : fc.constantFrom<unknown>(null, 42, true, [], {}, ['text'], '', '   ');
    const change = fc.constantFrom(...QUESTION_FIELDS.filter((f) => f !== 'id')).chain((field) =>
      fc.record({
        field: fc.constant(field),
        index: fc.nat({ max: MINI_DOC.questions.length - 1 }),
        value: fc.option(brokenValue(field), { nil: undefined }),
      }),
    );
    fc.assert(
      fc.property(change, fc.boolean(), ({ field, index, value }, asJson) => {
        const doc = clone(MINI_DOC);
        const q = doc.questions[index]!;
        if (value === undefined) delete q[field];
        else q[field] = value;
        const result = load(FILE, asJson ? JSON.stringify(doc, null, 2) : toYaml(doc));
        expect(result).toBeInstanceOf(BankError);
        const message = (result as BankError).message;
        expect(message).toMatch(new RegExp(`^${FILE}:\\d+: question "${q.id as string}": field ${field}(\\.\\d+)?: \\S`));
      }),
      { numRuns: 400 },
    );
  });

  it('damaged text gives a valid pack or a BankError naming the file, never another exception', () => {
    let yamlErrors = 0;
    fc.assert(
      fc.property(fc.array(textDamage, { minLength: 1, maxLength: 3 }), serialize, (damages, write) => {
        const result = expectPackOrClearError(
          FILE,
          damages.reduce((src, damage) => damage(src), write(MINI_DOC)),
        );
        if (result instanceof BankError && result.message.includes('not valid YAML')) yamlErrors += 1;
      }),
      { numRuns: 600 },
    );
    expect(yamlErrors).toBeGreaterThan(200);
  });

  it('the real pack, damaged line by line, gives a pack or a BankError naming the file', () => {
    const real = readFileSync(REAL_HEAD, 'utf8') + readFileSync(REAL, 'utf8');
    fc.assert(
      fc.property(fc.array(textDamage, { minLength: 1, maxLength: 2 }), (damages) => {
        expectPackOrClearError(
          REAL,
          damages.reduce((src, damage) => damage(src), real),
        );
      }),
      // The real pack takes ~50 ms to parse: a few runs, for its long quoted texts the fixture lacks.
      { numRuns: 12 },
    );
  });

  it('any text at all gives a pack or a BankError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyString(200),
          fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
        ),
        (source) => void expectPackOrClearError(FILE, source),
      ),
      { numRuns: 1000 },
    );
  });

  describe('a directory of packs', () => {
    const dirs: string[] = [];
    afterAll(() => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    // Variants of the fixture pack may collide with another file on the pack id or on question ids.
    const fileContent = fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .tuple(fc.constantFrom('mini', 'other'), fc.constantFrom('', '-b', '-c'))
          .map(([id, suffix]) => ({ kind: 'file' as const, text: variant(id, suffix) })),
      },
      { weight: 1, arbitrary: fc.constantFrom('', 'id: [unclosed', '{}', 'null').map((text) => ({ kind: 'file' as const, text })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'directory' as const, text: '' }) },
    );
    const NAMES = ['a.yaml', 'b.yml', 'c.json', 'D.YAML', 'e.txt', 'f.yaml.bak'];

    it('loads into a bank or fails with a BankError naming one of its files', () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(fc.tuple(fc.constantFrom(...NAMES), fileContent), { minLength: 1, maxLength: 3, selector: ([name]) => name }),
          (files) => {
            const dir = mkdtempSync(join(tmpdir(), 'bp-fuzz-packs-'));
            dirs.push(dir);
            for (const [name, content] of files) {
              if (content.kind === 'directory') mkdirSync(join(dir, name));
              else writeFileSync(join(dir, name), content.text);
            }
            let bank: Bank;
            try {
              bank = loadBank(dir);
            } catch (error) {
              if (!(error instanceof BankError))
                throw new Error(
                  `loadBank threw ${String(error)} for ${JSON.stringify(files.map(([n, c]) => [n, c.kind, c.text.slice(0, 20)]))}`,
                );
              const packFiles = files.filter(([name]) => /\.(ya?ml|json)$/i.test(name));
              if (packFiles.length === 0) expect(error.message).toMatch(/^no question packs/);
              else
                expect(
                  packFiles.some(([name]) => error.message.startsWith(`${join(dir, name)}:`)),
                  error.message,
                ).toBe(true);
              return;
            }
            const ids = bank.packIds();
            expect(new Set(ids).size).toBe(ids.length);
            for (const id of ids) expectUsable(bank.pack(id)!);
          },
        ),
        { numRuns: 200 },
      );
    });
  });

  describe('regressions found by fuzzing', () => {
    const question = (topic: string) =>
      `id: p\nname: P\ntopics: {alpha: Alpha}\nquestions:\n  - id: q\n    topic: ${topic}\n    difficulty: 1\n    prompt: What is this question about?\n    answer: Right\n    distractors: [A, B, C]\n    explanation: One sentence here. Two sentences here.\n`;

    it('a topic named like an Object property is not one of the pack’s topics', () => {
      const result = load(FILE, question('constructor'));
      expect(result).toBeInstanceOf(BankError);
      expect((result as BankError).message).toBe(
        `${FILE}:6: question "q": field topic: "constructor" is not one of the pack's topics (alpha)`,
      );
    });

    it.each([
      ['an alias without its anchor', 'id: x\nname: *nowhere\n', /^packs\/fuzzed\.yaml: not valid YAML: Unresolved alias .*: nowhere$/],
      ['aliases that expand exponentially', SNIPPETS.at(-1)!, /^packs\/fuzzed\.yaml: not valid YAML: Excessive alias count/],
      ['an alias with a long name', `id: *${'a'.repeat(3000)}\n`, /^packs\/fuzzed\.yaml: not valid YAML: Unresolved alias .*: a{50,}…$/],
      [
        'a long block scalar header',
        `id: |${'a'.repeat(3000)}\n`,
        /^packs\/fuzzed\.yaml:1: not valid YAML: Block scalar header includes extra characters: \|a{50,}…$/,
      ],
    ])('%s is invalid YAML, not a crash', (_, source, error) => {
      const result = load(FILE, source);
      expect(result).toBeInstanceOf(BankError);
      expect((result as BankError).message).toMatch(error);
    });

    it('a long or multi-line question id is quoted shortened, on one line', () => {
      const doc = clone(MINI_DOC);
      doc.questions[0]!.id = `${' '.repeat(400)}\nsecond line`;
      expect((load(FILE, toYaml(doc)) as BankError).message).toMatch(
        /^packs\/fuzzed\.yaml:\d+: question " {60}…": field id: id must be a lowercase slug/,
      );
    });

    it('a long or multi-line unknown key is quoted shortened', () => {
      const doc = clone(MINI_DOC);
      doc.questions[0]![`${'k'.repeat(300)}\nx`] = 1;
      doc.topics['two\nlines'] = 'Two';
      expect((load(FILE, toYaml(doc)) as BankError).message).toMatch(
        /^packs\/fuzzed\.yaml:\d+: field topics\."two\\nlines": topic must be a lowercase slug of letters, digits and single hyphens$/,
      );
      delete doc.topics['two\nlines'];
      expect((load(FILE, toYaml(doc)) as BankError).message).toMatch(
        /^packs\/fuzzed\.yaml:\d+: question "alpha-one": field "k{60}…": not a known field$/,
      );
    });

    it('a missing field is reported at its question’s line', () => {
      const doc = clone(MINI_DOC);
      delete doc.questions[1]!.prompt;
      expect((load(FILE, toYaml(doc)) as BankError).message).toMatch(/^packs\/fuzzed\.yaml:\d+: question "alpha-two": field prompt: /);
    });

    it('two files with the same pack id are a BankError naming the second file', () => {
      const dir = mkdtempSync(join(tmpdir(), 'bp-fuzz-packs-'));
      try {
        writeFileSync(join(dir, 'a.yaml'), variant('mini', ''));
        writeFileSync(join(dir, 'b.yaml'), variant('mini', '-b'));
        expect(() => loadBank(dir)).toThrow(
          new BankError(`${join(dir, 'b.yaml')}: field id: the pack id "mini" is used in ${join(dir, 'a.yaml')}`),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
