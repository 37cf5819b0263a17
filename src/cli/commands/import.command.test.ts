// `socle import` and `socle datasets` as a person runs them: the real bin on a temporary SQLite file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/helpers/test-stores.js';

const bin = new URL('../../../bin/socle.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'socle-cli-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const database = `sqlite:${join(dir, 'socle.sqlite')}`;
const socle = (...args: string[]) => spawnSync(process.execPath, [bin, ...args, '--database', database], { encoding: 'utf8' });

describe('socle import et socle datasets', () => {
  it('importe, rapporte en français, puis ne refait rien la seconde fois', () => {
    const r = socle('import', sharedData('insee/cc_filosofi_2021_COM_31.csv'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Filosofi 2021 — revenus et pauvreté (chiffres clés) : importé');
    expect(r.stdout).toMatch(/586 lignes lues, 586 importées, 0 refusée/);
    expect(r.stdout).toMatch(/valeurs secrètes : 12\u202f363/);
    const again = socle('import', sharedData('insee/cc_filosofi_2021_COM_31.csv'), '--json');
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ noop: true, rows: 586, imported: 586, source: 'insee', millesimes: [2021], dry_run: false });
  });

  it('un fichier refusé : exit 2, message en français sur stderr, rapport JSON sur stdout, rien d’écrit', () => {
    const p = join(dir, 'mauvais.csv');
    writeFileSync(p, 'CODGEO;P22_POP\n31555;abc\n31001;12\n');
    const r = socle('import', p, '--json');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/mauvais\.csv rejeté : 1 ligne refusée sur 2 .* ligne 2, colonne P22_POP, valeur « abc » : n’est pas un nombre/);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ rows: 2, imported: 1, rejected: [{ line: 2, column: 'P22_POP', value: 'abc' }], error: { code: 'FICHIER_REJETE' } });
    const partial = socle('import', p, '--accept-partial', '--json');
    expect(partial.status).toBe(0);
    expect(JSON.parse(partial.stdout)).toMatchObject({ imported: 1, rejected_rows: 1 });
  });

  it('PROVENANCE.md n’est pas un fichier de données : exit 2', () => {
    const r = socle('import', sharedData('PROVENANCE.md'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^socle : PROVENANCE\.md, ligne 1 : aucune colonne de code géographique/);
  });

  it('populations légales sans --millesime : exit 2 ; --millesime abc : exit 2', () => {
    expect(socle('import', sharedData('insee/populations_legales_2023_communes_31.csv')).status).toBe(2);
    const bad = socle('import', sharedData('insee/populations_legales_2023_communes_31.csv'), '--millesime', 'abc');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--millesime « abc »/);
  });

  it('essai à blanc puis catalogue', () => {
    const dry = socle('import', sharedData('caf/inseecaf2021_31.csv'), '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('essai à blanc');
    const list = socle('datasets', '--json');
    expect(list.status).toBe(0);
    const datasets = JSON.parse(list.stdout) as { file_name: string; licence: string; status: string }[];
    expect(datasets.map((d) => d.file_name)).toEqual(['cc_filosofi_2021_COM_31.csv', 'mauvais.csv']);
    expect(datasets[0]).toMatchObject({ licence: 'Licence Ouverte / Etalab 2.0', status: 'active' });
    const text = socle('datasets');
    expect(text.stdout).toMatch(/2 jeux de données :/);
  });
});
