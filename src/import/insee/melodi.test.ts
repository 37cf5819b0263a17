import { describe, expect, it } from 'vitest';
import { getReferential } from '../../storage/referential-source.js';
import { rowTexts, type SourceItem, type SourceRow } from '../parse/source-row.js';
import { firstLineCells, isMelodiHeader, pivotMelodi } from './melodi.js';

const referential = getReferential();
const texts = (r: SourceRow) => (r.error === undefined ? rowTexts(r) : [r.error]);

/** The lines of a `;` file, quoted as INSEE writes them, as the CSV reader hands them over. */
async function* linesOf(text: string): AsyncIterable<SourceItem> {
  const lines = text.trim().split('\n');
  yield lines.map((l, i) => ({ line: i + 1, cells: l.split(';').map((c) => c.replace(/^"(.*)"$/, '$1')) }));
}

const pivot = (text: string, labels?: Map<string, string>) => pivotMelodi(linesOf(text), { fileName: 'DS_RP_TEST_data.csv', referential, labels });

const table = async (text: string, labels?: Map<string, string>) => {
  const r = await pivot(text, labels);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('fichiers longs du catalogue de données de l’INSEE (Melodi)', () => {
  it('reconnaît l’en-tête, guillemets compris', () => {
    expect(isMelodiHeader(firstLineCells('"GEO";"GEO_OBJECT";"FREQ";"POPREF_MEASURE";"TIME_PERIOD";"OBS_VALUE"\r\n"31555";"COM"', ';'))).toBe(true);
    expect(isMelodiHeader(firstLineCells('CODGEO;P22_POP\n31555;1', ';'))).toBe(false);
  });

  it('une ligne par territoire, une colonne par variable et période ; les totaux ne nomment pas la variable', async () => {
    const t = await table(
      [
        'GEO;GEO_OBJECT;FREQ;RP_MEASURE;SEX;AGE;TIME_PERIOD;OBS_VALUE',
        '31555;COM;A;POP;_T;_T;2022;511684',
        '31555;COM;A;POP;F;Y_GE75;2022;20123.5',
        '31555;COM;A;POP;_T;_T;2016;475438',
        '31069;COM;A;POP;_T;_T;2022;27314',
        '31;DEP;A;POP;_T;_T;2022;1456261',
        '76;REG;A;POP;_T;_T;2022;6000000',
        'FRANCE;FRANCE;A;POP;_T;_T;2022;68000000',
        '00001;UU2020;A;POP;_T;_T;2022;1000',
      ].join('\n'),
      new Map([
        ['SEX=F', 'Femmes'],
        ['AGE=Y_GE75', '75 ans ou plus'],
      ]),
    );
    expect(t.rows.map(texts)).toEqual([
      ['CODGEO', 'POP 2022', 'POP_F_Y_GE75 2022', 'POP 2016'],
      ['31555', '511684', '20123.5', '475438'],
      ['31069', '27314', '', ''],
      ['31', '1456261', '', ''],
      // A région's code says its level (76 is also a département's); France is FR.
      ['REG:76', '6000000', '', ''],
      ['FR', '68000000', '', ''],
    ]);
    // Each row keeps the line of the territory's first row in the file.
    expect(t.rows.map((r) => r.line)).toEqual([1, 2, 5, 6, 7, 8]);
    expect(t.family.nameOf('POP_F_Y_GE75 2022', { fileName: 'f', currentYear: 2026 })).toEqual({ name: 'POP_F_Y_GE75', millesime: 2022 });
    expect(t.family.unknownKind('POP_F_Y_GE75')).toBe('count');
    expect(t.labels.get('POP_F_Y_GE75 2022')).toBe('POP — Femmes — 75 ans ou plus');
    expect(t.notes).toContain('1 ligne d’autres niveaux géographiques laissée de côté, niveaux que Socle ne tient pas : unités urbaines (1).');
  });

  it('le code écrit comme l’API l’écrit (2025-COM-31555, COM-31069) est celui de la commune', async () => {
    const t = await table(['GEO;GEO_OBJECT;POPREF_MEASURE;TIME_PERIOD;OBS_VALUE', '2025-COM-31555;COM;PMUN;2023;514819', 'COM-31069;COM;PMUN;2023;27604'].join('\n'));
    expect(t.rows.map((r) => texts(r)[0])).toEqual(['CODGEO', '31555', '31069']);
  });

  it('une période de plusieurs années garde ses bornes ; le secret marqué par CONF_STATUS est un secret', async () => {
    const t = await table(['GEO;GEO_OBJECT;EC_MEASURE;TIME_PERIOD;OBS_VALUE;CONF_STATUS', '31555;COM;LBIRTH;2016-2021;39572;F', '31001;COM;LBIRTH;2016-2021;;C'].join('\n'));
    expect(t.rows.map(texts)).toEqual([
      ['CODGEO', 'LBIRTH 2016-2021'],
      ['31555', '39572'],
      ['31001', 's'],
    ]);
    expect(t.family.nameOf('LBIRTH 2016-2021', { fileName: 'f', currentYear: 2026 })).toEqual({ name: 'LBIRTH', millesime: 2021, period: [2016, 2021] });
    // No unit and no measure known to be a count: not summed over communes.
    expect(t.family.unknownKind('LBIRTH')).toBe('other');
    expect(t.notes.at(-1)).toBe('Sans unité de comptage connue, non additionnées entre communes (valeurs par commune seulement) : LBIRTH.');
  });

  it('la médiane du niveau de vie et le taux de pauvreté de Filosofi prennent les noms de ses chiffres clés (MED, TP60)', async () => {
    const t = await table(['GEO;GEO_OBJECT;FILOSOFI_MEASURE;UNIT_MEASURE;TIME_PERIOD;OBS_VALUE', '31555;COM;MED_SL;EUR;2021;22140', '31555;COM;PR_MD60;PCT;2021;22', '31555;COM;D1_SL;EUR;2021;11000'].join('\n'));
    expect(texts(t.rows[0])).toEqual(['CODGEO', 'MED 2021', 'TP60 2021', 'D1_SL 2021']);
    expect(t.family.unknownKind('D1_SL')).toBe('other');
  });

  it('deux colonnes qui se nommeraient pareil sont nommées avec leurs dimensions', async () => {
    const t = await table(['GEO;GEO_OBJECT;SEX;AGE;TIME_PERIOD;OBS_VALUE', '31555;COM;M;_T;2022;1', '31555;COM;_T;M;2022;2'].join('\n'));
    expect(texts(t.rows[0])).toEqual(['CODGEO', 'SEX_M 2022', 'AGE_M 2022']);
  });

  it('un fichier de communes et de leurs IRIS : les lignes des communes sont gardées, les IRIS laissés de côté', async () => {
    const t = await table(['GEO;GEO_OBJECT;RP_MEASURE;TIME_PERIOD;OBS_VALUE', '31555;COM;POP;2022;511684', '315550101;IRIS;POP;2022;2000', '315550102;IRIS;POP;2022;3000'].join('\n'));
    expect(t.rows.map((r) => texts(r)[0])).toEqual(['CODGEO', '31555']);
    expect(t.notes).toContain('2 IRIS laissés de côté : le fichier donne aussi les communes.');
  });

  it('refuse en nommant la ligne, la colonne et la valeur : un chiffre illisible, une série mensuelle, un doublon', async () => {
    const head = 'GEO;GEO_OBJECT;RP_MEASURE;TIME_PERIOD;OBS_VALUE';
    const bad = await pivot([head, '31555;COM;POP;2022;12', '31069;COM;POP;2022;douze'].join('\n'));
    expect(!bad.ok && bad.error.message).toMatch(/^DS_RP_TEST_data\.csv rejeté, ligne 3, colonne OBS_VALUE, valeur « douze »/);
    const monthly = await pivot([head, '31555;COM;POP;2022-03;12'].join('\n'));
    expect(!monthly.ok && monthly.error.message).toContain('ligne 2, colonne TIME_PERIOD, valeur « 2022-03 »');
    const twice = await pivot([head, '31555;COM;POP;2022;12', '31555;COM;POP;2022;13'].join('\n'));
    expect(!twice.ok && twice.error.message).toBe('DS_RP_TEST_data.csv, ligne 3, colonne OBS_VALUE : COM 31555, RP_MEASURE=POP, période 2022 déjà donné ligne 2');
  });

  it('le recensement par sexe et âge de l’exploitation principale prend les noms du dossier complet ; l’exploitation complémentaire garde les siens', async () => {
    const census = [
      'GEO;GEO_OBJECT;FREQ;RP_MEASURE;SEX;AGE;TIME_PERIOD;OBS_VALUE',
      '31555;COM;A;POP;_T;_T;2022;511684',
      '31555;COM;A;POP;_T;Y_LT15;2022;72079.3',
      '31555;COM;A;POP;_T;Y15T24;2022;110000.5',
      '31555;COM;A;POP;_T;Y_GE75;2022;33472.5',
      '31555;COM;A;POP;_T;Y_LT20;2022;95000.25',
      '31555;COM;A;POP;F;_T;2022;270000',
      '31555;COM;A;POP;M;Y_GE65;2022;30000.75',
      '31555;COM;A;POP;F;Y_GE65;2022;42000.25',
      '31555;COM;A;POP;_T;Y_OTHER;2022;1',
    ].join('\n');
    const principal = await pivotMelodi(linesOf(census), { fileName: 'DS_RP_POPULATION_PRINC_data.csv', referential });
    if (!principal.ok) throw new Error(principal.error.message);
    expect(texts(principal.value.rows[0])).toEqual(['CODGEO', 'P_POP 2022', 'P_POP0014 2022', 'P_POP1524 2022', 'P_POP75P 2022', 'P_POP0019 2022', 'P_POPF 2022', 'P_H65P 2022', 'P_F65P 2022', 'POP_Y_OTHER 2022']);
    expect(principal.value.family.nameOf('P_POP75P 2022', { fileName: 'f', currentYear: 2026 })).toEqual({ name: 'P_POP75P', millesime: 2022 });
    // The same rows from the complementary exploitation, or with a dimension that is not a total, keep their names.
    const complementary = await pivotMelodi(linesOf(census), { fileName: 'DS_RP_POPULATION_COMP_2022_data.csv', referential });
    expect(complementary.ok && texts(complementary.value.rows[0]).slice(0, 4)).toEqual(['CODGEO', 'POP 2022', 'POP_Y_LT15 2022', 'POP_Y15T24 2022']);
    const byDiploma = await pivotMelodi(linesOf(['GEO;GEO_OBJECT;RP_MEASURE;SEX;AGE;EDUC;TIME_PERIOD;OBS_VALUE', '31555;COM;POP;_T;Y_GE75;001T100_RP;2022;1000', '31555;COM;POP;_T;Y_GE75;_T;2022;33472.5'].join('\n')), {
      fileName: 'DS_RP_DIPLOMES_PRINC_data.csv',
      referential,
    });
    expect(byDiploma.ok && texts(byDiploma.value.rows[0])).toEqual(['CODGEO', 'POP_Y_GE75_V_001T100_RP 2022', 'P_POP75P 2022']);
  });

  it('l’emploi du recensement (statut d’activité) prend les noms des bases : actifs, chômeurs, actifs occupés, population de 15 à 64 ans', async () => {
    const employment = [
      'GEO;GEO_OBJECT;FREQ;RP_MEASURE;SEX;AGE;EDUC;EMPSTA_ENQ;TIME_PERIOD;OBS_VALUE',
      '31555;COM;A;POP;_T;Y15T64;_T;1T2;2022;267637.5',
      '31555;COM;A;POP;_T;Y15T64;_T;2;2022;38258.0',
      '31555;COM;A;POP;_T;Y15T64;_T;_T;2022;372758.1',
      '31555;COM;A;POP;_T;Y_GE15;_T;1;2022;230000.2',
      '31555;COM;A;POP;_T;Y15T24;_T;2;2022;10110.6',
      '31555;COM;A;POP;F;Y15T64;_T;2;2022;19000.1',
      '31555;COM;A;POP;_T;Y15T64;_T;3;2022;5.5',
    ].join('\n');
    const t = await pivotMelodi(linesOf(employment), { fileName: 'DS_RP_EMPLOI_LR_PRINC_data.csv', referential });
    if (!t.ok) throw new Error(t.error.message);
    // By sex, or with a status the bases do not name, the catalogue's names are kept.
    expect(texts(t.value.rows[0])).toEqual(['CODGEO', 'P_ACT1564 2022', 'P_CHOM1564 2022', 'P_POP1564 2022', 'P_ACTOCC15P 2022', 'P_CHOM1524 2022', 'POP_F_Y15T64_V_2 2022', 'POP_Y15T64_V_3 2022']);
  });

  it('les naissances et les décès de l’état civil prennent les noms du comparateur : par année NAISD et DECESD, sur une période NAIS et DECE', async () => {
    const births = [
      'GEO;GEO_OBJECT;EC_MEASURE;FREQ;TIME_PERIOD;OBS_VALUE;OBS_STATUS',
      '31555;COM;LVB;A;2023;5900;A',
      '31555;COM;LVB;A;2024;5700;A',
      '31555;COM;DTH;A;2024;2910;A',
      '31555;COM;LVB;A;2016-2021;39572;A',
    ].join('\n');
    const t = await pivotMelodi(linesOf(births), { fileName: 'DS_ETAT_CIVIL_NAIS_COMMUNES_data.csv', referential });
    if (!t.ok) throw new Error(t.error.message);
    expect(texts(t.value.rows[0])).toEqual(['CODGEO', 'NAISD 2023', 'NAISD 2024', 'DECESD 2024', 'NAIS 2016-2021']);
    expect(t.value.family.nameOf('NAIS 2016-2021', { fileName: 'f', currentYear: 2026 })).toEqual({ name: 'NAIS', millesime: 2021, period: [2016, 2021] });
    // Known counts: no note that they are left unsummed.
    expect(t.value.notes.some((n) => n.startsWith('Sans unité de comptage'))).toBe(false);
  });
});
