// The ABS report service on a real store (SQLite, and PostgreSQL when DATABASE_URL points to one), with real files.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData, storeTargets } from '../../../test/helpers/test-stores.js';
import type { AppContext } from '../context.js';
import { importFile } from '../import/import-file.service.js';
import { resolveTerritory } from '../territory/resolve-territory.service.js';
import { createPerimeter } from '../perimeter/perimeter.service.js';
import { listIndicatorValues } from '../indicators/list-indicator-values.service.js';
import { robustSpread } from '../../reports/abs/build/abs-essentiel.js';
import { buildAbsReportDocument, renderAbsReport, reportFileName, writeAbsReport } from './abs-report.service.js';

const now = () => new Date('2026-03-15T10:00:00Z');

describe.each(storeTargets())('rapport ABS sur $name', (target) => {
  let ctx: AppContext;
  let empty: AppContext;
  const dir = mkdtempSync(join(tmpdir(), 'socle-abs-service-'));

  beforeAll(async () => {
    ctx = await target.create({ now });
    empty = await target.create({ now });
    for (const file of ['insee/base_cc_comparateur_31.csv', 'geo/communes-31-cog2026.geojson']) {
      const r = await importFile(ctx, { filePath: sharedData(file) });
      if (!r.ok) throw new Error(r.error.message);
    }
  });
  afterAll(async () => {
    await target.destroy(ctx);
    await target.destroy(empty);
    rmSync(dir, { recursive: true, force: true });
  });

  it('écrit le rapport HTML d’une intercommunalité, avec cartes des communes et sources hachées', async () => {
    const out = join(dir, 'abs.html');
    const r = await writeAbsReport(ctx, { ref: 'epci:200072643', format: 'html', out, organisme: 'CIAS Cœur et Coteaux du Comminges', date: '2026-03-15' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ format: 'html', territory: { ref: 'epci:200072643' }, date: '2026-03-15' });
    expect(r.value.stats.maps).toBeGreaterThan(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('CIAS Cœur et Coteaux du Comminges');
    // One path per member commune on each map.
    expect((html.match(/data-ref="com:/g) ?? []).length).toBe(104 * r.value.stats.maps);
    expect(html).toContain('base_cc_comparateur_31.csv');
    expect(html).toMatch(/[0-9a-f]{64}/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('redonne le même document pour les mêmes données et la même date', async () => {
    const a = await buildAbsReportDocument(ctx, 'epci:200072643', { date: '2026-03-15' });
    const b = await buildAbsReportDocument(ctx, 'epci:200072643', { date: '2026-03-15' });
    expect(a.ok && b.ok).toBe(true);
    expect(b).toEqual(a);
  });

  it('date le rapport du jour, à Paris, quand --date manque', async () => {
    const r = await buildAbsReportDocument(ctx, 'com:31555');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.date).toBe('2026-03-15');
    expect(r.value.stats.maps).toBe(0);
  });

  it('donne aux tableaux une colonne par référence : la France comprise pour une commune (EPCI, département, région, France)', async () => {
    const r = await buildAbsReportDocument(ctx, 'com:31555', { date: '2026-03-15' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.references.map((x) => x.ref)).toEqual(['epci:243100518', 'dep:31', 'reg:76', 'fr']);
    const table = r.value.sections.flatMap((s) => s.blocks).find((b) => b.type === 'table')!;
    if (table.type !== 'table') throw new Error('pas de tableau');
    expect(table.table.columns.map((c) => c.label)).toEqual(['Indicateur', 'Toulouse', 'Toulouse Métropole', 'Haute-Garonne', 'Occitanie', 'France', 'Année', 'Évolution']);
  });

  it('un territoire de milliers de communes (l’Occitanie) a ses cartes par intercommunalité, pas par commune', async () => {
    const r = await buildAbsReportDocument(ctx, 'reg:76', { date: '2026-03-15' });
    if (!r.ok) throw new Error(r.error.message);
    const maps = r.value.sections.flatMap((s) => s.blocks).filter((b) => b.type === 'figure' && b.figure.spec.kind === 'map');
    expect(maps.length).toBeGreaterThan(0);
    for (const b of maps) {
      if (b.type !== 'figure' || b.figure.spec.kind !== 'map') continue;
      expect(b.figure.title).toMatch(/ par intercommunalité/);
      expect(b.figure.spec.level).toBe('epci');
      expect(b.figure.spec.outlines.every((o) => o.ref.startsWith('epci:'))).toBe(true);
      // The EPCI of the Haute-Garonne, whose communes' outlines are loaded, are drawn: 18 reach into it.
      expect(b.figure.spec.outlines.length).toBeGreaterThanOrEqual(15);
    }
  }, 60_000);

  it('compare à une commune en prenant la dispersion des communes de son département', async () => {
    const r = await buildAbsReportDocument(ctx, 'com:31001', { compare: ['com:31483', 'epci:200072643'], date: '2026-03-15' });
    if (!r.ok) throw new Error(r.error.message);
    const findings = r.value.sections.flatMap((s) => s.blocks).find((b) => b.type === 'findings');
    expect(findings && findings.type === 'findings' ? findings.items.length : 0).toBeGreaterThanOrEqual(3);
    expect(findings && findings.type === 'findings' ? findings.items.every((f) => f.reference.ref === 'com:31483') : false).toBe(true);
  });

  it('met une intercommunalité parmi les intercommunalités de sa référence, une commune parmi ses communes', async () => {
    const r = await buildAbsReportDocument(ctx, 'epci:200072643', { date: '2026-03-15' });
    if (!r.ok) throw new Error(r.error.message);
    const blocks = r.value.sections.flatMap((s) => s.blocks);
    const rule = blocks.find((b) => b.type === 'callout' && b.title === 'Règle de choix des constats');
    expect(rule && rule.type === 'callout' ? rule.text : '').toContain('Dans ce rapport, d est la dispersion des intercommunalités de la Haute-Garonne (jusqu’à 16).');
    // The z of a finding is its gap over the spread of the EPCI mostly in Haute-Garonne, recomputed here.
    const findings = blocks.find((b) => b.type === 'findings');
    if (!findings || findings.type !== 'findings') throw new Error('pas de constats');
    const f = findings.items[0];
    const epci = await listIndicatorValues(ctx, { name: f.indicatorId, within: 'dep:31', level: 'epci' });
    if (!epci.ok) throw new Error(epci.error.message);
    const ref = ctx.referential;
    const mostlyIn31 = (epciRef: string): boolean => {
      let all = 0;
      let in31 = 0;
      for (const i of ref.membersOf({ kind: 'epci', code: epciRef.slice(5) }) ?? []) {
        const p = Number.isFinite(ref.population[i]) ? ref.population[i] : 0;
        all += p;
        if (ref.departementOf[i] === '31') in31 += p;
      }
      return in31 >= 0.5 * all;
    };
    const peers = epci.value.values.filter((v) => v.value !== null && (v.status === 'ok' || (v.coverage ?? 0) >= 0.9) && mostlyIn31(v.ref)).map((v) => v.value!);
    expect(peers).toHaveLength(16);
    expect(f.z).toBeCloseTo((f.value - f.reference.value) / robustSpread(peers), 9);
    const portrait = await buildAbsReportDocument(ctx, 'com:31555', { date: '2026-03-15' });
    if (!portrait.ok) throw new Error(portrait.error.message);
    const communeRule = portrait.value.sections.flatMap((s) => s.blocks).find((b) => b.type === 'callout' && b.title === 'Règle de choix des constats');
    expect(communeRule && communeRule.type === 'callout' ? communeRule.text : '').toContain('Dans ce rapport, d est la dispersion des communes de Toulouse Métropole.');
  });

  it('dit de quoi est fait un périmètre', async () => {
    const created = await createPerimeter(ctx, { slug: 'sud-rapport', name: 'Sud Haute-Garonne', members: ['epci:200066819', 'epci:200072643', 'com:31555'] });
    if (!created.ok) throw new Error(created.error.message);
    const r = await buildAbsReportDocument(ctx, 'per:sud-rapport', { date: '2026-03-15' });
    if (!r.ok) throw new Error(r.error.message);
    const texts = r.value.sections.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'paragraph' ? [b.text.replace(/[\u00a0\u202f]/g, ' ')] : []));
    const sentence = 'Le périmètre Sud Haute-Garonne réunit la CC du Volvestre, la CC Cœur et Coteaux du Comminges et Toulouse (137 communes).';
    expect(texts.filter((t) => t.includes('réunit'))).toEqual([sentence, sentence]);
    // The annex lists its 137 communes, each with its EPCI and population légale, and their total.
    const table = r.value.sections.flatMap((s) => s.blocks).find((b) => b.type === 'table' && b.table.id === 'tableau-communes');
    if (!table || table.type !== 'table') throw new Error('pas de liste des communes');
    expect(table.table.columns.map((c) => c.label)).toEqual(['Commune', 'Code INSEE', 'Intercommunalité', 'Population municipale']);
    expect(table.table.rows).toHaveLength(138);
    expect(table.table.rows.find((row) => row[1].text === '31555')!.map((c) => c.text)).toEqual(['Toulouse', '31555', 'Toulouse Métropole', '514\u202f819']);
    const resolved = await resolveTerritory(ctx, 'per:sud-rapport');
    if (!resolved.ok) throw new Error(resolved.error.message);
    const members = resolved.value.members;
    const total = Array.from(members, (i) => ctx.referential.population[i]).reduce((a, b) => a + b, 0);
    expect(table.table.rows.at(-1)!.map((c) => c.value ?? c.text)).toEqual(['Ensemble', '137 communes', '', total]);
    // Sorted the French way: accents do not send a name to the end.
    const names = table.table.rows.slice(0, -1).map((row) => row[0].text);
    expect(names).toEqual([...names].sort(new Intl.Collator('fr', { sensitivity: 'base', numeric: true }).compare));
    // An EPCI's list has no column of EPCI.
    const epci = await buildAbsReportDocument(ctx, 'epci:200066819', { date: '2026-03-15' });
    if (!epci.ok) throw new Error(epci.error.message);
    const own = epci.value.sections.flatMap((s) => s.blocks).find((b) => b.type === 'table' && b.table.id === 'tableau-communes');
    expect(own && own.type === 'table' ? own.table.columns.map((c) => c.label) : []).toEqual(['Commune', 'Code INSEE', 'Population municipale']);
  });

  it('met un périmètre d’intercommunalités parmi les intercommunalités, un périmètre de communes parmi les communes', async () => {
    const ruleOf = async (slug: string, members: string[]) => {
      const created = await createPerimeter(ctx, { slug, name: slug, members });
      if (!created.ok) throw new Error(created.error.message);
      const r = await buildAbsReportDocument(ctx, `per:${slug}`, { date: '2026-03-15' });
      if (!r.ok) throw new Error(r.error.message);
      const rule = r.value.sections.flatMap((s) => s.blocks).find((b) => b.type === 'callout' && b.title === 'Règle de choix des constats');
      return rule && rule.type === 'callout' ? rule.text : '';
    };
    expect(await ruleOf('deux-epci', ['epci:200066819', 'epci:200072643'])).toContain('Dans ce rapport, d est la dispersion des intercommunalités de la Haute-Garonne (jusqu’à 16).');
    expect(await ruleOf('epci-et-commune', ['epci:200066819', 'com:31555'])).toContain('Dans ce rapport, d est la dispersion des communes de la Haute-Garonne.');
  });

  it('nomme le fichier d’après le territoire, avec son code quand des homonymes en ont besoin', () => {
    expect(reportFileName({ ref: 'epci:200072643', name: 'CC Cœur et Coteaux du Comminges' }, 'pdf', '2026-03-15')).toBe('abs-cc-coeur-et-coteaux-du-comminges-200072643-2026-03-15.pdf');
    expect(reportFileName({ ref: 'com:2A004', name: 'Ajaccio' }, 'docx')).toBe('abs-ajaccio-2a004.docx');
    expect(reportFileName({ ref: 'per:sud-31', name: 'Sud Haute-Garonne' }, 'xlsx')).toBe('abs-sud-31.xlsx');
    expect(reportFileName({ ref: 'fr', name: 'France' }, 'html')).toBe('abs-france.html');
  });

  it('refuse plus de quatre territoires de comparaison, en les citant', async () => {
    const r = await buildAbsReportDocument(ctx, 'com:31555', { compare: ['com:31069', 'com:31149', 'dep:31', 'reg:76', 'fr'] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('--compare : 5 territoires donnés, le rapport en compare 4 au plus (com:31069, com:31149, dep:31, reg:76, fr)');
  });

  it('refuse un territoire inconnu', async () => {
    const r = await writeAbsReport(ctx, { ref: 'com:99999', format: 'pdf', out: join(dir, 'x.pdf') });
    expect(r.ok ? null : r.error.code).toBe('TERRITOIRE_INCONNU');
  });

  it('refuse un territoire sans aucune donnée importée, sans écrire de fichier', async () => {
    const out = join(dir, 'vide.pdf');
    const r = await writeAbsReport(empty, { ref: 'epci:200072643', format: 'pdf', out });
    expect(r.ok ? null : r.error.code).toBe('AUCUNE_DONNEE');
    expect(r.ok ? '' : r.error.message).toContain('aucune donnée importée');
    expect(readdirSync(dir)).not.toContain('vide.pdf');
  });

  it('refuse un format inconnu et un chemin de sortie impossible', async () => {
    const f = await writeAbsReport(ctx, { ref: 'epci:200072643', format: 'odt', out: join(dir, 'x.odt') });
    expect(f.ok ? null : f.error).toMatchObject({ code: 'FORMAT_INCONNU', message: 'format « odt » inconnu : html, pdf, docx ou xlsx attendu' });
    const g = await renderAbsReport(ctx, 'epci:200072643', 'svg');
    expect(g.ok ? null : g.error.code).toBe('FORMAT_INCONNU');
    const missingDir = await writeAbsReport(ctx, { ref: 'epci:200072643', format: 'pdf', out: join(dir, 'nulle-part', 'abs.pdf') });
    expect(missingDir.ok ? null : missingDir.error.code).toBe('SORTIE_IMPOSSIBLE');
    expect(missingDir.ok ? '' : missingDir.error.message).toContain('n\'existe pas');
    // A folder: the report is written in it under its own name; a folder that does not exist is said to.
    const inDir = await writeAbsReport(ctx, { ref: 'epci:200072643', format: 'pdf', out: dir, date: '2026-03-15' });
    expect(inDir.ok && inDir.value.file).toBe(join(dir, 'abs-cc-coeur-et-coteaux-du-comminges-200072643-2026-03-15.pdf'));
    const noDir = await writeAbsReport(ctx, { ref: 'epci:200072643', out: join(dir, 'nouveau') + '/' });
    expect(noDir.ok ? null : noDir.error).toMatchObject({ code: 'SORTIE_IMPOSSIBLE', message: `--out ${join(dir, 'nouveau')}/ : le dossier ${join(dir, 'nouveau')} n'existe pas` });
    const badDate = await writeAbsReport(ctx, { ref: 'epci:200072643', format: 'pdf', out: join(dir, 'x.pdf'), date: '2026-02-30' });
    expect(badDate.ok ? null : badDate.error.code).toBe('PARAMETRE_INVALIDE');
  });

  it('laisse intact un fichier existant quand l’écriture échoue, et ne laisse aucun fichier temporaire', async () => {
    const out = join(dir, 'existant.pdf');
    writeFileSync(out, 'ancien');
    const r = await writeAbsReport(empty, { ref: 'epci:200072643', format: 'pdf', out });
    expect(r.ok).toBe(false);
    expect(readFileSync(out, 'utf8')).toBe('ancien');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});
