import { shortened } from '../core/shared/shortened.js';

/**
 * The harmless references, written plainly: to the SVG's own parts, or to raster data inside it. An id may not
 * hold a dot: resvg reads `<image href="#name.png">` as the file name.png (after the #) in the working directory.
 */
const OWN_HREF = /\bhref\s*=\s*(["'])#[\w:-]*\1/g;
const RASTER_HREF = /\bhref\s*=\s*(["'])data:image\/(?:png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*\1/g;
const OWN_URL = /\burl\(\s*(["']?)#[\w:-]*\1\s*\)/g;
/** What may not be left once those are taken out: any other reference, anywhere. */
const ANY_REFERENCE = /href|url\s*\(|@import/i;

/**
 * Why drawing this SVG could read something outside it, or undefined. resvg loads what an SVG names (an <image>'s
 * file, by its path, from the server's disk) and unpacks a compressed one (svgz) before reading it, so an SVG from
 * a pack uploaded in chat could otherwise put any picture on the server into a message. For a pack's own SVGs only:
 * the charts and cards Backprop draws come from Vega, whose loader loads nothing, and their text (a member named
 * Hrefna, a chart about URLs) would be refused.
 *
 * The check does not parse XML: it takes the harmless references out of the text, written plainly, and refuses the
 * SVG if any other mention of href, url( or @import is left, even in a comment or a text (a check that skipped
 * those could be fooled by one that opens a quote it never closes). A DOCTYPE is refused, as its entities could
 * spell a reference; so are control characters, which XML does not allow and which could hide one.
 */
export function svgProblem(data: string | Uint8Array): string | undefined {
  let svg: string;
  if (typeof data === 'string') svg = data;
  else {
    if (data[0] === 0x1f && data[1] === 0x8b) return 'a compressed SVG (svgz) is not accepted: save it uncompressed';
    try {
      svg = new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      return 'an SVG must be UTF-8 text';
    }
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(svg)) return 'an SVG may not contain control characters';
  if (/<!DOCTYPE|<!ENTITY/i.test(svg)) return 'an SVG may not declare a DOCTYPE or entities';
  const rest = svg.replace(OWN_HREF, '').replace(RASTER_HREF, '').replace(OWN_URL, '');
  const found = ANY_REFERENCE.exec(rest);
  if (!found) return undefined;
  const around = rest.slice(Math.max(0, found.index - 20), found.index + 40).replace(/\s+/g, ' ');
  return `"${shortened(around, 80)}": an SVG may refer only to its own parts (href="#id", url(#id)) and embed PNG, JPEG or GIF data`;
}
