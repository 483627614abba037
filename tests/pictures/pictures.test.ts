import { afterAll, describe, expect, it } from 'vitest';
import { loadBank } from '../../src/bank/load.js';
import { figureOf } from '../../src/core/bank/question-view.js';
import { PictureError, Pictures, pictureKey } from '../../src/pictures/pictures.js';
import { REAL_PACKS } from '../fakes/engine.js';
import { decodePng } from '../fakes/png.js';

const pictures = new Pictures();
afterAll(() => pictures.stop());

const chart = (width: number) => ({
  width,
  height: 120,
  data: {
    values: [
      { x: 1, y: 2 },
      { x: 2, y: 5 },
      { x: 3, y: 3 },
    ],
  },
  mark: 'line',
  encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
});

describe('pictures', () => {
  it('draws every figure of the built-in bank, in a worker, as a PNG with text and more than one colour', async () => {
    const figures = loadBank(REAL_PACKS)
      .pack('deep-learning')!
      .questions.filter((q) => q.figure);
    expect(figures.length).toBeGreaterThanOrEqual(20);
    for (const question of figures) {
      const file = await pictures.render(figureOf(question).image!);
      expect(file.name).toBe(`${question.id}.png`);
      expect(file.mimeType).toBe('image/png');
      const png = decodePng(file.data);
      // Drawn at twice the chart's size, so it stays sharp at the platforms' preview widths.
      expect(png.width, question.id).toBeGreaterThanOrEqual(500);
      expect(png.height, question.id).toBeGreaterThanOrEqual(300);
      expect(png.colours, question.id).toBeGreaterThan(10);
      // Axis labels and titles are drawn (dark text on white): the shipped font was found.
      expect(png.darkest, question.id).toBeLessThan(60);
    }
  }, 120_000);

  it('draws the same picture once: a second request is served from the cache', async () => {
    const local = new Pictures();
    try {
      const image = { name: 'twice', alt: 'A small line chart', source: { chart: chart(200) } };
      const first = await local.render(image);
      const second = await local.render({ ...image, name: 'again' });
      expect(local.drawn).toBe(1);
      expect(second.data).toBe(first.data);
      expect(second.name).toBe('again.png');
      await local.render({ ...image, source: { chart: chart(210) } });
      expect(local.drawn).toBe(2);
    } finally {
      await local.stop();
    }
  }, 30_000);

  it('keeps the cache within its byte budget, least recently used out first', async () => {
    // Inline: the budget is what is tested, not the worker.
    const local = new Pictures({ thread: false, cacheBytes: 1 });
    const image = (width: number) => ({ name: `w${width}`, alt: 'A small line chart', source: { chart: chart(width) } });
    await local.render(image(200));
    await local.render(image(210));
    // Over budget: only the latest is kept, so the first is drawn again.
    await local.render(image(210));
    expect(local.drawn).toBe(2);
    await local.render(image(200));
    expect(local.drawn).toBe(3);
  }, 30_000);

  it('stops an idle worker, and starts one again for the next picture', async () => {
    const local = new Pictures({ idleMs: 50 });
    try {
      await local.render({ name: 'a', alt: 'A small line chart', source: { chart: chart(200) } });
      expect(local.running).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      expect(local.running).toBe(false);
      const again = await local.render({ name: 'b', alt: 'A small line chart', source: { chart: chart(220) } });
      expect(decodePng(again.data).width).toBeGreaterThan(0);
    } finally {
      await local.stop();
    }
  }, 30_000);

  it('a worker that runs out of heap costs only its picture: the error is a PictureError, and the next one starts a worker', async () => {
    // Too small to even load vega: every worker this starts ends with ERR_WORKER_OUT_OF_MEMORY.
    const starved = new Pictures({ workerLimits: { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 } });
    try {
      await expect(starved.render({ name: 'a', alt: 'A chart', source: { chart: chart(200) } })).rejects.toBeInstanceOf(PictureError);
      expect(starved.running).toBe(false);
      await expect(starved.render({ name: 'b', alt: 'A chart', source: { chart: chart(210) } })).rejects.toBeInstanceOf(PictureError);
      expect(starved.drawn).toBe(2);
    } finally {
      await starved.stop();
    }
  }, 30_000);

  it('keys a picture by what it is drawn from', () => {
    expect(pictureKey({ chart: chart(200) })).toBe(pictureKey({ chart: chart(200) }));
    expect(pictureKey({ chart: chart(200) })).not.toBe(pictureKey({ chart: chart(201) }));
  });

  it('turns an SVG image into a PNG with the shipped font, and refuses a chart that cannot be drawn', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80"><rect width="200" height="80" fill="#fff"/><text x="10" y="50" font-size="30" fill="#000">Backprop</text></svg>';
    const png = decodePng(
      (
        await pictures.render({
          name: 'svg',
          alt: 'The word Backprop',
          source: { image: { format: 'svg', data: new TextEncoder().encode(svg) } },
        })
      ).data,
    );
    expect([png.width, png.height]).toEqual([400, 160]);
    expect(png.darkest).toBeLessThan(60);
    await expect(
      pictures.render({ name: 'bad', alt: 'nothing', source: { chart: { mark: 'no-such-mark', data: { values: [] } } } }),
    ).rejects.toThrow(PictureError);
    // A failure is not cached, and the worker goes on drawing.
    expect(
      decodePng((await pictures.render({ name: 'ok', alt: 'A small line chart', source: { chart: chart(220) } })).data).colours,
    ).toBeGreaterThan(2);
  }, 30_000);

  it('the PNG check fails on what is not a picture', () => {
    expect(() => decodePng(new Uint8Array([1, 2, 3]))).toThrow(/signature/);
  });
});
