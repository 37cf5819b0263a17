// SVG → PNG without a browser (resvg, a Rust renderer shipped as an npm binary), with the project's DejaVu fonts
// and no system font lookup, so that the same SVG gives the same picture on every machine. Used for the PNG fallback
// of the Word file's images (Word 2016+ shows the SVG itself).
import { Resvg } from '@resvg/resvg-js';
import { rasterFontFiles } from './report-fonts.js';

export const rasterizeSvg = (svg: string, widthPx: number): Buffer => {
  const fontFiles = rasterFontFiles();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(widthPx) },
    background: '#ffffff',
    font: { fontFiles, loadSystemFonts: fontFiles.length === 0, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
};
