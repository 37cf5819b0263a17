// The import on the real files of ../shared/data and on small files built to show each trap, on every store.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData, storeTargets } from '../../../test/helpers/test-stores.js';
import { zipArchive } from '../../../test/helpers/zip.js';
import { storeChecksum } from '../../import/load/store-checksum.js';
import { countObservations, readObservations } from '../../storage/observation-columns.js';
import type { ImportReport } from '../../import/import.types.js';
import type { AppContext } from '../context.js';
import { importFile, type ImportFileInput } from './import-file.service.js';
import { listDatasets } from './list-datasets.service.js';
import { getValue } from '../indicators/get-value.service.js';
import { createPerimeter } from '../perimeter/perimeter.service.js';

const dir = mkdtempSync(join(tmpdir(), 'socle-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
/** A file of the given content under a fresh name (the name is kept: it may carry the millésime). */
const file = (name: string, content: string | Buffer): string => {
  const d = join(dir, String(fileCount++));
  mkdirSync(d, { recursive: true });
  const p = join(d, name);
  writeFileSync(p, content);
  return p;
};

const run = async (ctx: AppContext, input: ImportFileInput): Promise<ImportReport> => {
  const r = await importFile(ctx, input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

const observation = async (ctx: AppContext, datasetId: number | null, variable: string, millesime: number, code: string, level = 'com') => {
  const rows = await readObservations(ctx.store.db, { datasetIds: [datasetId ?? -1], variables: [variable], millesime, level, codes: [code] });
  return rows[0] && { value: rows[0].value, status: rows[0].status, withheld: rows[0].withheld };
};

const values = (ctx: AppContext, datasetId: number | null, variable: string, millesime: number, codes?: readonly string[]) =>
  readObservations(ctx.store.db, { datasetIds: [datasetId ?? -1], variables: [variable], millesime, level: 'com', codes });

const countRows = async (ctx: AppContext, table: 'outline' | 'dataset', datasetId?: number): Promise<number> => {
  let q = ctx.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (datasetId !== undefined) q = q.where('dataset_id', '=', datasetId);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

/** An import that must be refused and leave the store exactly as it was: its error. */
const refusedOn = (context: () => AppContext) => async (input: ImportFileInput) => {
  const ctx = context();
  const before = await storeChecksum(ctx.store.db);
  const r = await importFile(ctx, input);
  expect(await storeChecksum(ctx.store.db)).toBe(before);
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(r.value).slice(0, 300)}`);
  return r.error;
};

describe.each(storeTargets())('import des fichiers publics ($name)', (target) => {
  let ctx: AppContext;
  const reports: Record<string, ImportReport> = {};
  beforeAll(async () => {
    ctx = await target.create();
  });
  afterAll(async () => target.destroy(ctx));

  const real: [string, Partial<ImportFileInput>, Partial<ImportReport>][] = [
    ['insee/base_cc_comparateur_31.csv', {}, { family: 'insee', rows: 586, imported: 586, communes: 586, secret_values: 1180, millesimes: [2016, 2021, 2022, 2024], title: 'Base du comparateur de territoires 2025' }],
    ['insee/cc_filosofi_2021_COM_31.csv', {}, { family: 'insee', rows: 586, imported: 586, communes: 586, secret_values: 12363, millesimes: [2021] }],
    ['insee/dossier_complet_light_sample_31546-31589.csv', {}, { family: 'insee', rows: 44, imported: 44, communes: 44, millesimes: [2011, 2016, 2022, 2023, 2024, 2025, 2026], title: 'Dossier complet 2025' }],
    ['insee/populations_legales_2023_communes_31.csv', { millesime: 2023 }, { family: 'populations-legales', rows: 586, imported: 586, communes: 586, millesimes: [2023] }],
    ['caf/inseecaf2021_31.csv', {}, { family: 'caf', source: 'caf', producer: 'CNAF', rows: 295, imported: 295, communes: 32, secret_values: 201, millesimes: [2021] }],
    // The national outlines first: the Haute-Garonne files after them take over the outlines of their communes.
    ['geo/epci-fr-2026-simplified.geojson', {}, { family: 'geo', rows: 1255, imported: 1255, communes: 0, territories: { com: 0, epci: 1255, dep: 0, reg: 0, fr: 0 } }],
    ['geo/communes-fr-cog2026-simplified.geojson', {}, { family: 'geo', rows: 34868, imported: 34868, communes: 34868, title: 'Contours (34\u202f868 communes) — communes-fr-cog2026-simplified.geojson' }],
    ['geo/communes-31-cog2026.geojson', {}, { family: 'geo', rows: 586, imported: 586, communes: 586, territories: { com: 586, epci: 0, dep: 0, reg: 0, fr: 0 } }],
    ['geo/communes-31-haute-garonne-cog2018.geojson', {}, { family: 'geo', rows: 587, imported: 587, communes: 586 }],
    ['geo/departement-31-haute-garonne.geojson', {}, { family: 'geo', rows: 1, imported: 1, communes: 0, territories: { com: 0, epci: 0, dep: 1, reg: 0, fr: 0 } }],
    ['geo/departements-version-simplifiee.geojson', {}, { family: 'geo', rows: 96, imported: 96, communes: 0 }],
    ['geo/epci-31-2026.geojson', {}, { family: 'geo', rows: 18, imported: 18, communes: 0, territories: { com: 0, epci: 18, dep: 0, reg: 0, fr: 0 } }],
  ];

  it.each(real)('%s : importé avec les comptes attendus, puis une seconde fois sans effet', async (name, options, expected) => {
    const report = await run(ctx, { filePath: sharedData(name), ...options });
    expect(report).toMatchObject({ ...expected, noop: false, dry_run: false, rejected: [], rejected_rows: 0, unknown_codes: [], licence: 'Licence Ouverte / Etalab 2.0', cog_year: 2026 });
    expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.datasetId).toBeGreaterThan(0);
    reports[name] = report;
    const before = await storeChecksum(ctx.store.db);
    const again = await run(ctx, { filePath: sharedData(name), ...options });
    expect(again.noop).toBe(true);
    expect(again.datasetId).toBe(report.datasetId);
    expect(await storeChecksum(ctx.store.db)).toBe(before);
  });

  it('un fichier qui donne des variables d’un autre pour les mêmes communes le dit : ses valeurs priment, commune par commune', () => {
    const comparateur = reports['insee/base_cc_comparateur_31.csv'];
    // The dossier complet's sample also gives P16_POP (and P22_…, under other names), for 44 of the comparateur's communes.
    expect(reports['insee/dossier_complet_light_sample_31546-31589.csv'].notes).toContain(
      `Pour 44 communes, sa valeur d’une variable prime sur celles du jeu de données n° ${comparateur.datasetId} (« Base du comparateur de territoires 2025 ») : le plus récent l’emporte, commune par commune.`,
    );
    // Filosofi gives the comparateur's four Filosofi columns (MED21, TP6021, NBMENFISC21, PIMP21) for all its communes.
    expect(reports['insee/cc_filosofi_2021_COM_31.csv'].notes).toContain(
      `Pour 586 communes, ses valeurs de 4 variables priment sur celles du jeu de données n° ${comparateur.datasetId} (« Base du comparateur de territoires 2025 ») : le plus récent l’emporte, commune par commune.`,
    );
    // A file of other variables says nothing of the kind.
    expect(reports['insee/populations_legales_2023_communes_31.csv'].notes.join(' ')).not.toContain('le plus récent l’emporte');
  });

  it('le catalogue dit quel jeu prime sur quel autre, tant que l’autre est en service', async () => {
    const list = await listDatasets(ctx);
    if (!list.ok) throw new Error(list.error.message);
    const of = (name: string) => list.value.find((d) => d.id === reports[name].datasetId)!;
    expect(of('insee/cc_filosofi_2021_COM_31.csv').precedence).toEqual([expect.stringMatching(/^Pour 586 communes, ses valeurs de 4 variables priment sur celles du jeu de données n° \d+ /)]);
    expect(of('insee/base_cc_comparateur_31.csv').precedence).toEqual([]);
  });

  it('comparateur : Toulouse à pleine précision, SUPERF rattachée au millésime 2022, NAIS1621 avec sa période', async () => {
    const id = reports['insee/base_cc_comparateur_31.csv'].datasetId;
    expect(await observation(ctx, id, 'P_POP', 2022, '31555')).toEqual({ value: 511684, status: 0, withheld: 0 });
    expect((await observation(ctx, id, 'P_MEN', 2022, '31555'))?.value).toBe(280598.559263947);
    expect((await observation(ctx, id, 'SUPERF', 2022, '31555'))?.value).toBe(118.3);
    expect((await observation(ctx, id, 'TP60', 2021, '31555'))?.value).toBe(22);
    const nais = reports['insee/base_cc_comparateur_31.csv'].variables.find((v) => v.published_name === 'NAIS1621');
    expect(nais).toMatchObject({ name: 'NAIS', millesime: 2021, period: [2016, 2021], kind: 'count' });
    // Toulouse Métropole: the sum of weighted household counts is not an integer.
    const members = ctx.referential.epcis.get('243100518')!.members;
    const rows = await values(ctx, id, 'P_MEN', 2022, Array.from(members, (i) => ctx.referential.codes[i]));
    expect(rows).toHaveLength(37);
    expect(rows.reduce((s, r) => s + (r.value ?? 0), 0)).toBeCloseTo(426048.5166662092, 6);
    const pop = await values(ctx, id, 'P_POP', 2022, Array.from(members, (i) => ctx.referential.codes[i]));
    expect(pop.reduce((s, r) => s + (r.value ?? 0), 0)).toBe(832348);
    const variable = await ctx.store.db.selectFrom('variable').selectAll().where('dataset_id', '=', id!).where('published_name', '=', 'P22_POP').executeTakeFirstOrThrow();
    expect(variable).toMatchObject({ name: 'P_POP', millesime: 2022, label: 'Population municipale', kind: 'count' });
  });

  it('Filosofi : MED21 de Toulouse = 22140, TP6021 = 22, et 106 médianes secrètes sans valeur', async () => {
    const id = reports['insee/cc_filosofi_2021_COM_31.csv'].datasetId;
    expect(await observation(ctx, id, 'MED', 2021, '31555')).toEqual({ value: 22140, status: 0, withheld: 0 });
    expect((await observation(ctx, id, 'TP60', 2021, '31555'))?.value).toBe(22);
    const secret = (await values(ctx, id, 'MED', 2021)).filter((r) => r.status === 2);
    expect(secret).toHaveLength(106);
    expect(secret.every((r) => r.value === null)).toBe(true);
    expect(await observation(ctx, id, 'TP60', 2021, '31001')).toEqual({ value: null, status: 2, withheld: 0 });
  });

  it('populations légales : la somme de PMUN 2023 sur la Haute-Garonne est 1 471 468', async () => {
    const id = reports['insee/populations_legales_2023_communes_31.csv'].datasetId!;
    expect((await values(ctx, id, 'PMUN', 2023)).reduce((s, r) => s + (r.value ?? 0), 0)).toBe(1471468);
    expect(await countObservations(ctx.store.db, id)).toBe(586 * 3);
  });

  it('CAF : les IRIS de Toulouse sont sommés (166 186 allocataires), un IRIS masqué rend la commune partielle', async () => {
    const report = reports['caf/inseecaf2021_31.csv'];
    expect(report.variables.find((v) => v.published_name === 'a')).toMatchObject({ name: 'CAF_A', millesime: 2021, kind: 'count' });
    expect(report.notes.join(' ')).toMatch(/nom du fichier/);
    const id = report.datasetId;
    expect(await observation(ctx, id, 'CAF_A', 2021, '31555')).toEqual({ value: 166186, status: 0, withheld: 0 });
    // 31069 has one IRIS withheld (note 3, empty cells): its sum is partial and says one IRIS is missing.
    expect(await observation(ctx, id, 'CAF_A', 2021, '31069')).toEqual({ value: 5722, status: 1, withheld: 1 });
    const partial = (await values(ctx, id, 'CAF_A', 2021)).filter((r) => r.status === 1);
    expect(partial.map((r) => r.code)).toEqual(['31069', '31113', '31395', '31506', '31561']);
  });

  it('contours 2018 : 587 entités pour 586 communes, Lez (31298) fondue dans Saint-Béat-Lez (31471), chaque commune du 31 a son contour', async () => {
    const report = reports['geo/communes-31-haute-garonne-cog2018.geojson'];
    expect(report.remapped).toEqual([{ from: '31298', to: '31471', via: 'ancien_code' }]);
    // Same territories as the 2026 file: the 2018 file replaced it, and the catalogue keeps both.
    expect(report.replaced_dataset).toBe(reports['geo/communes-31-cog2026.geojson'].datasetId);
    const refs = new Set((await ctx.store.db.selectFrom('outline').select('ref').where('ref', 'like', 'com:%').execute()).map((r) => r.ref));
    for (const i of ctx.referential.departements.get('31')!.members) expect(refs.has(`com:${ctx.referential.codes[i]}`)).toBe(true);
    const saintBeat = await ctx.store.db.selectFrom('outline').select(['geometry', 'dataset_id']).where('ref', '=', 'com:31471').executeTakeFirstOrThrow();
    expect(saintBeat.dataset_id).toBe(report.datasetId);
    expect(JSON.parse(saintBeat.geometry).type).toMatch(/Polygon/);
    expect(await ctx.store.db.selectFrom('outline').select('ref').where('ref', '=', 'dep:31').executeTakeFirst()).toBeDefined();
    expect(await ctx.store.db.selectFrom('outline').select('ref').where('ref', '=', 'epci:243100518').executeTakeFirst()).toBeDefined();
  });

  it('le catalogue liste chaque jeu avec sa provenance, le remplacé compris', async () => {
    const list = await listDatasets(ctx);
    expect(list.ok).toBe(true);
    if (!list.ok) return;
    const comparateur = list.value.find((d) => d.file_name === 'base_cc_comparateur_31.csv')!;
    expect(comparateur).toMatchObject({ title: 'Base du comparateur de territoires 2025', producer: 'INSEE', millesimes: [2016, 2021, 2022, 2024], cog_year: 2026, rows: 586, imported: 586, status: 'active', variables: 31 });
    expect(comparateur.sha256).toBe(reports['insee/base_cc_comparateur_31.csv'].sha256);
    const replaced = list.value.find((d) => d.file_name === 'communes-31-cog2026.geojson')!;
    expect(replaced).toMatchObject({ status: 'replaced', replaced_by: reports['geo/communes-31-haute-garonne-cog2018.geojson'].datasetId, outlines: 0 });
  });
});

describe.each(storeTargets())('pièges et refus ($name)', (target) => {
  let ctx: AppContext;
  beforeAll(async () => {
    ctx = await target.create();
  });
  afterAll(async () => target.destroy(ctx));

  const refused = refusedOn(() => ctx);

  it('un fichier qui n’est pas un tableau (PROVENANCE.md) est refusé en nommant son en-tête', async () => {
    const e = await refused({ filePath: sharedData('PROVENANCE.md') });
    expect(e.code).toBe('FORMAT_INCONNU');
    expect(e.message).toMatch(/PROVENANCE\.md, ligne 1 .*Real public data/);
  });

  it('populations légales sans --millesime : refus en français', async () => {
    const e = await refused({ filePath: sharedData('insee/populations_legales_2023_communes_31.csv') });
    expect(e.code).toBe('MILLESIME_INVALIDE');
    expect(e.message).toMatch(/populations_legales_2023_communes_31\.csv, ligne 1, colonne PMUN : .*--millesime/);
  });

  it('codes inconnus, doublons et nombres invalides : tout le fichier est refusé, chaque refus avec ligne, colonne et valeur', async () => {
    const p = file('mauvais.csv', 'CODGEO;P22_POP;MED21\n31555;100;20000\n99999;5;s\nXXXXX;5;s\n31555;7;s\n31001;1e309;s\n31002;--3;s\n31003;abc;1\n31004;12;21,5\n');
    const e = await refused({ filePath: p });
    expect(e.code).toBe('FICHIER_REJETE');
    expect(e.message).toMatch(/mauvais\.csv rejeté : 6 lignes refusées sur 8/);
    expect(e.message).toMatch(/ligne 3, colonne CODGEO, valeur « 99999 »/);
    const report = e.details as ImportReport;
    expect(report.unknown_codes).toEqual([{ code: '99999', line: 3 }, { code: 'XXXXX', line: 4 }]);
    expect(report.rejected).toEqual([
      { line: 3, column: 'CODGEO', value: '99999', reason: expect.stringMatching(/aucune commune/) },
      { line: 4, column: 'CODGEO', value: 'XXXXX', reason: expect.stringMatching(/code commune attendu|inconnu/) },
      { line: 5, column: 'CODGEO', value: '31555', reason: 'code en double : déjà présent ligne 2' },
      { line: 6, column: 'P22_POP', value: '1e309', reason: expect.stringMatching(/hors des limites/) },
      { line: 7, column: 'P22_POP', value: '--3', reason: 'n’est pas un nombre' },
      { line: 8, column: 'P22_POP', value: 'abc', reason: 'n’est pas un nombre' },
    ]);
    // --accept-partial keeps the valid rows.
    const partial = await run(ctx, { filePath: p, acceptPartial: true });
    expect(partial).toMatchObject({ rows: 8, imported: 2, rejected_rows: 6, communes: 2 });
    expect(await observation(ctx, partial.datasetId, 'MED', 2021, '31004')).toEqual({ value: 21.5, status: 0, withheld: 0 });
  });

  it('un effectif négatif ou hors d’échelle, une superficie négative sont refusés avec leur ligne et leur colonne ; une médiane ou un solde ne le sont pas', async () => {
    const p = file('invraisemblable.csv', 'CODGEO;P22_POP;SUPERF;MED21;TP6021\n31555;-511684;118,3;22140;22,0\n31001;99999999999999999999999;10;21000;10,0\n31002;500;-3;20000;9,0\n31003;800;12;-5;-1\n');
    const e = await refused({ filePath: p });
    expect(e.code).toBe('FICHIER_REJETE');
    expect((e.details as ImportReport).rejected).toEqual([
      { line: 2, column: 'P22_POP', value: '-511684', reason: 'effectif négatif : un effectif (personnes, ménages, logements…) ne peut pas l’être' },
      { line: 3, column: 'P22_POP', value: '99999999999999999999999', reason: expect.stringMatching(/^effectif hors d’échelle/) },
      { line: 4, column: 'SUPERF', value: '-3', reason: 'superficie négative' },
    ]);
  });

  it('fichier communal de la CNAF : les lignes 99999 (étranger) et XXXXX (commune inconnue) laissées de côté, les colonnes de noms et de dates aussi', async () => {
    const p = file(
      'PajeCom2022.csv',
      'Communes;Codes_Insee;NB_Allocataires;ALL_PAJE;ALL_PRIM;Date_Ref\nEtranger;99999;1234;10;2;2022-12-31\nInconnue;XXXXX;56;1;0;2022-12-31\nTOULOUSE;31555;166186;9000;1500;2022-12-31\nBLAGNAC;31069;5000;;12;2022-12-31\n',
    );
    const r = await run(ctx, { filePath: p });
    expect(r).toMatchObject({ family: 'caf', millesimes: [2022], rows: 4, imported: 2, rejected_rows: 0, secret_values: 1, unknown_codes: [] });
    // The communal file's NB_Allocataires and ALL_PAJE are the IRIS file's `a` and `apaje`.
    expect(r.variables.map((v) => `${v.published_name} → ${v.name}`)).toEqual(['NB_Allocataires → CAF_A', 'ALL_PAJE → CAF_APAJE', 'ALL_PRIM → CAF_ALL_PRIM']);
    expect(await observation(ctx, r.datasetId, 'CAF_A', 2022, '31555')).toEqual({ value: 166186, status: 0, withheld: 0 });
    expect(r.variables.map((v) => v.label)).toEqual(['Allocataires CAF', 'Allocataires de la prestation d’accueil du jeune enfant (PAJE)', 'Allocataires de la prime à la naissance ou à l’adoption (PAJE)']);
    expect(r.unknown_variables).toEqual([]);
    expect(r.notes).toContain('Colonne de texte (noms, dates), pas de chiffres : Communes — laissée de côté.');
    expect(r.notes).toContain('Millésime 2022 lu dans la colonne Date_Ref (« 2022-12-31 », ligne 2).');
    expect(r.notes).toContain('2 lignes hors de toute commune laissées de côté : 99999 (allocataires résidant à l’étranger), XXXXX (commune de résidence inconnue).');
    expect(await observation(ctx, r.datasetId, 'CAF_APAJE', 2022, '31555')).toEqual({ value: 9000, status: 0, withheld: 0 });
    expect(await observation(ctx, r.datasetId, 'CAF_APAJE', 2022, '31069')).toEqual({ value: null, status: 2, withheld: 0 });
    // A column of figures with a word in it is still refused, naming the cell; so is a known variable written as words.
    const bad = await refused({ filePath: file('melange.csv', 'CODGEO;P22_ZZX;P22_POP\n31555;12;100\n31069;douze;200\n') });
    expect(bad.message).toContain('ligne 3, colonne P22_ZZX, valeur « douze »');
    const words = await refused({ filePath: file('mots.csv', 'CODGEO;P22_POP\n31555;cent\n31069;deux cents\n') });
    expect(words.message).toContain('ligne 2, colonne P22_POP, valeur « cent »');
  });

  it('fichiers communaux RSA, AAH et aides au logement de la CNAF : lus sous les noms du fichier IRIS, ils répondent aux indicateurs CAF', async () => {
    const rsa = await run(ctx, {
      filePath: file(
        'RSACom2023.csv',
        'Communes;Codes_Insee;NB_allocataires;NB_allocataire_RSA;Dont_RSA_jeune;RSA_SOCLE_non_Majore;RSA_SOCLE_Majore;RSA_activite\nTOULOUSE;31555;170000;17000;300;12000;3000;2000\nBLAGNAC;31069;6000;400;;300;60;40\n',
      ),
    });
    expect(rsa.variables.map((v) => v.name)).toEqual(['CAF_A', 'CAF_ARSAS', 'CAF_DONT_RSA_JEUNE', 'CAF_RSA_SOCLE_NON_MAJORE', 'CAF_RSA_SOCLE_MAJORE', 'CAF_RSA_ACTIVITE']);
    expect(rsa.unknown_variables).toEqual([]);
    expect(rsa.variables.find((v) => v.name === 'CAF_RSA_SOCLE_MAJORE')?.label).toBe('Allocataires du RSA socle majoré (parent isolé, grossesse)');
    const aah = await run(ctx, { filePath: file('AAHCom2023.csv', 'Communes;Codes_Insee;NB_allocataires;ALL_AAH\nTOULOUSE;31555;170000;9000\nBLAGNAC;31069;6000;250\n') });
    expect(aah.variables.map((v) => v.name)).toEqual(['CAF_A', 'CAF_AAAH']);
    // The same under another code header (« Code commune »): its CNAF names make it a CNAF file, its year its name's.
    const other = await run(ctx, { filePath: file('caf_aah_communes_2023.csv', 'Nom commune;Code commune;NB_allocataires;ALL_AAH\nTOULOUSE;31555;170000;9000\nÉtranger;99999;50;1\n') });
    expect(other).toMatchObject({ family: 'caf', millesimes: [2023], imported: 1 });
    expect(other.variables.map((v) => v.name)).toEqual(['CAF_A', 'CAF_AAAH']);
    const spaced = await run(ctx, { filePath: file('caf_aah_2023.csv', 'Code commune;NB allocataires;ALL AAH\n31555;170000;9000\n') });
    expect(spaced.variables.map((v) => v.name)).toEqual(['CAF_A', 'CAF_AAAH']);
    const log = await run(ctx, {
      filePath: file(
        'LOGCom2023.csv',
        'Communes;Codes_Insee;total_allocataires;total_ALF;total_ALS;total_APL;locataire_APL;proprietaire_APL;total_allocataires_logement\nTOULOUSE;31555;170000;9000;40000;30000;29500;500;79000\nBLAGNAC;31069;6000;300;900;1200;1150;50;2400\n',
      ),
    });
    expect(log.variables.map((v) => v.name)).toEqual(['CAF_A', 'CAF_AALF', 'CAF_AALS', 'CAF_AAPL', 'CAF_LOCATAIRE_APL', 'CAF_PROPRIETAIRE_APL', 'CAF_AAL']);
    expect(log.unknown_variables).toEqual([]);
    // The three files' totals are the same count: the shares are each benefit over the allocataires of the commune,
    // and over two communes the sum of numerators over the sum of denominators.
    const value = async (name: string, ref: string) => {
      const v = await getValue(ctx, { name, ref });
      if (!v.ok) throw new Error(v.error.message);
      return v.value;
    };
    expect(await value('part_allocataires_rsa', 'com:31555')).toMatchObject({ status: 'ok', millesime: 2023, value: 10 });
    expect((await value('part_allocataires_aah', 'com:31069')).value).toBeCloseTo((250 / 6000) * 100, 10);
    expect((await value('part_allocataires_apl', 'com:31555')).value).toBeCloseTo((30000 / 170000) * 100, 10);
    const both = await createPerimeter(ctx, { slug: 'toulouse-blagnac', name: 'Toulouse et Blagnac', members: ['com:31555', 'com:31069'] });
    expect(both.ok).toBe(true);
    expect((await value('part_allocataires_aides_logement', 'per:toulouse-blagnac')).value).toBeCloseTo(((79000 + 2400) / 176000) * 100, 10);
  });

  it('séries historiques des populations (classeur, titre au-dessus de l’en-tête, feuille de documentation d’abord) : chaque colonne à son année de recensement, dès 1876', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Documentation').addRow(['Séries historiques des populations, recensements de 1876 à 2023']);
    const ws = wb.addWorksheet('pop_1876_2023');
    for (const line of [['Recensements de la population 1876-2023'], [], ['Géographie au 01/01/2025'], []]) ws.addRow(line);
    ws.addRow(['CODGEO', 'REG', 'DEP', 'LIBGEO', 'PMUN2022', 'PMUN2016', 'PSDC1999', 'PSDC1990', 'PTOT1968', 'PTOT1921', 'PTOT1876']);
    ws.addRow(['31555', '76', '31', 'Toulouse', 511684, 475438, 390350, 358688, 370796, 175434, 131642]);
    ws.addRow(['31069', '76', '31', 'Blagnac', 25500, 24000, 20000, 17000, 10000, 2500, 2000]);
    const p = file('base-pop-historiques-1876-2023.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const r = await run(ctx, { filePath: p });
    expect(r.title).toBe('Séries historiques des populations 1876-2022');
    expect(r.sheet).toBe('pop_1876_2023');
    expect(r.millesimes).toEqual([1876, 1921, 1968, 1990, 1999, 2016, 2022]);
    expect(r.variables.map((v) => `${v.published_name} → ${v.name} ${v.millesime}`)).toEqual([
      'PMUN2022 → PMUN 2022', 'PMUN2016 → PMUN 2016', 'PSDC1999 → PSDC 1999', 'PSDC1990 → PSDC 1990', 'PTOT1968 → PTOT 1968', 'PTOT1921 → PTOT 1921', 'PTOT1876 → PTOT 1876',
    ]);
    expect(r.unknown_variables).toEqual([]);
    expect(await observation(ctx, r.datasetId, 'PTOT', 1876, '31555')).toEqual({ value: 131642, status: 0, withheld: 0 });
    expect(await observation(ctx, r.datasetId, 'PSDC', 1999, '31069')).toEqual({ value: 20000, status: 0, withheld: 0 });
  });

  it('archive du catalogue de données de l’INSEE (Melodi) : fichier long et métadonnées ; les populations de référence répondent à « population »', async () => {
    const data = [
      '"GEO";"GEO_OBJECT";"FREQ";"POPREF_MEASURE";"TIME_PERIOD";"OBS_VALUE"',
      '"31555";"COM";"A";"PMUN";"2023";"514819"',
      '"31555";"COM";"A";"PTOT";"2023";"519940"',
      '"31069";"COM";"A";"PMUN";"2023";"27604"',
      '"31069";"COM";"A";"PMUN";"2017";"24000"',
      '"243100518";"EPCI";"A";"PMUN";"2023";"841524"',
      '"76";"REG";"A";"PMUN";"2023";"6124653"',
    ].join('\r\n');
    const meta = ['"COD_VAR";"LIB_VAR";"COD_MOD";"LIB_MOD"', '"POPREF_MEASURE";"Type de population";"PMUN";"Population municipale"'].join('\r\n');
    const p = file('DS_POPULATIONS_REFERENCE_CSV_FR.zip', zipArchive([{ name: 'DS_POPULATIONS_REFERENCE_data.csv', content: data }, { name: 'DS_POPULATIONS_REFERENCE_metadata.csv', content: meta }]));
    const r = await run(ctx, { filePath: p });
    expect(r).toMatchObject({ title: 'Catalogue de données de l’INSEE (Melodi) : DS_POPULATIONS_REFERENCE', source: 'insee', millesimes: [2017, 2023], unknown_variables: [] });
    expect(r.variables.map((v) => `${v.published_name} → ${v.name} ${v.millesime}`)).toEqual(['PMUN 2023 → PMUN 2023', 'PTOT 2023 → PTOT 2023', 'PMUN 2017 → PMUN 2017']);
    expect(r.notes[0]).toBe('Fichier long du catalogue de données de l’INSEE (Melodi) : 6 lignes lues, 4 territoires, 3 variables et périodes.');
    expect(r.territories).toEqual({ com: 2, epci: 1, dep: 0, reg: 1, fr: 0 });
    expect(await observation(ctx, r.datasetId, 'PMUN', 2023, '76', 'reg')).toEqual({ value: 6124653, status: 0, withheld: 0 });
    expect(await observation(ctx, r.datasetId, 'PMUN', 2017, '31069')).toEqual({ value: 24000, status: 0, withheld: 0 });
    expect(await observation(ctx, r.datasetId, 'PMUN', 2023, '243100518', 'epci')).toEqual({ value: 841524, status: 0, withheld: 0 });
    const v = await getValue(ctx, { name: 'population', ref: 'com:31555' });
    expect(v.ok && v.value).toMatchObject({ value: 514819, millesime: 2023, status: 'ok' });
    // The same archive again: nothing changes.
    expect((await run(ctx, { filePath: p })).notes[0]).toMatch(/^Fichier déjà importé/);
    // A figure that is not one: refused, naming the line of the long file, and nothing written.
    const bad = await refused({ filePath: file('DS_X_data.csv', `${data}\r\n"31001";"COM";"A";"PMUN";"2023";"cent"\r\n`) });
    expect(bad.message).toMatch(/^DS_X_data\.csv rejeté, ligne 8, colonne OBS_VALUE, valeur « cent »/);
  });

  it('naissances et décès du catalogue de données (état civil) : lus comme ceux du comparateur, ils répondent à « naissances » et « solde naturel », sommés sur les communes', async () => {
    const data = [
      '"GEO";"GEO_OBJECT";"EC_MEASURE";"FREQ";"TIME_PERIOD";"OBS_VALUE";"OBS_STATUS"',
      '"31555";"COM";"LVB";"A";"2023";"5900";"A"',
      '"31555";"COM";"LVB";"A";"2024";"5700";"A"',
      '"31069";"COM";"LVB";"A";"2024";"310";"A"',
      '"31555";"COM";"DTH";"A";"2024";"2910";"A"',
      '"31069";"COM";"DTH";"A";"2024";"180";"A"',
    ].join('\r\n');
    const r = await run(ctx, { filePath: file('DS_ETAT_CIVIL_NAIS_COMMUNES_data.csv', data) });
    expect(r.variables.map((v) => `${v.name} ${v.millesime} ${v.kind}`)).toEqual(['NAISD 2023 count', 'NAISD 2024 count', 'DECESD 2024 count']);
    const value = async (name: string, ref: string, millesime?: number) => {
      const v = await getValue(ctx, { name, ref, millesime });
      return v.ok ? [v.value.value, v.value.millesime] : v.error.code;
    };
    await createPerimeter(ctx, { slug: 'toulouse-blagnac', name: 'Toulouse et Blagnac', members: ['com:31555', 'com:31069'] });
    expect(await value('naissances', 'per:toulouse-blagnac')).toEqual([6010, 2024]);
    expect(await value('naissances', 'com:31555', 2023)).toEqual([5900, 2023]);
    expect(await value('solde_naturel', 'per:toulouse-blagnac')).toEqual([6010 - 3090, 2024]);
  });

  it('l’emploi du recensement du catalogue de données : le taux de chômage des 15-64 ans en répond, actifs et chômeurs sommés', async () => {
    const data = [
      'GEO;GEO_OBJECT;FREQ;RP_MEASURE;SEX;AGE;EDUC;EMPSTA_ENQ;TIME_PERIOD;OBS_VALUE',
      '31555;COM;A;POP;_T;Y15T64;_T;1T2;2019;267637.5',
      '31555;COM;A;POP;_T;Y15T64;_T;2;2019;38258.0',
      '31069;COM;A;POP;_T;Y15T64;_T;1T2;2019;14000.5',
      '31069;COM;A;POP;_T;Y15T64;_T;2;2019;1300.5',
    ].join('\n');
    const r = await run(ctx, { filePath: file('DS_RP_EMPLOI_LR_PRINC_data.csv', data) });
    expect(r.variables.map((v) => `${v.name} ${v.millesime} ${v.kind}`)).toEqual(['P_ACT1564 2019 count', 'P_CHOM1564 2019 count']);
    await createPerimeter(ctx, { slug: 'toulouse-blagnac-emploi', name: 'Toulouse et Blagnac', members: ['com:31555', 'com:31069'] });
    const v = await getValue(ctx, { name: 'taux_chomage_15_64', ref: 'per:toulouse-blagnac-emploi', millesime: 2019 });
    expect(v.ok && v.value).toMatchObject({ status: 'ok', millesime: 2019, parts: { numerator: 38258 + 1300.5, denominator: 267637.5 + 14000.5 } });
  });

  it('colonne de code absente : refus qui cite l’en-tête', async () => {
    const e = await refused({ filePath: file('sans-code.csv', 'COMMUNE_X;P22_POP\n31555;1\n') });
    expect(e.code).toBe('FORMAT_INCONNU');
    expect(e.message).toContain('« COMMUNE_X | P22_POP »');
  });

  it('fichier vide, binaire, XLSX de 0 octet ou endommagé : refus propres', async () => {
    expect((await refused({ filePath: file('vide.csv', '') })).message).toMatch(/vide/);
    expect((await refused({ filePath: file('binaire.csv', Buffer.from([0, 1, 2, 3, 255, 0, 7])) })).message).toMatch(/binaire/);
    expect((await refused({ filePath: file('zero.xlsx', '') })).message).toMatch(/vide/);
    expect((await refused({ filePath: file('faux.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)])) })).message).toMatch(/XLSX illisible/);
  });

  it('un en-tête sans aucune ligne de données (fichier tronqué) : refus qui nomme la ligne de l’en-tête', async () => {
    const e = await refused({ filePath: file('entete-seul.csv', 'Recensement 2022\n\nCODGEO;P22_POP\n') });
    expect(e.code).toBe('AUCUNE_DONNEE');
    expect(e.message).toBe('entete-seul.csv : aucune ligne de données après l’en-tête (ligne 3) ; rien n’a été écrit.');
    // A column without a millésime in its name says so in the report, not in the refusal of an empty file.
    const undated = await refused({ filePath: file('entete-superf.csv', 'CODGEO;P22_POP;SUPERF\n') });
    expect(undated.message).toBe('entete-superf.csv : aucune ligne de données après l’en-tête (ligne 1) ; rien n’a été écrit.');
  });

  it('une ligne de libellés sous les codes des colonnes est passée, avec une note ; une ligne de chiffres ne l’est pas', async () => {
    const r = await run(ctx, { filePath: file('libelles-dessous.csv', 'CODGEO;LIBGEO;P22_POP\nCode géographique;Libellé;Population en 2022\n31555;Toulouse;511684\n') });
    expect(r).toMatchObject({ rows: 1, imported: 1 });
    expect(r.notes).toContain('Ligne 2 passée : les libellés des colonnes, sous leurs codes.');
    const twice = await refused({ filePath: file('entete-double.csv', 'CODGEO;LIBGEO;P22_POP\nCODGEO;LIBGEO;P22_POP\n31555;Toulouse;511684\n') });
    expect(twice.message).toContain('l’en-tête est répété');
    const zero = await run(ctx, { filePath: file('zero-perdu.csv', 'CODGEO;P22_POP\n1001;800\n1002;300\n31555;511684\n') });
    expect(zero.notes).toContain('2 codes lus avec le zéro initial qu’un tableur retire à un nombre (ligne 2 : 1001 → 01001).');
    const e = await refused({ filePath: file('premiere-ligne-fausse.csv', 'CODGEO;P22_POP\nToulouse;511684\n31001;5\n') });
    expect((e.details as ImportReport).rejected[0]).toMatchObject({ line: 2, column: 'CODGEO', value: 'TOULOUSE' });
    // A row of withheld figures under a wrong code is data, not labels: refused, not passed.
    const marked = await refused({ filePath: file('premiere-ligne-secrete.csv', 'CODGEO;P22_POP;P22_MEN\nToulouse;s;nd\n31001;5;2\n') });
    expect((marked.details as ImportReport).rejected[0]).toMatchObject({ line: 2, column: 'CODGEO', value: 'TOULOUSE' });
  });

  it('une ligne tronquée est refusée avec la colonne qui manque', async () => {
    const e = await refused({ filePath: file('tronque.csv', 'CODGEO;P22_POP;P22_MEN\n31555;1;2\n31001;5\n') });
    expect((e.details as ImportReport).rejected).toEqual([{ line: 3, column: 'P22_MEN', value: '', reason: 'ligne incomplète : 2 champs au lieu de 3' }]);
  });

  it('un fichier d’un COG ancien : 31298 rejoint 31471, les stocks s’additionnent, la médiane devient manquante et le rapport le dit', async () => {
    const r = await run(ctx, { filePath: file('cog2018.csv', 'CODGEO;P15_POP;MED15\n31298;100;18000\n31471;300;19000\n31555;1000;20000\n') });
    expect(r.remapped).toEqual([{ from: '31298', to: '31471', via: 'ancien_code' }]);
    expect(r.communes).toBe(2);
    expect(await observation(ctx, r.datasetId, 'P_POP', 2015, '31471')).toEqual({ value: 400, status: 0, withheld: 0 });
    expect(await observation(ctx, r.datasetId, 'MED', 2015, '31471')).toEqual({ value: null, status: 3, withheld: 0 });
    expect(await observation(ctx, r.datasetId, 'MED', 2015, '31555')).toEqual({ value: 20000, status: 0, withheld: 0 });
    expect(r.notes.join(' ')).toMatch(/MED15 \(1\)/);
  });

  it('un fichier d’un COG ancien qui n’a qu’une ancienne commune (Lez, 31298) : Saint-Béat-Lez partielle pour les stocks, sans médiane', async () => {
    const r = await run(ctx, { filePath: file('lez.csv', 'CODGEO;MED21;NBMENFISC21\n31298;30000;40\n31555;22140;250000\n') });
    expect(r.remapped).toEqual([{ from: '31298', to: '31471', via: 'ancien_code' }]);
    expect(await observation(ctx, r.datasetId, 'NBMENFISC', 2021, '31471')).toEqual({ value: 40, status: 1, withheld: 1 });
    expect(await observation(ctx, r.datasetId, 'MED', 2021, '31471')).toEqual({ value: null, status: 3, withheld: 0 });
    expect(await observation(ctx, r.datasetId, 'MED', 2021, '31555')).toEqual({ value: 22140, status: 0, withheld: 0 });
    expect(r.notes).toContain(
      'Commune donnée par d’anciennes communes seulement, sans celle qui porte son code : Saint-Béat-Lez (31471, par 31298) ; ses sommes sont partielles, ses valeurs non additives (médianes, taux) manquantes.',
    );
    // The same by IRIS (a small commune's one IRIS, `…0000`), and a merged commune's own code alone: whole.
    const iris = await run(ctx, { filePath: file('lez_iris.csv', 'IRIS;DISP_MED21;NBMENFISC21\n312980000;30000;40\n'), dryRun: true });
    expect(iris.notes.join(' ')).toContain('Saint-Béat-Lez (31471, par 31298)');
    const own = await run(ctx, { filePath: file('saint-beat.csv', 'CODGEO;MED21;NBMENFISC21\n31471;21000;190\n') });
    expect(await observation(ctx, own.datasetId, 'MED', 2021, '31471')).toEqual({ value: 21000, status: 0, withheld: 0 });
    // A code changed with its département (Corsica's 20… in 1976) is the same commune, whole.
    const ajaccio = await run(ctx, { filePath: file('corse.csv', 'CODGEO;MED21;NBMENFISC21\n20004;22810;30000\n') });
    expect(await observation(ctx, ajaccio.datasetId, 'MED', 2021, '2A004')).toEqual({ value: 22810, status: 0, withheld: 0 });
  });

  it('IRIS de quelques arrondissements de Paris seulement : Paris partielle, comme pour des lignes d’arrondissements incomplètes', async () => {
    const r = await run(ctx, { filePath: file('iris_paris1.csv', 'IRIS;P21_POP;DISP_MED21\n751010101;900;30000\n751010102;1100;31000\n') });
    expect(await observation(ctx, r.datasetId, 'P_POP', 2021, '75056')).toEqual({ value: 2000, status: 1, withheld: 19 });
    expect(r.variables.map((v) => v.name)).toEqual(['P_POP', 'DISP_MED']);
    expect(await observation(ctx, r.datasetId, 'DISP_MED', 2021, '75056')).toEqual({ value: null, status: 3, withheld: 0 });
    expect(r.notes).toContain('Paris (75056) n’a que 1 de ses 20 arrondissements municipaux dans le fichier : ses sommes sont partielles (il en manque 19), ses valeurs non additives (médianes, taux) manquantes.');
    // An IRIS of each arrondissement: the whole city.
    const all = Array.from({ length: 20 }, (_, a) => `751${String(a + 1).padStart(2, '0')}0101;100`);
    const whole = await run(ctx, { filePath: file('iris_paris.csv', `IRIS;P21_POP\n${all.join('\n')}\n`), dryRun: true });
    expect(whole.notes.join(' ')).not.toMatch(/arrondissements municipaux dans le fichier/);
  });

  it('les arrondissements municipaux se somment dans Paris, Lyon et Marseille ; la ligne propre d’une ville l’emporte', async () => {
    const rows = ['CODGEO;P22_POP;MED21'];
    for (let a = 1; a <= 20; a++) rows.push(`751${String(a).padStart(2, '0')};${a * 1000};${20000 + a}`);
    for (let a = 1; a <= 9; a++) rows.push(`6938${a};${a};s`);
    rows.push('13055;870000;21000', '13201;5;20000');
    const r = await run(ctx, { filePath: file('arm.csv', rows.join('\n')) });
    expect(await observation(ctx, r.datasetId, 'P_POP', 2022, '75056')).toEqual({ value: 210000, status: 0, withheld: 0 });
    expect(await observation(ctx, r.datasetId, 'MED', 2021, '75056')).toEqual({ value: null, status: 3, withheld: 0 });
    expect(await observation(ctx, r.datasetId, 'P_POP', 2022, '69123')).toEqual({ value: 45, status: 0, withheld: 0 });
    expect(await observation(ctx, r.datasetId, 'P_POP', 2022, '13055')).toEqual({ value: 870000, status: 0, withheld: 0 });
    expect(r.notes.join(' ')).toMatch(/Marseille \(13055\) a sa propre ligne/);
    expect(r.remapped).toContainEqual({ from: '75101', to: '75056', via: 'arrondissement' });
  });

  it('IRIS : sommes par commune, IRIS des arrondissements dans Paris, IRIS masqués comptés', async () => {
    const r = await run(ctx, {
      filePath: file('iris2021.csv', 'IRIS;P21_POP;P21_MEN\n751010101;10;s\n751020101;20;5\n315550101;7;1\n315550102;s;2\n315550103;nd;3\n'),
    });
    expect(r.family).toBe('insee');
    // Two arrondissements of twenty: Paris's sums are partial, short of the other eighteen (and of a withheld IRIS).
    expect(await observation(ctx, r.datasetId, 'P_POP', 2021, '75056')).toEqual({ value: 30, status: 1, withheld: 18 });
    expect(await observation(ctx, r.datasetId, 'P_MEN', 2021, '75056')).toEqual({ value: 5, status: 1, withheld: 19 });
    expect(await observation(ctx, r.datasetId, 'P_POP', 2021, '31555')).toEqual({ value: 7, status: 1, withheld: 2 });
    expect(await observation(ctx, r.datasetId, 'P_MEN', 2021, '31555')).toEqual({ value: 6, status: 0, withheld: 0 });
  });

  it('Windows-1252, virgule séparatrice, guillemets, BOM et CRLF sont lus', async () => {
    const win = iconv.encode('CODGEO;LIBGEO;P22_POP;TP6021\r\n31471;Saint-Béat-Lez;412;12,5\r\n', 'win1252');
    const r1 = await run(ctx, { filePath: file('win.csv', win) });
    expect(r1).toMatchObject({ encoding: 'Windows-1252', separator: ';', imported: 1 });
    expect(await observation(ctx, r1.datasetId, 'TP60', 2021, '31471')).toEqual({ value: 12.5, status: 0, withheld: 0 });
    const r2 = await run(ctx, { filePath: file('virgule.csv', '\uFEFF"CODGEO","P22_POP","TP6021"\r\n"31001",117,"22,5"\r\n"31002",240,s\r\n') });
    expect(r2).toMatchObject({ encoding: 'UTF-8 (BOM)', separator: ',', imported: 2, secret_values: 1 });
    expect(await observation(ctx, r2.datasetId, 'TP60', 2021, '31001')).toEqual({ value: 22.5, status: 0, withheld: 0 });
  });

  it('« Texte Unicode » d’Excel (UTF-16, tabulations) : converti en UTF-8 et lu, le rapport dit son encodage (UTF-16LE, pas UTF-8), puis sans effet une seconde fois', async () => {
    const text = 'CODGEO\tLIBGEO\tP22_POP\tMED21\r\n31471\tSaint-Béat-Lez\t412\t"19 870,5"\r\n31555\tToulouse\t511684\ts\r\n';
    const p = file('export-excel.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]));
    const r = await run(ctx, { filePath: p });
    expect(r).toMatchObject({ file: 'export-excel.txt', encoding: 'UTF-16LE (BOM)', separator: '\t', rows: 2, imported: 2, secret_values: 1 });
    expect(r.notes).toContain('Fichier en UTF-16 (« Texte Unicode » d’Excel) converti en UTF-8 pour sa lecture.');
    expect(await observation(ctx, r.datasetId, 'MED', 2021, '31471')).toEqual({ value: 19870.5, status: 0, withheld: 0 });
    expect((await run(ctx, { filePath: p })).noop).toBe(true);
    const be = file('export-be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text.replace('31555', '31069'), 'utf16be')]));
    expect(await run(ctx, { filePath: be, dryRun: true })).toMatchObject({ rows: 2, imported: 2, encoding: 'UTF-16BE (BOM)' });
  });

  it('XLSX : la feuille de données et son en-tête sont trouvés sous la documentation et les titres, les nombres gardent leur précision', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Documentation').addRow(['Ce classeur présente les chiffres clés.']);
    const ws = wb.addWorksheet('COM');
    ws.addRow(['Base du comparateur de territoires']);
    ws.addRow(['Source : Insee']);
    ws.addRow([]);
    ws.addRow(['CODGEO', 'LIBGEO', 'P22_POP', 'P22_MEN', 'MED21']);
    ws.addRow(['31555', 'Toulouse', 511684, 280598.559263947, 22140]);
    ws.addRow([1001, 'Ain commune', 120, 50.25, 's']);
    wb.addWorksheet('Notes').addRow(['rien']);
    const p = join(dir, 'comparateur.xlsx');
    await wb.xlsx.writeFile(p);
    const r = await run(ctx, { filePath: p });
    expect(r).toMatchObject({ format: 'xlsx', rows: 2, imported: 2, secret_values: 1, title: 'Recensement de la population 2022 — chiffres clés' });
    expect((await observation(ctx, r.datasetId, 'P_MEN', 2022, '31555'))?.value).toBe(280598.559263947);
    // Excel drops the leading zero of 01001.
    expect(await observation(ctx, r.datasetId, 'P_POP', 2022, '01001')).toEqual({ value: 120, status: 0, withheld: 0 });
  });

  it('populations légales en classeur (ensemble.xlsx) : la feuille des communes, le département devant le numéro de commune, le millésime lu dans le titre', async () => {
    const wb = new ExcelJS.Workbook();
    const titled = (name: string, header: (string | number)[], rows: (string | number)[][]) => {
      const ws = wb.addWorksheet(name);
      for (const t of ['Recensement de la population', 'Populations légales 2021', name, 'Découpage communal en vigueur au 1er janvier 2023']) ws.addRow([t]);
      ws.addRow([]);
      ws.addRow(header);
      for (const r of rows) ws.addRow(r);
    };
    const pops = ['Population municipale', 'Population comptée à part', 'Population totale'];
    titled('Régions', ['Code région', 'Nom de la région', 'Nombre de communes', ...pops], [['76', 'Occitanie', 4454, 6022176, 141215, 6163391]]);
    titled('Départements', ['Code région', 'Nom de la région', 'Code département', 'Nom du département', ...pops], [['76', 'Occitanie', '31', 'Haute-Garonne', 1415757, 31000, 1446757]]);
    titled('Communes', ['Code région', 'Nom de la région', 'Code département', 'Code arrondissement', 'Code canton', 'Code commune', 'Nom de la commune', ...pops], [
      ['76', 'Occitanie', '31', '3', '06', '001', 'Agassac', 115, 2, 117],
      // Typed as numbers, as Excel keeps them: département 1, commune 1.
      ['84', 'Auvergne-Rhône-Alpes', 1, 2, 8, 1, 'L’Abergement-Clémenciat', 779, 19, 798],
      // DROM: a département of three characters and a commune number of two, or of three.
      ['01', 'Guadeloupe', '971', '1', '01', '01', 'Les Abymes', 53491, 620, 54111],
      ['01', 'Guadeloupe', '971', '2', '05', '105', 'Basse-Terre', 9950, 180, 10130],
    ]);
    const p = join(dir, 'ensemble.xlsx');
    await wb.xlsx.writeFile(p);
    const r = await run(ctx, { filePath: p });
    // The sheets of régions and départements come first: the communes' is read, they are named.
    expect(r).toMatchObject({ family: 'populations-legales', title: 'Populations légales 2021', millesimes: [2021], rows: 4, imported: 4, sheet: 'Communes', other_sheets: ['Régions', 'Départements'] });
    expect(r.variables.map((v) => `${v.published_name} → ${v.name}`)).toEqual(['Population municipale → PMUN', 'Population comptée à part → PCAP', 'Population totale → PTOT']);
    expect(r.notes).toContain('Millésime 2021 lu dans le titre du fichier (« Populations légales 2021 »).');
    for (const [code, pmun] of [['31001', 115], ['01001', 779], ['97101', 53491], ['97105', 9950]] as const) {
      expect(await observation(ctx, r.datasetId, 'PMUN', 2021, code)).toEqual({ value: pmun, status: 0, withheld: 0 });
    }
    // Given, --millesime wins over the title.
    const given = await run(ctx, { filePath: p, millesime: 2022, dryRun: true });
    expect(given.millesimes).toEqual([2022]);
    // A workbook of départements and régions only: its first sheet is read, at its level.
    wb.removeWorksheet(wb.getWorksheet('Communes')!.id);
    const coarse = join(dir, 'ensemble-departements.xlsx');
    await wb.xlsx.writeFile(coarse);
    expect(await run(ctx, { filePath: coarse, dryRun: true })).toMatchObject({ sheet: 'Régions', other_sheets: ['Départements'], imported: 1, territories: { reg: 1, dep: 0, com: 0 } });
  });

  it('un classeur Excel 97-2003 (XLS) : les mêmes valeurs que le CSV dont il est fait, la feuille EPCI avec --sheet', async () => {
    const xls = new URL('../../../test/fixtures/xls/comparateur-31.xls', import.meta.url).pathname;
    const r = await run(ctx, { filePath: xls, dryRun: true });
    expect(r).toMatchObject({ format: 'xls', sheet: 'COM', other_sheets: ['EPCI'], rows: 586, imported: 586, secret_values: 1180, millesimes: [2016, 2021, 2022, 2024] });
    const imported = await run(ctx, { filePath: xls });
    expect(await observation(ctx, imported.datasetId, 'P_POP', 2022, '31555')).toEqual({ value: 511684, status: 0, withheld: 0 });
    expect((await observation(ctx, imported.datasetId, 'P_MEN', 2022, '31555'))?.value).toBe(280598.559263947);
    expect(await observation(ctx, imported.datasetId, 'TP60', 2021, '31555')).toEqual({ value: 22, status: 0, withheld: 0 });
    const epci = await run(ctx, { filePath: xls, sheet: 'EPCI', dryRun: true });
    expect(epci).toMatchObject({ sheet: 'EPCI', rows: 1, imported: 1 });
    const broken = await refused({ filePath: file('casse.xls', readFileSync(xls).subarray(0, 30_000)) });
    expect(broken.message).toMatch(/^casse\.xls, ligne 1 : classeur Excel 97-2003 \(XLS\) illisible : /);
  });

  it('un classeur d’une feuille par niveau (COM, EPCI, DEP) : la première est lue et les autres nommées ; --sheet en choisit une', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Documentation').addRow(['Filosofi 2021 : chiffres clés']);
    for (const [name, rows] of [
      ['COM', [['31555', 'Toulouse', 22140], ['31069', 'Blagnac', 's']]],
      ['EPCI', [['243100518', 'Toulouse Métropole', 23450]]],
      ['DEP', [['31', 'Haute-Garonne', 23910]]],
    ] as const) {
      const ws = wb.addWorksheet(name);
      ws.addRow([`Filosofi 2021 — ${name}`]);
      ws.addRow([]);
      ws.addRow(['CODGEO', 'LIBGEO', 'MED21']);
      for (const r of rows) ws.addRow([...r]);
    }
    const p = join(dir, 'base-cc-filosofi-2021.xlsx');
    await wb.xlsx.writeFile(p);
    const com = await run(ctx, { filePath: p, dryRun: true });
    expect(com).toMatchObject({ sheet: 'COM', other_sheets: ['EPCI', 'DEP'], rows: 2, imported: 2, secret_values: 1 });
    expect(com.notes).toContain('Autres feuilles de données du classeur : « EPCI », « DEP » ; --sheet NOM pour en importer une.');
    const epci = await run(ctx, { filePath: p, sheet: 'epci' });
    expect(epci).toMatchObject({ sheet: 'EPCI', rows: 1, imported: 1 });
    expect(await observation(ctx, epci.datasetId, 'MED', 2021, '243100518', 'epci')).toEqual({ value: 23450, status: 0, withheld: 0 });
    const absent = await refused({ filePath: p, sheet: 'REG' });
    expect(absent.message).toBe('base-cc-filosofi-2021.xlsx, ligne 1 : pas de feuille « REG » dans le classeur ; ses feuilles : « Documentation », « COM », « EPCI », « DEP »');
    const csv = await refused({ filePath: sharedData('insee/cc_filosofi_2021_COM_31.csv'), sheet: 'COM' });
    expect(csv.message).toBe('--sheet « COM » : cc_filosofi_2021_COM_31.csv n’est pas un classeur (XLSX ou XLS) ; cette option choisit une feuille d’un classeur');
  });

  it('chaque feuille d’un classeur, chaque fichier d’une archive est son propre jeu de données : --sheet EPCI après COM est importée, la même feuille deux fois est sans effet', async () => {
    const wb = new ExcelJS.Workbook();
    for (const [name, rows] of [
      ['COM', [['31555', 22140, 17.5], ['2A004', 22810, 19.5]]],
      ['EPCI', [['243100518', 23460, 16.3], ['242010056', 22900, 18.2]]],
      // The same columns and communes as COM, other figures: another dataset, which replaces nothing.
      ['COM révisé', [['31555', 22200, 17.4], ['2A004', 22850, 19.4]]],
    ] as const) {
      const ws = wb.addWorksheet(name);
      ws.addRow(['CODGEO', 'MED21', 'TP6021']);
      for (const r of rows) ws.addRow([...r]);
    }
    const p = join(dir, 'filosofi_2sheets.xlsx');
    await wb.xlsx.writeFile(p);
    const com = await run(ctx, { filePath: p });
    expect(com).toMatchObject({ sheet: 'COM', noop: false, imported: 2 });
    const epci = await run(ctx, { filePath: p, sheet: 'EPCI' });
    expect(epci).toMatchObject({ sheet: 'EPCI', noop: false, imported: 2, replaced_dataset: null, territories: { epci: 2, com: 0 } });
    expect(epci.datasetId).not.toBe(com.datasetId);
    expect(await observation(ctx, epci.datasetId, 'MED', 2021, '243100518', 'epci')).toEqual({ value: 23460, status: 0, withheld: 0 });
    const revised = await run(ctx, { filePath: p, sheet: 'COM révisé' });
    expect(revised).toMatchObject({ sheet: 'COM révisé', noop: false, replaced_dataset: null });
    expect(await observation(ctx, com.datasetId, 'MED', 2021, '31555')).toEqual({ value: 22140, status: 0, withheld: 0 });
    expect(await observation(ctx, revised.datasetId, 'MED', 2021, '31555')).toEqual({ value: 22200, status: 0, withheld: 0 });
    // Each sheet again, by its name or by default: nothing changes, and the report is that sheet's.
    const before = await storeChecksum(ctx.store.db);
    for (const [sheet, id] of [['epci', epci.datasetId], [undefined, com.datasetId], ['COM', com.datasetId], ['com révisé', revised.datasetId]] as const) {
      const again = await run(ctx, { filePath: p, sheet });
      expect(again).toMatchObject({ noop: true, datasetId: id });
    }
    expect(await storeChecksum(ctx.store.db)).toBe(before);
    // An archive's data files: each is read as itself, its digest its own.
    const zip = file('bases_31_09.zip', zipArchive([
      { name: 'base_31.csv', content: 'CODGEO;P22_POP\n31555;511684\n31069;25932\n' },
      { name: 'base_09.csv', content: 'CODGEO;P22_POP\n09122;9500\n09225;9800\n' },
    ]));
    const a = await run(ctx, { filePath: zip, entry: 'base_31.csv' });
    const b = await run(ctx, { filePath: zip, entry: 'base_09.csv' });
    expect(b).toMatchObject({ noop: false, archive: { entry: 'base_09.csv' }, imported: 2, replaced_dataset: null });
    expect(b.datasetId).not.toBe(a.datasetId);
    expect(await run(ctx, { filePath: zip, entry: 'base_09.csv' })).toMatchObject({ noop: true, datasetId: b.datasetId });
    expect(await run(ctx, { filePath: zip, entry: 'base_31.csv' })).toMatchObject({ noop: true, datasetId: a.datasetId });
  });

  it('une feuille importée quand la feuille ne faisait pas partie de la clé du jeu est remplacée par la même feuille corrigée, pas une autre', async () => {
    const workbook = async (name: string, med: number) => {
      const wb = new ExcelJS.Workbook();
      for (const sheet of ['COM', 'COM bis']) {
        const ws = wb.addWorksheet(sheet);
        ws.addRow(['CODGEO', 'MED21']);
        ws.addRow(['31555', med]);
      }
      const p = join(dir, name);
      await wb.xlsx.writeFile(p);
      return p;
    };
    const first = await run(ctx, { filePath: await workbook('filosofi_v1.xlsx', 22140) });
    // The key as an earlier version wrote it: the header's plan and the digest of the coverage alone (département 31).
    const row = await ctx.store.db.selectFrom('dataset').select('dataset_key').where('id', '=', first.datasetId!).executeTakeFirstOrThrow();
    const legacy = `${row.dataset_key.slice(0, row.dataset_key.lastIndexOf(':'))}:${createHash('sha256').update('31').digest('hex').slice(0, 16)}`;
    await ctx.store.db.updateTable('dataset').set({ dataset_key: legacy }).where('id', '=', first.datasetId!).execute();
    const v2 = await workbook('filosofi_v2.xlsx', 22150);
    // Another sheet of the same columns replaces nothing; the same sheet, corrected, replaces it.
    expect(await run(ctx, { filePath: v2, sheet: 'COM bis' })).toMatchObject({ noop: false, replaced_dataset: null });
    expect(await run(ctx, { filePath: v2 })).toMatchObject({ sheet: 'COM', noop: false, replaced_dataset: first.datasetId });
  });

  it('Filosofi par région, par département et pour la France : chaque ligne à son niveau (76 est l’Occitanie dans un fichier de régions) ; un zonage est refusé', async () => {
    const head = 'CODGEO;LIBGEO;MED21;TP6021';
    // INSEE names its files by level: the région file's 76 is Occitanie, the département file's Seine-Maritime.
    const reg = await run(ctx, { filePath: file('cc_filosofi_2021_REG.csv', `${head}\n76;Occitanie;22500;15,8\n11;Île-de-France;24990;15,9\n`) });
    expect(reg.territories).toEqual({ com: 0, epci: 0, dep: 0, reg: 2, fr: 0 });
    expect(reg.notes).toContain('Codes à deux chiffres lus comme des régions : 2 régions (2 d’après le nom que le fichier leur donne).');
    expect(await observation(ctx, reg.datasetId, 'MED', 2021, '76', 'reg')).toEqual({ value: 22500, status: 0, withheld: 0 });
    const dep = await run(ctx, { filePath: file('cc_filosofi_2021_DEP.csv', `${head}\n76;Seine-Maritime;22080;15,5\n31;Haute-Garonne;24390;13,6\n`) });
    expect(dep.territories).toEqual({ com: 0, epci: 0, dep: 2, reg: 0, fr: 0 });
    // A name that says nothing: three codes or more, each a région's, are régions; France is FR; the métropole alone
    // is set aside.
    const all = await run(ctx, {
      filePath: file('revenus.csv', `${head}\n84;Auvergne-Rhône-Alpes;23640;12,7\n93;Provence-Alpes-Côte d’Azur;22540;17,1\n94;Corse;21930;18,0\nFRANCE;France;23160;14,9\nFM;France métropolitaine;23180;14,5\n`),
    });
    expect(all.territories).toEqual({ com: 0, epci: 0, dep: 0, reg: 3, fr: 1 });
    expect(all.notes).toContain('1 ligne hors de toute commune laissée de côté : FM (France métropolitaine).');
    // A file of that row alone is refused, and the refusal says why the row was set aside.
    const alone = await refused({ filePath: file('metropole.csv', `${head}\nFM;France métropolitaine;23180;14,5\n`) });
    expect(alone.code).toBe('AUCUNE_DONNEE');
    expect(alone.message).toContain('1 ligne hors de toute commune laissée de côté : FM (France métropolitaine).');
    const answer = async (name: string, ref: string) => {
      const v = await getValue(ctx, { name, ref });
      return v.ok ? [v.value.status, v.value.value] : v.error.code;
    };
    expect(await answer('revenu_median', 'reg:76')).toEqual(['ok', 22500]);
    expect(await answer('revenu_median', 'dep:76')).toEqual(['ok', 22080]);
    expect(await answer('taux_pauvrete', 'fr')).toEqual(['ok', 14.9]);
    expect(await answer('revenu_median', 'reg:52')).toEqual(['not_aggregable', null]);
    // A file of zonings (its codes look like communes' or départements'): refused, nothing written.
    const uu = await refused({ filePath: file('cc_filosofi_2021_UU2020.csv', `${head}\n31701;Toulouse;23000;15\n`) });
    expect(uu.message).toBe('cc_filosofi_2021_UU2020.csv, ligne 1, colonne CODGEO : d’après son nom (« UU2020 »), ce fichier donne des unités urbaines, un zonage que Socle ne lit pas (communes, IRIS, EPCI, départements, régions, France) ; rien n’a été écrit');
    // Without names, the file's name decides; with them, each row: a file of every level at once.
    const unnamed = await run(ctx, { filePath: file('cc_filosofi_2021_REG.csv', 'CODGEO;MED21\n76;22500\n'), dryRun: true });
    expect(unnamed.notes).toContain('Codes à deux chiffres lus comme des régions : 1 région (1 parce que le nom du fichier le dit).');
    const mixed = await run(ctx, { filePath: file('niveaux.csv', `${head}\n76;Occitanie;22500;15,8\n76;Seine-Maritime;22080;15,5\n31;Haute-Garonne;24390;13,6\n`), dryRun: true });
    expect(mixed.territories).toMatchObject({ dep: 2, reg: 1 });
    // One département twice under two names: refused, naming the line.
    const twice = await refused({ filePath: file('niveaux.csv', `${head}\n76;Seine-Maritime;22080;15,5\n76;Seine-Inférieure;22080;15,5\n`) });
    expect(twice.message).toContain('ligne 3, colonne CODGEO, valeur « 76 » : code en double : déjà présent ligne 2');
    // A table of départements keyed by DEP, of régions by REG.
    const byDep = await run(ctx, { filePath: file('dep.csv', 'DEP;LIBDEP;MED21\n2A;Corse-du-Sud;22100\n9;Ariège;20650\n'), dryRun: true });
    expect(byDep).toMatchObject({ imported: 2, territories: { dep: 2 } });
    const byReg = await run(ctx, { filePath: file('reg.csv', 'REG;LIBREG;MED21\n76;Occitanie;22500\n'), dryRun: true });
    expect(byReg).toMatchObject({ imported: 1, territories: { reg: 1 } });
  });

  it('essai à blanc : le rapport complet, rien d’écrit', async () => {
    const before = await storeChecksum(ctx.store.db);
    const r = await run(ctx, { filePath: file('essai.csv', 'CODGEO;P22_POP\n31555;1\n'), dryRun: true });
    expect(r).toMatchObject({ dry_run: true, datasetId: null, imported: 1 });
    expect(await storeChecksum(ctx.store.db)).toBe(before);
  });

  it('un fichier corrigé du même jeu remplace ses valeurs ; l’ancien reste au catalogue comme remplacé', async () => {
    const first = await run(ctx, { filePath: file('ma-base.csv', 'CODGEO;P20_POP;P20_MEN\n31001;100;40\n31002;200;80\n') });
    const second = await run(ctx, { filePath: file('ma-base.csv', 'CODGEO;P20_POP;P20_MEN\n31001;101;40\n31002;200;80\n') });
    expect(second.replaced_dataset).toBe(first.datasetId);
    expect(await countObservations(ctx.store.db, first.datasetId!)).toBe(0);
    expect(await observation(ctx, second.datasetId, 'P_POP', 2020, '31001')).toEqual({ value: 101, status: 0, withheld: 0 });
    const old = await ctx.store.db.selectFrom('dataset').select(['status', 'replaced_by']).where('id', '=', first.datasetId!).executeTakeFirstOrThrow();
    expect(old).toEqual({ status: 'replaced', replaced_by: second.datasetId });
    // The corrected file again: a no-op, which replaces nothing and does not say it does.
    const again = await run(ctx, { filePath: file('ma-base.csv', 'CODGEO;P20_POP;P20_MEN\n31001;101;40\n31002;200;80\n') });
    expect(again).toMatchObject({ noop: true, datasetId: second.datasetId, replaced_dataset: null });
    expect(again.notes.some((n) => n.startsWith('Remplace'))).toBe(false);
    // Another département with the same columns is another dataset, not a correction.
    const other = await run(ctx, { filePath: file('ma-base.csv', 'CODGEO;P20_POP;P20_MEN\n81001;10;4\n') });
    expect(other.replaced_dataset).toBeNull();
  });

  it('un extrait de quelques communes d’un jeu ne le remplace pas : ses communes prennent ses valeurs, les autres gardent les leurs', async () => {
    const full = await run(ctx, { filePath: file('base19.csv', 'CODGEO;P19_POP;P19_MEN\n31001;100;40\n31002;200;80\n31003;300;120\n') });
    const extract = await run(ctx, { filePath: file('extrait19.csv', 'CODGEO;P19_POP;P19_MEN\n31002;205;81\n') });
    expect(extract.replaced_dataset).toBeNull();
    expect(extract.notes).toContain(
      `Même plan que le jeu de données n° ${full.datasetId}, mais sans 2 communes de celui-ci : il ne le remplace pas. Les territoires de ce fichier prennent ses valeurs (le plus récent l’emporte), les autres gardent celles du jeu n° ${full.datasetId}.`,
    );
    expect(extract.notes.some((n) => n.startsWith('Remplace'))).toBe(false);
    const status = await ctx.store.db.selectFrom('dataset').select('status').where('id', '=', full.datasetId!).executeTakeFirstOrThrow();
    expect(status.status).toBe('active');
    const pop = async (code: string) => {
      const v = await getValue(ctx, { name: 'P_POP', ref: `com:${code}`, millesime: 2019 });
      return v.ok ? v.value.value : null;
    };
    expect([await pop('31001'), await pop('31002'), await pop('31003')]).toEqual([100, 205, 300]);
    // The whole file again takes its place back: the extract is replaced, its value gone (a dry run says so first).
    const fullText = 'CODGEO;P19_POP;P19_MEN\n31001;100;40\n31002;200;80\n31003;300;120\n';
    const checked = await run(ctx, { filePath: file('base19.csv', fullText), dryRun: true });
    expect(checked.notes[0]).toBe(`Fichier déjà importé (jeu de données n° ${full.datasetId}) : il reprendrait la place du jeu de données n° ${extract.datasetId}, extrait de ses communes importé depuis, dont les valeurs seraient retirées.`);
    expect(await pop('31002')).toBe(205);
    const back = await run(ctx, { filePath: file('base19.csv', fullText) });
    expect(back).toMatchObject({ noop: false, datasetId: full.datasetId, replaced_dataset: extract.datasetId });
    expect(await pop('31002')).toBe(200);
    expect((await run(ctx, { filePath: file('base19.csv', fullText) })).noop).toBe(true);
    const again = await run(ctx, { filePath: file('extrait19.csv', 'CODGEO;P19_POP;P19_MEN\n31002;205;81\n') });
    expect(again.noop).toBe(false);
    expect(await pop('31002')).toBe(205);
    // A file that gives all their communes again (and one more) replaces both.
    const corrected = await run(ctx, { filePath: file('base19-corrigee.csv', 'CODGEO;P19_POP;P19_MEN\n31001;101;40\n31002;206;81\n31003;300;120\n31004;50;20\n') });
    expect(corrected.notes.find((n) => n.startsWith('Remplace'))).toContain(`n° ${full.datasetId}, ${again.datasetId}`);
    expect([await pop('31001'), await pop('31002'), await pop('31004')]).toEqual([101, 206, 50]);
  });

  it('un fichier de contours qui redessine tous les territoires d’un plus ancien le remplace au catalogue', async () => {
    const all = JSON.parse(readFileSync(sharedData('geo/communes-31-cog2026.geojson'), 'utf8')) as { features: { properties: { code: string } }[] };
    const pick = (codes: string[]) => JSON.stringify({ type: 'FeatureCollection', features: all.features.filter((f) => codes.includes(f.properties.code)) });
    const small = await run(ctx, { filePath: file('deux.geojson', pick(['31555', '31069'])) });
    const large = await run(ctx, { filePath: file('trois.geojson', pick(['31555', '31069', '31149'])) });
    expect(large.replaced_dataset).toBe(small.datasetId);
    expect(large.notes).toContain(`Redessine tous les territoires du jeu de données n° ${small.datasetId}, qui est donc remplacé.`);
    const row = await ctx.store.db.selectFrom('dataset').select(['status', 'replaced_by']).where('id', '=', small.datasetId!).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'replaced', replaced_by: large.datasetId });
  });

  it('contours de quelques arrondissements de Paris seulement : pas de contour troué pour la ville ; les vingt la dessinent', async () => {
    const square = (x: number) => [[[2.2 + x * 0.01, 48.8], [2.21 + x * 0.01, 48.8], [2.21 + x * 0.01, 48.81], [2.2 + x * 0.01, 48.81], [2.2 + x * 0.01, 48.8]]];
    const arrondissement = (k: number) => ({ type: 'Feature', properties: { code: String(75100 + k) }, geometry: { type: 'Polygon', coordinates: square(k) } });
    const toulouse = { type: 'Feature', properties: { code: '31555' }, geometry: { type: 'Polygon', coordinates: [[[1.4, 43.6], [1.5, 43.6], [1.5, 43.7], [1.4, 43.7], [1.4, 43.6]]] } };
    const some = await run(ctx, { filePath: file('paris-cinq.geojson', JSON.stringify({ type: 'FeatureCollection', features: [toulouse, ...[1, 2, 3, 4, 5].map(arrondissement)] })) });
    expect(some.imported).toBe(1);
    expect(some.communes).toBe(1);
    expect(some.notes).toContain('Paris (75056) n’a que 5 de ses 20 arrondissements municipaux dans le fichier : pas de contour pour la ville, il y manquerait 15 arrondissements.');
    const refs = async (id: number | null) => (await ctx.store.db.selectFrom('outline').select('ref').where('dataset_id', '=', id!).execute()).map((r) => r.ref);
    expect(await refs(some.datasetId)).toEqual(['com:31555']);
    expect(some.remapped).toEqual([]);
    // Only arrondissements, and not all: nothing to write, and the refusal says why.
    const alone = await refused({ filePath: file('paris-deux.geojson', JSON.stringify({ type: 'FeatureCollection', features: [1, 2].map(arrondissement) })) });
    expect(alone.code).toBe('AUCUNE_DONNEE');
    expect(alone.message).toContain('Paris (75056) n’a que 2 de ses 20 arrondissements municipaux dans le fichier');
    const whole = await run(ctx, { filePath: file('paris-vingt.geojson', JSON.stringify({ type: 'FeatureCollection', features: Array.from({ length: 20 }, (_, k) => arrondissement(k + 1)) })) });
    expect(whole.imported).toBe(20);
    expect(await refs(whole.datasetId)).toEqual(['com:75056']);
    expect(whole.notes.join(' ')).not.toMatch(/arrondissements municipaux dans le fichier/);
  });

  it('un GeoJSON à l’anneau cassé est refusé en nommant l’entité', async () => {
    const ring = [[1.4, 43.6], [1.5, 43.6], [1.5, 43.7], [1.4, 43.7], [1.4, 43.6]];
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: '31555' }, geometry: { type: 'Polygon', coordinates: [ring] } },
        { type: 'Feature', properties: { code: '31001' }, geometry: { type: 'Polygon', coordinates: [ring.slice(0, 4)] } },
      ],
    };
    const e = await refused({ filePath: file('casse.geojson', JSON.stringify(fc)) });
    expect(e.code).toBe('FICHIER_REJETE');
    expect(e.message).toMatch(/ligne 2, colonne geometry.*entité 2 \(code 31001\) : anneau 1 cassé : non fermé/);
    const bad = await refused({ filePath: file('tronque.geojson', JSON.stringify(fc).slice(0, 120)) });
    expect(bad.code).toBe('FICHIER_ILLISIBLE');
    expect(bad.message).toMatch(/ligne 1, colonne \d+ : JSON invalide/);
  });

  it('--source inconnue et --millesime invalide : refus', async () => {
    expect((await refused({ filePath: sharedData('caf/inseecaf2021_31.csv'), source: 'bidule' })).code).toBe('PARAMETRE_INVALIDE');
    expect((await refused({ filePath: sharedData('caf/inseecaf2021_31.csv'), millesime: 1200 })).code).toBe('MILLESIME_INVALIDE');
    expect((await refused({ filePath: sharedData('insee/base_cc_comparateur_31.csv'), source: 'geo' })).code).toBe('FORMAT_INCONNU');
    // A source forced on a file another one plainly reads: refused, nothing filed under the wrong producer.
    const caf = await refused({ filePath: sharedData('insee/populations_legales_2023_communes_31.csv'), source: 'caf', millesime: 2023 });
    expect(caf.message).toBe('populations_legales_2023_communes_31.csv : ce fichier est un fichier de populations légales (PMUN, PCAP, PTOT), pas « caf » ; importez-le sans forcer sa source');
    expect((await refused({ filePath: sharedData('caf/inseecaf2021_31.csv'), source: 'insee' })).code).toBe('FORMAT_INCONNU');
  });
});

describe.each(storeTargets())('archives ZIP, telles que l’INSEE les publie ($name)', (target) => {
  let ctx: AppContext;
  beforeAll(async () => {
    ctx = await target.create();
  });
  afterAll(async () => target.destroy(ctx));

  const comparateur = readFileSync(sharedData('insee/base_cc_comparateur_31.csv'));
  const filosofi = readFileSync(sharedData('insee/cc_filosofi_2021_COM_31.csv'));
  const refusedArchive = refusedOn(() => ctx);

  it('une archive d’un fichier de données, de ses métadonnées et d’une notice : le fichier est importé comme lui-même, nommé « archive › fichier »', async () => {
    const meta = 'COD_VAR;LIB_VAR;LIB_VAR_LONG;COD_MOD;LIB_MOD;TYP_VAR;LONG_VAR\nCODGEO;Code du département suivi du numéro de commune;;;;CHAR;5\nP22_POP;Population en 2022;;;;NUM;10\n';
    const zip = zipArchive([
      { name: 'base_cc_comparateur_31.csv', content: comparateur },
      { name: 'meta_base_cc_comparateur_31.csv', content: meta },
      { name: 'notice.pdf', content: '%PDF-1.4', store: true },
      { name: '__MACOSX/._base_cc_comparateur_31.csv', content: 'x' },
    ]);
    const r = await run(ctx, { filePath: file('base_cc_comparateur_csv_2025.zip', zip) });
    expect(r).toMatchObject({
      file: 'base_cc_comparateur_csv_2025.zip › base_cc_comparateur_31.csv',
      archive: { file: 'base_cc_comparateur_csv_2025.zip', entry: 'base_cc_comparateur_31.csv' },
      family: 'insee',
      format: 'csv',
      rows: 586,
      imported: 586,
      secret_values: 1180,
    });
    expect(await observation(ctx, r.datasetId, 'P_POP', 2022, '31555')).toEqual({ value: 511684, status: 0, withheld: 0 });
    // Socle's own dictionary keeps its label; the digest is the data's: the same file out of its archive is a no-op.
    expect(r.variables.find((v) => v.published_name === 'P22_POP')?.label).toBe('Population municipale');
    expect(r.sha256).toBe(createHash('sha256').update(comparateur).digest('hex'));
    expect((await run(ctx, { filePath: sharedData('insee/base_cc_comparateur_31.csv') })).noop).toBe(true);
    const catalogue = await listDatasets(ctx);
    if (!catalogue.ok) throw new Error(catalogue.error.message);
    expect(catalogue.value.map((d) => d.file_name)).toContain('base_cc_comparateur_csv_2025.zip › base_cc_comparateur_31.csv');
  });

  it('les variables que le dictionnaire ne connaît pas prennent le libellé du fichier de métadonnées (Windows-1252, guillemets)', async () => {
    const meta = iconv.encode('COD_VAR;LIB_VAR;LIB_VAR_LONG\r\nCODGEO;Code géographique;\r\nP22_ZZBIB;"Bibliothèques ; médiathèques en 2022";Nombre de bibliothèques\r\nP22_ZZBIB;Autre libellé;\r\n', 'win1252');
    const zip = zipArchive([
      { name: 'equipements/meta_equipements.csv', content: meta },
      { name: 'equipements/equipements.csv', content: 'CODGEO;P22_ZZBIB;P22_ZZNEUF\n31555;42;1\n31069;1;2\n' },
    ]);
    const r = await run(ctx, { filePath: file('equipements.zip', zip) });
    expect(r.file).toBe('equipements.zip › equipements/equipements.csv');
    expect(r.unknown_variables).toEqual(['P22_ZZBIB', 'P22_ZZNEUF']);
    expect(r.variables.map((v) => v.label)).toEqual(['Bibliothèques ; médiathèques en 2022', 'P22_ZZNEUF']);
    expect(r.notes).toContain('1 variable absente du dictionnaire nommée d’après le fichier de métadonnées de l’archive.');
    expect(await observation(ctx, r.datasetId, 'P_ZZBIB', 2022, '31555')).toEqual({ value: 42, status: 0, withheld: 0 });
  });

  it('plusieurs fichiers de données : refus qui les liste, rien d’écrit ; --entry choisit par son nom', async () => {
    const zip = file('base-cc-filosofi-2021.zip', zipArchive([
      { name: 'cc_filosofi_2021_COM_31.csv', content: filosofi },
      { name: 'cc_filosofi_2021_EPCI.csv', content: 'CODGEO;LIBGEO;MED21\n200066819;CC du Volvestre;21500\n' },
      { name: 'meta_cc_filosofi_2021.csv', content: 'COD_VAR;LIB_VAR\nMED21;Médiane du niveau de vie\n' },
    ]));
    const e = await refusedArchive({ filePath: zip });
    expect(e.code).toBe('ARCHIVE_A_CHOISIR');
    expect(e.message).toBe('base-cc-filosofi-2021.zip : archive de 2 fichiers de données (cc_filosofi_2021_COM_31.csv, cc_filosofi_2021_EPCI.csv) ; choisissez celui à importer (--entry cc_filosofi_2021_COM_31.csv)');
    expect(e.details).toEqual({ entries: ['cc_filosofi_2021_COM_31.csv', 'cc_filosofi_2021_EPCI.csv'] });
    const epci = await run(ctx, { filePath: zip, entry: 'CC_FILOSOFI_2021_EPCI.CSV' });
    expect(epci).toMatchObject({ archive: { entry: 'cc_filosofi_2021_EPCI.csv' }, imported: 1, millesimes: [2021], territories: { com: 0, epci: 1, dep: 0, reg: 0, fr: 0 } });
    expect(await observation(ctx, epci.datasetId, 'MED', 2021, '200066819', 'epci')).toEqual({ value: 21500, status: 0, withheld: 0 });
    const com = await run(ctx, { filePath: zip, entry: 'cc_filosofi_2021_COM_31.csv' });
    expect(com).toMatchObject({ imported: 586, secret_values: 12363, territories: { com: 586, epci: 0, dep: 0, reg: 0, fr: 0 } });
    const missing = await refusedArchive({ filePath: zip, entry: 'cc_filosofi_2021_DEP.csv' });
    expect(missing).toMatchObject({ code: 'PARAMETRE_INVALIDE' });
    expect(missing.message).toBe('--entry « cc_filosofi_2021_DEP.csv » : base-cc-filosofi-2021.zip ne contient pas ce fichier ; fichiers de données : cc_filosofi_2021_COM_31.csv, cc_filosofi_2021_EPCI.csv');
  });

  it('archive sans données, entrée endommagée ou plus grosse qu’annoncé, archive dans l’archive, --entry sur un CSV : refus qui nomment le fichier, rien d’écrit', async () => {
    // The copies go to a temporary folder of this test's own (other test files import archives at the same time).
    const ownTmp = mkdtempSync(join(dir, 'tmp-'));
    const previousTmp = process.env.TMPDIR;
    process.env.TMPDIR = ownTmp;
    try {
      const none = await refusedArchive({ filePath: file('notice.zip', zipArchive([{ name: 'lisez-moi.pdf', content: '%PDF' }, { name: 'carte.png', content: 'PNG' }])) });
      expect(none).toMatchObject({ code: 'AUCUNE_DONNEE', message: 'notice.zip : archive ZIP sans fichier de données (CSV, XLSX, XLS ou GeoJSON) ; elle contient : lisez-moi.pdf, carte.png' });
      const empty = await refusedArchive({ filePath: file('vide.zip', zipArchive([])) });
      expect(empty.message).toBe('vide.zip : archive ZIP sans fichier de données (CSV, XLSX, XLS ou GeoJSON) ; elle est vide');
      // Deflated bytes cut in the middle: the entry cannot be inflated.
      const sound = zipArchive([{ name: 'donnees.csv', content: 'CODGEO;P22_POP\n' + '31555;1\n'.repeat(5000) }]);
      const damaged = Buffer.from(sound);
      damaged.fill(0xff, 60, 90);
      const broken = await refusedArchive({ filePath: file('abime.zip', damaged) });
      expect(broken.code).toBe('FICHIER_ILLISIBLE');
      expect(broken.message).toMatch(/^abime\.zip › donnees\.csv : fichier de l’archive illisible \(détail : .+\)$/);
      // An entry that inflates past the size its headers declare (a ZIP bomb would): stopped there.
      const lying = await refusedArchive({ filePath: file('bombe.zip', zipArchive([{ name: 'donnees.csv', content: 'CODGEO;P22_POP\n' + '31555;1\n'.repeat(50_000), declaredSize: 1000 }])) });
      expect(lying.message).toBe('bombe.zip › donnees.csv : fichier de l’archive illisible (détail : il se décompresse en plus d’octets que l’archive ne l’annonce)');
      const inner = zipArchive([{ name: 'a.csv', content: 'CODGEO;P22_POP\n31555;1\n' }]);
      const nested = await refusedArchive({ filePath: file('poupee.zip', zipArchive([{ name: 'donnees.csv', content: inner, store: true }])) });
      expect(nested).toMatchObject({ code: 'FORMAT_INCONNU', message: 'poupee.zip › donnees.csv : archive ZIP dans une archive ; extrayez-la d’abord' });
      // A file named .zip that is no archive at all (a broken download): refused as an archive, empty or not.
      for (const content of ['garbage', '']) {
        expect(await refusedArchive({ filePath: file('x.zip', content) })).toMatchObject({
          code: 'FICHIER_ILLISIBLE',
          message: 'x.zip : archive ZIP illisible : ce n’est pas une archive ZIP (téléchargement incomplet ou fichier renommé ?)',
        });
      }
      const plain = await refusedArchive({ filePath: sharedData('insee/cc_filosofi_2021_COM_31.csv'), entry: 'x.csv' });
      expect(plain.message).toBe('--entry « x.csv » : cc_filosofi_2021_COM_31.csv n’est pas une archive ZIP ; cette option choisit un fichier dans une archive');
      // Nothing of the failed archives is left in the temporary folder.
      expect(tmpdir()).toBe(ownTmp);
      expect(readdirSync(ownTmp)).toEqual([]);
    } finally {
      if (previousTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previousTmp;
    }
  });
});

describe.each(storeTargets())('noms de fichiers, arrondissements municipaux, dates de référence ($name)', (target) => {
  let ctx: AppContext;
  beforeAll(async () => {
    ctx = await target.create();
  });
  afterAll(async () => target.destroy(ctx));

  const refused = refusedOn(() => ctx);
  const answer = async (name: string, ref: string) => {
    const v = await getValue(ctx, { name, ref });
    if (!v.ok) throw new Error(v.error.message);
    return { status: v.value.status, value: v.value.value };
  };
  /** The first `n` communes of Haute-Garonne, one row each. */
  const communeRows = (n: number, row: (code: string, k: number) => string): string[] =>
    Array.from(ctx.referential.departements.get('31')!.members.slice(0, n), (i, k) => row(ctx.referential.codes[i], k));

  it('un mot court du nom (« au 01-01-2025 », « CV », « arr ») ne fait pas un zonage : seuls UU2020, BV2022… ou les noms en toutes lettres le disent', async () => {
    const comparateur = readFileSync(sharedData('insee/base_cc_comparateur_31.csv'));
    const au = await run(ctx, { filePath: file('comparateur_31_au_01-01-2025.csv', comparateur), dryRun: true });
    expect(au).toMatchObject({ imported: 586, communes: 586, rejected_rows: 0 });
    expect(await run(ctx, { filePath: file('Base comparateur CV Haute-Garonne.csv', comparateur), dryRun: true })).toMatchObject({ imported: 586 });
    const lyon = await run(ctx, { filePath: file('lyon_arr.csv', 'CODGEO;P22_POP\n69381;29000\n69382;31000\n'), dryRun: true });
    expect(lyon).toMatchObject({ imported: 2, territories: { com: 1 } });
    // INSEE's own names of zonings are still refused, a name written out in words too, when the rows do not say communes.
    const ze = await refused({ filePath: file('cc_filosofi_2021_ZE2020.csv', `CODGEO;MED21\n${communeRows(25, (_, k) => `76${String(k).padStart(2, '0')};20000`).join('\n')}\n`) });
    expect(ze.message).toBe('cc_filosofi_2021_ZE2020.csv, ligne 1, colonne CODGEO : d’après son nom (« ZE2020 »), ce fichier donne des zones d’emploi, un zonage que Socle ne lit pas (communes, IRIS, EPCI, départements, régions, France) ; rien n’a été écrit');
    const few = await refused({ filePath: file('Bassin de vie de Muret.csv', 'CODGEO;P22_POP\n31395;25000\n31033;3000\n') });
    expect(few.message).toContain('d’après son nom (« BASSIN DE VIE »), ce fichier donne des bassins de vie');
  });

  it('un nom de zonage dont les lignes sont presque toutes des communes (≥ 95 % de 20 lignes ou plus) est lu comme un fichier de communes, sauf les bassins de vie de l’INSEE (…_BV2022)', async () => {
    const rows = communeRows(25, (code, k) => `${code};${100 + k}`);
    const aav = await run(ctx, { filePath: file('aire d’attraction de Toulouse.csv', `CODGEO;P22_POP\n${rows.join('\n')}\n`), dryRun: true });
    expect(aav).toMatchObject({ imported: 25, communes: 25 });
    expect(aav.notes).toContain('Le nom du fichier évoque des aires d’attraction des villes (« AIRE D ATTRACTION »), mais ses lignes portent des codes de communes (25 sur 25) : lues comme des communes.');
    const uu = await run(ctx, { filePath: file('pop_UU2020.csv', `CODGEO;P22_POP\n${rows.join('\n')}\n`), dryRun: true });
    expect(uu.imported).toBe(25);
    // A bassin de vie carries its main commune's code: codes alone never tell INSEE's file of bassins de vie.
    const bv = await refused({ filePath: file('base_cc_comparateur_BV2022.csv', `CODGEO;P22_POP\n${rows.join('\n')}\n`) });
    expect(bv.message).toContain('(« BV2022 »), ce fichier donne des bassins de vie');
    // One code of 3 or 4 characters, as a zoning writes them, and the name is believed.
    const aav3 = await refused({ filePath: file('aire d’attraction de Toulouse.csv', `CODGEO;P22_POP\n${rows.join('\n')}\n004;12\n`) });
    expect(aav3.code).toBe('FORMAT_INCONNU');
  });

  it('des arrondissements municipaux sans tous les autres ni la ville : sommes partielles, médianes et taux manquants pour la ville', async () => {
    const m = await run(ctx, { filePath: file('m.csv', 'CODGEO;LIBGEO;P22_POP;MED21;TP6021\n13201;Marseille 1er;40000;14000;40,0\n13202;Marseille 2e;25000;15000;38,0\n') });
    expect(await observation(ctx, m.datasetId, 'P_POP', 2022, '13055')).toEqual({ value: 65000, status: 1, withheld: 14 });
    expect(await observation(ctx, m.datasetId, 'MED', 2021, '13055')).toEqual({ value: null, status: 3, withheld: 0 });
    expect(m.notes).toContain('Marseille (13055) n’a que 2 de ses 16 arrondissements municipaux dans le fichier : ses sommes sont partielles (il en manque 14), ses valeurs non additives (médianes, taux) manquantes.');
    expect(await answer('P22_POP', 'com:13055')).toEqual({ status: 'partial', value: 65000 });
    const l = await run(ctx, { filePath: file('l.csv', 'CODGEO;LIBGEO;P22_POP;MED21;TP6021\n69381;Lyon 1er;29000;24000;16,0\n') });
    expect(await observation(ctx, l.datasetId, 'P_POP', 2022, '69123')).toEqual({ value: 29000, status: 1, withheld: 8 });
    expect(await observation(ctx, l.datasetId, 'MED', 2021, '69123')).toEqual({ value: null, status: 3, withheld: 0 });
    expect((await answer('MED21', 'com:69123')).status).toBe('missing');
    expect(await answer('P22_POP', 'com:69123')).toEqual({ status: 'partial', value: 29000 });
    // An arrondissement alone and withheld: nothing is known of the city, which is not withheld for that.
    const s = await run(ctx, { filePath: file('s.csv', 'CODGEO;P21_POP\n13203;s\n'), dryRun: true, millesime: 2021 });
    expect(s.notes.join(' ')).toMatch(/Marseille \(13055\) n’a que 1 de ses 16/);
    // The twenty arrondissements of Paris make the whole city.
    const paris = Array.from({ length: 20 }, (_, a) => `751${String(a + 1).padStart(2, '0')};Paris ${a + 1};${(a + 1) * 1000};${20000 + a};10,0`);
    const p = await run(ctx, { filePath: file('paris.csv', `CODGEO;LIBGEO;P20_POP;MED19;TP6019\n${paris.join('\n')}\n`) });
    expect(await observation(ctx, p.datasetId, 'P_POP', 2020, '75056')).toEqual({ value: 210000, status: 0, withheld: 0 });
    expect(await answer('P20_POP', 'com:75056')).toEqual({ status: 'ok', value: 210000 });
  });

  it('fichiers IRIS de l’INSEE : TRIRIS, GRD_QUART, TYP_IRIS, MODIF_IRIS, LAB_IRIS et LIBIRIS sont des codes et des noms, pas des chiffres', async () => {
    const r = await run(ctx, {
      filePath: file(
        'base-ic-evol-struct-pop-2021.csv',
        'IRIS;REG;DEP;UU2020;COM;LIBCOM;TRIRIS;GRD_QUART;LIBIRIS;TYP_IRIS;MODIF_IRIS;LAB_IRIS;P21_POP;P21_POP0014\n315550101;76;31;31701;31555;Toulouse;310011;3155501;Capitole;H;00;1;1200;150\n315550102;76;31;31701;31555;Toulouse;310011;3155501;Saint-Georges;H;00;1;1500;180\n',
      ),
      dryRun: true,
    });
    expect(r.variables.map((v) => v.published_name)).toEqual(['P21_POP', 'P21_POP0014']);
    expect(r.unknown_variables).toEqual([]);
  });

  const cafHead = 'Communes;Codes_Insee;Date_Ref;NB_allocataires;NB_allocataire_RSA';
  it('CNAF : Date_Ref donne le millésime du fichier (une année ou une date), jamais un chiffre ; --millesime contraire refusé', async () => {
    const r = await run(ctx, { filePath: file('rsa_communes.csv', `${cafHead}\nTOULOUSE;31555;2021;170000;17000\nBLAGNAC;31069;2021;6000;400\n`) });
    expect(r).toMatchObject({ family: 'caf', millesimes: [2021] });
    expect(r.variables.map((v) => v.published_name)).toEqual(['NB_allocataires', 'NB_allocataire_RSA']);
    expect(r.notes).toContain('Millésime 2021 lu dans la colonne Date_Ref (« 2021 », ligne 2).');
    expect(await observation(ctx, r.datasetId, 'CAF_ARSAS', 2021, '31555')).toEqual({ value: 17000, status: 0, withheld: 0 });
    const dated = await run(ctx, { filePath: file('rsa.csv', `${cafHead}\nTOULOUSE;31555;2022-12-31;171000;17100\n`), dryRun: true });
    expect(dated.millesimes).toEqual([2022]);
    const annee = await run(ctx, { filePath: file('aah.csv', 'Communes;Codes_Insee;Annee;NB_allocataires;ALL_AAH\nTOULOUSE;31555;2020;165000;8800\n'), dryRun: true });
    expect(annee).toMatchObject({ millesimes: [2020], variables: [{ published_name: 'NB_allocataires' }, { published_name: 'ALL_AAH' }] });
    const contrary = await refused({ filePath: file('rsa.csv', `${cafHead}\nTOULOUSE;31555;2021;170000;17000\n`), millesime: 2022 });
    expect(contrary).toMatchObject({ code: 'MILLESIME_INVALIDE' });
    expect(contrary.message).toBe('rsa.csv, colonne Date_Ref : aucune ligne du millésime 2022 demandé ; le fichier donne le millésime 2021 ; rien n’a été écrit');
    const bad = await refused({ filePath: file('rsa.csv', `${cafHead}\nTOULOUSE;31555;fin 2021;170000;17000\n`) });
    expect(bad.message).toBe('rsa.csv rejeté : 1 ligne refusée sur 1 ; rien n’a été écrit. Premier refus : ligne 2, colonne Date_Ref, valeur « fin 2021 » : une année (2022) ou une date (31/12/2022, 2022-12-31) est attendue.');
  });

  it('CNAF : un fichier de deux millésimes dans Date_Ref donne un jeu de données par millésime, écrits ensemble ; --millesime en choisit un', async () => {
    const content = `${cafHead}\nTOULOUSE;31555;2021;170000;17000\nBLAGNAC;31069;2021;6000;400\nTOULOUSE;31555;2022;171000;17100\nBLAGNAC;31069;2022;6100;\n`;
    // One year of it, asked for: the other rows are left out, and the report says how many.
    const one = await run(ctx, { filePath: file('rsa.csv', content), millesime: 2022, dryRun: true });
    expect(one).toMatchObject({ millesimes: [2022], rows: 2, imported: 2, noop: false });
    expect(one.notes).toContain('Millésime 2022 seul retenu : 2 lignes d’autre millésime (2021) laissées de côté.');
    const both = await run(ctx, { filePath: file('rsa_2021_2022.csv', content) });
    expect(both).toMatchObject({ family: 'caf', millesimes: [2021, 2022], rows: 4, imported: 4, secret_values: 1, title: 'Allocataires CAF par commune 2021, 2022' });
    expect(both.notes[0]).toBe('Fichier de 2 millésimes dans sa colonne Date_Ref (2021, 2022) : chacun est lu et enregistré comme un jeu de données, tous dans la même transaction.');
    expect(both.datasets).toHaveLength(2);
    const [d2021, d2022] = both.datasets!;
    expect(both.datasetId).toBe(d2021);
    expect(await observation(ctx, d2021, 'CAF_ARSAS', 2021, '31555')).toEqual({ value: 17000, status: 0, withheld: 0 });
    expect(await observation(ctx, d2022, 'CAF_ARSAS', 2022, '31555')).toEqual({ value: 17100, status: 0, withheld: 0 });
    expect(await observation(ctx, d2022, 'CAF_ARSAS', 2022, '31069')).toMatchObject({ status: 2 });
    expect(await observation(ctx, d2021, 'CAF_ARSAS', 2022, '31555')).toBeUndefined();
    expect(await answer('part_allocataires_rsa', 'com:31555')).toEqual({ status: 'ok', value: (17100 / 171000) * 100 });
    // The same file again: nothing changes.
    expect((await run(ctx, { filePath: file('rsa_2021_2022.csv', content) })).noop).toBe(true);
    // One year of it, now imported: nothing changes either.
    expect((await run(ctx, { filePath: file('rsa.csv', content), millesime: 2022 })).noop).toBe(true);
  });

  it('CNAF : chaque année du fichier est lue, même absente des premières lignes ; une année déjà importée n’empêche pas les autres', async () => {
    // 30 communes a year, 2017 to 2021: the first 20 rows show 2017 only.
    const rows = (year: number) => communeRows(30, (code, k) => `COMMUNE ${k};${code};31/12/${year};${1000 + year - 2000 + k};${k}`);
    const content = `${cafHead}\n${[2017, 2018, 2019, 2020, 2021].flatMap(rows).join('\n')}\n`;
    const first = await run(ctx, { filePath: file('cinq_ans.csv', content), millesime: 2019 });
    expect(first).toMatchObject({ millesimes: [2019], rows: 30 });
    const all = await run(ctx, { filePath: file('cinq_ans.csv', content) });
    expect(all).toMatchObject({ noop: false, millesimes: [2017, 2018, 2020, 2021], rows: 120, imported: 120 });
    expect(all.datasets).toHaveLength(4);
    expect(all.notes).toContain(`Déjà importé de ce fichier, inchangé : 2019 (jeu de données n° ${first.datasetId}).`);
    const code = ctx.referential.codes[ctx.referential.departements.get('31')!.members[0]];
    expect(await observation(ctx, all.datasets![3], 'CAF_A', 2021, code)).toEqual({ value: 1021, status: 0, withheld: 0 });
    expect(await observation(ctx, all.datasets![0], 'CAF_A', 2017, code)).toEqual({ value: 1017, status: 0, withheld: 0 });
    const again = await run(ctx, { filePath: file('cinq_ans.csv', content) });
    expect(again).toMatchObject({ noop: true, millesimes: [2017, 2018, 2019, 2020, 2021], rows: 150 });
    expect(again.datasets).toHaveLength(5);
  });

  it('CNAF : une date vide, illisible ou future est une ligne refusée, comptée une fois, jamais rangée dans une année', async () => {
    const rows = (year: number) => communeRows(30, (code, k) => `COMMUNE ${k};${code};${year === 2021 && k === 3 ? '' : year === 2021 && k === 4 ? '2021x' : year === 2021 && k === 5 ? '2099' : `31/12/${year}`};${100 + k};${k}`);
    const e = await refused({ filePath: file('dates.csv', `${cafHead}\n${[...rows(2020), ...rows(2021)].join('\n')}\n`), dryRun: true });
    expect(e.code).toBe('FICHIER_REJETE');
    const report = e.details as ImportReport;
    expect(report.rejected_rows).toBe(3);
    expect(report.rows).toBe(60);
    expect(report.rejected.map((r) => [r.line, r.value, r.reason.split(' :')[0]])).toEqual([
      [35, '', 'date de référence vide'],
      [36, '2021x', 'une année (2022) ou une date (31/12/2022, 2022-12-31) est attendue'],
      [37, '2099', 'année 2099 postérieure à 2027'],
    ]);
  });

  it('CNAF : un fichier de plusieurs millésimes dont une année a une valeur illisible n’écrit aucun des deux', async () => {
    const rows = (year: number, bad = false) => communeRows(30, (code, k) => `COMMUNE ${k};${code};31/12/${year};${bad && k === 7 ? 'abc' : 100 + k};${k}`);
    const before = await ctx.store.db.selectFrom('dataset').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const e = await refused({ filePath: file('rsa_multi_bad.csv', `${cafHead}\n${[...rows(2019), ...rows(2020, true)].join('\n')}\n`) });
    expect(e.code).toBe('FICHIER_REJETE');
    expect(e.message).toContain('Premier refus : ligne 39, colonne NB_allocataires, valeur « abc »');
    const after = await ctx.store.db.selectFrom('dataset').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('populations légales : « Date de référence statistique : 1er janvier 2023 » au titre donne le millésime 2023, pas la date d’entrée en vigueur', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Communes');
    for (const t of ['Populations légales des communes en vigueur au 1er janvier 2026', 'Date de référence statistique : 1er janvier 2023', 'Date d’entrée en vigueur : 1er janvier 2026']) ws.addRow([t]);
    ws.addRow([]);
    ws.addRow(['Code département', 'Code commune', 'Nom de la commune', 'Population municipale', 'Population comptée à part', 'Population totale']);
    ws.addRow(['31', '001', 'Agassac', 115, 2, 117]);
    const p = join(dir, 'pop-legales-2023.xlsx');
    await wb.xlsx.writeFile(p);
    const r = await run(ctx, { filePath: p, dryRun: true });
    expect(r).toMatchObject({ family: 'populations-legales', millesimes: [2023] });
    expect(r.notes).toContain('Millésime 2023 lu dans le titre du fichier (« Date de référence statistique : 1er janvier 2023 »).');
  });

  it('UTF-16 sans marque d’ordre des octets : reconnu à ses octets nuls, en petit et grand boutiste, et dit tel au rapport', async () => {
    const text = 'CODGEO;LIBGEO;P22_POP\r\n31471;Saint-Béat-Lez;412\r\n31555;Toulouse;511684\r\n';
    const le = await run(ctx, { filePath: file('sans-bom-le.csv', iconv.encode(text, 'utf16le')), dryRun: true });
    expect(le).toMatchObject({ rows: 2, imported: 2, encoding: 'UTF-16LE' });
    expect(le.notes).toContain('Fichier en UTF-16 (« Texte Unicode » d’Excel) converti en UTF-8 pour sa lecture.');
    expect(await run(ctx, { filePath: file('sans-bom-be.csv', iconv.encode(text, 'utf16be')), dryRun: true })).toMatchObject({ rows: 2, imported: 2, encoding: 'UTF-16BE' });
  });

  it('les marques de l’INSEE sans chiffre (N/A - résultat non disponible, N/A - division par 0, ns, nc, so, -) : manquantes ou secrètes, la ligne gardée et comptée', async () => {
    // INSEE's XLSX bases (séries historiques, statistiques locales) write why a cell has no figure.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('COM_2018');
    for (const t of ['Séries historiques sur la population et le logement en 2018, 2013, 2008, 1999', 'Zone géographique : France hors Mayotte']) ws.addRow([t]);
    ws.addRow([]);
    ws.addRow(['CODGEO', 'LIBGEO', 'P18_POP', 'P13_POP', 'P18_LOGVAC', 'P18_LOG']);
    ws.addRow(['31555', 'Toulouse', 486828, 471941, 24000, 290000]);
    ws.addRow(['97611', 'Mamoudzou', 'N/A - résultat non disponible', 'N/A - résultat non disponible', 'N/A - résultat non disponible', 'N/A - résultat non disponible']);
    ws.addRow(['2A004', 'Ajaccio', 71361, 67507, 'N/A - division par 0', 38000]);
    const p = join(dir, 'base-cc-serie-historique-2018.xlsx');
    await wb.xlsx.writeFile(p);
    const r = await run(ctx, { filePath: p });
    expect(r).toMatchObject({ rows: 3, imported: 3, rejected_rows: 0, missing_values: 5, secret_values: 0 });
    expect(r.variables.map((v) => v.published_name)).toEqual(['P18_POP', 'P13_POP', 'P18_LOGVAC', 'P18_LOG']);
    expect(await observation(ctx, r.datasetId, 'P_POP', 2018, '97611')).toEqual({ value: null, status: 3, withheld: 0 });
    expect(await observation(ctx, r.datasetId, 'P_LOGVAC', 2018, '2A004')).toEqual({ value: null, status: 3, withheld: 0 });
    expect(await observation(ctx, r.datasetId, 'P_LOG', 2018, '2A004')).toEqual({ value: 38000, status: 0, withheld: 0 });
    // Filosofi by IRIS: `ns` (non significatif) and `nc` (non communiqué) are withheld, `so` (sans objet) and `-` missing.
    const iris = await run(ctx, {
      filePath: file(
        'BASE_TD_FILO_IRIS_2021_DISP.csv',
        'IRIS;LIBIRIS;COM;LIBCOM;NBMENFISC21;DISP_TP6021\n310010000;Agassac;31001;Agassac;ns;ns\n315550101;Capitole;31555;Toulouse;1200;10,5\n315550102;St-Georges;31555;Toulouse;nc;so\n310690101;Blagnac 1;31069;Blagnac;900;-\n',
      ),
    });
    expect(iris).toMatchObject({ rows: 4, imported: 4, rejected_rows: 0, secret_values: 3, missing_values: 2 });
    expect(await observation(ctx, iris.datasetId, 'NBMENFISC', 2021, '31001')).toEqual({ value: null, status: 2, withheld: 0 });
    expect(await observation(ctx, iris.datasetId, 'NBMENFISC', 2021, '31555')).toEqual({ value: 1200, status: 1, withheld: 1 });
    expect(await observation(ctx, iris.datasetId, 'NBMENFISC', 2021, '31069')).toEqual({ value: 900, status: 0, withheld: 0 });
  });

  it('messages : un en-tête répété au milieu du fichier est dit tel, un département sans son zéro (1) est lu 01, une date d’un classeur est lue comme une date', async () => {
    const twice = await refused({ filePath: file('deux_fichiers.csv', 'CODGEO;LIBGEO;P22_POP\n31555;Toulouse;511684\n31069;Blagnac;25932\nCODGEO;LIBGEO;P22_POP\n31044;Balma;17240\n') });
    expect(twice.message).toBe(
      'deux_fichiers.csv rejeté : 1 ligne refusée sur 4 ; rien n’a été écrit (--accept-partial importe les lignes valides). Premier refus : ligne 4, colonne CODGEO, valeur « CODGEO » : l’en-tête est répété (déjà ligne 1) : deux fichiers mis bout à bout ? Retirez cette ligne.',
    );
    expect((twice.details as ImportReport).unknown_codes).toEqual([]);
    const other = await refused({ filePath: file('deux_autres.csv', 'CODGEO;P22_POP\n31555;511684\nCODGEO;MED21;TP6021\n31044;27800;8,1\n') });
    expect((other.details as ImportReport).rejected).toEqual([
      { line: 3, column: 'CODGEO', value: 'CODGEO', reason: 'ligne d’en-tête au milieu des données, différente de celle de la ligne 1 : deux fichiers mis bout à bout ? Importez-les séparément' },
      { line: 4, column: '(colonne 3)', value: '8,1', reason: 'ligne trop longue : 3 champs au lieu de 2' },
    ]);
    // A file of départements saved by Excel: `1` is the Ain.
    const deps = await run(ctx, { filePath: file('revenus_DEP.csv', 'CODGEO;NBMENFISC21;MED21\n1;270000;25300\n2;230000;20500\n31;650000;23580\n'), dryRun: true });
    expect(deps).toMatchObject({ rows: 3, imported: 3, rejected_rows: 0, territories: { dep: 3, reg: 0, com: 0 } });
    const ain = await run(ctx, { filePath: file('revenus_ain_DEP.csv', 'CODGEO;MED21\n1;25300\n') });
    expect(await observation(ctx, ain.datasetId, 'MED', 2021, '01', 'dep')).toEqual({ value: 25300, status: 0, withheld: 0 });
    // A workbook's Date_Ref typed as a date: its year, said as the date it is (not Excel's day number, 44561).
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('RSA');
    ws.addRow(['Communes', 'Codes_Insee', 'NB_allocataires', 'NB_allocataire_RSA', 'Date_Ref']);
    ws.addRow(['TOULOUSE', '31555', 150000, 25000, new Date(Date.UTC(2021, 11, 31))]);
    ws.addRow(['BLAGNAC', '31069', 8000, { error: '#N/A' }, new Date(Date.UTC(2021, 11, 31))]);
    const p = join(dir, 'rsa_communes.xlsx');
    await wb.xlsx.writeFile(p);
    const caf = await run(ctx, { filePath: p, dryRun: true });
    expect(caf).toMatchObject({ family: 'caf', millesimes: [2021], rows: 2, imported: 2, missing_values: 1 });
    expect(caf.notes).toContain('Millésime 2021 lu dans la colonne Date_Ref (« 2021-12-31 », ligne 2).');
  });

  it('une page web enregistrée sous un nom en .csv, .xlsx ou .geojson est refusée : téléchargez le fichier lui-même', async () => {
    const e = await refused({ filePath: file('base_cc_comparateur.csv', '\n<!DOCTYPE html>\n<html lang="fr"><head><title>Base du comparateur de territoires | Insee</title></head><body>…</body></html>\n') });
    expect(e).toMatchObject({ code: 'FORMAT_INCONNU', message: 'base_cc_comparateur.csv, ligne 1 : ce fichier est une page web (HTML), pas un fichier de données : téléchargez le fichier lui-même' });
    // Saved under the name of a workbook or of outlines, it is the same page, said the same way.
    for (const name of ['base-cc-serie-historique.xlsx', 'communes.geojson']) {
      const page = await refused({ filePath: file(name, '<!doctype html>\n<html><head><title>Téléchargement</title></head><body>…</body></html>\n') });
      expect(page).toMatchObject({ code: 'FORMAT_INCONNU', message: `${name}, ligne 1 : ce fichier est une page web (HTML), pas un fichier de données : téléchargez le fichier lui-même` });
    }
  });
});
