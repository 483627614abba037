import { readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';

import type { Figure } from '../core/bank/bank.js';
import { imageOfDataUri } from '../core/bank/figure-text.js';
import { shortened } from '../core/shared/shortened.js';
import { DRAWING_ZOOM, pngLayoutProblem, pngSize, sizeProblem, svgSize } from '../pictures/image-size.js';
import { svgProblem } from '../pictures/svg-safety.js';
import { svgDrawnSize } from '../pictures/svg-size.js';
import { compileVegaLite } from '../pictures/vega-lite.js';
import { asVegaLite } from '../pictures/vega-spec.js';

/**
 * A question's figure, checked when its pack loads: a chart must compile as Vega-Lite with its data inline (no URL,
 * no generated sequence: drawing never reads the network or disk, and a pack cannot ask for a billion points); an
 * image must be a PNG or SVG file in the pack's folder, or inline as a data URI (the only way for a pack uploaded in
 * chat, which comes as one file). Problems come back as text; the caller names the field.
 */
export interface FigureInput {
  chart?: Record<string, unknown>;
  image?: string;
  alt: string;
}

/** Pack images are small pictures for a chat message. */
export const MAX_IMAGE_BYTES = 2_000_000;
const MAX_CHART_SIDE = 1000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export type FigureResult = { ok: true; figure: Figure } | { ok: false; field: string; problem: string };

/** `folder`: where the pack file is (its image files are next to it); undefined for an uploaded pack, which has none. */
export function readFigure(input: FigureInput, folder: string | undefined): FigureResult {
  if ((input.chart === undefined) === (input.image === undefined))
    return { ok: false, field: 'figure', problem: 'give either chart (a Vega-Lite spec) or image (a file), not both or neither' };
  if (input.chart !== undefined) {
    const problem = chartProblem(input.chart);
    return problem
      ? { ok: false, field: 'figure.chart', problem }
      : { ok: true, figure: { alt: input.alt, source: { chart: input.chart } } };
  }
  if (input.image!.startsWith('data:')) return readInlineImage(input.image!, input.alt);
  if (folder === undefined) {
    const problem = 'an uploaded pack carries its images inline (image: data:image/png;base64,…), not as files; or use a chart';
    return { ok: false, field: 'figure.image', problem };
  }
  return readImage(input.image!, input.alt, folder);
}

/** Why a Vega-Lite spec cannot be drawn, or undefined when it compiles with its data inline. */
export function chartProblem(spec: Record<string, unknown>): string | undefined {
  const external = findKey(spec, ['url', 'sequence']);
  if (external) return `charts carry their data inline (data.values): "${external}" is not allowed`;
  if (!hasInlineData(spec)) return 'the chart has no data: give data.values (inline)';
  for (const side of ['width', 'height'] as const) {
    const size = spec[side];
    if (size !== undefined && (typeof size !== 'number' || size < 50 || size > MAX_CHART_SIDE))
      return `${side} must be a number from 50 to ${MAX_CHART_SIDE}`;
  }
  const mark = unknownMark(spec);
  // An image mark draws pictures it loads by URL, and a chart loads nothing: it could only come out blank.
  if (mark === 'image') return 'an image mark loads its pictures by URL, which a chart may not: give the picture as figure.image';
  if (mark !== undefined) return `"${shortened(mark)}" is not a Vega-Lite mark (${MARKS.join(', ')})`;
  try {
    compileVegaLite(asVegaLite(spec));
    return undefined;
  } catch (error) {
    return `not a valid Vega-Lite spec: ${shortened((error as Error).message, 200)}`;
  }
}

function readImage(name: string, alt: string, folder: string): FigureResult {
  const fail = (problem: string): FigureResult => ({ ok: false, field: 'figure.image', problem });
  const format = extname(name).toLowerCase() === '.png' ? 'png' : extname(name).toLowerCase() === '.svg' ? 'svg' : undefined;
  if (!format) return fail(`"${shortened(name)}" must be a .png or .svg file`);
  const path = resolve(folder, name);
  const inside = relative(resolve(folder), path);
  if (inside.startsWith('..') || resolve(inside) === inside) return fail(`"${shortened(name)}" must be in the pack's folder`);
  let data: Buffer;
  try {
    if (statSync(path).size > MAX_IMAGE_BYTES) return fail(`"${shortened(name)}" is larger than ${MAX_IMAGE_BYTES / 1_000_000} MB`);
    data = readFileSync(path);
  } catch {
    return fail(`no file "${shortened(name)}" next to the pack (looked for ${join(folder, name)})`);
  }
  return checkedImage(`"${shortened(name)}"`, format, new Uint8Array(data), alt);
}

function readInlineImage(uri: string, alt: string): FigureResult {
  const image = imageOfDataUri(uri);
  if (!image) {
    const problem = 'an inline image is a base64 data URI of a PNG or SVG: data:image/png;base64,… or data:image/svg+xml;base64,…';
    return { ok: false, field: 'figure.image', problem };
  }
  if (image.data.length > MAX_IMAGE_BYTES)
    return { ok: false, field: 'figure.image', problem: `the inline image is larger than ${MAX_IMAGE_BYTES / 1_000_000} MB` };
  return checkedImage('the inline image', image.format, image.data, alt);
}

/** The image's bytes are what its name or data URI says they are, and an SVG draws from nothing but itself. */
function checkedImage(what: string, format: 'png' | 'svg', data: Uint8Array, alt: string): FigureResult {
  const fail = (problem: string): FigureResult => ({ ok: false, field: 'figure.image', problem });
  if (format === 'png' && !Buffer.from(data.subarray(0, 8)).equals(PNG_SIGNATURE)) return fail(`${what} is not a PNG file`);
  if (format === 'png') {
    const size = pngSize(data);
    const problem = size && sizeProblem(size);
    if (problem) return fail(`${what} ${problem}`);
    const broken = pngLayoutProblem(data);
    if (broken) return fail(`${what} is not a whole PNG file: ${broken}`);
  }
  if (format === 'svg') {
    const problem = svgProblem(data);
    if (problem) return fail(`${what}: ${problem}`);
    if (!/<svg[\s>]/.test(Buffer.from(data.subarray(0, 4096)).toString('utf8'))) return fail(`${what} is not an SVG file`);
    // Read as the renderer reads it, so that what it would refuse at every post is refused here, once. Not an SVG
    // with <use>: each may copy others that copy others, and parsing a 1 KB one can take half a second on this
    // thread; its root's stated size is checked, and the renderer's own limits apply when it is drawn (a worker).
    const text = Buffer.from(data).toString('utf8');
    const size = /<use\b/i.test(text) ? svgSize(text) : svgDrawnSize(data);
    if (size && 'problem' in size) return fail(`${what} is not an SVG Backprop can draw: ${size.problem}`);
    const tooLarge = size && sizeProblem(size, DRAWING_ZOOM);
    if (tooLarge) return fail(`${what} ${tooLarge}`);
  }
  return { ok: true, figure: { alt, source: { image: { format, data } } } };
}

/** Vega-Lite's marks but image: its compiler fails on any other with an unhelpful message, so they are checked first. */
const MARKS = [
  'arc',
  'area',
  'bar',
  'boxplot',
  'circle',
  'errorband',
  'errorbar',
  'geoshape',
  'line',
  'point',
  'rect',
  'rule',
  'square',
  'text',
  'tick',
  'trail',
];

function unknownMark(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.map(unknownMark).find((m) => m !== undefined);
  if (!value || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'values') continue;
    if (key === 'mark') {
      const type = typeof inner === 'string' ? inner : inner && typeof inner === 'object' ? (inner as { type?: unknown }).type : undefined;
      if (typeof type !== 'string' || !MARKS.includes(type)) return String(type);
    } else {
      const found = unknownMark(inner);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function findKey(value: unknown, keys: readonly string[]): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findKey(item, keys);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      // Inline values are data, not settings: a data row may well have a column called "url".
      if (key === 'values') continue;
      if (keys.includes(key)) return key;
      const found = findKey(inner, keys);
      if (found) return found;
    }
  }
  return undefined;
}

/** Some data source with inline values: at the top, or in a layer, a concatenated view or a lookup. */
function hasInlineData(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasInlineData);
  if (!value || typeof value !== 'object') return false;
  const data = (value as { data?: unknown }).data;
  if (data && typeof data === 'object' && Array.isArray((data as { values?: unknown }).values)) return true;
  return Object.entries(value).some(([key, inner]) => key !== 'data' && hasInlineData(inner));
}
