// The web app: React + DSFR (through @codegouvfr/react-dsfr), built into web/dist and served by `socle serve`.
// Root is web/; the DSFR files (CSS, fonts, icons, favicons) are copied into web/public/dsfr by react-dsfr's own
// script before each build or dev start (the copy ignores itself in git).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, transformWithOxc, type Plugin, type Rollup } from 'vite';

const webDir = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(tsx?|css)$/.test(name) ? [path] : [];
  });

/** The icons this app names (`fr-icon-…` in web/src, and in the react-dsfr components it uses). */
const usedIcons = (): Set<string> => {
  const reactDsfr = dirname(require.resolve('@codegouvfr/react-dsfr/package.json'));
  const components = readdirSync(reactDsfr)
    .filter((f) => f.endsWith('.js'))
    .map((f) => join(reactDsfr, f));
  return new Set([...sourceFiles(join(webDir, 'src')), ...components].flatMap((f) => readFileSync(f, 'utf8').match(/fr-icon-[a-z0-9-]+/g) ?? []));
};

/**
 * The copy keeps the icons the DSFR style sheet itself uses; the icons this app names are added from the package, so
 * that the whole icon set (4 MB) is not shipped. The icons' style sheet keeps only their rules: its 1,300 others
 * (200 kB) would be read and matched on every page's first paint, the map's included.
 */
const copyUsedIcons = (): void => {
  const dsfr = join(webDir, 'public', 'dsfr');
  const source = join(dirname(require.resolve('@codegouvfr/react-dsfr/package.json')), 'dsfr');
  const sheet = join('utility', 'icons', 'icons.min.css');
  const css = readFileSync(join(source, sheet), 'utf8');
  const used = usedIcons();
  for (const icon of used) {
    const m = new RegExp(`\\.${icon}:before\\{[^}]*?url\\(\\.\\./\\.\\./(icons/[^)]+\\.svg)\\)`).exec(css);
    if (!m) continue;
    const target = join(dsfr, m[1]);
    if (existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(source, m[1]), target);
  }
  // Each icon's rule is `.fr-icon-x:after,.fr-icon-x:before{…}` (`.fr-fi-x`, their former names, alike).
  const kept = css.replace(/\.fr-(icon|fi)-([a-z0-9-]+):after,\.fr-\1-\2:before\{[^}]*\}/g, (rule, _kind: string, name: string) => (used.has(`fr-icon-${name}`) ? rule : ''));
  writeFileSync(join(dsfr, sheet), kept);
};

const copyDsfr = (): Plugin => ({
  name: 'socle-copy-dsfr-to-public',
  buildStart() {
    execFileSync(process.execPath, [require.resolve('@codegouvfr/react-dsfr/bin/copy-dsfr-to-public.js'), '--projectDir', webDir], { stdio: 'inherit' });
    copyUsedIcons();
  },
  // The copy script adds `?v=` to every /dsfr/ address of index.html, font preloads included; the style sheet asks
  // for the fonts without it, so a preload must name them as the style sheet does or they are fetched twice.
  transformIndexHtml: (html) => html.replace(/(<link rel="preload" href="\/dsfr\/fonts\/[^"?]+)\?v=[^"]*"/g, '$1"'),
});

/** Lazy pages and the addresses that open them (as routes.tsx declares them). */
const PAGES: [RegExp, string][] = [
  [/^\/indicateur(?:\/|$)/, 'IndicatorPage'],
  [/^\/territoire\//, 'TerritoryPage'],
  [/^\/comparer\/?$/, 'ComparePage'],
  [/^\/donnees\/import\/?$/, 'ImportPage'],
  [/^\/donnees\/?$/, 'DataPage'],
  [/^\/perimetres\/?$/, 'PerimeterPage'],
];

/**
 * index.html gets a small script of its own, run before the app's code has arrived: it preloads the chunks of the
 * page being opened (its code, the map library, their style sheets), which the app would only ask for once its entry
 * has run and React has rendered the route, and starts the page's first API requests (web/src/early-start.ts, built
 * alone: it imports nothing). The app's API client takes those answers instead of asking again. The map engine
 * (components/map-engine.ts: MapLibre) is preloaded; it is evaluated at once only for a map without a first picture
 * (PREVIEW_MAX), otherwise by the map component once the first picture has asked for its tiles, so that its
 * evaluation does not hold the page's thread before then.
 */
const earlyStart = (): Plugin => ({
  name: 'socle-early-start',
  apply: (_config, env) => env.command === 'build' && !env.isSsrBuild,
  enforce: 'post',
  generateBundle: {
    order: 'post',
    async handler(_options, bundle) {
      const html = bundle['index.html'];
      if (!html || html.type !== 'asset') throw new Error('early start: index.html absent du build');
      const chunks = Object.values(bundle).filter((c): c is Rollup.OutputChunk => c.type === 'chunk');
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const closure = (start: Rollup.OutputChunk): Rollup.OutputChunk[] => {
        const seen = new Map<string, Rollup.OutputChunk>();
        const visit = (c: Rollup.OutputChunk) => {
          if (seen.has(c.fileName)) return;
          seen.set(c.fileName, c);
          for (const f of c.imports) visit(byFile.get(f)!);
        };
        visit(start);
        return [...seen.values()];
      };
      const cssOf = (list: Rollup.OutputChunk[]) => list.flatMap((c) => [...((c as { viteMetadata?: { importedCss: Set<string> } }).viteMetadata?.importedCss ?? [])]);
      const entry = chunks.find((c) => c.isEntry)!;
      // MapLibre (components/map-engine.ts), imported on demand by the map component.
      const engineChunk = chunks.find((c) => c.moduleIds.some((id) => /src[\\/]components[\\/]map-engine\.ts$/.test(id)));
      const initial = closure(entry);
      const loaded = new Set([...initial.map((c) => c.fileName), ...cssOf(initial)]);
      const routes = PAGES.map(([test, page]) => {
        const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(`/src/pages/${page}.tsx`));
        if (!chunk) throw new Error(`early start: pas de chunk pour ${page}`);
        const own = closure(chunk);
        const engine = engineChunk && own.some((c) => c === engineChunk || c.dynamicImports.includes(engineChunk.fileName)) ? engineChunk : null;
        const list = engine ? [...new Set([...own, ...closure(engine)])] : own;
        return {
          test: test.source,
          js: list.map((c) => c.fileName).filter((f) => !loaded.has(f)),
          css: [...new Set(cssOf(list))].filter((f) => !loaded.has(f)),
          // The map engine, preloaded with the page: it imports nothing of the app (checked below).
          engine: engine?.fileName ?? null,
        };
      });
      for (const r of routes) {
        if (!r.engine) continue;
        const reach = closure(byFile.get(r.engine)!).map((c) => c.fileName);
        if (reach.some((f) => initial.some((c) => c.isEntry && c.fileName === f))) throw new Error(`early start: ${r.engine} importe le point d'entrée de l'app`);
      }
      const sourceFile = join(webDir, 'src', 'early-start.ts');
      const ts = readFileSync(sourceFile, 'utf8');
      const { code } = await transformWithOxc(ts, sourceFile, { lang: 'ts' });
      if (/^\s*(import|export (?!const ))/m.test(code)) throw new Error('early start: early-start.ts ne doit rien importer et ne déclarer que des « export const »');
      const source = `(function () {
${code.replace(/^export const /gm, 'const ')}
const routes = ${JSON.stringify(routes)};
const path = location.pathname;
const route = routes.find((r) => new RegExp(r.test).test(path));
if (route) {
  const add = (rel, href, as) => {
    const link = document.createElement('link');
    link.rel = rel;
    link.href = '/' + href;
    if (as) link.as = as;
    // As the app's own module scripts and style sheets ask for them (same credentials mode), or they are fetched twice.
    link.crossOrigin = '';
    document.head.appendChild(link);
  };
  for (const f of route.js) add('modulepreload', f);
  for (const f of route.css) add('preload', f, 'style');
}
// A page the server rendered (src/server/prerender.ts) carries the answers it was rendered from, before this script:
// they are not asked for again, and the app reads them from here.
const given = document.getElementById('socle-reponses');
const rendered = given ? JSON.parse(given.textContent) : null;
if (rendered) window.__socleAnswers = rendered.answers;
// Its error answers too (an unknown territory or indicator): the page shows them without asking again.
const failed = (rendered && rendered.errors) || {};
if (rendered) window.__socleErrors = failed;
const early = (window.__socleEarly = {});
for (const url of earlyRequests(path, location.search)) {
  if ((rendered && url in rendered.answers) || url in failed) continue;
  early[url] = fetch(url, { headers: { Accept: 'application/json' } });
  early[url].catch(() => {});
}
const loadEngine = () => {
  const engine = document.createElement('script');
  engine.type = 'module';
  engine.src = '/' + route.engine;
  engine.crossOrigin = '';
  document.head.appendChild(engine);
};
// The map's picture is in the page: MapLibre is evaluated at once, and the picture said drawn once a frame with it
// is painted (read by bench/web/map-draw.bench.ts).
if (rendered && rendered.picture && route && route.engine) {
  loadEngine();
  const look = () => {
    if (document.querySelector('.socle-map__image')) {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => performance.mark('socle:carte-dessinee', { detail: { features: rendered.picture.count, apercu: 'serveur' } });
      channel.port2.postMessage(null);
    } else if (document.readyState === 'loading') requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}
// Once the extent of the page's map is known: the tiles of its first picture are asked for (the map takes them from
// window.__socleEarlyTiles instead of asking again), or, for a map with no first picture (too many territories,
// PREVIEW_MAX), MapLibre is evaluated at once, so that its worker starts while the app's code and data are on their way.
const tiles = (window.__socleEarlyTiles = {});
// None when an answer of the page failed (an unknown indicator has no tiles: each would be a 404).
const extent =
  route && route.engine && !(rendered && rendered.picture) && Object.keys(failed).length === 0 && earlyRequests(path, location.search).find((url) => url.includes('/extent?'));
if (extent) {
  (rendered && extent in rendered.answers ? Promise.resolve(rendered.answers[extent]) : early[extent].then((res) => (res.ok ? res.clone().json() : null)))
    .then((answer) => {
      if (!answer) return;
      if (answer.count > PREVIEW_MAX) {
        loadEngine();
        return;
      }
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      for (const url of earlyTiles(path, location.search, answer, document.documentElement.clientWidth, rem)) {
        tiles[url] = fetch(url).then((res) => (res.ok ? res.arrayBuffer() : Promise.reject(new Error(String(res.status)))));
        tiles[url].catch(() => {});
      }
    })
    .catch(() => {});
}
})();
`;
      const ref = this.emitFile({ type: 'asset', name: 'early-start.js', source });
      // A classic script that blocks the parser for the few milliseconds it takes to arrive: an async one may be run
      // only after the first paint, and the requests it starts would wait for it.
      const tag = `<script src="/${this.getFileName(ref)}"></script>`;
      const marker = '<meta charset="utf-8" />';
      if (!html.source.toString().includes(marker)) throw new Error('early start: <meta charset> absent de index.html');
      html.source = html.source.toString().replace(marker, `${marker}\n    ${tag}`);
    },
  },
});

// Two builds: the app (web/dist), then its server render (`--ssr src/entry-server.tsx`, into web/dist-server: the
// pages src/server/prerender.ts renders), which needs neither the public files nor the early script.
export default defineConfig(({ isSsrBuild }) => ({
  root: webDir,
  publicDir: 'public',
  base: '/',
  plugins: [...(isSsrBuild ? [] : [copyDsfr()]), react(), earlyStart()],
  build: {
    outDir: isSsrBuild ? 'dist-server' : 'dist',
    copyPublicDir: !isSsrBuild,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    // The plugin timing note is about the build's own speed, not the app: keep the output to what matters.
    rolldownOptions: {
      checks: { pluginTimings: false },
      // MapLibre and the module that starts its workers in a chunk of their own, which the early script can evaluate
      // before the app (it imports nothing of it).
      // (Its JavaScript only: its style sheet goes with the map component, which imports MapLibre on demand.)
      output: { codeSplitting: { groups: [{ name: 'map-engine', test: /node_modules[\\/]maplibre-gl[\\/].*\.js$|src[\\/]components[\\/]map-engine\.ts$/ }] } },
    },
  },
  // Server rendering (entry-server.tsx): react-dsfr's components import their style sheets, which only a bundle can
  // take; the rest is read from node_modules.
  ssr: { noExternal: ['@codegouvfr/react-dsfr'] },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
}));
