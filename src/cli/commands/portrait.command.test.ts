// `socle portrait` and `socle value` as a person reads them: the real bin on a temporary SQLite file with the
// comparateur (its census of 2016 and 2022, its births and deaths cumulated over 2016–2021).
import { beforeAll, describe, expect, it } from 'vitest';
import { socleOnTemporaryDatabase } from '../../../test/helpers/cli.js';
import { sharedData } from '../../../test/helpers/test-stores.js';

const { socle } = socleOnTemporaryDatabase('socle-cli-portrait-');

describe('socle portrait et socle value', () => {
  beforeAll(() => {
    const r = socle('import', sharedData('insee/base_cc_comparateur_31.csv'));
    expect(r.status, r.stderr).toBe(0);
  });

  it('chaque indicateur dit ses années : un millésime, deux pour une évolution, une période pour un cumul', () => {
    const r = socle('portrait', 'com:31069');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Portrait — Blagnac (com:31069), commune, 1 commune, 27\u202F604\u202Fhab. (2023)');
    expect(lines).toContain('  Population municipale du recensement (2022) : 27\u202F314\u202Fhab.');
    expect(lines).toContain('  Évolution annuelle moyenne de la population (2016–2022) : +2,0\u202F%/an');
    expect(lines).toContain('  Solde naturel entre deux recensements (2016–2021) : 815\u202Fhab.');
    expect(lines).toContain('      rang : 4e sur 586 communes renseignées (Haute-Garonne)');
  });

  it('--public et --domaine ne gardent que leurs indicateurs ; une valeur inconnue est refusée', () => {
    const r = socle('portrait', 'com:31069', '--domaine', 'emploi_chomage,logement');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n').filter((l) => /^[A-ZÀ-Ý ]+$/.test(l))).toEqual(['EMPLOI ET CHÔMAGE', 'LOGEMENT', 'SOURCES']);
    const elderly = socle('portrait', 'com:31069', '--public', 'personnes âgées');
    expect(elderly.status, elderly.stderr).toBe(0);
    expect(elderly.stdout).not.toContain('Taux de chômage des 15-64 ans');
    const bad = socle('portrait', 'com:31069', '--domaine', 'sport');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^socle : --domaine « sport » : valeurs possibles demographie \(Démographie\), /);
  });

  it('une valeur cumulée sur une période le dit', () => {
    const r = socle('value', 'solde_naturel_periode', 'com:31069');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['Solde naturel entre deux recensements — Blagnac (com:31069)', '  815\u202Fhab. (période 2016–2021, millésime 2021)']);
    expect(socle('value', 'evolution_population_annuelle', 'com:31069').stdout).toContain('(millésimes 2016 → 2022)');
    // An evolution says its two values; its part due to the solde naturel, the births minus deaths of the period too.
    const natural = socle('value', 'evolution_population_solde_naturel', 'com:31069').stdout.split('\n');
    expect(natural[2]).toMatch(/^ {2}en 2016 : \d[\d\u202F]* · en 2022 : 27\u202F314 · composante cumulée 2016–2021 : 815$/);
  });

  it('une valeur secrète se dit secrète, un rapport de dénominateur nul non défini, dans le portrait comme dans value', () => {
    // Caubous (31127): 3 inhabitants, no active person, its median withheld.
    expect(socle('import', sharedData('insee/cc_filosofi_2021_COM_31.csv')).status).toBe(0);
    const lines = socle('portrait', 'com:31127').stdout.split('\n');
    expect(lines).toContain('  Revenu disponible médian par unité de consommation (2021) : secret');
    expect(lines).toContain('  Taux de chômage des 15-64 ans (2022) : non défini : le dénominateur (P_ACT1564) vaut 0 sur ce territoire');
    expect(lines.filter((l) => l.startsWith('  Sans données chargées')).join(' ')).not.toContain('Taux de chômage des 15-64 ans');
    expect(socle('value', 'taux_chomage_15_64', 'com:31127').stdout.split('\n').slice(1, 3)).toEqual([
      '  non défini : le dénominateur (P_ACT1564) vaut 0 sur ce territoire (millésime 2022)',
      '  numérateur 0 · dénominateur 0',
    ]);
  });

  it('une commune partielle l’est de ses IRIS, pas « une commune sans donnée » qui serait elle-même', () => {
    expect(socle('import', sharedData('caf/inseecaf2021_31.csv'), '--millesime', '2021').status).toBe(0);
    const lines = socle('value', 'part_allocataires_apl', 'com:31555').stdout.split('\n');
    expect(lines).toContain('  valeur partielle : calculée sans certains IRIS ou arrondissements de la commune, masqués par le producteur ou absents du fichier');
    expect(lines.join('\n')).not.toMatch(/1 commune sans donnée/);
    // A territory of communes still names those it lacks.
    expect(socle('value', 'part_allocataires_apl', 'epci:243100518').stdout).toMatch(/valeur partielle : [\d\u202f]+ communes sans donnée ou masquées \(/);
  });
});
