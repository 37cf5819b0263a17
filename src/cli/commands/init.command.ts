import type { Command } from 'commander';
import { ok } from '../../core/result.js';
import { withContext, withGlobals, type GlobalOptions } from '../cli-helpers.js';

export const registerInit = (program: Command): void => {
  withGlobals(program.command('init').description('crée ou met à jour le schéma et charge le référentiel des territoires')).action(async (opts: GlobalOptions) => {
    const { initDatabase } = await import('../../services/context.js');
    await withContext(
      opts,
      async (ctx) => ok({ database: ctx.store.dialect, steps: await initDatabase(ctx) }),
      (r) => r.steps.map((s) => `${s.done ? '✓' : '·'} ${s.step}${s.detail ? ` — ${s.detail}` : ''}`).join('\n') + `\nBase ${r.database} prête.`,
      { autoInit: false },
    );
  });
};
