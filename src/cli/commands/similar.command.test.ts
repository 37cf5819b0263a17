// `socle similar` as a person runs it: the real bin on a temporary SQLite file with the comparateur and Filosofi.
import { beforeAll, describe, expect, it } from 'vitest';
import { socleOnTemporaryDatabase } from '../../../test/helpers/cli.js';
import { sharedData } from '../../../test/helpers/test-stores.js';

const { socle } = socleOnTemporaryDatabase('socle-cli-similar-');

describe('socle similar', () => {
  beforeAll(() => {
    const r = socle('import', sharedData('insee/base_cc_comparateur_31.csv'), sharedData('insee/cc_filosofi_2021_COM_31.csv'));
    expect(r.status, r.stderr).toBe(0);
  });

  it('donne les communes les plus proches avec la raison, et en JSON la même réponse que l’API', () => {
    const r = socle('similar', 'Blagnac', '--count', '3');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('Territoires semblables à Blagnac (com:31069)');
    // The key indicators in a French list, labels in lower case but for acronyms.
    expect(lines[1]).toMatch(/^ {2}comparés sur : population municipale, .*, part des allocataires CAF percevant le RSA, .* et part des ménages propriétaires/);
    expect(lines.filter((l) => /^ {2}\d\. /.test(l))).toHaveLength(3);
    expect(lines[2]).toMatch(/^ {2}1\. .+ \(com:31\d{3}\) — écart \d+,\d\d sur \d+ indicateurs$/);
    expect(lines[3]).toMatch(/^ {5}proche sur : /);
    const json = socle('similar', 'com:31069', '--json');
    expect(json.status, json.stderr).toBe(0);
    const answer = JSON.parse(json.stdout) as { territory: { ref: string }; similar: { ref: string; distance: number }[] };
    expect(answer.territory.ref).toBe('com:31069');
    expect(answer.similar).toHaveLength(5);
    expect(answer.similar.map((s) => s.distance)).toEqual([...answer.similar.map((s) => s.distance)].sort((a, b) => a - b));
    expect(lines[2]).toContain(`(${answer.similar[0].ref})`);
  });

  it('refuse un nombre qui n’en est pas un, France et un nom ambigu, en français, code 2', () => {
    const count = socle('similar', 'com:31069', '--count', 'x');
    expect(count.status).toBe(2);
    expect(count.stderr).toBe('socle : --count « x » : nombre entier attendu, de 1 à 50\n');
    expect(socle('similar', 'com:31069', '--count', '0').stderr).toBe('socle : nombre de territoires semblables « 0 » : entre 1 et 50\n');
    const fr = socle('similar', 'fr');
    expect(fr.status).toBe(2);
    expect(fr.stderr).toContain('fr : les territoires semblables se cherchent parmi les communes, les EPCI, les départements ou les régions');
    const ambiguous = socle('similar', 'volvestre');
    expect(ambiguous.status).toBe(2);
    expect(ambiguous.stderr).toContain('« volvestre » désigne plusieurs territoires');
  });
});
