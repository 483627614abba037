import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packFile, parsePackUpload } from '../../src/bank/upload.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const EXPLANATION = 'Scaling keeps the logits in a range where softmax still has gradient. Without it the scores grow with the key size.';

const HEADER = 'id,topic,difficulty,prompt,answer,distractor1,distractor2,distractor3,explanation,key_points';

describe('uploaded pack files', () => {
  it('reads a spreadsheet’s CSV: a BOM, quoted commas, quotes and line breaks, named difficulties, key points', () => {
    const csv =
      `\uFEFF${HEADER}\r\n` +
      `attn-scale,Our stack,medium,"Why divide attention scores by sqrt(d_k), in one line?","So softmax does not saturate, keeping gradients","To save memory on long sequences","To make ""attention"" sparse and cheaper to run","To normalise the value vectors","${EXPLANATION}","Scores are scaled by the square root of the key size :: scale|divide, square root|sqrt\nSoftmax would saturate :: softmax, saturate|peaked\nGradients stay usable :: gradient"\r\n` +
      `infra-gpu,Our stack,1,"Which of our clusters\r\nhas the A100s?","The training cluster","The CI runners","The laptops","The staging cluster","${EXPLANATION}",\r\n`;
    const result = parsePackUpload('Our Stack.csv', bytes(csv));
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.format).toBe('csv');
    expect(result.pack.id).toBe('our-stack');
    expect(result.pack.topics).toEqual({ 'our-stack': 'Our stack' });
    const [q1, q2] = result.pack.questions;
    expect(q1).toMatchObject({ id: 'attn-scale', difficulty: 2, prompt: 'Why divide attention scores by sqrt(d_k), in one line?' });
    expect(q1!.distractors[1]).toBe('To make "attention" sparse and cheaper to run');
    expect(q1!.keyPoints?.map((k) => k.terms)).toEqual([
      [
        ['scale', 'divide'],
        ['square root', 'sqrt'],
      ],
      [['softmax'], ['saturate', 'peaked']],
      [['gradient']],
    ]);
    expect(q2).toMatchObject({ id: 'infra-gpu', difficulty: 1 });
    expect(q2!.prompt).toBe('Which of our clusters\nhas the A100s?'); // a spreadsheet's \r\n inside a cell is \n
    expect(q2!.keyPoints).toBeUndefined();
    // What an export writes, an upload reads back the same.
    const again = parsePackUpload('our-stack.csv', bytes(packFile(result.pack, 'csv').text));
    expect(again.ok && again.pack.questions).toEqual(result.pack.questions);
    const yaml = parsePackUpload('our-stack.yaml', bytes(packFile(result.pack, 'yaml').text));
    expect(yaml.ok && yaml.pack.questions).toEqual(result.pack.questions);
  });

  it('an export cannot run as a spreadsheet formula, and uploaded again holds the same text', () => {
    // A member's suggestion that starts like a formula (=HYPERLINK would open a link from the admin's sheet).
    const yaml = [
      'id: risky',
      'name: Risky',
      'topics: { risky: Risky }',
      'questions:',
      '  - id: risky-cells',
      '    topic: risky',
      '    difficulty: 1',
      `    prompt: '=HYPERLINK("https://example.com/x", "Which option is the right one?")'`,
      `    answer: '-1 is the right one'`,
      `    distractors: ['+2 is the right one', '@3 is the right one', "'\uFF1D4 is the right one"]`,
      `    explanation: "'=1+1 is not a formula here. The cell is text."`,
      `    key_points: [{ point: '-1 is right', terms: ['right one'] }, { point: 'Not a sum', terms: [sum] }, { point: 'Text', terms: [text] }]`,
    ].join('\n');
    const source = parsePackUpload('risky.yaml', bytes(yaml));
    if (!source.ok) throw new Error(source.problems.join('\n'));
    const csv = packFile(source.pack, 'csv').text;
    const cells = csv.split('\n')[1]!;
    expect(cells).toContain(`"'=HYPERLINK(""https://example.com/x""`);
    for (const cell of [
      "'-1 is the right one",
      "'+2 is the right one",
      "'@3 is the right one",
      "''\uFF1D4 is the right one",
      "''=1+1 is not",
    ])
      expect(cells).toContain(cell);
    expect(csv).not.toMatch(/(^|,|\n)"?[=+\-@]/);
    const again = parsePackUpload('risky.csv', bytes(csv));
    expect(again.ok && again.pack.questions).toEqual(source.pack.questions);
    // A spreadsheet's own escape reads as the text behind it.
    const typed = parsePackUpload(
      'risky.csv',
      bytes(`${HEADER}\nescaped,Risky,1,'=Which option is the right one?,'-1 is right,Wrong a,Wrong b,Wrong c,"${EXPLANATION}",`),
    );
    expect(typed.ok && [typed.pack.questions[0]!.prompt, typed.pack.questions[0]!.answer]).toEqual([
      '=Which option is the right one?',
      '-1 is right',
    ]);
  });

  it('names every problem of a file with five mistakes: row, line, question and field', () => {
    const good = (id: string) => `${id},Stack,1,A question that is long enough?,Right,Wrong a,Wrong b,Wrong c,"${EXPLANATION}",`;
    const csv = [
      HEADER,
      good('ok-one'),
      `Bad Id,Stack,1,A question that is long enough?,Right,Wrong a,Wrong b,Wrong c,"${EXPLANATION}",`,
      `no-difficulty,Stack,extreme,A question that is long enough?,Right,Wrong a,Wrong b,Wrong c,"${EXPLANATION}",`,
      `short-prompt,Stack,1,Why?,Right,Wrong a,Wrong b,Wrong c,"${EXPLANATION}",`,
      `same-options,Stack,1,A question that is long enough?,Right,Right,Wrong b,Wrong c,"${EXPLANATION}",`,
      'one-sentence,Stack,1,A question that is long enough?,Right,Wrong a,Wrong b,Wrong c,Only one sentence here.,',
      good('ok-two'),
    ].join('\n');
    const result = parsePackUpload('stack.csv', bytes(csv));
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(/^stack\.csv: row 3 \(line 3\): question "Bad Id": field id: /);
    expect(problems[1]).toMatch(/row 4 \(line 4\): question "no-difficulty": field difficulty: difficulty must be 1, 2 or 3/);
    expect(problems[2]).toMatch(/row 5 .*"short-prompt": field prompt/);
    expect(problems[3]).toMatch(/row 6 .*"same-options": field distractor1–3: the four options must all differ/);
    expect(problems[4]).toMatch(/row 7 .*"one-sentence": field explanation: the explanation must be 2 to 5 sentences/);
  });

  it('holds uploads to the built-in rules a question breaks once shuffled or gives away by its look, in CSV column names', () => {
    const q = (id: string, answer: string, wrong: string[]) =>
      `${id},Stack,1,A question that is long enough?,"${answer}","${wrong[0]}","${wrong[1]}","${wrong[2]}","${EXPLANATION}",`;
    const csv = [
      HEADER,
      q('a-letter', 'B', ['Redis cluster fronted by Feast', 'Postgres replica read by cron', 'S3 bucket of parquet files']),
      q('symbols', 'B', ['A', 'Both', 'Neither']),
      q('statements', 'B', ['A', 'Both A and B', 'Neither A nor B']),
      q('short-options', 'B', ['Adam with weight decay', 'Plain SGD', 'RMSprop']),
      q('others', 'Atlas', ['Borealis', 'All of the others are correct', 'Dorado']),
      q('prose', 'Each token attends to all of the others', [
        'Only to itself and its neighbours',
        'Only to the first token of the input',
        'Only to the tokens that come later',
      ]),
      q('giveaway', 'Atlas in Frankfurt, the big one bought last year for training', ['Borealis', 'Cygnus', 'Dorado']),
      q('above', 'Atlas', ['Borealis', 'All of the above', 'Dorado']),
      q('short-is-fine', 'The Atlas cluster', ['Orion', 'Borealis', 'Cygnus']),
      q('empty-wrong', 'Atlas', ['Borealis', '', 'Dorado']),
    ].join('\n');
    const result = parsePackUpload('stack.csv', bytes(csv));
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual([
      expect.stringMatching(
        /^stack\.csv: row 2 \(line 2\): question "a-letter": field answer: "B" is a letter: write the right answer's text/,
      ),
      expect.stringMatching(/row 5 .*"short-options": field answer: "B" is a letter/),
      expect.stringMatching(/row 6 .*"others": field distractor2: "All of the others are correct" refers to other options/),
      expect.stringMatching(
        /row 8 .*"giveaway": field answer: 61 characters against 8 for the longest wrong option: a much longer option gives itself away/,
      ),
      expect.stringMatching(/row 9 .*"above": field distractor2: "All of the above" refers to other options, but options are shuffled/),
      expect.stringMatching(/row 11 .*"empty-wrong": field distractor2: /),
    ]);
  });

  it('says how many more problems there are past the first 20, and that an empty file is empty', () => {
    const rows = Array.from(
      { length: 25 },
      (_, i) => `bad-${i},Stack,9,A question that is long enough?,Right,Wrong a,Wrong b,Wrong c,"${EXPLANATION}",`,
    );
    const result = parsePackUpload('stack.csv', bytes([HEADER, ...rows].join('\n')));
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(21);
    expect(problems[20]).toBe('…and 5 more problems like these');
    const empty = parsePackUpload('stack.csv', bytes(''));
    expect(empty.ok ? '' : empty.problems).toEqual(['stack.csv: the file is empty']);
  });

  it('refuses what is not a pack file: the format, the size, the encoding, the header, broken CSV', () => {
    const problem = (name: string, data: Uint8Array) => {
      const r = parsePackUpload(name, data);
      return r.ok ? 'loaded' : r.problems[0];
    };
    expect(problem('notes.txt', bytes('x'))).toBe('notes.txt: a pack file is .yaml, .yml, .json or .csv');
    expect(problem('big.csv', new Uint8Array(1024 * 1024 + 1))).toBe(
      'big.csv: 1,048,577 bytes; a pack file is at most 1,048,576 bytes (1 MB)',
    );
    expect(problem('latin.csv', new Uint8Array([0x69, 0x64, 0xe9, 0x0a]))).toBe('latin.csv: not UTF-8 text (save it as UTF-8)');
    expect(problem('cols.csv', bytes('id,topic,prompt\nx,y,z\n'))).toBe(
      'cols.csv: row 1 (header): missing columns difficulty, answer, distractor1, distractor2, distractor3, explanation',
    );
    expect(problem('quote.csv', bytes(`${HEADER}\n"unterminated,x\n`))).toMatch(/^quote\.csv: .*not valid CSV/);
    expect(problem('pack.yaml', bytes('id: x\nname: [unclosed\n'))).toMatch(/^pack\.yaml:\d*:? ?.*not valid YAML/);
    expect(problem('pack.json', bytes('{"id": "x", "name": ["unclosed"}\n'))).toMatch(/^pack\.json:\d*:? ?.*not valid JSON/);
    // A CSV's name is its pack's id: held to the 60 characters a YAML pack's id is held to.
    const csv = bytes(`${HEADER}\n`);
    expect(problem(`${'y'.repeat(61)}.csv`, csv)).toBe(
      `${'y'.repeat(61)}.csv: the file's name is the pack's id, at most 60 characters; this one's is 61: rename the file`,
    );
    expect(problem(`${'y'.repeat(60)}.csv`, csv)).not.toMatch(/file's name/);
  });

  it('names a file nested too deeply to read, and a "__proto__" key, instead of overflowing or dropping it', () => {
    const problem = (name: string, text: string) => {
      const r = parsePackUpload(name, bytes(text));
      return r.ok ? 'loaded' : r.problems[0];
    };
    expect(problem('deep.json', `${'['.repeat(20_000)}${']'.repeat(20_000)}`)).toMatch(
      /^deep\.json(:\d+)?: (not valid JSON: nested too deeply to read|field .*: nested more than 32 levels deep)$/,
    );
    expect(problem('deep.yaml', `id: deep\nname: Deep\ndescription: ${'['.repeat(40)}${']'.repeat(40)}\n`)).toMatch(
      /^deep\.yaml:3: field description(\.0)+: nested more than 32 levels deep$/,
    );
    expect(problem('proto.yaml', 'id: proto\nname: Proto\ntopics:\n  __proto__: Prototypes\n  cnn: CNNs\nquestions: []\n')).toBe(
      'proto.yaml:4: field topics.__proto__: "__proto__" cannot be a name',
    );
    expect(problem('slug.yaml', 'id: slug\nname: Slug\ntopics:\n  Bad_Slug: Bad\nquestions: []\n')).toBe(
      'slug.yaml:4: field topics.Bad_Slug: topic must be a lowercase slug of letters, digits and single hyphens',
    );
    expect(problem('proto.json', '{"id": "proto", "topics": {"__proto__": "P"}}')).toBe(
      'proto.json:1: field topics.__proto__: "__proto__" cannot be a name',
    );
  });

  it('a CSV row with more or fewer fields than the header is named with the other rows’ problems, not alone', () => {
    const good = (id: string) => `${id},Ours,easy,Which cluster has the GPUs?,Atlas,B,C,D,"${EXPLANATION}",`;
    const csv = [
      HEADER,
      // The first row short: the header is still read whole (not taken from this row's fields).
      'q0,Ours,easy,Which one is short first?',
      good('q1'),
      'q2,Ours,easy,Which one is short?,Atlas,B',
      good('q3').replace(',easy,', ',extreme,'),
      `${good('q4')},extra`,
    ].join('\n');
    const r = parsePackUpload('ours.csv', bytes(csv));
    expect(r.ok ? [] : r.problems).toEqual([
      "ours.csv: row 2 (line 2): its number of fields differs from the header's (a field with a comma needs double quotes)",
      "ours.csv: row 4 (line 4): its number of fields differs from the header's (a field with a comma needs double quotes)",
      "ours.csv: row 6 (line 6): its number of fields differs from the header's (a field with a comma needs double quotes)",
      expect.stringMatching(/^ours\.csv: row 5 \(line 5\): question "q3": field difficulty: /),
    ]);
  });

  it('says what is wrong with a field in an admin’s words, and names the file when it has too many questions', () => {
    const problems = (name: string, text: string) => {
      const r = parsePackUpload(name, bytes(text));
      return r.ok ? [] : r.problems;
    };
    const question = (fields: string) =>
      `id: ours\nname: Ours\ntopics: {ours: Ours}\nquestions:\n  - {id: q1, topic: ours, difficulty: 2, ${fields}}\n`;
    const full = `prompt: "Which cluster has the GPUs?", answer: Atlas, distractors: [B, C, D], explanation: "${EXPLANATION}"`;
    expect(problems('ours.yaml', question(full))).toEqual([]);
    expect(problems('ours.yaml', question(full.replace('answer: Atlas, ', '')))).toEqual([
      expect.stringMatching(/^ours\.yaml:\d+: question "q1": field answer: missing$/),
    ]);
    expect(problems('ours.yaml', question(full.replace('"Which cluster has the GPUs?"', 'Why?')))).toEqual([
      expect.stringMatching(/field prompt: at least 10 characters$/),
    ]);
    expect(problems('ours.yaml', question(full.replace('answer: Atlas', 'answer: [Atlas]')))).toEqual([
      expect.stringMatching(/field answer: must be text$/),
    ]);
    // A question with several mistakes has them all named at once, an undeclared topic among them.
    const several = question(
      full.replace('"Which cluster has the GPUs?"', 'Why?').replace('distractors: [B, C, D]', 'distractors: "B, C, D"'),
    ).replace('topic: ours', 'topic: theirs');
    expect(problems('ours.yaml', several)).toEqual([
      expect.stringMatching(/question "q1": field prompt: at least 10 characters$/),
      expect.stringMatching(/question "q1": field distractors: must be a list$/),
      expect.stringMatching(/question "q1": field topic: "theirs" is not one of the pack's topics \(ours\)$/),
    ]);
    const many = Array.from({ length: 2001 }, (_, i) => `q${i},ours,1,Which cluster is number ${i}?,A,B,C,D,"${EXPLANATION}",`);
    expect(problems('ours.csv', [HEADER, ...many].join('\n'))[0]).toBe('ours.csv: 2001 questions; a pack file holds at most 2000');
  });
});

describe('key point terms', () => {
  const OTHER_POINTS = ['The others serve models', 'Training runs go to Atlas']
    .map((p) => `      - point: ${p}\n        terms: [${p.split(' ')[1]!.toLowerCase()}]\n`)
    .join('');
  const withTerms = (terms: string) =>
    `id: ours\nname: Ours\ntopics: {ours: Ours}\nquestions:\n  - id: q1\n    topic: ours\n    difficulty: 2\n    prompt: "Which cluster has the GPUs?"\n    answer: Atlas\n    distractors: [B, C, D]\n    explanation: "${EXPLANATION}"\n    key_points:\n      - point: Atlas has the GPUs of the team\n        terms: ${terms}\n${OTHER_POINTS}`;
  const problems = (terms: string) => {
    const r = parsePackUpload('ours.yaml', bytes(withTerms(terms)));
    return r.ok ? [] : r.problems;
  };

  it('refuses a term of one letter or digit, as the matcher reads it, and takes a number written out', () => {
    for (const vague of ['[atlas, x]', '[atlas, "x)"]', '[atlas, "2)"]', '[atlas, "(7)"]', '[atlas, "7"]']) {
      expect(problems(vague), vague).toEqual([expect.stringMatching(/field key_points\.0\.terms: ".+" is a single character/)]);
    }
    expect(problems('[atlas, three|3 gpus]')).toEqual([]);
    expect(problems('[atlas, β2|beta2]')).toEqual([]); // read as beta 2
    expect(problems('[atlas, "1.0"]')).toEqual([]); // a number written with its point is asked for with it
  });
});

describe('the README', () => {
  it('shows a CSV pack that loads as it says', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const csv = /```csv\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(csv, 'a ```csv block in the README').toBeDefined();
    const parsed = parsePackUpload('our-stack.csv', new TextEncoder().encode(csv!), () => undefined);
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.pack.id).toBe('our-stack');
    expect(Object.keys(parsed.pack.topics)).toEqual(['our-stack']);
    const [question] = parsed.pack.questions;
    expect(question).toMatchObject({ id: 'gpu-cluster', topic: 'our-stack', difficulty: 1, answer: 'atlas' });
    expect(question!.keyPoints?.map((k) => k.point)).toEqual([
      'Atlas has the A100s',
      'Atlas is for training',
      'The other clusters serve models',
    ]);
  });
});
