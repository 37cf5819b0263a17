// `socle demo`: loads the Haute-Garonne files shipped in demo/data (see demo/PROVENANCE.md) through the same import
// as `socle import`, and creates the perimeter « Sud Haute-Garonne ». Running it again changes nothing: an import of
// a file already loaded is a no-op, and the perimeter is created only when absent.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { appError, err, ok, type AppError, type Result } from '../../core/result.js';
import type { AppContext } from '../context.js';
import { importFile } from '../import/import-file.service.js';
import { createPerimeter } from '../perimeter/perimeter.service.js';

/** demo/data of the package, from src/services/demo (tsx, tests) as from dist/services/demo (the built CLI). */
export const DEMO_DATA_DIR = fileURLToPath(new URL('../../../demo/data', import.meta.url));

export interface DemoFile {
  path: string;
  /** For files that do not carry their millésime (populations légales, the CAF file). */
  millesime?: number;
  label: string;
}

/** In this order: the comparateur gives P22_POP, which the dossier complet's shares need. */
export const DEMO_FILES: DemoFile[] = [
  { path: 'insee/base_cc_comparateur_31.csv', label: 'INSEE, comparateur de territoires 2025' },
  { path: 'insee/cc_filosofi_2021_COM_31.csv', label: 'INSEE, Filosofi 2021' },
  { path: 'insee/dossier_complet_light_sample_31546-31589.csv', label: 'INSEE, dossier complet (44 communes)' },
  { path: 'insee/populations_legales_2023_communes_31.csv', millesime: 2023, label: 'INSEE, populations légales 2023' },
  { path: 'caf/inseecaf2021_31.csv', millesime: 2021, label: 'CNAF, allocataires par IRIS 2021' },
  { path: 'geo/communes-31-cog2026.geojson', label: 'IGN, contours des communes' },
  { path: 'geo/epci-31-2026.geojson', label: 'IGN, contours des intercommunalités' },
];

export const DEMO_PERIMETER = {
  slug: 'sud-haute-garonne',
  name: 'Sud Haute-Garonne',
  members: ['epci:200066819', 'epci:200072643', 'epci:200073146'],
};
export const DEMO_REF = `per:${DEMO_PERIMETER.slug}`;

export interface DemoStep {
  what: string;
  /** 'loaded' the first time, 'unchanged' when it was already there. */
  outcome: 'loaded' | 'unchanged' | 'skipped';
  detail: string;
}

export interface DemoReport {
  steps: DemoStep[];
  ref: string;
}

export const loadDemo = async (
  ctx: AppContext,
  options: { dataDir?: string; onStep?: (step: DemoStep) => void; actor?: string } = {},
): Promise<Result<DemoReport, AppError>> => {
  const dataDir = options.dataDir ?? DEMO_DATA_DIR;
  const steps: DemoStep[] = [];
  const note = (step: DemoStep) => {
    steps.push(step);
    options.onStep?.(step);
  };
  for (const file of DEMO_FILES) {
    const filePath = join(dataDir, file.path);
    if (!existsSync(filePath)) return err(appError('FICHIER_ILLISIBLE', `données de démonstration : ${filePath} est absent (le dépôt est-il complet ?)`));
    const result = await importFile(ctx, { filePath, millesime: file.millesime, actor: options.actor ?? 'demo' });
    if (!result.ok) return err(appError(result.error.code, `données de démonstration, ${file.path} : ${result.error.message}`, result.error.details));
    const report = result.value;
    const unchanged = report.noop;
    note({ what: file.label, outcome: unchanged ? 'unchanged' : 'loaded', detail: unchanged ? 'déjà chargé' : `${report.imported} lignes importées` });
  }
  const existing = await ctx.store.db.selectFrom('perimeter').select('id').where('slug', '=', DEMO_PERIMETER.slug).executeTakeFirst();
  if (existing) note({ what: `périmètre ${DEMO_PERIMETER.name}`, outcome: 'unchanged', detail: 'déjà créé' });
  else {
    const created = await createPerimeter(ctx, { ...DEMO_PERIMETER, actor: options.actor ?? 'demo' });
    if (!created.ok) return created;
    note({ what: `périmètre ${DEMO_PERIMETER.name}`, outcome: 'loaded', detail: `${created.value.communes} communes` });
  }
  return ok({ steps, ref: DEMO_REF });
};
