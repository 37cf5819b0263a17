// `socle map` as a person runs it: the real bin on a temporary SQLite file with the comparateur and the outlines.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { socleOnTemporaryDatabase } from '../../../test/helpers/cli.js';
import { sharedData } from '../../../test/helpers/test-stores.js';

const { dir, socle } = socleOnTemporaryDatabase('socle-cli-map-');

describe('socle map', () => {
  beforeAll(() => {
    const r = socle('import', sharedData('insee/base_cc_comparateur_31.csv'), sharedData('geo/communes-31-cog2026.geojson'), sharedData('geo/departement-31-haute-garonne.geojson'));
    expect(r.status, r.stderr).toBe(0);
  });

  it('écrit la carte et la résume en français, au singulier pour un seul territoire', () => {
    const out = join(dir, 'chomage.svg');
    const r = socle('map', 'taux_chomage_15_64', '--within', 'dep:31', '--level', 'com', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`Carte écrite : ${out} — Taux de chômage des 15-64 ans, 586 communes, 5 classes (quantiles).`);
    const svg = readFileSync(out, 'utf8');
    expect((svg.match(/data-ref="com:/g) ?? []).length).toBe(586);
    // Caubous, with no active person, is « non défini », not « données manquantes ».
    expect(svg).toContain('>non défini (1)</text>');
    expect(svg).not.toContain('données manquantes');
    expect(svg).toMatch(/<title>Caubous : non défini \(dénominateur nul\)<\/title>/);
    const france = join(dir, 'france.svg');
    const one = socle('map', 'population', '--within', 'fr', '--level', 'dep', '--out', france);
    expect(one.status, one.stderr).toBe(0);
    expect(one.stdout).toMatch(/ — Population municipale, 1 département, 100 sans contour, \d classes? \(quantiles\)\.$/m);
    expect(existsSync(france)).toBe(true);
  });

  it('refuse sans rien écrire une extension autre que .svg ou un dossier absent ; en JSON, l’erreur sur la sortie standard', () => {
    const png = join(dir, 'carte.png');
    const r = socle('map', 'taux_chomage_15_64', '--within', 'dep:31', '--out', png);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--out « ${png} » : un fichier .svg est attendu`);
    expect(existsSync(png)).toBe(false);
    const absent = socle('map', 'taux_chomage_15_64', '--within', 'dep:31', '--out', join(dir, 'absent', 'c.svg'));
    expect(absent.status).toBe(2);
    expect(absent.stderr).toContain('n\'existe pas');
    const json = socle('map', 'indicateur_inconnu', '--within', 'dep:31', '--json');
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout).error.code).toBe('INDICATEUR_INCONNU');
  });
});
