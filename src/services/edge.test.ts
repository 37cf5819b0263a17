import { describe, expect, it } from 'vitest';
import type { AppContext } from './context.js';
import { hintFor, importHintsForEdge, optionName, optionWith } from './edge.js';

const cli = {} as AppContext;
const api = { edge: 'api' } as AppContext;

describe('messages selon l’interface qui les lit', () => {
  it('nomme une option de la ligne de commande, ou le paramètre de l’API', () => {
    expect(optionName(cli, 'millesime')).toBe('--millesime');
    expect(optionName(api, 'millesime')).toBe('millesime=');
    expect(optionWith(cli, 'entry', 'a.csv')).toBe('--entry a.csv');
    expect(optionWith(api, 'entry', 'a.csv')).toBe('entry=a.csv');
    expect(hintFor(api, 'socle indicators', 'GET /api/v1/indicators')).toBe('GET /api/v1/indicators');
  });

  it('reformule pour l’API les conseils de l’import, sans toucher aux mots qui suivent', () => {
    const text = 'fichier de populations légales sans millésime ; donnez-le avec --millesime (par exemple --millesime 2023 pour les populations en vigueur)';
    expect(importHintsForEdge(cli, text)).toBe(text);
    expect(importHintsForEdge(api, text)).toBe('fichier de populations légales sans millésime ; donnez-le avec millesime= (par exemple millesime=2023 pour les populations en vigueur)');
    expect(importHintsForEdge(api, 'retirez --millesime ou vérifiez ; --source geo attend ; --sheet NOM pour en importer une (--accept-partial importe)')).toBe(
      'retirez millesime= ou vérifiez ; source=geo attend ; sheet=NOM pour en importer une (accept_partial=true importe)',
    );
  });
});
