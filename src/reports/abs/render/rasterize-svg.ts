// SVG → PNG without a browser (resvg, a Rust renderer shipped as an npm binary), with the project's DejaVu fonts
// and no system font lookup, so that the same SVG gives the same picture on every machine. Used for the PNG fallback
// of the Word file's images (Word 2016+ shows the SVG itself).
//
// resvg loads its fonts for every render: the figures of a report are therefore stacked into one SVG, rendered once,
// and cut back into one PNG each (encoded here with zlib).
import { deflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { rasterFontFiles } from './report-fonts.js';
import { crc32 } from './crc32.js';

export interface SvgPicture {
  id: string;
  svg: string;
  width: number;
  height: number;
}

const renderer = (svg: string, widthPx: number): Resvg => {
  const fontFiles = rasterFontFiles();
  return new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(widthPx) },
    background: '#ffffff',
    font: { fontFiles, loadSystemFonts: fontFiles.length === 0, defaultFontFamily: 'DejaVu Sans' },
  });
};

export const rasterizeSvg = (svg: string, widthPx: number): Buffer => Buffer.from(renderer(svg, widthPx).render().asPng());

const chunk = (type: string, data: Buffer): Buffer => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
};

/** Rows [y0, y1) of an RGBA image as a PNG (RGBA, no filter: each row is copied as it is, then deflated). */
export const encodePng = (rgba: Uint8Array, width: number, y0: number, y1: number): Buffer => {
  const height = y1 - y0;
  const rowBytes = width * 4;
  const raw = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray((y0 + y) * rowBytes, (y0 + y + 1) * rowBytes), y * (rowBytes + 1) + 1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 3 })), chunk('IEND', Buffer.alloc(0))]);
};

/**
 * Several pictures of the same width rasterised in one pass at `scale` (1.5 → 960 px for a 640-unit figure): stacked
 * at even offsets so that every cut falls on a whole pixel row.
 */
export const rasterizeSvgs = (pictures: SvgPicture[], scale: number): Map<string, Buffer> => {
  const out = new Map<string, Buffer>();
  if (!pictures.length) return out;
  const width = Math.max(...pictures.map((p) => p.width));
  let y = 0;
  const placed = pictures.map((p) => {
    const at = y;
    y += Math.ceil(p.height / 2) * 2 + 2;
    return { p, at };
  });
  const stacked =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">` +
    placed.map(({ p, at }) => p.svg.replace(/^<svg /, `<svg x="0" y="${at}" `)).join('') +
    '</svg>';
  const image = renderer(stacked, width * scale).render();
  const pixels = image.pixels;
  const w = image.width;
  for (const { p, at } of placed) {
    const y0 = Math.round(at * scale);
    const y1 = Math.min(image.height, Math.round((at + p.height) * scale));
    out.set(p.id, encodePng(pixels, w, y0, y1));
  }
  return out;
};
