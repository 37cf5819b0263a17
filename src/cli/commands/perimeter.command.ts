import type { Command } from 'commander';
import { appError, err, ok } from '../../core/result.js';
import { fmtInt, withContext, withGlobals, type GlobalOptions } from '../cli-helpers.js';
import { presentTerritory } from './territory.command.js';

export const registerPerimeter = (program: Command): void => {
  // --json and --database before the subcommand too (`socle perimeter --database … list`): main.ts hands them down.
  const perimeter = withGlobals(program.command('perimeter').description('périmètres sur mesure (territoire de CTG, SCoT …)'));

  withGlobals(
    perimeter
      .command('create')
      .description('crée un périmètre à partir de communes, EPCI, départements')
      .argument('<slug>', 'identifiant : minuscules, chiffres, tirets')
      .requiredOption('--name <nom>', 'nom du périmètre')
      .requiredOption('--members <refs>', 'références séparées par des virgules (epci:200066819,com:31555)'),
  ).action(async (slug: string, opts: GlobalOptions & { name: string; members: string }) => {
    const { createPerimeter } = await import('../../services/perimeter/perimeter.service.js');
    await withContext(opts, (ctx) => createPerimeter(ctx, { slug, name: opts.name, members: opts.members.split(',') }), (t) => `Périmètre créé.\n${presentTerritory(t)}`);
  });

  withGlobals(
    perimeter
      .command('update')
      .description('renomme un périmètre ou change ses membres (son identifiant reste)')
      .argument('<slug>', 'identifiant du périmètre')
      .option('--name <nom>', 'nouveau nom (par défaut : le nom actuel)')
      .option('--members <refs>', 'nouveaux membres, séparés par des virgules (par défaut : les membres actuels)'),
  ).action(async (slug: string, opts: GlobalOptions & { name?: string; members?: string }) => {
    const { listPerimeters, updatePerimeter } = await import('../../services/perimeter/perimeter.service.js');
    await withContext(
      opts,
      async (ctx) => {
        const id = slug.replace(/^per:/, '');
        const current = (await listPerimeters(ctx)).find((p) => p.slug === id);
        if (!current) return err(appError('PERIMETRE_INCONNU', `per:${id} : aucun périmètre ne porte cet identifiant`));
        if (opts.name === undefined && opts.members === undefined) return err(appError('PARAMETRE_INVALIDE', `per:${id} : rien à changer ; donner --name ou --members`));
        return updatePerimeter(ctx, { slug: id, name: opts.name ?? current.name, members: opts.members?.split(',') ?? current.members, version: current.version });
      },
      (t) => `Périmètre modifié.\n${presentTerritory(t)}`,
    );
  });

  withGlobals(perimeter.command('list').description('liste les périmètres')).action(async (opts: GlobalOptions) => {
    const { listPerimeters } = await import('../../services/perimeter/perimeter.service.js');
    await withContext(
      opts,
      async (ctx) => ok(await listPerimeters(ctx)),
      (list) => (list.length ? list.map((p) => `${p.ref}  ${p.name} — ${fmtInt(p.communes)} commune${p.communes > 1 ? 's' : ''} (${p.memberNames.join(', ')})`).join('\n') : 'Aucun périmètre.'),
    );
  });

  withGlobals(perimeter.command('show').description('un périmètre').argument('<slug>')).action(async (slug: string, opts: GlobalOptions) => {
    const { getTerritory } = await import('../../services/territory/get-territory.service.js');
    await withContext(opts, (ctx) => getTerritory(ctx, `per:${slug.replace(/^per:/, '')}`), presentTerritory);
  });

  withGlobals(perimeter.command('delete').description('supprime un périmètre').argument('<slug>')).action(async (slug: string, opts: GlobalOptions) => {
    const { deletePerimeter } = await import('../../services/perimeter/perimeter.service.js');
    await withContext(opts, (ctx) => deletePerimeter(ctx, slug), (r) => `Périmètre ${r.ref} supprimé.`);
  });
};
