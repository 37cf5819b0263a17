// Fonts for the PDF and for rasterised figures. DejaVu Sans ships with the project (npm `dejavu-fonts-ttf`, free
// licence) and covers French typography (U+202F, « », œ, ’, −); the same TTF files under /usr/share/fonts are used
// when the package is absent. Without either, the PDF falls back to the standard PDF fonts (Helvetica, WinAnsi
// encoding) and the text is mapped to what they can show.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface ReportFonts {
  kind: 'dejavu' | 'standard';
  regular: string;
  bold: string;
  italic: string;
  boldItalic: string;
  /** For hashes in the sources annex. */
  mono: string;
}

const FILES = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  boldItalic: 'DejaVuSans-BoldOblique.ttf',
  mono: 'DejaVuSansMono.ttf',
};

const packageDir = (): string | null => {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  } catch {
    return null;
  }
};

const fromDir = (dir: string | null): ReportFonts | null => {
  if (!dir) return null;
  const paths = Object.fromEntries(Object.entries(FILES).map(([k, f]) => [k, join(dir, f)])) as Record<keyof typeof FILES, string>;
  return Object.values(paths).every((p) => existsSync(p)) ? { kind: 'dejavu', ...paths } : null;
};

export const STANDARD_FONTS: ReportFonts = {
  kind: 'standard',
  regular: 'Helvetica',
  bold: 'Helvetica-Bold',
  italic: 'Helvetica-Oblique',
  boldItalic: 'Helvetica-BoldOblique',
  mono: 'Courier',
};

let cached: ReportFonts | undefined;

/** DejaVu from the npm package, else from the system, else the standard PDF fonts. */
export const findReportFonts = (): ReportFonts => {
  cached ??= fromDir(packageDir()) ?? fromDir('/usr/share/fonts/truetype/dejavu') ?? STANDARD_FONTS;
  return cached;
};

/** TTF files for the SVG rasteriser (empty when only the standard PDF fonts are available). */
export const rasterFontFiles = (): string[] => {
  const f = findReportFonts();
  return f.kind === 'dejavu' ? [f.regular, f.bold, f.italic, f.boldItalic] : [];
};

/**
 * The standard PDF fonts only know WinAnsi: the narrow no-break space becomes a no-break space, the minus sign a
 * hyphen, and the few other characters they lack a close equivalent.
 */
export const toWinAnsi = (text: string): string =>
  text
    .replace(/\u202f/g, '\u00a0')
    .replace(/−/g, '-')
    .replace(/→/g, '->')
    .replace(/≥/g, '>=')
    .replace(/≤/g, '<=')
    .replace(/[^\u0000-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/g, '?');
