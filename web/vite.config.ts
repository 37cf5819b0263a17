// The web app: React + DSFR (through @codegouvfr/react-dsfr), built into web/dist and served by `socle serve`.
// Root is web/; the DSFR files (CSS, fonts, icons, favicons) are copied into web/public/dsfr by react-dsfr's own
// script before each build or dev start (the copy ignores itself in git).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webDir = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const copyDsfr = (): Plugin => ({
  name: 'socle-copy-dsfr-to-public',
  buildStart() {
    execFileSync(process.execPath, [require.resolve('@codegouvfr/react-dsfr/bin/copy-dsfr-to-public.js'), '--projectDir', webDir], { stdio: 'inherit' });
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
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
});
