// In Chromium: time from navigation to a drawn map, for the 586 communes of Haute-Garonne (goal under 500 ms) and,
// with the outlines of ../shared/data loaded, the 34,868 communes of France (goal under 2 s). Two figures per visit:
// - « carte dessinée » (the `socle:carte-dessinee` mark, or the page's first contentful paint when that comes later:
//   the frame is then presented with it): the first complete choropleth the person sees, either the
//   map's picture written by the server in the page it renders (src/server/prerender.ts, lib/server-picture.ts: an
//   SVG of the same outlines, framed as MapLibre frames them, in the legend's colours; up to 5,000 territories), or
//   the first picture the page draws (components/map-preview.ts: the same tiles, camera, class colours and outlines
//   on a 2D canvas before MapLibre has started), or, without either, MapLibre's own drawing;
// - « carte interactive » (`socle:carte-interactive`): MapLibre idle with every tile in view read and drawn in the
//   colours of the indicator's classes, in place of the first picture.
// The first load also builds the server's cached outlines and tiles; the next ones are what a second visitor gets.
// Also the size of the JavaScript (gzip).
//
// The marks are not taken on trust: what is shown at the « dessinée » mark is kept by the page itself (the server's
// SVG as it was in the page, drawn again at its size on screen; or a copy of the first picture's canvas, taken as the
// map says it is drawn), and a screenshot of MapLibre's canvas is taken at the
// « interactive » one; each must show the legend's class colours over a good part of the map, several classes of
// them; otherwise the run fails. With DETAIL=1 each visit prints its steps, in ms from navigation: code (the map's
// chunk received), values (the indicator's values received), firstPaint (the page's first contentful paint), mapReady
// (MapLibre's style loaded), sent (outlines source and colours in the map), earlyTiles (how many tiles of the first
// picture index.html's early script had asked for), tiles (first asked, last received, how many, the first picture's
// included).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_WEB_DIR } from '../../src/server/app.js';
import { launchChromium } from '../../e2e/helpers/browser.js';
import { printTable, quantile } from '../bench-utils.js';
import { startBenchServer } from './bench-server.js';

const RUNS = Number(process.env.RUNS ?? 5);

const bundleSizes = (): [string, string][] => {
  const assets = join(DEFAULT_WEB_DIR, 'assets');
  const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const gz = (f: string) => gzipSync(readFileSync(join(assets, f)), { level: 9 }).byteLength;
  const index = readFileSync(join(DEFAULT_WEB_DIR, 'index.html'), 'utf8');
  // Every script index.html names: the app's entry, its preloaded imports and the early script (early-start.ts).
  const first = [...new Set([...index.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]))];
  const kb = (n: number) => `${(n / 1024).toFixed(0)} ko`;
  const map = js.filter((f) => /IndicatorMap|ChoroplethMap|map-engine|maplibre/i.test(f));
  return [
    ['JS au premier affichage (gzip)', kb(first.reduce((s, f) => s + gz(f), 0))],
    ['JS de la carte, chargé avec elle (gzip)', kb(map.reduce((s, f) => s + gz(f), 0))],
    ['JS total, toutes pages (gzip)', kb(js.reduce((s, f) => s + gz(f), 0))],
  ];
};

/**
 * Run in the page before its own scripts: copies the first picture's canvas as the map says it is drawn (before
 * MapLibre may take its place), and gives a promise of the interactive map (a wait of the page's own: Playwright's
 * selector engine, injected into the page, would take the page's thread while the map is being drawn).
 */
const WATCH_MAP = `(() => {
  let done;
  window.__socleInteractive = new Promise((resolve) => (done = resolve));
  const seen = new MutationObserver(() => {
    // The picture the server wrote in the page (lib/server-picture.ts), kept (the map removes it once it has drawn).
    const written = window.__socleShown === undefined && document.querySelector('.socle-map__image > svg');
    if (written) window.__socleShown = { svg: written, map: written.closest('.socle-map') };
    const map = document.querySelector('.socle-map[data-etat]');
    if (!map) return;
    const state = map.getAttribute('data-etat');
    if (window.__socleShown === undefined) {
      const picture = map.querySelector('canvas.socle-map__apercu');
      if (state === 'dessinee' && picture && !picture.hidden) {
        const copy = document.createElement('canvas');
        copy.width = picture.width;
        copy.height = picture.height;
        copy.getContext('2d').drawImage(picture, 0, 0);
        window.__socleShown = copy;
      } else window.__socleShown = null;
    }
    if (state === 'interactive') {
      seen.disconnect();
      done();
    }
  });
  seen.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-etat'] });
})()`;

/**
 * Share of the map's pixels in each class colour of the legend (drawn at 90 % opacity over the map's background), read
 * in the page itself from the first picture kept at the mark (`picture`) or from a screenshot of MapLibre's canvas (a
 * data: image, which its CSP allows).
 */
const classCoverage = async (page: Page, what: 'picture' | 'map'): Promise<number[]> => {
  const png = what === 'map' ? (await page.locator('.socle-map canvas.maplibregl-canvas').screenshot()).toString('base64') : '';
  return (await page.evaluate(`(async () => {
    let source = window.__socleShown;
    if (${what === 'map'}) {
      source = new Image();
      source.src = 'data:image/png;base64,${png}';
      await source.decode();
    } else if (source.svg) {
      // The server's SVG, drawn at its size on screen over the map's background.
      const width = source.map.clientWidth;
      const height = source.map.clientHeight;
      const svg = new XMLSerializer().serializeToString(source.svg);
      source = new Image(width, height);
      source.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg.replace('<svg ', '<svg width="' + width + '" height="' + height + '" '));
      await source.decode();
    }
    const c = document.createElement('canvas');
    c.width = source.width;
    c.height = source.height;
    const g = c.getContext('2d');
    g.fillStyle = '#f6f6f6';
    g.fillRect(0, 0, c.width, c.height);
    g.drawImage(source, 0, 0, c.width, c.height);
    const px = g.getImageData(0, 0, c.width, c.height).data;
    const rgb = (s) => (s.match(/\\d+/g) || []).slice(0, 3).map(Number);
    const swatches = [...document.querySelectorAll('.socle-legend li')]
      .filter((li) => !/non disponible/.test(li.textContent))
      .map((li) => rgb(getComputedStyle(li.querySelector('.socle-legend__swatch')).backgroundColor));
    const bg = [246, 246, 246];
    const targets = swatches.map((s) => s.map((v, i) => 0.9 * v + 0.1 * bg[i]));
    const counts = targets.map(() => 0);
    const n = px.length / 4;
    for (let p = 0; p < px.length; p += 4) {
      for (let k = 0; k < targets.length; k++) {
        const t = targets[k];
        if (Math.abs(px[p] - t[0]) <= 4 && Math.abs(px[p + 1] - t[1]) <= 4 && Math.abs(px[p + 2] - t[2]) <= 4) { counts[k]++; break; }
      }
    }
    return counts.map((x) => x / n);
  })()`)) as number[];
};

/** Throws unless the screenshot shows the choropleth: several classes, together over a tenth of the map at least. */
const checkVisible = (path: string, coverage: number[]): void => {
  const shown = coverage.filter((x) => x >= 0.002).length;
  const total = coverage.reduce((s, x) => s + x, 0);
  if (coverage.length < 2 || shown < Math.min(3, coverage.length) || total < 0.1) {
    throw new Error(`${path} : la carte dite dessinée ne montre pas la choroplèthe (part de chaque classe : ${coverage.map((x) => x.toFixed(3)).join(', ')})`);
  }
};

interface Visit {
  /** Navigation to the first complete map shown, and to MapLibre's drawn map. */
  drawn: number;
  interactive: number;
  /** The first map shown was the first picture (not MapLibre's). */
  picture: boolean;
  /** That first picture was the one the server wrote in the page (lib/server-picture.ts). */
  written: boolean;
  features: number;
  steps: Record<string, number | undefined>;
  coverage: number;
}

const visit = async (browser: Browser, url: string, path: string): Promise<Visit> => {
  // A new context each time: no HTTP cache, as a first visit (the server keeps its own cache).
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  try {
    await context.addInitScript(WATCH_MAP);
    const page = await context.newPage();
    // Tiles are fetched by MapLibre's workers: their timings are not in the page's own resource entries.
    const tiles: { start: number; end: number }[] = [];
    page.on('requestfinished', (r) => {
      if (!r.url().includes('/tiles/')) return;
      const t = r.timing();
      tiles.push({ start: t.startTime, end: t.startTime + t.responseEnd });
    });
    await page.goto(url + path, { waitUntil: 'commit' });
    await page.evaluate(`Promise.race([window.__socleInteractive, new Promise((_, fail) => setTimeout(() => fail(new Error('carte non dessinée après 60 s')), 60000))])`);
    // A string, not a function: the TypeScript loader would add helpers the page does not have.
    const mark = (await page.evaluate(`(() => {
      const drawn = performance.getEntriesByName('socle:carte-dessinee')[0];
      const interactive = performance.getEntriesByName('socle:carte-interactive')[0];
      const at = (name) => (performance.getEntriesByName(name)[0] || {}).startTime;
      const res = performance.getEntriesByType('resource');
      const chunk = res.find((e) => /map-engine.*\\.js/.test(e.name)) || {};
      const values = res.find((e) => e.name.includes('/values?')) || {};
      // A frame is on screen some time after the page's thread has drawn it (the mark): no earlier than the page's
      // first paint as Chromium reports it (presented), which the first frame with the map is often.
      const painted = (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0;
      return drawn && interactive ? { origin: performance.timeOrigin, drawn: Math.max(drawn.startTime, painted), interactive: Math.max(interactive.startTime, painted), picture: !!drawn.detail.apercu, written: drawn.detail.apercu === 'serveur', n: interactive.detail.features, steps: { code: chunk.responseEnd, values: values.responseEnd, firstPaint: painted || undefined, mapReady: at('socle:carte-prete'), sent: at('socle:donnees-envoyees'), earlyTiles: drawn.detail.early } } : null;
    })()`)) as { origin: number; drawn: number; interactive: number; picture: boolean; written: boolean; n: number; steps: Record<string, number | undefined> } | null;
    if (!mark) throw new Error(`${path} : la carte ne dit pas quand elle est dessinée`);
    const asked = tiles.filter((x) => x.start - mark.origin <= mark.interactive);
    const steps = {
      ...mark.steps,
      tilesStart: asked.length ? Math.min(...asked.map((x) => x.start)) - mark.origin : undefined,
      tilesEnd: asked.length ? Math.max(...asked.map((x) => x.end)) - mark.origin : undefined,
      tiles: asked.length,
    };
    const shown = (await page.evaluate('window.__socleShown !== null && window.__socleShown !== undefined')) as boolean;
    if (shown !== mark.picture) throw new Error(`${path} : la première image n’a pas été vue au moment où la carte s’est dite dessinée`);
    let coverage = await classCoverage(page, 'map');
    checkVisible(`${path} (carte interactive)`, coverage);
    if (mark.picture) {
      coverage = await classCoverage(page, 'picture');
      checkVisible(`${path} (première image)`, coverage);
    }
    return { drawn: mark.drawn, interactive: mark.interactive, picture: mark.picture, written: mark.written, features: mark.n, steps, coverage: coverage.reduce((s, x) => s + x, 0) };
  } finally {
    await context.close();
  }
};

const server = await startBenchServer(['--france']);
let browser: Browser | undefined;
try {
  browser = await launchChromium();
  const drawTimes = async (path: string): Promise<Visit[]> => {
    const visits: Visit[] = [];
    for (let i = 0; i < RUNS; i++) {
      const v = await visit(browser!, server.url, path);
      if (process.env.DETAIL) {
        const steps = Object.entries(v.steps).map(([k, x]) => `${k} ${x === undefined ? '-' : Math.round(x)}`).join(', ');
        console.log(`${path} : dessinée ${Math.round(v.drawn)} ms (${v.written ? 'image du serveur' : v.picture ? 'première image' : 'MapLibre'}), interactive ${Math.round(v.interactive)} ms (${steps} ; classes sur ${(v.coverage * 100).toFixed(0)} % de la carte)`);
      }
      visits.push(v);
    }
    return visits;
  };
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  const row = (label: string, r: Visit[]): [string, string][] => {
    const next = r.slice(1);
    const drawn = next.map((v) => v.drawn);
    const interactive = next.map((v) => v.interactive);
    return [
      [`${label} : territoires dessinés`, String(r[0].features)],
      [`${label} : 1re visite (serveur froid), dessinée / interactive`, `${ms(r[0].drawn)} / ${ms(r[0].interactive)}`],
      [`${label} : visites suivantes, carte dessinée, médiane`, ms(quantile(drawn, 0.5))],
      [`${label} : visites suivantes, carte dessinée, max`, ms(Math.max(...drawn))],
      [`${label} : visites suivantes, carte interactive, médiane`, ms(quantile(interactive, 0.5))],
      [`${label} : visites suivantes, carte interactive, max`, ms(Math.max(...interactive))],
      [`${label} : dessinée d’abord en première image`, `${r.filter((v) => v.picture).length} visites sur ${r.length}`],
      [`${label} : dont l’image écrite par le serveur`, `${r.filter((v) => v.written).length} visites sur ${r.length}`],
    ];
  };
  const rows: [string, string][] = [];
  const hg = await drawTimes('/indicateur/taux_chomage_15_64?within=dep:31&level=com');
  rows.push(...row('Haute-Garonne', hg));
  rows.push(['Haute-Garonne : objectif < 500 ms (carte dessinée)', quantile(hg.slice(1).map((v) => v.drawn), 0.5) < 500 ? 'atteint' : 'manqué']);
  if (server.france) {
    const fr = await drawTimes('/indicateur/population?within=fr&level=com');
    rows.push(...row('France', fr));
    rows.push(['France : objectif < 2 s (carte dessinée)', quantile(fr.slice(1).map((v) => v.drawn), 0.5) < 2000 ? 'atteint' : 'manqué']);
  } else {
    rows.push(['France', '../shared/data absent : non mesuré']);
  }
  rows.push(...bundleSizes());
  rows.push(['charge de la machine (1 min)', (await import('node:os')).loadavg()[0].toFixed(1)]);
  printTable(`Carte dans Chromium : de la navigation à la carte dessinée (${RUNS} visites)`, rows);
} finally {
  await browser?.close();
  await server.stop();
}
