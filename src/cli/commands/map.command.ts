import type { Command } from 'commander';
import { LEVEL_NOUNS } from '../../core/format/french-text.js';
import { appError, err, ok } from '../../core/result.js';
import type { MapAnswer } from '../../services/indicators/build-map.service.js';
import { fmtInt, printJson, withContext, withGlobals, type GlobalOptions } from '../cli-helpers.js';

interface MapOptions extends GlobalOptions {
  within: string;
  level: string;
  classes?: string;
  method?: string;
  millesime?: string;
  out?: string;
}

export const registerMap = (program: Command): void => {
  withGlobals(
    program
      .command('map')
      .description('carte choroplèthe SVG d’un indicateur sur les communes, EPCI ou départements d’un territoire')
      .argument('<nom>', 'identifiant d’indicateur (socle indicators) ou variable')
      .requiredOption('--within <ref>', 'territoire cartographié (dep:31, epci:…, per:…, fr)')
      .option('--level <niveau>', 'com, epci ou dep', 'com')
      .option('--classes <n>', 'nombre de classes (2 à 7)', '5')
      .option('--method <méthode>', 'quantiles, jenks ou equal', 'quantiles')
      .option('--millesime <année>', 'millésime')
      .option('--out <fichier.svg>', 'fichier SVG à écrire (sinon sur la sortie standard)'),
  ).action(async (name: string, opts: MapOptions) => {
    const { buildMap } = await import('../../services/indicators/build-map.service.js');
    const { parseMillesime } = await import('../../services/indicators/get-value.service.js');
    const { checkOutputFile, writeFileAtomic } = await import('../../services/output-file.js');
    // The SVG goes to stdout without --out: the presenter prints it, and --json wraps it.
    await withContext(
      opts,
      async (ctx) => {
        const millesime = parseMillesime(opts.millesime);
        if (!millesime.ok) return err(millesime.error);
        if (!/^\d+$/.test(opts.classes ?? '5')) return err(appError('PARAMETRE_INVALIDE', `--classes « ${opts.classes} » : un nombre entre 2 et 7 est attendu`));
        const file = opts.out === undefined ? undefined : await checkOutputFile(opts.out, ['svg']);
        if (file && !file.ok) return file;
        const map = await buildMap(ctx, { name, within: opts.within, level: opts.level, classes: Number(opts.classes ?? 5), method: opts.method, millesime: millesime.value });
        if (!map.ok) return map;
        if (file) {
          const written = await writeFileAtomic(file.value, map.value.svg);
          if (!written.ok) return written;
        }
        return ok(map.value);
      },
      (m: MapAnswer) => {
        const summary = {
          file: opts.out ?? null,
          indicator: m.data.indicator.id,
          within: m.data.within.ref,
          level: m.data.level,
          millesime: m.data.millesime,
          paths: m.drawn,
          without_outline: m.withoutOutline,
          classes: m.data.classes,
        };
        if (opts.json) return printJson(opts.out ? summary : { ...summary, svg: m.svg });
        if (!opts.out) return m.svg;
        const missing = m.withoutOutline.length ? `, ${fmtInt(m.withoutOutline.length)} sans contour` : '';
        const drawn = LEVEL_NOUNS[m.data.level][m.drawn > 1 ? 1 : 0];
        const classes = m.data.classes.labels.length;
        return `Carte écrite : ${opts.out} — ${m.data.indicator.label}, ${fmtInt(m.drawn)} ${drawn}${missing}, ${classes} classe${classes > 1 ? 's' : ''} (${m.data.classes.method}).`;
      },
      { presentsJson: true },
    );
  });
};
