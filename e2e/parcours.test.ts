// A person's path through Socle in a real Chromium: find « volvestre », read the portrait, change the mapped
// indicator, compare with a similar territory, explore an indicator over Haute-Garonne and export its table, read
// the catalogue, import a file with an error and read the French message, build a perimeter. Every page is checked
// with axe-core (no serious or critical violation) and must log no error; screenshots go to doc/screenshots/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousViolations, watchPage, type WatchedPage } from './helpers/browser.js';
import { expectAttribute, expectContains, expectCount, expectText, expectVisible } from './helpers/page-expect.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { zipArchive } from '../test/helpers/zip.js';

const SHOTS = new URL('../doc/screenshots/', import.meta.url).pathname;
const MAP_DRAWN = '.socle-map[data-etat="interactive"]';

describe('parcours dans le navigateur', { timeout: 120_000 }, () => {
  let app: TestApp;
  let browser: Browser;
  let w: WatchedPage;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchChromium()]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'fr-FR', timezoneId: 'Europe/Paris', acceptDownloads: true });
    context.setDefaultTimeout(30_000);
    w = watchPage(await context.newPage());
    mkdirSync(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const page = () => w.page;

  /** No error in the console or the network, and no serious accessibility violation, on the page as it is. */
  const checkPage = async (label: string) => {
    expect(w.takeProblems(), `${label} : erreurs`).toEqual([]);
    expect(await seriousViolations(page()), `${label} : axe-core`).toEqual([]);
  };

  const shot = (name: string) => page().screenshot({ path: join(SHOTS, name) });

  /** The texts of the page's polite live regions of announcements (what a screen reader hears without a focus move). */
  const liveText = () => page().locator('main p.fr-sr-only[aria-live="polite"]').allInnerTexts().then((t) => t.join(' | '));
  const expectLive = (text: RegExp) => expect.poll(liveText, { timeout: 30_000 }).toMatch(text);
  const focused = () => page().evaluate(() => { const a = document.activeElement; return a ? `${a.tagName.toLowerCase()}#${a.id} ${a.textContent?.trim() ?? ''}` : ''; });

  it('accueil : « volvestre » propose la CC du Volvestre, choisie au clavier', async () => {
    await page().goto(app.url);
    await expectText(page().locator('main h1'), 'Observer un territoire');
    // A full page load leaves the focus at the top: the first Tab reaches the first skip link, and each skip link
    // leads somewhere.
    await page().keyboard.press('Tab');
    expect(await page().evaluate(() => document.activeElement?.textContent?.trim())).toBe('Contenu');
    expect(await page().evaluate(() => [...document.querySelectorAll('.fr-skiplinks a')].map((a) => document.querySelector(a.getAttribute('href')!) !== null))).toEqual([true, true, true]);
    await expectVisible(page().getByRole('link', { name: /Sud Haute-Garonne/ }));
    // No display settings (dark theme) are offered: the maps and charts are drawn for the light theme only.
    await expectCount(page().locator('#fr-theme-modal'), 0);
    await checkPage('accueil');
    const box = page().getByRole('combobox', { name: /Chercher un territoire/ });
    // « France » is France first; a search that finds nothing says so on screen, with the closest name as a link.
    await box.fill('France');
    await expectContains(page().getByRole('option').first(), 'France');
    await expectContains(page().getByRole('option').first(), 'pays');
    await box.fill('tolouse');
    await expectText(page().locator('.socle-search__none'), 'Aucun territoire ne correspond à « tolouse ». Vouliez-vous dire Toulouse ?');
    await expectAttribute(page().locator('.socle-search__none a'), 'href', '/territoire/com:31555');
    // Tab with the suggestions open goes on to the next control, not into the closing list.
    await box.fill('toulouse');
    await expectContains(page().getByRole('option').first(), 'Toulouse');
    await box.press('Tab');
    expect(await page().evaluate(() => { const a = document.activeElement; return !!a && a !== document.body && !a.closest('[role=listbox]') && a.id !== 'recherche-territoire'; })).toBe(true);
    await box.fill('volvestre');
    const options = page().getByRole('option');
    await expectContains(options.first(), 'CC du Volvestre');
    expect(await options.count()).toBeGreaterThan(1);
    await expectAttribute(box, 'aria-expanded', 'true');
    await shot('accueil.png');
    await box.press('Enter');
    await page().waitForURL(/\/territoire\/epci:200066819/);
  });

  it('territoire : le portrait de la CC du Volvestre par domaine, avec sa carte', async () => {
    await expectText(page().locator('main h1'), 'CC du Volvestre');
    await expectVisible(page().locator('#domaine-emploi_chomage'));
    const row = page().locator('#tableau-emploi_chomage tbody tr', { hasText: 'Taux de chômage des 15-64 ans' });
    await expectContains(row, '%');
    await expectContains(page().locator('#domaine-emploi_chomage .socle-sentences li').first(), /Haute-Garonne/);
    await expectVisible(page().locator('#domaine-logement figure svg').first());
    // The age groups come from a sample of 44 communes, none in the Volvestre: no chart of references known for a few
    // per cent of their inhabitants.
    await expectCount(page().locator('#domaine-ages figure svg'), 0);
    // The report links name the territory with its article, for a screen reader.
    await expectContains(page().locator('.socle-report-links a').first(), 'rapport ABS de la CC du Volvestre');
    await page().waitForSelector(MAP_DRAWN);
    await expectCount(page().locator('ul[aria-label^="Légende : Taux de chômage des 15-64 ans"]'), 1);
    await checkPage('territoire');
  });

  it('territoire : changer l’indicateur de la carte change la légende et l’adresse', async () => {
    await page().selectOption('#indicateur-carte', 'revenu_median');
    await expect.poll(() => page().url(), { timeout: 30_000 }).toMatch(/indicateur=revenu_median/);
    await expectCount(page().locator('ul[aria-label^="Légende : Revenu"]'), 1);
    await page().waitForSelector(MAP_DRAWN);
    await checkPage('territoire, autre indicateur');
  });

  it('territoire : le portrait d’un public (personnes âgées) ne garde que ses indicateurs, et l’adresse le dit', async () => {
    const elderly = page().getByRole('button', { name: 'Personnes âgées' });
    await elderly.click();
    await expect.poll(() => page().url(), { timeout: 30_000 }).toMatch(/public=personnes_agees/);
    await expectAttribute(elderly, 'aria-pressed', 'true');
    // The sections that change below the buttons are said in a polite live region.
    await expectLive(/Public «\sPersonnes âgées\s»\s: \d+ domaines? et \d+ indicateurs? affichés\./);
    await expectVisible(page().locator('#domaine-personnes_agees'));
    await expectCount(page().locator('#domaine-logement'), 0);
    // In a domain of other publics, only the indicators of this one: the households of one person; and none of a
    // domain that has none (employment: the 55-64 are older workers, not this public).
    await expectCount(page().locator('#tableau-familles_menages tbody tr'), 2);
    await expectContains(page().locator('#tableau-familles_menages tbody'), 'Ménages d’une personne');
    await expectCount(page().locator('#tableau-emploi_chomage'), 0);
    // The map's indicator stays in the address beside the public, and choosing another keeps the public.
    expect(page().url()).toMatch(/indicateur=revenu_median/);
    await page().selectOption('#indicateur-carte', 'taux_chomage_15_64');
    await expect.poll(() => page().url(), { timeout: 30_000 }).toMatch(/indicateur=taux_chomage_15_64/);
    expect(page().url()).toMatch(/public=personnes_agees/);
    await expectCount(page().locator('#domaine-logement'), 0);
    await checkPage('territoire, un public');
    await page().locator('.socle-public-filter').scrollIntoViewIfNeeded();
    await shot('territoire-personnes-agees.png');
    await page().getByRole('button', { name: 'Tous les publics' }).click();
    await expect.poll(() => page().url(), { timeout: 30_000 }).not.toMatch(/public=/);
    await expectVisible(page().locator('#domaine-logement'));
  });

  it('comparer : avec un territoire semblable', async () => {
    const similar = page().locator('#semblables li').first();
    await expectContains(similar, /proche sur/);
    const name = (await similar.getByRole('link').first().textContent())!.trim();
    await page().locator('main').getByRole('link', { name: 'Comparer', exact: true }).click();
    await page().waitForURL(/\/comparer\?territoires=epci:200066819/);
    // From the keyboard: the button goes with the territory added, the focus to the next one (or the list's heading),
    // and the addition is said.
    const addButton = page().getByRole('button', { name: new RegExp(`Ajouter à la comparaison : ${name}`) });
    await addButton.focus();
    await addButton.press('Enter');
    await expectLive(new RegExp(`Ajout d.*${name}.* à la comparaison\\s: 2 territoires comparés\\.`));
    await expect.poll(focused, { timeout: 30_000 }).toMatch(/^(button# Ajouter à la comparaison|h2#titre-semblables )/);
    await expectCount(page().locator('#tableau-comparaison thead th'), 3);
    // Each domain's row heads the rows of its own <tbody> (RGAA 5.7).
    expect(await page().locator('#tableau-comparaison th[scope="colgroup"]').count()).toBe(0);
    expect(await page().locator('#tableau-comparaison tbody > tr:first-child > th[scope="rowgroup"]').count()).toBe(await page().locator('#tableau-comparaison tbody').count());
    await expectContains(page().locator('#tableau-comparaison thead'), name);
    await expectVisible(page().locator('#titre-graphique ~ figure svg, section figure svg').first());
    expect(page().url()).toMatch(/territoires=epci:200066819,/);
    await shot('comparer.png');
    await checkPage('comparer');
    // France, of which the demo loads one département, is not compared with Haute-Garonne's own figures.
    await page().goto(`${app.url}/comparer?territoires=dep:31,fr`);
    const densite = page().locator('#tableau-comparaison tr', { hasText: 'Densité de population' });
    await expectContains(densite.locator('td').nth(1), /non comparable \(2\s%\sdes hab\.\)/);
  });

  it('indicateur : la carte des 586 communes de Haute-Garonne, des classes au choix, et l’export du tableau', async () => {
    // The page comes rendered by the server with the answers it opens with: the browser does not ask for them again.
    const asked: string[] = [];
    const onRequest = (r: { url(): string }) => asked.push(new URL(r.url()).pathname);
    page().on('request', onRequest);
    await page().goto(`${app.url}/indicateur/taux_chomage_15_64?within=dep:31&level=com`);
    await page().waitForSelector(MAP_DRAWN);
    page().off('request', onRequest);
    expect(asked.filter((p) => p.endsWith('/values') || p.endsWith('/extent') || p === '/api/v1/indicators')).toEqual([]);
    expect(asked.some((p) => p.includes('/tiles/'))).toBe(true);
    // MapLibre has taken the place of the server's picture.
    await expectCount(page().locator('.socle-map__image'), 0);
    await expectText(page().locator('main h1'), 'Taux de chômage des 15-64 ans');
    await expectContains(page().locator('#tableau-valeurs caption'), '(586)');
    await page().selectOption('#choix-methode', 'jenks');
    await page().selectOption('#choix-classes', '6');
    await expect.poll(() => page().url(), { timeout: 30_000 }).toMatch(/methode=jenks&classes=6/);
    await expectCount(page().locator('.socle-legend li'), 6 + 1);
    await expectLive(/Carte et tableau mis à jour\s: 586 communes, 6 classes\./);
    await shot('indicateur-haute-garonne.png');
    await checkPage('indicateur');

    const [download] = await Promise.all([page().waitForEvent('download'), page().getByRole('link', { name: 'Tableau CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('taux_chomage_15_64-dep-31-com.csv');
    const path = join(tmpdir(), `socle-e2e-${Date.now()}.csv`);
    await download.saveAs(path);
    const lines = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('rang;reference;code;territoire;valeur;unite;statut;millesime');
    expect(lines).toHaveLength(587);
    expect(lines.find((l) => l.includes(';com:31555;31555;Toulouse;'))).toMatch(/^\d+;com:31555;31555;Toulouse;14,29\d*;%;disponible;2022$/);
    const [png] = await Promise.all([page().waitForEvent('download'), page().getByRole('button', { name: 'Carte PNG' }).click()]);
    expect(png.suggestedFilename()).toBe('taux_chomage_15_64-dep-31-com.png');
    const pngPath = join(tmpdir(), `socle-e2e-${Date.now()}.png`);
    await png.saveAs(pngPath);
    expect(readFileSync(pngPath).subarray(1, 4).toString('latin1')).toBe('PNG');
    await checkPage('indicateur, après l’export');
    // Another territory is another page: the back button returns to Haute-Garonne, with the classes chosen.
    const other = page().getByRole('combobox', { name: /Territoire/ });
    await other.fill('volvestre');
    await expectContains(page().getByRole('listbox').getByRole('option').first(), 'CC du Volvestre');
    await other.press('Enter');
    await expect.poll(() => page().url(), { timeout: 30_000 }).toMatch(/within=epci:200066819/);
    await expectContains(page().locator('#tableau-valeurs caption'), '(32)');
    // What is said is the new territory's, not the values still shown while they load.
    await expectLive(/Carte et tableau mis à jour\s: 32 communes/);
    await page().goBack();
    await expect.poll(() => page().url(), { timeout: 30_000 }).toMatch(/within=dep:31&level=com&methode=jenks&classes=6/);
    await expectContains(page().locator('#tableau-valeurs caption'), '(586)');
    // The box is empty again, its list closed: the hint says the territory shown.
    await expect.poll(() => other.inputValue(), { timeout: 30_000 }).toBe('');
    await expectAttribute(other, 'aria-expanded', 'false');
    // Caubous, with no active person, has a rate « non défini », not « non disponible ».
    await expectContains(page().locator('#tableau-valeurs tr', { hasText: 'Caubous' }), 'non défini');
    // At 320 px, nothing makes the page wider than the screen (the table scrolls in its own box).
    await page().setViewportSize({ width: 320, height: 800 });
    expect(await page().evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page().setViewportSize({ width: 1280, height: 1000 });
    // The arrow keys on the indicator list change the indicator and its address, the focus staying on the list.
    await page().waitForSelector(MAP_DRAWN);
    const indicatorList = page().locator('#choix-indicateur');
    await indicatorList.focus();
    await indicatorList.press('ArrowDown');
    await expect.poll(() => page().url(), { timeout: 30_000 }).not.toMatch(/\/indicateur\/taux_chomage_15_64\?/);
    // (The last text said was the CC du Volvestre's 32 communes: the back button says nothing.)
    await expectLive(/Carte et tableau mis à jour\s: 586 communes/);
    expect(await page().evaluate(() => document.activeElement?.id)).toBe('choix-indicateur');
    await indicatorList.press('ArrowUp');
    await expect.poll(() => page().url(), { timeout: 30_000 }).toMatch(/\/indicateur\/taux_chomage_15_64\?/);
    expect(await page().evaluate(() => document.activeElement?.id)).toBe('choix-indicateur');
    // A click on a commune of the map opens its portrait.
    await page().waitForSelector(MAP_DRAWN);
    const canvas = page().locator('.socle-map canvas');
    const box = (await canvas.boundingBox())!;
    await canvas.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await page().waitForURL(/\/territoire\/com:31\d{3}/);
    await expectContains(page().locator('.socle-keyfigures'), 'Population municipale');
  });

  it('territoire : le rapport ABS se télécharge depuis le portrait, la page dit qu’il se prépare', async () => {
    await page().goto(`${app.url}/territoire/epci:200066819`);
    // The page's scripts have taken over once its map is drawn.
    await page().waitForSelector(MAP_DRAWN);
    const [download] = await Promise.all([page().waitForEvent('download'), page().getByRole('link', { name: /^Excel — rapport ABS de la CC du Volvestre/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^abs-cc-du-volvestre-200066819-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const path = join(tmpdir(), `socle-e2e-${Date.now()}.xlsx`);
    await download.saveAs(path);
    expect(readFileSync(path).subarray(0, 2).toString('latin1')).toBe('PK');
    // Once saved, the « Préparation du rapport… » line is gone.
    await expectText(page().locator('.socle-report-links [role="status"]'), '');
  });

  it('indicateur : la page arrive rendue par le serveur, la carte dessinée, et se lit sans le code de l’application', async () => {
    // The app's scripts are not served: the page is what the server wrote (axe-core still runs in it).
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'fr-FR' });
    await context.route(/\/assets\/.*\.js$/, (route) => route.abort());
    try {
      const bare = await context.newPage();
      await bare.goto(`${app.url}/indicateur/taux_chomage_15_64?within=dep:31&level=com`);
      await expectText(bare.locator('main h1'), 'Taux de chômage des 15-64 ans');
      await expectVisible(bare.locator('.socle-map__image svg'));
      expect(await bare.locator('.socle-map__image svg path').count()).toBeGreaterThanOrEqual(5);
      await expectCount(bare.locator('.socle-legend li'), 5 + 1);
      await bare.screenshot({ path: join(SHOTS, 'indicateur-sans-javascript.png') });
      expect(await seriousViolations(bare), 'indicateur rendu par le serveur : axe-core').toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('données : le catalogue avec la provenance', async () => {
    await page().getByRole('link', { name: 'Données', exact: true }).first().click();
    await expectText(page().locator('main h1'), 'Données');
    const rows = page().locator('#catalogue tbody tr');
    await expectCount(rows, 7);
    await expectContains(page().locator('#catalogue'), 'Licence Ouverte');
    await expectContains(page().locator('#catalogue'), 'base_cc_comparateur_31.csv');
    await shot('donnees.png');
    await checkPage('données');
  });

  it('import : un fichier avec une valeur illisible est refusé, avec la ligne, la colonne et la raison en français', async () => {
    await page().getByRole('link', { name: 'Importer un fichier' }).click();
    await expectText(page().locator('main h1'), 'Importer un fichier');
    await checkPage('import');
    const file = join(tmpdir(), 'comparateur-avec-erreur.csv');
    writeFileSync(file, 'CODGEO;P22_POP;P22_MEN\n31555;514819;280598\n31069;abc;12\n');
    w.expectFailure('/api/v1/imports', 422);
    await page().setInputFiles('#fichier', file);
    await page().getByRole('button', { name: 'Vérifier le fichier' }).click();
    const alert = page().locator('.fr-alert--error');
    await expectContains(alert, 'ligne 3, colonne P22_POP');
    // Said once: the result takes the focus, and neither it nor its alert is a live region as well.
    expect(await alert.getAttribute('role')).toBeNull();
    expect(await page().evaluate(() => { const a = document.activeElement; return !!a && a.contains(document.querySelector('.fr-alert--error')) && !a.closest('[aria-live]'); })).toBe(true);
    await expectContains(alert, '« abc »');
    await expectContains(alert, 'n’est pas un nombre');
    // Words for the web, not the command line's option.
    expect(await alert.innerText()).not.toContain('--accept-partial');
    const rejected = page().locator('#lignes-rejetees tbody tr');
    await expectCount(rejected, 1);
    await expectContains(rejected, 'abc');
    expect(await page().getByRole('button', { name: 'Importer les lignes valides' }).isDisabled()).toBe(true);
    await checkPage('import refusé');
  });

  it('import : une archive ZIP de deux tableaux fait choisir le fichier, qui est vérifié depuis l’archive', async () => {
    const file = join(tmpdir(), 'equipements-2022.zip');
    writeFileSync(
      file,
      zipArchive([
        { name: 'equipements_COM.csv', content: 'CODGEO;P22_ZZBIB\n31555;42\n31069;1\n' },
        { name: 'equipements_EPCI.csv', content: 'CODGEO;P22_ZZBIB\n243100518;60\n' },
        { name: 'meta_equipements.csv', content: 'COD_VAR;LIB_VAR\nP22_ZZBIB;Bibliothèques en 2022\n' },
      ]),
    );
    w.expectFailure('/api/v1/imports', 400);
    await page().setInputFiles('#fichier', file);
    await page().getByRole('button', { name: 'Vérifier le fichier' }).click();
    const choice = page().getByLabel(/Fichier de l’archive à importer/);
    await expectVisible(choice);
    await expectContains(page().locator('main'), 'equipements-2022.zip contient 2 fichiers de données');
    await expectCount(page().locator('.fr-alert--error'), 0);
    await choice.selectOption('equipements_COM.csv');
    await page().getByRole('button', { name: 'Vérifier le fichier' }).click();
    await expectContains(page().locator('.fr-alert--success'), '2 lignes prêtes à être importées');
    await expectContains(page().locator('main'), 'equipements-2022.zip › equipements_COM.csv');
    await page().getByText('Voir les variables').click();
    await expectContains(page().locator('#variables-importees'), 'Bibliothèques en 2022');
    await shot('import-archive.png');
    await checkPage('import d’une archive');
  });

  it('import : un classeur d’une feuille par niveau propose ses autres feuilles, et la feuille choisie est vérifiée', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('COM').addRows([['CODGEO', 'LIBGEO', 'MED21'], ['31555', 'Toulouse', 22140], ['31069', 'Blagnac', 25000]]);
    wb.addWorksheet('EPCI').addRows([['CODGEO', 'LIBGEO', 'MED21'], ['243100518', 'Toulouse Métropole', 23450]]);
    const file = join(tmpdir(), 'filosofi-niveaux.xlsx');
    await wb.xlsx.writeFile(file);
    await page().setInputFiles('#fichier', file);
    await page().getByRole('button', { name: 'Vérifier le fichier' }).click();
    await expectContains(page().locator('.fr-alert--success'), '2 lignes prêtes à être importées');
    const choice = page().getByLabel(/Feuille du classeur à importer/);
    await expectVisible(choice);
    await choice.selectOption('EPCI');
    await page().getByRole('button', { name: 'Vérifier le fichier' }).click();
    await expectContains(page().locator('.fr-alert--success'), '1 ligne prête à être importée');
    await expectContains(page().locator('#titre-rapport + dl'), /Territoires renseignés\s+1 EPCI\b/);
    await checkPage('import d’une feuille de classeur');
  });

  it('périmètres : composer un périmètre de deux communes et l’ouvrir', async () => {
    await page().goto(`${app.url}/perimetres`);
    await expectText(page().locator('main h1'), 'Périmètres');
    await expectContains(page().locator('main'), 'Sud Haute-Garonne');
    await page().waitForSelector(MAP_DRAWN);
    // The required fields are said to be; an empty form saved says what each field lacks, under it, the focus on the
    // first one.
    await expectContains(page().locator('main p', { hasText: 'Les champs marqués' }), 'Les champs marqués d’un astérisque (*) sont obligatoires');
    await page().getByRole('button', { name: 'Enregistrer le périmètre' }).click();
    await expectContains(page().locator('.fr-alert--error'), 'Il manque un nom, un identifiant et au moins un membre.');
    await expectAttribute(page().getByLabel('Nom'), 'aria-invalid', 'true');
    await expectAttribute(page().getByLabel('Identifiant'), 'aria-invalid', 'true');
    await expectAttribute(page().getByRole('combobox', { name: /Ajouter une commune/ }), 'aria-invalid', 'true');
    await expectCount(page().locator('.fr-input-group--error'), 3);
    await expectContains(page().locator('#perimetre-nom-desc-error'), 'Saisissez le nom du périmètre.');
    await expectContains(page().locator('#perimetre-membres-erreur'), 'Ajoutez au moins un membre');
    expect(await page().evaluate(() => document.activeElement?.id)).toBe('perimetre-nom');
    // The identifier filled from a name already taken is said at once, and the perimeter cannot be saved.
    await page().getByLabel('Nom').fill('Sud Haute-Garonne');
    await expectContains(page().locator('.fr-input-group--error'), 'Un périmètre porte déjà cet identifiant : choisissez-en un autre ou supprimez l’ancien');
    // A badly written identifier is said under its field; « Enregistrer » says what is still missing.
    await page().getByLabel('Identifiant').fill('Mauvais ID!');
    await expectContains(page().locator('.fr-input-group--error'), '« Mauvais ID! » : l’identifiant s’écrit en minuscules, chiffres et tirets');
    await expectAttribute(page().getByLabel('Identifiant'), 'aria-invalid', 'true');
    await page().getByRole('button', { name: 'Enregistrer le périmètre' }).click();
    await expectContains(page().locator('.fr-alert--error'), 'Il manque un identifiant valide et au moins un membre.');
    await page().getByLabel('Identifiant').fill('deux-communes-du-volvestre');
    await page().getByLabel('Nom').fill('Deux communes du Volvestre');
    // The fields filled are no longer in error, and the summary says what is still missing.
    await expectCount(page().locator('.fr-input-group--error'), 1);
    await expectText(page().locator('.fr-alert--error p'), 'Il manque au moins un membre.');
    const add = page().getByRole('combobox', { name: /Ajouter une commune/ });
    for (const name of ['Rieux-Volvestre', 'Montesquieu-Volvestre', 'Carbonne']) {
      await add.fill(name);
      await expectContains(page().getByRole('option').first(), name);
      await add.press('Enter');
      await expectLive(new RegExp(`Ajout de ${name} au périmètre`));
    }
    await expectCount(page().locator('.fr-input-group--error'), 0);
    await expectCount(page().locator('.fr-alert--error'), 0);
    // « Retirer » says what it did, and the focus goes to the « Retirer » button now in its place.
    await page().getByRole('button', { name: 'Retirer Carbonne' }).press('Enter');
    await expectLive(/Retrait de Carbonne du périmètre\s: 2 membres\./);
    expect(await page().evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Retirer Montesquieu-Volvestre');
    await expectCount(page().locator('ul[aria-label="Membres du périmètre"] li'), 2);
    // A namesake of the département on the map comes first: Caubous (31) before Caubous (65).
    await add.fill('caubous');
    await expectContains(page().getByRole('listbox').getByRole('option').first(), /Caubous[\s\S]*31/);
    await add.fill('');
    await checkPage('périmètres');
    await page().getByRole('button', { name: 'Enregistrer le périmètre' }).click();
    await page().waitForURL(/\/territoire\/per:deux-communes-du-volvestre/);
    await expectText(page().locator('main h1'), 'Deux communes du Volvestre');
    await expectContains(page().locator('.socle-keyfigures'), 'Communes');
    await page().waitForSelector(MAP_DRAWN);
    await checkPage('nouveau périmètre');
    // Changed from its portrait: a third commune, the identifier kept.
    await page().getByRole('link', { name: 'Modifier ce périmètre' }).click();
    await page().waitForURL(/\/perimetres\?modifier=deux-communes-du-volvestre$/);
    await expectText(page().locator('#titre-nouveau'), 'Modifier le périmètre « Deux communes du Volvestre »');
    // A reload keeps the form on the perimeter being changed.
    await page().reload();
    await expectText(page().locator('#titre-nouveau'), 'Modifier le périmètre « Deux communes du Volvestre »');
    await expectCount(page().locator('ul[aria-label="Membres du périmètre"] li'), 2);
    await page().getByLabel('Nom').fill('Trois communes du Volvestre');
    const more = page().getByRole('combobox', { name: /Ajouter une commune/ });
    await more.fill('Carbonne');
    await expectContains(page().getByRole('option').first(), 'Carbonne');
    await more.press('Enter');
    await page().getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page().waitForURL(/\/territoire\/per:deux-communes-du-volvestre/);
    await expectText(page().locator('main h1'), 'Trois communes du Volvestre');
    await checkPage('périmètre modifié');
    // From the list as well; a perimeter asked for that is gone is said, not silently ignored.
    await page().goto(`${app.url}/perimetres`);
    await page().getByRole('button', { name: 'Modifier Trois communes du Volvestre' }).click();
    await expectText(page().locator('#titre-nouveau'), 'Modifier le périmètre « Trois communes du Volvestre »');
    await page().goto(`${app.url}/perimetres?modifier=disparu`);
    await expectContains(page().locator('.fr-alert--warning'), 'Le périmètre « disparu » n’existe pas ou plus');
  });

  it('territoire : deux indicateurs aux libellés proches sont deux barres, aux libellés distincts', async () => {
    await page().goto(`${app.url}/territoire/com:31555?public=personnes_agees`);
    const chart = page().locator('#domaine-personnes_agees figure.socle-chart').first();
    await expectVisible(chart.locator('svg').first());
    const labels = (await chart.locator('svg text').allTextContents()).filter((t) => t.startsWith('Taux de pauvreté'));
    expect(labels).toHaveLength(2);
    expect(new Set(labels).size).toBe(2);
    // At 320 px the chart keeps a width where its labels are read, in a box that scrolls and a keyboard reaches.
    await page().setViewportSize({ width: 320, height: 800 });
    const box = chart.locator('.socle-chart__scroll');
    await expectAttribute(box, 'tabindex', '0');
    expect(await box.getAttribute('aria-label')).toMatch(/graphique, à faire défiler horizontalement/);
    expect((await chart.locator('svg').last().boundingBox())!.width).toBeGreaterThanOrEqual(600);
    expect(await page().evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    // A reference's status is explained as text, under the table and with the cell for a screen reader.
    await expectContains(page().locator('#domaine-personnes_agees .socle-table-notes'), 'Notes du tableau');
    await page().setViewportSize({ width: 1280, height: 1000 });
    await page().waitForSelector(MAP_DRAWN);
    await checkPage('Toulouse, personnes âgées');
  });

  it('pages introuvables : 404, leur titre, rien de plus demandé', async () => {
    const asked: string[] = [];
    const onRequest = (r: { url(): string }) => asked.push(new URL(r.url()).pathname);
    page().on('request', onRequest);
    const cases: [string, string, string][] = [
      ['/nimporte/quoi', 'Page introuvable', 'Page introuvable — Socle'],
      ['/territoire/com:99999', 'Territoire introuvable', 'Territoire introuvable — Socle'],
      ['/indicateur/zzz', 'Indicateur introuvable', 'Indicateur introuvable — Socle'],
    ];
    for (const [path, h1, title] of cases) {
      w.expectFailure(path, 404);
      const res = await page().goto(`${app.url}${path}`);
      expect(res?.status(), path).toBe(404);
      await expectText(page().locator('main h1'), h1);
      expect(await page().title()).toBe(title);
      await checkPage(path);
    }
    page().off('request', onRequest);
    // The unknown indicator: no map tiles, no exports, the list of indicators instead.
    expect(asked.filter((p) => p.includes('/tiles/'))).toEqual([]);
    await expectCount(page().getByRole('link', { name: 'Tableau CSV' }), 0);
    await expectVisible(page().getByRole('link', { name: 'Voir la liste des indicateurs' }));
    // The footer's accessibility line leads to the statement.
    await page().locator('#pied-de-page').getByRole('link', { name: /Accessibilité/ }).click();
    await page().waitForURL(/\/accessibilite$/);
    await expectText(page().locator('main h1'), 'Déclaration d’accessibilité');
    await checkPage('accessibilité');
  });

  it('comparer : une adresse qui commence par des territoires inconnus prend les semblables du premier qui existe', async () => {
    w.expectFailure('/territories/com:99999/portrait', 404);
    w.expectFailure('/territories/foo/portrait', 400);
    await page().goto(`${app.url}/comparer?territoires=com:99999,foo,com:31555`);
    await expectText(page().locator('#titre-semblables'), 'Territoires semblables à Toulouse');
    const alerts = page().locator('main .fr-alert--error');
    await expectCount(alerts, 2);
    await expectText(alerts.first(), 'com:99999 : aucune commune, actuelle ou ancienne, ne porte ce code');
    expect(await alerts.nth(1).innerText()).not.toContain('GET /api/v1');
    await checkPage('comparer, territoires inconnus');
  });

  it('le portrait du Sud Haute-Garonne, pour la documentation', async () => {
    await page().goto(`${app.url}/territoire/per:sud-haute-garonne`);
    await page().waitForSelector(MAP_DRAWN);
    await expectText(page().locator('main h1'), 'Sud Haute-Garonne');
    await shot('territoire-sud-haute-garonne.png');
    await checkPage('Sud Haute-Garonne');
  });
});
