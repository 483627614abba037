import { deflateSync, inflateSync } from 'node:zlib';

/**
 * A small PNG decoder for tests (8-bit greyscale, RGB or RGBA, not interlaced: what resvg writes): checks the
 * signature and every chunk's layout, inflates the image data and undoes the row filters, so that a test can say
 * how large a picture is and whether it is more than a blank canvas.
 */
export interface DecodedPng {
  width: number;
  height: number;
  /** Distinct colours (RGBA as one number), up to `limit` counted. */
  colours: number;
  /** The darkest pixel's luminance (0 black … 255 white): text on a white card is dark. */
  darkest: number;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 6: 4 };

export function decodePng(bytes: Uint8Array, limit = 10_000): DecodedPng {
  const png = Buffer.from(bytes);
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG: wrong signature');
  let offset = 8;
  let header: { width: number; height: number; depth: number; type: number; interlace: number } | undefined;
  const data: Buffer[] = [];
  let ended = false;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (body.length !== length) throw new Error(`chunk ${type} is cut short`);
    if (type === 'IHDR')
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), depth: body[8]!, type: body[9]!, interlace: body[12]! };
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') ended = true;
    offset += 12 + length;
  }
  if (!header || !ended || data.length === 0) throw new Error('a PNG needs IHDR, IDAT and IEND');
  const channels = CHANNELS[header.type];
  if (header.depth !== 8 || channels === undefined || header.interlace !== 0)
    throw new Error('only 8-bit, non-interlaced grey, RGB or RGBA');
  const raw = inflateSync(Buffer.concat(data));
  const stride = header.width * channels;
  if (raw.length !== header.height * (stride + 1)) throw new Error('the image data does not match the size');
  const pixels = Buffer.alloc(header.height * stride);
  for (let y = 0; y < header.height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const left = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const upLeft = y > 0 && x >= channels ? pixels[(y - 1) * stride + x - channels]! : 0;
      const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predicted === undefined) throw new Error(`unknown row filter ${filter}`);
      pixels[y * stride + x] = (value + predicted) & 0xff;
    }
  }
  const colours = new Set<number>();
  let darkest = 255;
  for (let i = 0; i < pixels.length; i += channels) {
    const [r, g, b] = channels === 1 ? [pixels[i]!, pixels[i]!, pixels[i]!] : [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
    const a = channels === 4 ? pixels[i + 3]! : 255;
    if (colours.size < limit) colours.add(((r << 24) | (g << 16) | (b << 8) | a) >>> 0);
    if (a > 128) darkest = Math.min(darkest, Math.round(0.2126 * r + 0.7152 * g + 0.0722 * b));
  }
  return { width: header.width, height: header.height, colours: colours.size, darkest };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** A whole PNG of this size, black, 8-bit greyscale: every chunk in place, as an image file a pack carries. */
export function encodePng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth; colour type 0 (greyscale), compression, filter and interlace 0
  // Each row: its filter byte (0), then one byte per pixel.
  const pixels = deflateSync(Buffer.alloc(height * (width + 1)));
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
