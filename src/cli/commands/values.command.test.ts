// `socle values` as a person runs it: the real bin on a temporary SQLite file with the comparateur and Filosofi.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { socleOnTemporaryDatabase } from '../../../test/helpers/cli.js';
import { sharedData } from '../../../test/helpers/test-stores.js';

const { dir, bin, database, socle } = socleOnTemporaryDatabase('socle-cli-values-');

describe('socle values', () => {
  beforeAll(() => {
    const r = socle('import', sharedData('insee/base_cc_comparateur_31.csv'), sharedData('insee/cc_filosofi_2021_COM_31.csv'));
    expect(r.status, r.stderr).toBe(0);
  });

  it('le tableau des communes d’un EPCI, de la plus forte valeur à la plus faible, avec les rangs', () => {
    const r = socle('values', 'taux_chomage_15_64', '--within', 'epci:200066819');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Taux de chômage des 15-64 ans — communes de la CC du Volvestre (epci:200066819), millésime 2022');
    expect(lines[1]).toBe('32 communes, 32 valeurs, de la plus forte à la plus faible');
    expect(lines[3]).toMatch(/^rang {2}territoire +code +valeur$/);
    // The same figures as the JSON, in order, each once.
    const json = socle('values', 'taux_chomage_15_64', '--within', 'epci:200066819', '--json');
    const values = (JSON.parse(json.stdout) as { values: { ref: string; value: number }[] }).values;
    const sorted = [...values].sort((a, b) => b.value - a.value);
    const rows = lines.slice(4, 36);
    expect(rows.map((l) => /com:\d{5}/.exec(l)![0])).toEqual(sorted.map((v) => v.ref));
    expect(rows[0]).toMatch(/^ {3}1 {2}Montbrun-Bocage +com:31365 +20,2\u202F%$/);
    // The JSON carries each row's rank, the table's.
    const ranked = (JSON.parse(json.stdout) as { values: { ref: string; rank: number | null }[] }).values;
    expect(ranked.find((v) => v.ref === 'com:31365')!.rank).toBe(1);
    expect(ranked.every((v) => Number.isInteger(v.rank))).toBe(true);
    expect(r.stdout).toContain('sources : Base du comparateur de territoires 2025 (2022)');
  });

  it('une médiane sur les EPCI : non agrégeable, dit en clair, sans rang', () => {
    const r = socle('values', 'revenu_median', '--within', 'dep:31', '--level', 'epci');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[1]).toBe('18 intercommunalités, 0 valeur, de la plus forte à la plus faible');
    expect(r.stdout).toMatch(/^ {3}— {2}CC du Volvestre +epci:200066819 +— {2}non agrégeable$/m);
  });

  it('--out écrit un CSV pour Excel en français ou un classeur avec la définition ; une autre extension est refusée', async () => {
    const csv = join(dir, 'chomage.csv');
    const r = socle('values', 'taux_chomage_15_64', '--within', 'epci:200066819', '--out', csv);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`Tableau écrit : ${csv} — Taux de chômage des 15-64 ans, 32 lignes (communes de la CC du Volvestre).`);
    const text = readFileSync(csv, 'utf8');
    expect(text.startsWith('\uFEFFrang;reference;code;territoire;valeur;unite;statut;millesime\r\n')).toBe(true);
    // Ranked as the table is: the highest value first.
    expect(text).toMatch(/\r\n1;com:31365;31365;Montbrun-Bocage;20,16\d*;%;disponible;2022\r\n/);
    expect(text.split('\r\n')[1]).toMatch(/^1;com:31365;/);
    const xlsx = join(dir, 'chomage.xlsx');
    expect(socle('values', 'taux_chomage_15_64', '--within', 'epci:200066819', '--out', xlsx).status).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Valeurs', 'Définition et sources']);
    expect(wb.getWorksheet('Valeurs')!.rowCount).toBe(33);
    // The official code is text, so that a leading zero (01001, 2A004) survives.
    expect(wb.getWorksheet('Valeurs')!.getRow(2).values).toEqual([undefined, 1, 'com:31365', '31365', 'Montbrun-Bocage', expect.closeTo(20.16, 2), 'disponible']);
    const bad = socle('values', 'taux_chomage_15_64', '--within', 'epci:200066819', '--out', join(dir, 'chomage.txt'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('un fichier .csv ou .xlsx est attendu');
    const coarser = socle('values', 'taux_chomage_15_64', '--within', 'epci:200066819', '--level', 'dep');
    expect(coarser.status).toBe(2);
    expect(coarser.stderr).toContain('niveau « dep » : CC du Volvestre (epci:200066819) ne se divise pas en départements ; niveau attendu : com ou epci');
    const nowhere = socle('values', 'taux_chomage_15_64', '--within', 'epci:200066819', '--out', join(dir, 'absent', 'x.csv'));
    expect(nowhere.status).toBe(2);
    expect(nowhere.stderr).toContain(`le dossier ${join(dir, 'absent')} n'existe pas`);
  });

  it('--database et --json avant la sous-commande valent pour elle (socle perimeter --database … list)', () => {
    expect(socle('perimeter', 'create', 'deux-communes', '--name', 'Deux communes', '--members', 'com:31555,com:31069').status).toBe(0);
    const before = spawnSync(process.execPath, [bin, 'perimeter', '--json', '--database', database, 'list'], { encoding: 'utf8' });
    expect(before.status, before.stderr).toBe(0);
    expect((JSON.parse(before.stdout) as { slug: string }[]).map((p) => p.slug)).toEqual(['deux-communes']);
  });

  it('avec --json, une option manquante ou une base mal nommée est dite en JSON sur la sortie standard aussi', () => {
    const missing = socle('values', 'population', '--json');
    expect(missing.status).toBe(2);
    expect(JSON.parse(missing.stdout)).toEqual({ error: { code: 'PARAMETRE_INVALIDE', message: 'option obligatoire absente « --within <ref> »' } });
    const base = spawnSync(process.execPath, [bin, 'value', 'population', 'fr', '--json', '--database', 'mysql://x'], { encoding: 'utf8' });
    expect(base.status).toBe(2);
    expect(JSON.parse(base.stdout).error.message).toContain('l\'adresse doit commencer par sqlite: ou postgres://');
  });
});
