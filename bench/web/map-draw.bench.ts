// In Chromium: time from navigation to a drawn map (the `socle:carte-dessinee` mark the map component sets when
// MapLibre is idle with the data), for the 586 communes of Haute-Garonne (goal under 500 ms) and, with the outlines
// of ../shared/data loaded, the 34,868 communes of France (goal under 2 s). The first load also builds the server's
// cached outlines; the next ones are what a second visitor gets. Also the size of the JavaScript (gzip).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
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
  const entry = /src="\/assets\/([^"]+\.js)"/.exec(index)?.[1];
  const preloads = [...index.matchAll(/modulepreload" crossorigin href="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);
  const first = [entry, ...preloads].filter((f): f is string => !!f);
  const kb = (n: number) => `${(n / 1024).toFixed(0)} ko`;
  const map = js.filter((f) => /IndicatorMap|maplibre/i.test(f));
  return [
    ['JS au premier affichage (gzip)', kb(first.reduce((s, f) => s + gz(f), 0))],
    ['JS de la carte, chargé avec elle (gzip)', kb(map.reduce((s, f) => s + gz(f), 0))],
    ['JS total, toutes pages (gzip)', kb(js.reduce((s, f) => s + gz(f), 0))],
  ];
};

const server = await startBenchServer(['--france']);
const browser = await launchChromium();
try {
  const drawTimes = async (path: string): Promise<{ ms: number[]; features: number }> => {
    const ms: number[] = [];
    let features = 0;
    for (let i = 0; i < RUNS; i++) {
      // A new context each time: no HTTP cache, as a first visit (the server keeps its own cache).
      const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
      const page = await context.newPage();
      await page.goto(server.url + path);
      await page.waitForSelector('.socle-map[data-etat="dessinee"]', { timeout: 60_000 });
      // A string, not a function: the TypeScript loader would add helpers the page does not have.
      const mark = (await page.evaluate(`(() => {
        const m = performance.getEntriesByName('socle:carte-dessinee')[0];
        const at = (name) => (performance.getEntriesByName(name)[0] || {}).startTime;
        const res = performance.getEntriesByType('resource');
        const outlines = res.find((e) => e.name.includes('/outlines')) || {};
        const chunk = res.find((e) => /IndicatorMap.*\\.js/.test(e.name)) || {};
        return m ? { t: m.startTime, n: m.detail.features, steps: { code: chunk.responseEnd, mapReady: at('socle:carte-prete'), outlinesStart: outlines.requestStart, outlinesEnd: outlines.responseEnd, sent: at('socle:donnees-envoyees') } } : null;
      })()`)) as { t: number; n: number; steps: Record<string, number> } | null;
      if (process.env.DETAIL) console.log(path, JSON.stringify(mark));
      if (!mark) throw new Error('la carte ne dit pas quand elle est dessinée');
      ms.push(mark.t);
      features = mark.n;
      await context.close();
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
  await browser.close();
  await server.stop();
}
