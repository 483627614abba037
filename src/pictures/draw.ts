import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import type { PictureSource } from '../core/shared/messages.js';
import { FONT_FAMILY, fontFiles } from './fonts.js';
import { DRAWING_ZOOM, MAX_PICTURE_SIDE, pngSize, sizeProblem } from './image-size.js';
import { svgProblem } from './svg-safety.js';
import { svgDrawnSize } from './svg-size.js';
import { compileVegaLite } from './vega-lite.js';
import { asVegaLite } from './vega-spec.js';

/**
 * Drawing, synchronous and CPU-bound (tens of milliseconds): called in the picture worker (render-worker.ts),
 * never on the event loop that serves members.
 */

/** Defaults every chart gets unless its spec says otherwise: the shipped font, readable sizes, a white background. */
const CHART_CONFIG = {
  font: FONT_FAMILY,
  background: '#ffffff',
  padding: 12,
  axis: { labelFontSize: 12, titleFontSize: 13, labelColor: '#222222', titleColor: '#111111', gridColor: '#e4e4e4' },
  legend: { labelFontSize: 12, titleFontSize: 12, labelColor: '#222222', titleColor: '#111111' },
  title: { fontSize: 15, color: '#111111' },
  view: { stroke: '#cccccc' },
};

/** A loader that loads nothing: charts carry their data inline, and drawing never touches the network or disk. */
const noLoader = {
  ...vega.loader(),
  load: async (uri: string) => {
    throw new Error(`charts may not load data (${uri}): put it inline as data.values`);
  },
  sanitize: async (uri: string) => {
    throw new Error(`charts may not load data (${uri}): put it inline as data.values`);
  },
};

/** A Vega-Lite specification with Backprop's defaults under its own config (the spec's settings win). */
export function withDefaults(spec: Record<string, unknown>): TopLevelSpec {
  const own = (spec.config ?? {}) as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...CHART_CONFIG, ...own };
  for (const key of ['axis', 'legend', 'title', 'view'] as const)
    merged[key] = { ...CHART_CONFIG[key], ...((own[key] as object | undefined) ?? {}) };
  return asVegaLite({ ...spec, config: merged });
}

/** Vega-Lite → Vega → SVG. Throws on a spec that does not compile or draw. */
export async function chartSvg(spec: Record<string, unknown>): Promise<string> {
  const compiled = compileVegaLite(withDefaults(spec)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: noLoader });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const FONTS = fontFiles();

const FONT_OPTIONS = { loadSystemFonts: false, fontFiles: FONTS, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY };

/**
 * SVG → PNG with the shipped fonts only, `zoom` times its size, but never over MAX_PICTURE_SIDE on a side: resvg's
 * own reading of the size decides (a pack's SVG may state it in a way the load-time check does not read).
 */
export function svgPng(svg: string | Uint8Array, zoom = DRAWING_ZOOM): Uint8Array {
  const text = typeof svg === 'string' ? svg : Buffer.from(svg);
  const size = svgDrawnSize(text);
  if ('problem' in size) throw new Error(`an SVG was not drawn: ${size.problem}`);
  const { width, height } = size;
  const fitting = Math.min(zoom, MAX_PICTURE_SIDE / Math.max(width, height, 1));
  const resvg = new Resvg(text, { fitTo: { mode: 'zoom', value: fitting }, background: '#ffffff', font: FONT_OPTIONS });
  return new Uint8Array(resvg.render().asPng());
}

/** A picture's PNG bytes. */
export async function drawPng(source: PictureSource): Promise<Uint8Array> {
  if ('chart' in source) return svgPng(await chartSvg(source.chart));
  if (source.image.format === 'png') {
    const size = pngSize(source.image.data);
    const problem = size && sizeProblem(size);
    if (problem) throw new Error(`a pack's PNG was not sent: the picture ${problem}`);
    return source.image.data;
  }
  // Checked again where it is drawn: a pack stored before the check existed, or restored from a backup, too.
  const problem = svgProblem(source.image.data);
  if (problem) throw new Error(`a pack's SVG was not drawn: ${problem}`);
  return svgPng(source.image.data);
}
