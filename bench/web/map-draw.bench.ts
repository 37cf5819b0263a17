// In Chromium: time from navigation to a drawn map (the `socle:carte-dessinee` mark the map component sets when
// MapLibre is idle with every tile in view read and drawn in the colours of the indicator's classes), for the 586
// communes of Haute-Garonne (goal under 500 ms) and, with the outlines of ../shared/data loaded, the 34,868 communes
// of France (goal under 2 s). The first load also builds the server's cached outlines and tiles; the next ones are
// what a second visitor gets. Also the size of the JavaScript (gzip).
//
// The mark is not taken on trust: after each visit (outside the time measured) a screenshot of the map is read and
// must show the legend's class colours over a good part of the map, several classes of them; otherwise the run
// fails. With DETAIL=1 each visit prints its steps, in ms from navigation: code (the map's chunk received), values
// (the indicator's values received), mapReady (MapLibre's style loaded), sent (outlines source and colours in the
// map), tiles (first asked, last received, how many).
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
 * Share of the map's pixels in each class colour of the legend (drawn at 90 % opacity over the map's background), read
 * from a screenshot in the page itself (a data: image, which its CSP allows).
 */
const classCoverage = async (page: Page): Promise<number[]> => {
  const png = (await page.locator('.socle-map canvas').screenshot()).toString('base64');
  return (await page.evaluate(`(async () => {
    const img = new Image();
    img.src = 'data:image/png;base64,${png}';
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
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
  ms: number;
  features: number;
  steps: Record<string, number | undefined>;
  coverage: number;
}

const visit = async (browser: Browser, url: string, path: string): Promise<Visit> => {
  // A new context each time: no HTTP cache, as a first visit (the server keeps its own cache).
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  try {
    const page = await context.newPage();
    // Tiles are fetched by MapLibre's workers: their timings are not in the page's own resource entries.
    const tiles: { start: number; end: number }[] = [];
    page.on('requestfinished', (r) => {
      if (!r.url().includes('/tiles/')) return;
      const t = r.timing();
      tiles.push({ start: t.startTime, end: t.startTime + t.responseEnd });
    });
    await page.goto(url + path);
    await page.waitForSelector('.socle-map[data-etat="dessinee"]', { timeout: 60_000 });
    // A string, not a function: the TypeScript loader would add helpers the page does not have.
    const mark = (await page.evaluate(`(() => {
      const m = performance.getEntriesByName('socle:carte-dessinee')[0];
      const at = (name) => (performance.getEntriesByName(name)[0] || {}).startTime;
      const res = performance.getEntriesByType('resource');
      const chunk = res.find((e) => /map-engine.*\\.js/.test(e.name)) || {};
      const values = res.find((e) => e.name.includes('/values?')) || {};
      return m ? { origin: performance.timeOrigin, t: m.startTime, n: m.detail.features, steps: { code: chunk.responseEnd, values: values.responseEnd, mapReady: at('socle:carte-prete'), sent: at('socle:donnees-envoyees') } } : null;
    })()`)) as { origin: number; t: number; n: number; steps: Record<string, number | undefined> } | null;
    if (!mark) throw new Error(`${path} : la carte ne dit pas quand elle est dessinée`);
    const asked = tiles.filter((x) => x.start - mark.origin <= mark.t);
    const steps = {
      ...mark.steps,
      tilesStart: asked.length ? Math.min(...asked.map((x) => x.start)) - mark.origin : undefined,
      tilesEnd: asked.length ? Math.max(...asked.map((x) => x.end)) - mark.origin : undefined,
      tiles: asked.length,
    };
    const coverage = await classCoverage(page);
    checkVisible(path, coverage);
    return { ms: mark.t, features: mark.n, steps, coverage: coverage.reduce((s, x) => s + x, 0) };
  } finally {
    await context.close();
  }
};

const server = await startBenchServer(['--france']);
let browser: Browser | undefined;
try {
  browser = await launchChromium();
  const drawTimes = async (path: string): Promise<{ ms: number[]; features: number }> => {
    const ms: number[] = [];
    let features = 0;
    for (let i = 0; i < RUNS; i++) {
      const v = await visit(browser!, server.url, path);
      if (process.env.DETAIL) {
        const steps = Object.entries(v.steps).map(([k, x]) => `${k} ${x === undefined ? '-' : Math.round(x)}`).join(', ');
        console.log(`${path} : ${Math.round(v.ms)} ms (${steps} ; classes sur ${(v.coverage * 100).toFixed(0)} % de la carte)`);
      }
      ms.push(v.ms);
      features = v.features;
    }
    return { ms, features };
  };
  const row = (label: string, r: { ms: number[]; features: number }): [string, string][] => [
    [`${label} : territoires dessinés`, String(r.features)],
    [`${label} : 1re visite (serveur froid)`, `${r.ms[0].toFixed(0)} ms`],
    [`${label} : visites suivantes, médiane`, `${quantile(r.ms.slice(1), 0.5).toFixed(0)} ms`],
    [`${label} : visites suivantes, max`, `${Math.max(...r.ms.slice(1)).toFixed(0)} ms`],
  ];
  const rows: [string, string][] = [];
  const hg = await drawTimes('/indicateur/taux_chomage_15_64?within=dep:31&level=com');
  rows.push(...row('Haute-Garonne', hg));
  rows.push(['Haute-Garonne : objectif < 500 ms', quantile(hg.ms.slice(1), 0.5) < 500 ? 'atteint' : 'manqué']);
  if (server.france) {
    const fr = await drawTimes('/indicateur/population?within=fr&level=com');
    rows.push(...row('France', fr));
    rows.push(['France : objectif < 2 s', quantile(fr.ms.slice(1), 0.5) < 2000 ? 'atteint' : 'manqué']);
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
