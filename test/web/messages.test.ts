// The import page names its own fields where the API's messages name its parameters.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/lib/api.js';
import { importErrorText, importHintText } from '../../web/src/lib/messages.js';

describe('messages de la page d’import', () => {
  it('nomment les champs du formulaire, pas les paramètres de l’API', () => {
    expect(importHintText('fichier de populations légales sans millésime dans ses colonnes (PMUN, PCAP, PTOT) ; donnez-le avec millesime= (par exemple millesime=2023 pour les populations en vigueur au 1er janvier 2026)')).toBe(
      'fichier de populations légales sans millésime dans ses colonnes (PMUN, PCAP, PTOT) ; donnez-le avec le champ « Millésime » (par exemple 2023 pour les populations en vigueur au 1er janvier 2026)',
    );
    expect(importHintText('Autre feuille de données du classeur : « EPCI » ; sheet=NOM pour en importer une.')).toBe(
      'Autre feuille de données du classeur : « EPCI » ; choisissez-la dans « Feuille du classeur à importer » pour l’importer.',
    );
    expect(importErrorText(new ApiError('a.zip : archive de 2 fichiers de données (a.csv, b.csv) ; choisissez celui à importer (entry=a.csv)', 'ARCHIVE_A_CHOISIR', 400))).toBe(
      'a.zip : archive de 2 fichiers de données (a.csv, b.csv) ; choisissez celui à importer (« Fichier de l’archive à importer » : a.csv)',
    );
    expect(importHintText('paramètre millesime = « 1800 » : année attendue (2023)')).toBe('Millésime « 1800 » : année attendue (2023)');
  });
});
