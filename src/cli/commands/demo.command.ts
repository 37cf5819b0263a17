// `socle demo [--port 8080] [--host 127.0.0.1]`: init, the demo data of demo/data (once), then serve — what
// `npm start` runs. The address printed opens on the demonstration perimeter.
import type { Command } from 'commander';
import { databaseUrlOf, fail } from '../cli-helpers.js';
import { serveContext, withServeOptions, type ServeOptions } from './serve.command.js';

export const registerDemo = (program: Command): void => {
  withServeOptions(program.command('demo').description('charge les données de démonstration (Haute-Garonne) puis sert l’application')).action(
    async (opts: ServeOptions) => {
      const { createContext, closeContext } = await import('../../services/context.js');
      const { loadDemo } = await import('../../services/demo/load-demo.service.js');
      const ctx = await createContext(databaseUrlOf(opts));
      try {
        // Progress goes to stderr so that --json keeps stdout for the one machine-readable line.
        const say = (line: string) => process.stderr.write(line + '\n');
        say('Socle : chargement des données de démonstration (Haute-Garonne)…');
        const loaded = await loadDemo(ctx, { onStep: (s) => say(`  ${s.outcome === 'loaded' ? '✓' : '·'} ${s.what} : ${s.detail}`) });
        if (!loaded.ok) return fail(opts, loaded.error);
        const opening = `/territoire/${loaded.value.ref}`;
        await serveContext(
          ctx,
          opts,
          (url) => [`Socle est prêt : ${url}`, `  Sud Haute-Garonne : ${url}${opening}`, '  (Ctrl+C pour arrêter)'].join('\n'),
          [opening],
        );
      } finally {
        await closeContext(ctx);
      }
    },
  );
};
