// The web app: React + DSFR (through @codegouvfr/react-dsfr), built into web/dist and served by `socle serve`.
// Root is web/; the DSFR files (CSS, fonts, icons, favicons) are copied into web/public/dsfr by react-dsfr's own
// script before each build or dev start (the copy ignores itself in git).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webDir = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(tsx?|css)$/.test(name) ? [path] : [];
  });

/**
 * The copy keeps the icons the DSFR style sheet itself uses; the icons this app names (`fr-icon-…` in web/src) are
 * added from the package, so that the whole icon set (4 MB) is not shipped.
 */
const copyUsedIcons = (): void => {
  const dsfr = join(webDir, 'public', 'dsfr');
  const css = readFileSync(join(dsfr, 'utility', 'icons', 'icons.min.css'), 'utf8');
  const used = new Set(sourceFiles(join(webDir, 'src')).flatMap((f) => readFileSync(f, 'utf8').match(/fr-icon-[a-z0-9-]+/g) ?? []));
  const source = join(dirname(require.resolve('@codegouvfr/react-dsfr/package.json')), 'dsfr');
  for (const icon of used) {
    const m = new RegExp(`\\.${icon}:before\\{[^}]*?url\\(\\.\\./\\.\\./(icons/[^)]+\\.svg)\\)`).exec(css);
    if (!m) continue;
    const target = join(dsfr, m[1]);
    if (existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(source, m[1]), target);
  }
};

const copyDsfr = (): Plugin => ({
  name: 'socle-copy-dsfr-to-public',
  buildStart() {
    execFileSync(process.execPath, [require.resolve('@codegouvfr/react-dsfr/bin/copy-dsfr-to-public.js'), '--projectDir', webDir], { stdio: 'inherit' });
    copyUsedIcons();
  },
});

export default defineConfig({
  root: webDir,
  publicDir: 'public',
  base: '/',
  plugins: [copyDsfr(), react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    // The plugin timing note is about the build's own speed, not the app: keep the output to what matters.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
});
