import type { Figure } from './bank.js';

/**
 * A figure as text, where bytes cannot go (a team pack in the store, a pack exported as YAML or JSON): a chart is
 * its spec, an image a data URI. Both turn back into the same figure.
 */
export type FigureText = { alt: string; chart: Record<string, unknown> } | { alt: string; image: string };

const MIME = { png: 'image/png', svg: 'image/svg+xml' } as const;
const DATA_URI = /^data:(image\/png|image\/svg\+xml);base64,([A-Za-z0-9+/]*={0,2})$/;

export function figureText(figure: Figure): FigureText {
  const { alt, source } = figure;
  if ('chart' in source) return { alt, chart: source.chart };
  return { alt, image: `data:${MIME[source.image.format]};base64,${toBase64(source.image.data)}` };
}

/** The figure, or undefined when its image is not a PNG or SVG data URI in base64. */
export function figureOfText(text: FigureText): Figure | undefined {
  if ('chart' in text) return { alt: text.alt, source: { chart: text.chart } };
  const image = imageOfDataUri(text.image);
  return image && { alt: text.alt, source: { image } };
}

/** Whether text is a PNG or SVG data URI in base64 (no spaces), without decoding it. */
export function isImageDataUri(uri: string): boolean {
  const m = DATA_URI.exec(uri);
  return m !== null && m[2]!.length % 4 === 0;
}

/** A PNG or SVG data URI's bytes; undefined for anything else. */
export function imageOfDataUri(uri: string): { format: 'png' | 'svg'; data: Uint8Array } | undefined {
  if (!isImageDataUri(uri)) return undefined;
  const [, mime, base64] = DATA_URI.exec(uri)!;
  return { format: mime === MIME.png ? 'png' : 'svg', data: decodedOnce(base64!) };
}

/**
 * Decoded images by their base64 text; over DECODED_MAX_BYTES, the least recently used go first. A team's bank is
 * rebuilt from the store every few seconds, and decoding costs about 20 ms a megabyte; looking the text up reads it once.
 * The bytes are shared: nothing writes to a picture's bytes.
 */
const decoded = new Map<string, Uint8Array>();
let decodedBytes = 0;
const DECODED_MAX_BYTES = 32 * 1024 * 1024;

function decodedOnce(base64: string): Uint8Array {
  let data = decoded.get(base64);
  if (data) {
    decoded.delete(base64);
  } else {
    data = fromBase64(base64);
    // The text is kept too, as the key.
    decodedBytes += data.length + base64.length;
  }
  decoded.set(base64, data);
  for (const [text, bytes] of decoded) {
    if (decodedBytes <= DECODED_MAX_BYTES || text === base64) break;
    decoded.delete(text);
    decodedBytes -= bytes.length + text.length;
  }
  return data;
}

// atob/btoa rather than Buffer: the core runs on no Node-only API.
function toBase64(data: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its bytes as arguments, and a picture has more than a call may pass.
  for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const data = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i);
  return data;
}
