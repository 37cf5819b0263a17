import { describe, expect, it } from 'vitest';
import type { DatasetEntry } from '../../services/import/list-datasets.service.js';
import { presentDatasets } from './datasets.command.js';

const entry = (over: Partial<DatasetEntry>): DatasetEntry => ({
  id: 1,
  title: 'Recensement de la population 2022 — chiffres clés',
  source: 'insee',
  family: 'insee',
  producer: 'INSEE',
  millesimes: [2022],
  cog_year: 2026,
  licence: 'Licence Ouverte / Etalab 2.0',
  file_name: 'un.csv',
  sha256: 'ab',
  imported_at: '2026-11-29T01:00:00.000Z',
  rows: 1,
  imported: 1,
  secret_values: 1,
  status: 'active',
  replaced_by: null,
  variables: 1,
  outlines: 0,
  precedence: [],
  ...over,
});

describe('socle datasets', () => {
  it('accorde les nombres : une ligne, une variable, une valeur secrète ; 12 363 valeurs secrètes', () => {
    expect(presentDatasets([entry({})])).toContain('un.csv · 1/1 ligne · 1 variable, 1 valeur secrète · importé le 2026-11-29');
    const many = presentDatasets([entry({ id: 2, rows: 586, imported: 586, variables: 28, secret_values: 12363 }), entry({ id: 3, family: 'geo', outlines: 586, variables: 0, secret_values: 0, rows: 586, imported: 586 })]);
    expect(many).toContain('2 jeux de données :');
    expect(many).toContain('586/586 lignes · 28 variables, 12\u202f363 valeurs secrètes');
    expect(many).toContain('586 contours');
  });

  it('dit quel jeu prime sur quel autre, quand deux donnent les mêmes variables pour les mêmes communes', () => {
    const note = 'Pour 586 communes, ses valeurs de 4 variables priment sur celles du jeu de données n° 1 (« Base du comparateur de territoires 2025 ») : le plus récent l’emporte, commune par commune.';
    expect(presentDatasets([entry({ id: 3, precedence: [note] })]).split('\n')).toContain(`    · ${note}`);
  });
});
