// INSEE tables keyed by CODGEO (or COM, DEPCOM, IRIS): bases chiffres clés, comparateur de territoires, dossier
// complet, Filosofi. Column names carry the millésime (`P22_POP`, `MED21`, `NAIS1621`: see variable-name.ts); an
// empty cell is missing, `s`, `ns`, `nc` secret, `nd`, `so`, `-`, `N/A - …` not available (normalise/number-cell.ts).
import { ok } from '../../core/result.js';
import { LICENCE_OUVERTE } from '../import.types.js';
import { CELL_MISSING } from '../normalise/number-cell.js';
import { normaliseInseeName } from '../normalise/variable-name.js';
import { describeVariable } from '../dictionary/variable-dictionary.js';
import { dominantMillesime, type TableFamily, type TitleInput } from '../tabular/table-family.js';

/** Filosofi stems: a file made mostly of them is a Filosofi file. */
const FILOSOFI = /^(NBMENFISC|NBPERSMENFISC|MED|PIMP|TP60.*|PACT|PTSA|PCHO|PBEN|PPEN|PPAT|PPSOC|PPFAM|PPMINI|PPLOGT|PIMPOT|D1|D9|RD|Q1|Q3|S80S20|GI)$/;

/** Population counts of the historical census series (`PMUN2023` … `PSDC1999` … `PTOT1876`). */
const CENSUS_POPULATION = new Set(['PMUN', 'PTOT', 'PSDC']);

const inseeTitle = ({ variables, code, fileName }: TitleInput): string => {
  const names = new Set(variables.map((v) => v.name));
  const rp = Math.max(...variables.filter((v) => /^[PC]_/.test(v.name)).map((v) => v.millesime), -Infinity);
  const filosofi = variables.filter((v) => FILOSOFI.test(v.name));
  if (filosofi.length > variables.length / 2) {
    return `Filosofi ${Math.max(...filosofi.map((v) => v.millesime))} — revenus et pauvreté (chiffres clés)`;
  }
  const census = variables.filter((v) => CENSUS_POPULATION.has(v.name));
  const years = [...new Set(census.map((v) => v.millesime))].sort((a, b) => a - b);
  if (years.length >= 3 && census.length > variables.length / 2) return `Séries historiques des populations ${years[0]}-${years.at(-1)}`;
  if (Number.isFinite(rp)) {
    // The edition of INSEE's communal bases is three years after the census millésime (RP 2022 → édition 2025).
    if (names.has('SUPERF') && names.has('P_POP') && names.has('MED')) return `Base du comparateur de territoires ${rp + 3}`;
    if (code.kind === 'iris') return `Recensement de la population ${rp} — base infracommunale (IRIS)`;
    if (variables.some((v) => v.name.startsWith('C_') || v.name.startsWith('BPE_'))) return `Dossier complet ${rp + 3}`;
    return `Recensement de la population ${rp} — chiffres clés`;
  }
  return `Table INSEE ${fileName}`;
};

export const inseeFamily: TableFamily = {
  id: 'insee',
  source: 'insee',
  producer: 'INSEE',
  licence: LICENCE_OUVERTE,
  emptyMeans: CELL_MISSING,
  recognises(header, code) {
    if (code.kind === 'epci') return false;
    return header.some((h, i) => {
      if (i === code.index) return false;
      const n = normaliseInseeName(h, 2100);
      return n.millesime !== null && describeVariable(n.name) !== undefined;
    });
  },
  nameOf: (column, ctx) => normaliseInseeName(column, ctx.currentYear),
  unknownKind: (name) => (/^[PC]_/.test(name) ? 'count' : 'other'),
  defaultMillesime: (ctx, found) => ok(ctx.millesime ?? dominantMillesime(found)),
  title: inseeTitle,
};
