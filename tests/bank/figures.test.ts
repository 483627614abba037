import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BankError, loadBank, loadPackFile } from '../../src/bank/load.js';
import { parsePackUpload } from '../../src/bank/upload.js';
import { REAL_PACKS } from '../fakes/engine.js';
import { encodePng } from '../fakes/png.js';

const QUESTION = `  - id: read-the-chart
    topic: alpha
    difficulty: 1
    prompt: What does the chart show about the loss?
    answer: It falls
    distractors: [It rises, It stays flat, It oscillates]
    explanation: The line goes down from left to right. Nothing else happens.
`;
const CHART = `{"data": {"values": [{"x": 1, "y": 3}, {"x": 2, "y": 1}]}, "mark": "line",
        "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}}}`;

/** A one-question pack file in a fresh folder, with `figure` as written (YAML lines under the question). */
function packWith(figure: string, files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'bp-figure-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  const file = join(dir, 'pack.yaml');
  writeFileSync(file, `id: pictures\nname: Pictures\ntopics:\n  alpha: Alpha\nquestions:\n${QUESTION}    figure:\n${figure}`);
  return file;
}
const problem = (file: string) => {
  try {
    loadPackFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(BankError);
    return (error as Error).message;
  }
  throw new Error('the pack loaded');
};

describe('questions with figures', () => {
  it('loads a chart, and an image next to the pack, with their alt text', () => {
    const png = encodePng(1, 1);
    const chart = loadPackFile(packWith(`      alt: A line falling from 3 to 1\n      chart: ${CHART}\n`)).questions[0]!;
    expect(chart.figure).toMatchObject({ alt: 'A line falling from 3 to 1', source: { chart: { mark: 'line' } } });
    const image = loadPackFile(packWith('      alt: A tiny picture of nothing\n      image: tiny.png\n', { 'tiny.png': png }))
      .questions[0]!;
    expect(image.figure?.source).toEqual({ image: { format: 'png', data: new Uint8Array(png) } });
  });

  it('names the file, the question and the field of a bad figure', () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      [`      chart: ${CHART}\n`, {}, /field figure\.alt: alt is required/],
      [`      alt: short\n      chart: ${CHART}\n`, {}, /field figure\.alt: alt must say what the figure shows/],
      [
        '      alt: A picture that is not there\n      image: missing.png\n',
        {},
        /field figure\.image: no file "missing\.png" next to the pack/,
      ],
      [
        '      alt: A picture that is not a PNG\n      image: fake.png\n',
        { 'fake.png': 'hello' },
        /field figure\.image: "fake\.png" is not a PNG file/,
      ],
      [
        '      alt: A picture from elsewhere\n      image: ../elsewhere.png\n',
        {},
        /field figure\.image: "\.\.\/elsewhere\.png" must be in the pack's folder/,
      ],
      [
        '      alt: A picture in the wrong format\n      image: photo.jpg\n',
        {},
        /field figure\.image: "photo\.jpg" must be a \.png or \.svg file/,
      ],
      [
        '      alt: A chart with a made-up mark\n      chart: {"data": {"values": [{"x": 1}]}, "mark": "lin", "encoding": {"x": {"field": "x", "type": "quantitative"}}}\n',
        {},
        /field figure\.chart: "lin" is not a Vega-Lite mark/,
      ],
      [
        '      alt: A chart with a misspelt field type\n      chart: {"data": {"values": [{"x": 1}]}, "mark": "line", "encoding": {"x": {"field": "x", "type": "quantitaive"}}}\n',
        {},
        /field figure\.chart: not a valid Vega-Lite spec: Invalid field type/,
      ],
      [
        '      alt: A chart that fetches its data\n      chart: {"data": {"url": "https://example.com/data.csv"}, "mark": "line"}\n',
        {},
        /field figure\.chart: charts carry their data inline \(data\.values\): "url" is not allowed/,
      ],
      ['      alt: A chart without any data\n      chart: {"mark": "line"}\n', {}, /field figure\.chart: the chart has no data/],
      [`      alt: Both a chart and an image\n      image: a.png\n      chart: ${CHART}\n`, {}, /field figure: give either chart/],
      [
        '      alt: A chart of pictures loaded by URL\n      chart: {"data": {"values": [{"u": "x"}]}, "mark": "image"}\n',
        {},
        /field figure\.chart: an image mark loads its pictures by URL, which a chart may not/,
      ],
    ];
    for (const [figure, files, expected] of cases) {
      const file = packWith(figure, files);
      const message = problem(file);
      expect(message, figure).toMatch(expected);
      expect(message, figure).toContain(file);
      expect(message, figure).toContain('question "read-the-chart"');
    }
  });

  it('an uploaded pack carries its images inline as data URIs; an image file name is refused, saying how', () => {
    const upload = (figure: string) => {
      const text = `id: ours\nname: Ours\ntopics:\n  alpha: Alpha\nquestions:\n${QUESTION}    figure:\n${figure}`;
      return parsePackUpload('ours.yaml', new TextEncoder().encode(text));
    };
    const refusal = (figure: string) => {
      const result = upload(figure);
      expect(result.ok, figure).toBe(false);
      return result.ok ? '' : result.problems[0]!;
    };
    expect(refusal('      alt: A picture from an upload\n      image: a.png\n')).toMatch(
      /question "read-the-chart": field figure\.image: an uploaded pack carries its images inline \(image: data:image\/png;base64,…\)/,
    );
    const png = encodePng(1, 1);
    const inline = upload(`      alt: A tiny picture of nothing\n      image: data:image/png;base64,${png.toString('base64')}\n`);
    expect(inline.ok && inline.pack.questions[0]!.figure?.source).toEqual({ image: { format: 'png', data: new Uint8Array(png) } });
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    const inlineSvg = upload(`      alt: A tiny black square drawn\n      image: data:image/svg+xml;base64,${svg.toString('base64')}\n`);
    expect(inlineSvg.ok && inlineSvg.pack.questions[0]!.figure?.source).toEqual({ image: { format: 'svg', data: new Uint8Array(svg) } });

    const inlineCases: [string, RegExp][] = [
      ['data:image/jpeg;base64,/9j/4AAQ', /an inline image is a base64 data URI of a PNG or SVG/],
      ['data:image/png;base64,not base64!', /an inline image is a base64 data URI of a PNG or SVG/],
      ['data:image/png;base64,aGVsbG8=', /the inline image is not a PNG file/],
      [`data:image/svg+xml;base64,${Buffer.from('hello').toString('base64')}`, /the inline image is not an SVG file/],
    ];
    for (const [uri, expected] of inlineCases) {
      expect(refusal(`      alt: A picture that is refused\n      image: ${uri}\n`), uri).toMatch(
        new RegExp(`field figure\\.image: ${expected.source}`),
      );
    }
    // An upload is at most 1 MB in all; a pack in a folder has no such limit, and its inline images the files' 2 MB.
    const big = `data:image/png;base64,${Buffer.concat([png, Buffer.alloc(2_000_000)]).toString('base64')}`;
    expect(problem(packWith(`      alt: A picture that is too big\n      image: ${big}\n`))).toMatch(
      /field figure\.image: the inline image is larger than 2 MB/,
    );
  });

  it('refuses a picture larger than 4096 pixels on a side (an SVG is drawn at twice its size), however small its file', () => {
    // A PNG header claiming 16000 × 16000 pixels: the file is tiny, the picture is not.
    const ihdr = (w: number, h: number) => {
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000000000000008060000', 'hex');
      png.writeUInt32BE(w, 16);
      png.writeUInt32BE(h, 20);
      return png;
    };
    const svg = (attributes: string) =>
      Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" ${attributes}><rect width="9" height="9"/></svg>`);
    const inline = (format: string, data: Buffer) => `      alt: A picture of some size
      image: data:image/${format};base64,${data.toString('base64')}
`;
    expect(problem(packWith(inline('png', ihdr(16000, 16000))))).toMatch(
      /field figure\.image: the inline image is too large: it is 16000×16000 pixels; at most 4096 on a side/,
    );
    expect(problem(packWith(inline('svg+xml', svg('width="4000" height="10"'))))).toMatch(
      /the inline image is too large: it is 4000×10 pixels, drawn at 2×; at most 2048 on a side/,
    );
    expect(problem(packWith(inline('svg+xml', svg('viewBox="0 0 10 9000"'))))).toMatch(/it is 10×9000 pixels, drawn at 2×/);
    expect(problem(packWith('      alt: A picture of some size\n      image: big.png\n', { 'big.png': ihdr(5000, 10) }))).toMatch(
      /"big\.png" is too large: it is 5000×10 pixels/,
    );
    // Sizes resvg refuses are refused as it says, when the pack loads rather than at every post.
    expect(problem(packWith(inline('svg+xml', svg('width="0" height="0"'))))).toMatch(
      /the inline image is not an SVG Backprop can draw: SVG has an invalid size$/,
    );
    expect(problem(packWith(inline('svg+xml', svg('width="-5" height="1e9"'))))).toMatch(
      /not an SVG Backprop can draw: SVG has an invalid size$/,
    );
    expect(problem(packWith(inline('png', ihdr(0, 10))))).toMatch(
      /the inline image has no area: it is 0×10 pixels: a picture needs a width and a height above 0/,
    );
    for (const fine of [
      inline('png', encodePng(4096, 4096)),
      inline('svg+xml', svg('width="2048px" height="100"')),
      inline('svg+xml', svg('width="." height="10"')), // not read as a size here: resvg decides where it is drawn
    ]) {
      expect(() => loadPackFile(packWith(fine))).not.toThrow();
    }
  });

  it('refuses a picture its renderer could not read: XML that does not parse, a PNG cut short or without its end', () => {
    const inline = (format: string, data: Buffer) =>
      `      alt: A picture that is broken\n      image: data:image/${format};base64,${data.toString('base64')}\n`;
    expect(problem(packWith(inline('svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect width=10 </svg>'))))).toMatch(
      /field figure\.image: the inline image is not an SVG Backprop can draw: SVG data parsing failed/,
    );
    const whole = encodePng(8, 8);
    expect(problem(packWith(inline('png', whole.subarray(0, whole.length - 20))))).toMatch(
      /field figure\.image: the inline image is not a whole PNG file: its IDAT chunk is cut short \(the file is incomplete\)/,
    );
    expect(problem(packWith(inline('png', whole.subarray(0, 33))))).toMatch(/not a whole PNG file: it holds no image data \(IDAT\)/);
    expect(problem(packWith(inline('png', whole.subarray(0, whole.length - 12))))).toMatch(
      /not a whole PNG file: it does not end with IEND/,
    );
    // IEND without its 4-byte checksum: decoders show it, so it loads.
    expect(() => loadPackFile(packWith(inline('png', whole.subarray(0, whole.length - 4))))).not.toThrow();
    expect(problem(packWith('      alt: A picture that is broken\n      image: cut.png\n', { 'cut.png': whole.subarray(0, 40) }))).toMatch(
      /field figure\.image: "cut\.png" is not a whole PNG file/,
    );
  });

  it('does not parse an SVG with <use> while a pack loads (a 1 KB one can take the renderer a third of a second); its stated size still counts', () => {
    let defs = '<g id="a0"><rect width="1" height="1"/></g>';
    for (let i = 1; i <= 7; i++) defs += `<g id="a${i}">${`<use href="#a${i - 1}"/>`.repeat(10)}</g>`;
    const bomb = (size: string) =>
      Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" ${size}><defs>${defs}</defs><use href="#a7"/></svg>`);
    const inline = (data: Buffer) =>
      `      alt: A picture of copies of copies\n      image: data:image/svg+xml;base64,${data.toString('base64')}\n`;
    // Parsed, it would be refused (resvg's node limit) after a third of a second; it is left to the drawing worker.
    expect(() => loadPackFile(packWith(inline(bomb('width="10" height="10"'))))).not.toThrow();
    expect(problem(packWith(inline(bomb('width="9000" height="10"'))))).toMatch(/is too large: it is 9000×10 pixels, drawn at 2×/);
  });

  it('refuses an SVG that would make the renderer read anything outside it, from a file or inline', () => {
    const svgWith = (inside: string, head = '') =>
      `${head}<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">${inside}</svg>`;
    // Every way in is covered in tests/pictures/svg-safety.test.ts; here, that packs of both kinds use the check.
    const refused: [string, RegExp][] = [
      [svgWith('<image href="/etc/secret.png" width="10" height="10"/>'), /an SVG may refer only to its own parts/],
      [svgWith('<!-- href=\'# --><image href="/etc/secret.png"/><!-- \' -->'), /an SVG may refer only to its own parts/],
      [svgWith('<text>&x;</text>', '<!DOCTYPE svg [<!ENTITY x "y">]>'), /may not declare a DOCTYPE or entities/],
    ];
    for (const [svg, expected] of refused) {
      expect(problem(packWith('      alt: An SVG that is refused\n      image: bad.svg\n', { 'bad.svg': svg })), svg).toMatch(expected);
      const text = `id: ours\nname: Ours\ntopics:\n  alpha: Alpha\nquestions:\n${QUESTION}    figure:\n      alt: An SVG that is refused\n      image: data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}\n`;
      const result = parsePackUpload('ours.yaml', new TextEncoder().encode(text));
      expect(!result.ok && result.problems[0], svg).toMatch(expected);
    }
    // Its own parts, and embedded PNG data, are fine.
    const fine = svgWith(
      '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="5" height="5"/><use href="#g"/><image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>',
    );
    expect(
      loadPackFile(packWith('      alt: An SVG with its own parts\n      image: fine.svg\n', { 'fine.svg': fine })).questions[0]!.figure
        ?.source,
    ).toMatchObject({
      image: { format: 'svg' },
    });
  });

  it('ships at least 20 figure questions in the built-in bank, each with alt text, on every kind of figure the issue asks for', () => {
    const figures = loadBank(REAL_PACKS)
      .pack('deep-learning')!
      .questions.filter((q) => q.figure);
    expect(figures.length).toBeGreaterThanOrEqual(20);
    for (const q of figures) expect(q.figure!.alt.length, q.id).toBeGreaterThan(40);
    const ids = figures.map((q) => q.id).join(' ');
    for (const kind of [
      'overfitting',
      'underfitting',
      'learning-rate-too-high',
      'loss-spike',
      'warmup',
      'lr-range-test',
      'roc',
      'pr-',
      'confusion-matrix',
      'gradient-norm',
      'calibration',
      'attention',
    ])
      expect(ids, kind).toContain(kind);
  });

  it('keeps a figure question in a folder pack readable with the file it names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-figure-folder-'));
    mkdirSync(join(dir, 'pics'));
    writeFileSync(join(dir, 'pics', 'pack.yaml'), 'id: pics\nname: Pics\ntopics:\n  alpha: Alpha\n');
    writeFileSync(join(dir, 'pics', 'pic.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    writeFileSync(
      join(dir, 'pics', 'alpha.yaml'),
      `questions:\n${QUESTION}    figure:\n      alt: An empty square drawing\n      image: pic.svg\n`,
    );
    expect(loadBank(dir).pack('pics')!.questions[0]!.figure?.source).toMatchObject({ image: { format: 'svg' } });
  });
});
