import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { drawPng, svgPng } from '../../src/pictures/draw.js';
import { svgProblem } from '../../src/pictures/svg-safety.js';
import { decodePng } from '../fakes/png.js';

const svgWith = (inside: string, head = '') =>
  `${head}<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">${inside}</svg>`;
const IMAGE = '<image href="/tmp/secret.png" width="10" height="10"/>';

describe('pictures too large to draw or send', () => {
  it('draws a pack SVG no larger than 4096 pixels on a side, whatever size it states, and does not send a huge PNG', async () => {
    // Stored before the load-time check, or in units that check does not read: resvg's own size decides.
    for (const size of ['width="3000" height="100"', 'width="100mm" height="2000mm"']) {
      const png = decodePng(
        await drawPng({
          image: { format: 'svg', data: new TextEncoder().encode(svgWith('', '').replace('width="10" height="10"', size)) },
        }),
      );
      expect(Math.max(png.width, png.height), size).toBeLessThanOrEqual(4096);
      expect(Math.max(png.width, png.height), size).toBeGreaterThan(2000);
    }
    // A small one is still drawn at twice its size.
    expect(decodePng(svgPng(svgWith('<rect width="10" height="10"/>'))).width).toBe(20);
    const huge = Buffer.from('89504e470d0a1a0a0000000d49484452000000000000000008060000', 'hex');
    huge.writeUInt32BE(20000, 16);
    huge.writeUInt32BE(20000, 20);
    await expect(drawPng({ image: { format: 'png', data: new Uint8Array(huge) } })).rejects.toThrow(
      /a pack's PNG was not sent: the picture is too large: it is 20000×20000 pixels; at most 4096 on a side/,
    );
  });
});

describe('SVGs that could make the renderer read a file', () => {
  it('refuses every reference that is not to the SVG itself or to raster data inside it, wherever it hides', () => {
    const refused: Record<string, string> = {
      'a path': svgWith(IMAGE),
      'xlink:href, single quotes': svgWith("<image xlink:href='pictures/x.png'/>"),
      'another namespace prefix': svgWith('<image xmlns:l="http://www.w3.org/1999/xlink" l:href="/tmp/secret.png"/>'),
      'a character reference': svgWith('<image href="&#47;tmp/secret.png"/>'),
      'spaces around =': svgWith('<image href =  "/tmp/secret.png"/>'),
      'an SVG inside a data URI': svgWith('<image href="data:image/svg+xml;base64,PHN2Zy8+"/>'),
      'a quote opened in a comment': svgWith(`<!-- href='# -->${IMAGE}<!-- ' -->`),
      'a quote opened in a text': svgWith(`<desc>href='#</desc>${IMAGE}<desc>'</desc>`),
      'a quote opened in another attribute': svgWith(`<g class="a href='#"/>${IMAGE}<g class="'"/>`),
      'an allowed reference glued to another': svgWith('<image hrhref="#a"ef="/tmp/secret.png"/>'),
      'url() to a file': svgWith('<rect fill="url(file:///tmp/x.png)"/>'),
      'url() in a style element': svgWith('<style>rect { fill: url( "/tmp/x.svg#g" ) }</style>'),
      '@import': svgWith('<style>@import "/tmp/x.css";</style>'),
      'a processing instruction': `<?xml-stylesheet href="/tmp/x.css"?>${svgWith('')}`,
      'a DOCTYPE': svgWith('<text>&x;</text>', '<!DOCTYPE svg [<!ENTITY x "y">]>'),
      'an entity, lower case': svgWith('', '<!doctype svg [<!entity x "y">]>'),
      'a control character': svgWith(`<image h\u0000ref="/tmp/secret.png"/>`),
      'an id that is a file name (resvg reads it)': svgWith('<image href="#secret.png" width="10" height="10"/>'),
      'a filter image named like a file': svgWith('<filter id="f"><feImage xlink:href="#a.png"/></filter>'),
      'url() of an id with a dot': svgWith('<rect fill="url(#a.png)"/>'),
      'WebP data (resvg draws none)': svgWith('<image href="data:image/webp;base64,UklGRg=="/>'),
    };
    for (const [how, svg] of Object.entries(refused)) {
      expect(svgProblem(svg), how).toBeDefined();
      expect(svgProblem(new TextEncoder().encode(svg)), how).toBeDefined();
    }
    expect(svgProblem(gzipSync(svgWith(IMAGE)))).toMatch(/compressed SVG \(svgz\)/);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(svgWith(IMAGE), 'utf16le')]);
    expect(svgProblem(utf16)).toBeDefined();
    expect(svgProblem(new Uint8Array([0x3c, 0x73, 0x76, 0x67, 0xff]))).toMatch(/UTF-8/);
  });

  it('accepts references to its own parts and embedded raster data', () => {
    const fine = svgWith(
      `<defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="stroke: url('#g')" width="5" height="5"/>` +
        `<use href="#g"/><use xlink:href='#g'/><image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>`,
    );
    expect(svgProblem(fine)).toBeUndefined();
  });

  it('is checked again where a pack’s SVG is drawn; charts and cards, whose text may say anything, are not checked', async () => {
    const data = new TextEncoder().encode(svgWith(IMAGE));
    await expect(drawPng({ image: { format: 'svg', data } })).rejects.toThrow(/a pack's SVG was not drawn: .*its own parts/);
    // A member named Hrefna, a chart about URLs: Vega's own SVG text, drawn as it is.
    expect(svgPng(svgWith('<text x="1" y="9">Hrefna: url (p95)</text>')).length).toBeGreaterThan(0);
  });
});
