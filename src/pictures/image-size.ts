/**
 * How large a pack's picture is, read from its bytes without drawing it. A small file can still ask for a huge
 * picture (an SVG of width="40000", a PNG of mostly one colour): drawing it would take gigabytes, and chat clients
 * would have to show it. Pictures are held to MAX_PICTURE_SIDE pixels on a side when a pack loads, and again when
 * one is drawn (a pack stored before the check, or restored from a backup).
 */
export const MAX_PICTURE_SIDE = 4096;
/** Pixels per unit an SVG or chart is drawn at: a 480-wide chart becomes a 960-pixel PNG, sharp at previews. */
export const DRAWING_ZOOM = 2;

export interface Size {
  width: number;
  height: number;
}

/** A PNG's size from its header (IHDR, right after the signature), or undefined when the bytes are too few. */
export function pngSize(data: Uint8Array): Size | undefined {
  if (data.length < 24) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * An SVG's size as its root element states it: width and height in px (or unitless), else its viewBox. Undefined
 * when it states none that way (percentages, other units): the check when it is drawn still applies.
 */
export function svgSize(svg: string): Size | undefined {
  const root = /<svg\b[^>]*>/i.exec(svg)?.[0];
  if (!root) return undefined;
  const attribute = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']\\s*([^"']*)["']`, 'i').exec(root)?.[1];
  const pixels = (value: string | undefined) =>
    value && /^([0-9]+(\.[0-9]*)?|\.[0-9]+)(px)?$/i.test(value.trim()) ? Number.parseFloat(value) : undefined;
  const [width, height] = [pixels(attribute('width')), pixels(attribute('height'))];
  if (width !== undefined && height !== undefined) return { width, height };
  const box = attribute('viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (box?.length === 4 && box.every(Number.isFinite)) return { width: width ?? box[2]!, height: height ?? box[3]! };
  return undefined;
}

/**
 * What is wrong with a picture of this size, drawn `zoom` times larger, as the rest of a sentence that names the
 * picture ("the inline image is too large: …"); undefined when nothing is.
 */
export function sizeProblem(size: Size, zoom = 1): string | undefined {
  if (!(size.width > 0 && size.height > 0))
    return `has no area: it is ${size.width}×${size.height} pixels: a picture needs a width and a height above 0`;
  const side = MAX_PICTURE_SIDE / zoom;
  if (size.width <= side && size.height <= side) return undefined;
  const drawn = zoom === 1 ? '' : `, drawn at ${zoom}×`;
  return `is too large: it is ${Math.round(size.width)}×${Math.round(size.height)} pixels${drawn}; at most ${side} on a side`;
}

/**
 * Why these bytes are not a whole PNG, or undefined: its chunks must follow one another to the end of the file,
 * from the header (IHDR) through the image data (IDAT) to IEND. A file cut short in a copy, or a header alone,
 * would otherwise be accepted with its pack and fail in every message that shows it.
 */
export function pngLayoutProblem(data: Uint8Array): string | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const types: string[] = [];
  let at = 8;
  while (at + 8 <= data.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...data.subarray(at + 4, at + 8));
    types.push(type);
    if (type === 'IEND') break; // its checksum may be missing: readers stop at the name
    if (at + 12 + length > data.length) return `its ${type.replace(/[^A-Za-z]/g, '?')} chunk is cut short (the file is incomplete)`;
    at += 12 + length;
  }
  if (types[0] !== 'IHDR') return 'it does not start with a PNG header (IHDR)';
  if (!types.includes('IDAT')) return 'it holds no image data (IDAT): the file is incomplete';
  if (types.at(-1) !== 'IEND') return 'it does not end with IEND: the file is cut short';
  return undefined;
}
