import { describe, expect, it } from 'vitest';
import type { AbsDocument, Block, Finding } from '../abs-document.types.js';
import { buildAbsInputFixture } from '../fixtures/abs-input.fixture.js';
import { ABS_CHAPTERS, ageStructureGroups, chapterOf } from './abs-chapters.js';
import { ESSENTIEL_MAX, ESSENTIEL_PER_CHAPTER, ESSENTIEL_THRESHOLD, ESSENTIEL_RULE, robustSpread, toneOf } from './abs-essentiel.js';
import { frenchTypography } from './abs-format.js';
import { absDataNeeds, buildAbsDocument } from './build-abs-document.js';

/** Texts with ordinary spaces where French typography put no-break ones. */
const plain = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');

const blocks = (doc: AbsDocument, type: Block['type']) => doc.sections.flatMap((s) => s.blocks.filter((b) => b.type === type));
const findingsOf = (doc: AbsDocument): Finding[] => (blocks(doc, 'findings')[0] as Extract<Block, { type: 'findings' }>).items;

/** The model without the outlines' coordinates, which a snapshot would only repeat. */
const digest = (doc: AbsDocument): unknown =>
  JSON.parse(JSON.stringify(doc, (k, v) => (k === 'outlines' && Array.isArray(v) ? `${v.length} contours` : v)));

describe('modèle du rapport ABS', () => {
  it('est le même pour les mêmes données et la même date', () => {
    const a = buildAbsDocument(buildAbsInputFixture());
    const b = buildAbsDocument(buildAbsInputFixture());
    expect(b).toEqual(a);
    expect(digest(a)).toMatchSnapshot();
  });

  it('a une couverture datée, l’organisme commanditaire et les millésimes des sources', () => {
    const doc = buildAbsDocument(buildAbsInputFixture());
    expect(doc.dateLabel).toBe('15 mars 2026');
    expect(doc.organisme).toBe('CIAS Cœur et Coteaux du Comminges');
    expect(doc.millesimesLabel).toContain('2021');
    expect(plain(doc.millesimesLabel)).toBe('INSEE – Base du comparateur de territoires : 2021, 2022 · CNAF – Allocataires par IRIS : 2021, 2022');
    expect(doc.runningHeader).toContain('CC Cœur et Coteaux du Comminges');
  });

  it('a « L’essentiel », un chapitre par public, les points de vigilance, les cadres des partenaires et l’annexe', () => {
    const doc = buildAbsDocument(buildAbsInputFixture());
    const titles = doc.sections.filter((s) => s.level === 1).map((s) => plain(s.title));
    expect(titles).toEqual(['L’essentiel', ...ABS_CHAPTERS.map((c) => c.title), 'Points de vigilance', 'Travail avec les partenaires', 'Annexe méthodologique']);
    const annex = doc.sections.filter((s) => s.level === 2).map((s) => plain(s.title));
    expect(annex).toEqual(['Sources', 'Territoires de comparaison', 'Définitions des indicateurs', 'Secret statistique', 'Règles d’agrégation', 'Choix des constats de « L’essentiel »']);
  });

  it('dit où est le territoire : son département, la région d’un département, les départements d’un EPCI qui en a deux', () => {
    const base = buildAbsInputFixture();
    expect(buildAbsDocument(base).territory.departementsLabel).toBe('Haute-Garonne (31)');
    const dep = { ...base.territory, ref: 'dep:31', kind: 'dep' as const, name: 'Haute-Garonne', parents: { region: { ref: 'reg:76', name: 'Occitanie' } } };
    expect(buildAbsDocument({ ...base, territory: dep }).territory.departementsLabel).toBe('Occitanie (76)');
    const two = { ...base.territory, parents: { region: { ref: 'reg:76', name: 'Occitanie' } }, departements: ['31', '81'] };
    expect(buildAbsDocument({ ...base, territory: two }).territory.departementsLabel).toBe('départements 31 et 81');
  });

  it('un chiffre clé connu pour peu des habitants du territoire n’est pas donné comme tel : « non représentatif », avec sa couverture', () => {
    const input = buildAbsInputFixture();
    const aged = input.portrait.domains.flatMap((d) => d.indicators).find((i) => i.id === 'part_75_plus')!;
    aged.value = { ...aged.value, status: 'partial', missing: { count: 183, communes: [] }, coverage: 0.049 };
    const tiles = (blocks(buildAbsDocument(input), 'key-figures')[0] as Extract<Block, { type: 'key-figures' }>).items;
    const tile = tiles.find((t) => t.label === 'Part des 75 ans ou plus')!;
    expect(tile.value).toBe('non représentatif');
    expect(plain(tile.note ?? '')).toBe('5 % des habitants couverts');
    // The chapter and the points de vigilance say the same: its data is loaded for part of the territory, it is not
    // « non disponible ».
    const doc = buildAbsDocument(input);
    const text = plain(JSON.stringify(doc.sections.flatMap((s) => s.blocks)));
    expect(text).toContain('part des 75 ans ou plus (non représentatif : 5 % des hab.)');
    expect(text).toContain('1 indicateur ne représente pas le territoire (« non représentatif ») : part des 75 ans ou plus (5 % des habitants couverts).');
    expect(text).not.toMatch(/part des 75 ans ou plus \(donnée non disponible\)/i);
  });

  it('ne retient pas dans « L’essentiel » un taux calculé sur un petit effectif, et le signale', () => {
    const input = buildAbsInputFixture();
    const first = findingsOf(buildAbsDocument(input))[0];
    const ind = input.portrait.domains.flatMap((d) => d.indicators).find((i) => i.id === first.indicatorId)!;
    expect(ind.unit === '%' || ind.unit === '%/an').toBe(true);
    ind.value = { ...ind.value, parts: { numerator: 9, denominator: 45 } };
    const doc = buildAbsDocument(input);
    expect(findingsOf(doc).map((f) => f.indicatorId)).not.toContain(first.indicatorId);
    const text = plain(JSON.stringify(doc.sections.flatMap((s) => s.blocks)));
    expect(text).toContain(`1 taux est calculé sur moins de 50 personnes, ménages ou emplois : ${ind.label.charAt(0).toLowerCase()}${ind.label.slice(1)} (45).`);
  });

  it('donne l’écart des chiffres tels qu’ils sont imprimés à côté', async () => {
    const { formatGap } = await import('./abs-format.js');
    expect(plain(formatGap(3.76, 3.04, '%', 1))).toBe('+0,8 point');
    expect(plain(formatGap(-5.66, 0.16, '%/an', 1))).toBe('\u22125,9 points');
    expect(plain(formatGap(0.24, 1.86, '%', 1))).toBe('\u22121,7 point');
  });

  it('liste chaque indicateur du portrait dans un seul chapitre, même sans donnée', () => {
    const input = buildAbsInputFixture();
    const doc = buildAbsDocument(input);
    const ids = input.portrait.domains.flatMap((d) => d.indicators.map((i) => i.label));
    const tables = blocks(doc, 'table').filter((b) => b.type === 'table' && b.table.id !== 'tableau-sources') as Extract<Block, { type: 'table' }>[];
    const rows = tables.flatMap((t) => t.table.rows.map((r) => r[0].text.replace(/ \(.*\)$/, '')));
    expect(rows.sort()).toEqual([...ids].sort());
    const missingRow = tables.flatMap((t) => t.table.rows).find((r) => r[0].text === 'Part des allocataires en couple avec enfants')!;
    expect(missingRow[1].text).toBe('donnée non disponible');
    const secretRow = tables.flatMap((t) => t.table.rows).find((r) => r[0].text === 'Taux de pauvreté')!;
    expect(secretRow[1].text).toBe('secret');
    const partialRow = tables.flatMap((t) => t.table.rows).find((r) => r[0].text === 'Part des 0–14 ans')!;
    expect(partialRow[1].text).toBe('15,2\u202f%*');
  });

  it('dit « le seul constat » quand la règle n’en retient qu’un, et qu’elle n’en retient aucun quand tout est égal à la référence', () => {
    const lead = (doc: AbsDocument) => plain((doc.sections[0].blocks.find((b) => b.type === 'paragraph' && b.style === 'lead') as Extract<Block, { type: 'paragraph' }>).text);
    const input = buildAbsInputFixture();
    const all = input.portrait.domains.flatMap((d) => d.indicators);
    for (const i of all) if (i.id !== 'taux_chomage_15_64' && i.value.value !== null && i.references[0]?.value != null) i.value = { ...i.value, value: i.references[0].value };
    const one = buildAbsDocument(input);
    expect(findingsOf(one).map((f) => f.indicatorId)).toEqual(['taux_chomage_15_64']);
    expect(lead(one)).toMatch(/^Voici le seul constat où la CC Cœur et Coteaux du Comminges s’écarte le plus de la Haute-Garonne, .* Il renvoie au chapitre qui le détaille\.$/);
    const chomage = all.find((i) => i.id === 'taux_chomage_15_64')!;
    chomage.value = { ...chomage.value, value: chomage.references[0].value };
    const none = buildAbsDocument(input);
    expect(blocks(none, 'findings')).toEqual([]);
    expect(lead(none)).toMatch(/^Des \d+ indicateurs comparés avec la Haute-Garonne, sa référence principale, la règle ci-dessous ne retient aucun écart : la CC Cœur et Coteaux du Comminges lui ressemble/);
    // A hamlet: its rates rest on a handful of people; it is not said to resemble its reference.
    const tiny = buildAbsInputFixture();
    for (const i of tiny.portrait.domains.flatMap((d) => d.indicators)) {
      if (i.unit === '%' || i.unit === '%/an') i.value = { ...i.value, parts: { numerator: 1, denominator: 3 } };
      else if (i.value.value !== null && i.references[0]?.value != null) i.value = { ...i.value, value: i.references[0].value };
    }
    const hamlet = buildAbsDocument(tiny);
    expect(blocks(hamlet, 'findings')).toEqual([]);
    expect(lead(hamlet)).toMatch(/^Des \d+ indicateurs comparés avec la Haute-Garonne, sa référence principale, la règle ci-dessous ne retient aucun écart : \d+ reposent sur moins de 50 personnes, ménages ou emplois, trop peu pour qu’un écart soit significatif\. Les chapitres donnent les valeurs\.$/);
  });

  it('dit « non défini » d’un rapport dont le dénominateur est nul, partout : tableau, résumé du chapitre, points de vigilance', () => {
    const input = buildAbsInputFixture();
    const chomage = input.portrait.domains.flatMap((d) => d.indicators).find((i) => i.id === 'taux_chomage_15_64')!;
    chomage.value = { ...chomage.value, value: null, status: 'missing', parts: { numerator: 0, denominator: 0 }, note: 'non défini : le dénominateur (P_ACT1564) vaut 0 sur ce territoire' };
    const doc = buildAbsDocument(input);
    const row = (blocks(doc, 'table') as Extract<Block, { type: 'table' }>[]).flatMap((t) => t.table.rows).find((r) => r[0].text === 'Taux de chômage des 15–64 ans')!;
    expect(row[1].text).toBe('non défini');
    const texts = doc.sections.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'paragraph' ? [plain(b.text)] : []));
    expect(texts.some((t) => t.includes('taux de chômage des 15–64 ans (non défini)'))).toBe(true);
    expect(texts.find((t) => t.startsWith('1 indicateur n’est pas défini pour ce territoire'))).toContain('le dénominateur vaut 0');
    expect(texts.filter((t) => t.includes('« donnée non disponible »')).join(' ')).not.toContain('Taux de chômage');
  });

  it('nomme les quelques indicateurs sans valeur d’un chapitre, et compte par raison ceux d’un chapitre qui en a beaucoup', () => {
    const input = buildAbsInputFixture();
    // Every indicator of the census chapters without data, and four more in the chapter of the elderly: ten there.
    for (const d of input.portrait.domains) for (const i of d.indicators) if (i.id !== 'population' && !i.id.includes('allocataires')) i.value = { ...i.value, value: null, status: 'missing' };
    const elderly = input.portrait.domains.find((d) => d.indicators.some((i) => i.id === 'part_60_74'))!;
    const model = elderly.indicators.find((i) => i.id === 'part_60_74')!;
    for (const k of [1, 2, 3, 4]) elderly.indicators.push({ ...model, value: { ...model.value }, id: `part_60_74_${k}`, label: `Part des 60–74 ans (${k})` });
    const doc = buildAbsDocument(input);
    const summaries = doc.sections.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'paragraph' && b.text.startsWith('Ce chapitre rassemble') ? [plain(b.text)] : []));
    const counted = summaries.filter((t) => t.includes(' indicateurs sont sans valeur pour ce territoire'));
    expect(counted).toEqual(['Ce chapitre rassemble 11 indicateurs : 1 est disponible pour la CC Cœur et Coteaux du Comminges. 10 indicateurs sont sans valeur pour ce territoire (faute de donnée chargée) ; le tableau les nomme et les points de vigilance disent pourquoi.']);
    // Of several reasons, each counted.
    for (const k of [1, 2]) elderly.indicators.find((i) => i.id === `part_60_74_${k}`)!.value.status = 'secret';
    const mixed = buildAbsDocument(input).sections.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'paragraph' && b.text.includes('indicateurs sont sans valeur') ? [plain(b.text)] : []));
    expect(mixed[0]).toContain('10 indicateurs sont sans valeur pour ce territoire : 8 faute de donnée chargée et 2 secrets ;');
    for (const t of summaries) {
      const named = /Sans valeur pour ce territoire : (.*)\.$/.exec(t);
      if (named) expect(named[1].split(/, | et (?=[a-zé])/).length).toBeLessThanOrEqual(8);
    }
  });

  it('choisit au plus 12 constats par la règle énoncée, au plus 3 par chapitre, sans effectif, aucun sous le seuil', () => {
    const doc = buildAbsDocument(buildAbsInputFixture());
    const findings = findingsOf(doc);
    expect(findings.length).toBeGreaterThanOrEqual(1);
    expect(findings.length).toBeLessThanOrEqual(ESSENTIEL_MAX);
    // None under half a spread (weighted), none that its sentence calls close: no « largest gaps » that are none.
    for (const f of findings) expect(Math.abs(f.z) * (f.tone === 'neutre' && Math.abs(f.z) >= 0.5 ? 0.5 : 1)).toBeGreaterThanOrEqual(ESSENTIEL_THRESHOLD);
    expect(findings.filter((f) => f.sentence.includes(' est proche de '))).toEqual([]);
    const perChapter = new Map<string, number>();
    for (const f of findings) perChapter.set(f.chapterId, (perChapter.get(f.chapterId) ?? 0) + 1);
    expect(Math.max(...perChapter.values())).toBeLessThanOrEqual(ESSENTIEL_PER_CHAPTER);
    expect(findings.map((f) => f.indicatorId)).not.toContain('population');
    expect(findings.map((f) => f.indicatorId)).not.toContain('allocataires_caf');
    // Sorted by score: |z| weighted by polarity.
    const scores = findings.map((f) => Math.abs(f.z) * (f.tone === 'neutre' ? 0.5 : 1));
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const callout = blocks(doc, 'callout')[0] as Extract<Block, { type: 'callout' }>;
    expect(callout.text).toBe(frenchTypography(ESSENTIEL_RULE));
    expect(callout.text).toContain('z = (valeur du territoire − valeur de la référence) ÷ d');
  });

  it('dit qu’un taux de chômage plus haut que la référence est défavorable, et écarte les valeurs partielles', () => {
    const doc = buildAbsDocument(buildAbsInputFixture());
    const chomage = findingsOf(doc).find((f) => f.indicatorId === 'taux_chomage_15_64')!;
    expect(chomage.tone).toBe('defavorable');
    expect(chomage.figures).toBe('12,9\u202f% contre 11,1\u202f% (Haute-Garonne), soit +1,8\u202fpoint');
    // The RSA share is partial in these data: it is not compared.
    expect(findingsOf(doc).map((f) => f.indicatorId)).not.toContain('part_allocataires_rsa');
    expect(toneOf(-1, 'higher_is_worse')).toBe('favourable');
    expect(toneOf(2, 'neutral')).toBe('neutre');
  });

  it('mesure la dispersion par l’écart interquartile, insensible aux valeurs extrêmes', () => {
    expect(robustSpread([1, 2, 3, 4, 5, 6, 7, 8, 9])).toBeCloseTo(4 / 1.349, 10);
    expect(robustSpread([1, 2, 3, 4, 5, 6, 7, 8, 1000])).toBeCloseTo(4 / 1.349, 10);
    expect(robustSpread([1, 2, 3])).toBe(0);
  });

  it('signale dans les points de vigilance les valeurs partielles, secrètes, non agrégeables, manquantes et anciennes', () => {
    const doc = buildAbsDocument(buildAbsInputFixture());
    const text = plain(JSON.stringify(doc.sections.find((s) => s.id === 'vigilance')!.blocks));
    expect(text).toContain('sur une partie des communes');
    expect(text).toContain('2 communes sur 6 sans valeur complète (dont Valentine, Landorthe) — 12 indicateurs : part des 0–14 ans, part des 15–29 ans, part des 30–44 ans, part des 45–59 ans, part des 60–74 ans, part des 75–89 ans et 6 autres');
    expect(text).toContain('Valeurs masquées par le secret statistique : taux de pauvreté.');
    expect(text).toContain('Non publiés pour ce territoire (« non agrégeables ») : revenu disponible médian');
    expect(text).toContain('part des allocataires en couple avec enfants');
    expect(text).toContain('Données anciennes');
  });

  it('laisse des cadres vides et nommés pour ce que seuls les partenaires peuvent écrire', () => {
    const doc = buildAbsDocument(buildAbsInputFixture());
    const editable = blocks(doc, 'editable') as Extract<Block, { type: 'editable' }>[];
    expect(editable.map((e) => e.title)).toEqual(expect.arrayContaining(['Partenaires rencontrés', 'Constats qualitatifs', 'Orientations']));
    expect(editable.filter((e) => e.title === 'Lecture partagée avec les partenaires')).toHaveLength(ABS_CHAPTERS.length);
  });

  it('dessine une carte par chapitre quand au moins deux communes ont une valeur, aucune pour une commune', () => {
    const doc = buildAbsDocument(buildAbsInputFixture());
    // Précarité: the poverty rate is published for one member commune only (secret elsewhere), so no map.
    expect(doc.stats.maps).toBe(6);
    const maps = doc.sections.filter((s) => s.blocks.some((b) => b.type === 'figure' && b.figure.kind === 'map')).map((s) => s.id);
    expect(maps).not.toContain('precarite');
    const single = buildAbsInputFixture();
    single.territory = { ...single.territory, communes: 1 };
    single.outlines = [];
    const one = buildAbsDocument(single);
    expect(one.stats.maps).toBe(0);
    expect(absDataNeeds(single.territory, single.portrait, single.definitions).mapIndicators).toEqual([]);
  });

  it('donne chaque source avec son producteur, son millésime, son année de COG, sa licence et son empreinte', () => {
    const doc = buildAbsDocument(buildAbsInputFixture());
    const sources = blocks(doc, 'table').find((b) => b.type === 'table' && b.table.id === 'tableau-sources') as Extract<Block, { type: 'table' }>;
    const row = sources.table.rows.find((r) => r[0].text.startsWith('CNAF'))!;
    expect(row.map((c) => c.text)).toEqual(['CNAF – Allocataires par IRIS', 'CNAF', '2021', '2021', 'Licence Ouverte 2.0', `inseecaf2021_31.csv\n${'b'.repeat(64)}`]);
  });

  it('range les indicateurs par public et reconstitue la pyramide des âges sans recouvrement', () => {
    expect(chapterOf({ id: 'part_75_plus', domain: 'personnes_agees' })).toBe('personnes-agees');
    expect(chapterOf({ id: 'part_allocataires_aah', domain: 'allocataires_caf' })).toBe('handicap');
    expect(chapterOf({ id: 'taux_chomage_15_64', domain: 'emploi_chomage' })).toBe('emploi');
    expect(ageStructureGroups(['part_0_14', 'part_60_plus', 'part_15_29', 'part_30_44', 'part_45_59', 'part_60_74', 'part_75_plus', 'part_90_plus']).map((g) => g.id)).toEqual([
      'part_0_14',
      'part_15_29',
      'part_30_44',
      'part_45_59',
      'part_60_74',
      'part_75_plus',
    ]);
  });
});

describe('graphiques du rapport ABS', () => {
  it('ne dessinent pas les valeurs partielles des références, et retirent une référence sans aucune valeur', () => {
    const input = buildAbsInputFixture();
    for (const d of input.portrait.domains) for (const i of d.indicators) i.references = i.references.map((r) => (r.territory === 'fr' ? { ...r, status: 'partial' as const } : r));
    const doc = buildAbsDocument(input);
    const charts = doc.sections.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'figure' && b.figure.spec.kind !== 'map' ? [b.figure] : []));
    expect(charts.length).toBeGreaterThan(0);
    for (const f of charts) {
      expect(f.spec.kind === 'map' ? [] : f.spec.series).toEqual(['CC Cœur et Coteaux du Comminges', 'Haute-Garonne', 'Occitanie']);
      expect(plain(f.source)).toContain('n.d. : valeur d’un territoire de comparaison partielle ou connue pour trop peu de ses habitants');
    }
  });

  it('ne disent « et ses territoires de comparaison » que quand ils en dessinent', () => {
    const captions = (doc: AbsDocument) => doc.sections.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'figure' && b.figure.spec.kind === 'comparison-bars' ? [b.figure.title] : []));
    const drawn = captions(buildAbsDocument(buildAbsInputFixture()));
    expect(drawn.length).toBeGreaterThan(0);
    for (const t of drawn) expect(t).toContain('et ses territoires de comparaison');
    // No reference with a figure (all partial): the territory's bars alone, said so.
    const input = buildAbsInputFixture();
    for (const d of input.portrait.domains) for (const i of d.indicators) i.references = i.references.map((r) => ({ ...r, status: 'partial' as const }));
    const alone = captions(buildAbsDocument(input));
    expect(alone.length).toBeGreaterThan(0);
    for (const t of alone) expect(t).not.toContain('territoires de comparaison');
  });
});

describe('cartes d’un territoire de milliers de communes', () => {
  it('dessinent ses intercommunalités et nomment celles qui n’ont pas de contour', () => {
    const input = buildAbsInputFixture();
    const dropped = input.outlines[0].ref;
    const doc = buildAbsDocument({ ...input, mapLevel: 'epci', outlines: input.outlines.slice(1) });
    const maps = doc.sections.flatMap((s) => s.blocks).filter((b): b is Extract<Block, { type: 'figure' }> => b.type === 'figure' && b.figure.spec.kind === 'map');
    expect(maps.length).toBeGreaterThan(0);
    for (const m of maps) {
      expect(m.figure.title).toMatch(/ par intercommunalité/);
      const name = Object.values(input.memberValues)[0].find((v) => v.ref === dropped)!.name;
      expect(plain(m.figure.source)).toContain(`Hors de la carte : ${name}.`);
      expect(m.figure.alt).toMatch(/dans les \d+ intercommunalités/);
    }
  });
});

describe('cartes par commune', () => {
  it('ne sont pas dessinées quand moins de la moitié des communes ont une valeur (un échantillon)', () => {
    const input = buildAbsInputFixture();
    const sparse = Object.fromEntries(Object.entries(input.memberValues).map(([id, values]) => [id, values.map((v, k) => (k < 2 ? v : { ...v, value: null, status: 'missing' as const }))]));
    const doc = buildAbsDocument({ ...input, memberValues: sparse });
    expect(doc.stats.maps).toBe(0);
    expect(buildAbsDocument(input).stats.maps).toBeGreaterThan(0);
  });
});
