// The table of an indicator's values as files people open in a spreadsheet: CSV the way French Excel reads it
// (UTF-8 with BOM, `;` separator, decimal comma) and XLSX (exceljs) with a second sheet giving the definition and
// sources, so that an exported figure keeps its provenance.
import ExcelJS from 'exceljs';
import { STATUS_LABELS } from '../../core/format/french-text.js';
import type { IndicatorValues } from './list-indicator-values.service.js';
import { rankedRows } from './ranked-rows.js';

const csvCell = (v: string): string => (/[";\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * Fifteen significant digits, decimal comma: every digit a spreadsheet keeps (Excel and LibreOffice hold fifteen),
 * without the binary tail a sum of decimals leaves (31,818181818181902 is written 31,8181818181819); the spreadsheet
 * rounds for display, the file does not.
 */
export const csvNumber = (v: number | null): string => (v === null ? '' : String(Number(v.toPrecision(15))).replace('.', ','));

/** The code without Socle's kind prefix: the INSEE code of a commune or département, the SIREN of an EPCI. */
const officialCode = (ref: string): string => ref.slice(ref.indexOf(':') + 1);

export const valuesToCsv = (data: IndicatorValues): string => {
  // `reference` is Socle's (com:31555, epci:200066819), `code` the official one (31555) that other tables join on.
  const head = ['rang', 'reference', 'code', 'territoire', 'valeur', 'unite', 'statut', 'millesime'];
  const lines = [head.join(';')];
  for (const v of rankedRows(data)) {
    lines.push(
      [v.rank === null ? '' : String(v.rank), v.ref, officialCode(v.ref), v.name, csvNumber(v.value), data.indicator.unit, v.note ? 'non défini' : (STATUS_LABELS[v.status] ?? v.status), data.millesime === null ? '' : String(data.millesime)]
        .map(csvCell)
        .join(';'),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
};

export const valuesToXlsx = async (data: IndicatorValues): Promise<Uint8Array> => {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Socle';
  const sheet = wb.addWorksheet('Valeurs');
  sheet.columns = [
    { header: 'Rang', key: 'rank', width: 8 },
    { header: 'Référence', key: 'ref', width: 16 },
    { header: 'Code', key: 'code', width: 12 },
    { header: data.levelLabel.replace(/^./, (c) => c.toUpperCase()), key: 'name', width: 36 },
    { header: `${data.indicator.label}${data.indicator.unit ? ` (${data.indicator.unit})` : ''}`, key: 'value', width: 22 },
    { header: 'Statut', key: 'status', width: 20 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const format = data.indicator.decimals > 0 ? `0.${'0'.repeat(data.indicator.decimals)}` : '0';
  for (const v of rankedRows(data)) {
    const row = sheet.addRow({ rank: v.rank, ref: v.ref, code: officialCode(v.ref), name: v.name, value: v.value, status: v.note ? 'non défini' : (STATUS_LABELS[v.status] ?? v.status) });
    row.getCell('value').numFmt = format;
  }
  const about = wb.addWorksheet('Définition et sources');
  about.columns = [{ width: 22 }, { width: 100 }];
  const rows: [string, string][] = [
    ['Indicateur', `${data.indicator.label} (${data.indicator.id})`],
    ['Définition', data.indicator.definition],
    ['Formule', data.indicator.formula],
    ['Territoire', `${data.within.name} (${data.within.ref}), par ${data.levelLabel}`],
    ['Millésime', data.millesime === null ? '—' : String(data.millesime)],
    ['Sources', data.indicator.sources.map((s) => s.label).join(' ; ')],
    ['Jeux de données', data.datasets.map((d) => `${d.dataset} (${d.millesime})`).join(' ; ')],
    ['Licence', 'Licence Ouverte / Etalab 2.0 — citer la source et le millésime'],
    ['Produit par', 'Socle'],
  ];
  for (const r of rows) about.addRow(r).getCell(1).font = { bold: true };
  about.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  return new Uint8Array(await wb.xlsx.writeBuffer());
};
