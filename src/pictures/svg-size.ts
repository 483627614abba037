import { Resvg } from '@resvg/resvg-js';
import { shortened } from '../core/shared/shortened.js';
import type { Size } from './image-size.js';

/**
 * An SVG's size as resvg reads it (what it will draw), or why resvg cannot read it: XML it cannot parse, a size it
 * refuses (negative, zero, not a number). Parsing without fonts costs a hundredth of a drawing, so a pack's SVGs
 * are read this way when the pack loads, not first when a daily shows them.
 */
export function svgDrawnSize(svg: string | Uint8Array): Size | { problem: string } {
  try {
    const { width, height } = new Resvg(typeof svg === 'string' ? svg : Buffer.from(svg), { font: { loadSystemFonts: false } });
    return { width, height };
  } catch (error) {
    return { problem: shortened(String((error as Error).message ?? error).replace(/\s+/g, ' '), 160) };
  }
}
