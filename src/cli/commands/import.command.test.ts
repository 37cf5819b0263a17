// `socle import` and `socle datasets` as a person runs them: the real bin on a temporary SQLite file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { socleOnTemporaryDatabase } from '../../../test/helpers/cli.js';
import { sharedData } from '../../../test/helpers/test-stores.js';
import { zipArchive } from '../../../test/helpers/zip.js';

const { dir, socle } = socleOnTemporaryDatabase('socle-cli-import-');

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
    expect(report).toMatchObject({ rows: 2, imported: 0, valid_rows: 1, rejected: [{ line: 2, column: 'P22_POP', value: 'abc' }], error: { code: 'FICHIER_REJETE' } });
    // Without --json, the report of the refused file says it was refused, never « importé ».
    const text = socle('import', p);
    expect(text.stderr).toMatch(/mauvais\.csv — .* : refusé \(rien n’a été écrit\)/);
    expect(text.stderr).not.toMatch(/: importé$/m);
    expect(text.stderr).toContain('2 lignes lues, 1 valide, 1 refusée');
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

  it('plusieurs fichiers en une commande : chacun en sa transaction, un refus n’arrête pas les autres ; exit 2, résumé', () => {
    const bad = join(dir, 'casse.csv');
    writeFileSync(bad, 'CODGEO;P22_POP\n31555;abc\n');
    const r = socle('import', sharedData('insee/base_cc_comparateur_31.csv'), bad, sharedData('caf/inseecaf2021_31.csv'), '--millesime', '2021', '--dry-run');
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('base_cc_comparateur_31.csv — Base du comparateur de territoires 2025 : vérifié');
    expect(r.stdout).toContain('inseecaf2021_31.csv — Allocataires CAF par IRIS 2021 : vérifié');
    expect(r.stdout).toContain('3 fichiers : 2 vérifiés, 1 refusé.');
    expect(r.stderr).toMatch(/casse\.csv rejeté : 1 ligne refusée sur 1/);
    const json = socle('import', sharedData('insee/base_cc_comparateur_31.csv'), bad, '--millesime', '2021', '--dry-run', '--json');
    const reports = JSON.parse(json.stdout) as { file: string; error?: { code: string } }[];
    expect(reports.map((x) => [x.file, x.error?.code ?? null])).toEqual([
      ['base_cc_comparateur_31.csv', null],
      ['casse.csv', 'FICHIER_REJETE'],
    ]);
  });

  it('--entry « * » : chaque fichier de données d’une archive à son tour', () => {
    const zip = join(dir, 'filosofi-niveaux.zip');
    writeFileSync(
      zip,
      zipArchive([
        { name: 'cc_filosofi_2021_COM.csv', content: 'CODGEO;MED21\n31555;22140\n' },
        { name: 'cc_filosofi_2021_EPCI.csv', content: 'CODGEO;MED21\n243100518;23450\n' },
        { name: 'meta_cc_filosofi_2021.csv', content: 'COD_VAR;LIB_VAR\nMED21;Médiane\n' },
      ]),
    );
    const asked = socle('import', zip, '--json');
    expect(asked.status).toBe(2);
    expect(JSON.parse(asked.stdout).error).toMatchObject({ code: 'ARCHIVE_A_CHOISIR', details: { entries: ['cc_filosofi_2021_COM.csv', 'cc_filosofi_2021_EPCI.csv'] } });
    const all = socle('import', zip, '--entry', '*', '--json');
    expect(all.status, all.stderr).toBe(0);
    expect((JSON.parse(all.stdout) as { file: string; imported: number }[]).map((x) => [x.file, x.imported])).toEqual([
      ['filosofi-niveaux.zip › cc_filosofi_2021_COM.csv', 1],
      ['filosofi-niveaux.zip › cc_filosofi_2021_EPCI.csv', 1],
    ]);
  });
});
