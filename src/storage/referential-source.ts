// Reads the territory referential from @etalab/decoupage-administratif 6.0.0. Its main entry reads paths relative
// to the working directory and fails, so we read its data/*.json files directly.
//
// Start-up matters (a command that only reads the referential must answer well under a second): the 12.6 MB of the
// package's JSON are turned once, at build time, into the referential's columnar form (dist/referential.cache.json);
// a run without that file reads the package directly.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Referential, type ReferentialState } from '../core/referential/referential.js';
import type { RawReferential } from '../core/referential/referential.types.js';

const PACKAGE_VERSION = '6.0.0';
const CACHE_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'referential.cache.json');

let cached: Referential | undefined;

const dataDir = (): string => {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@etalab/decoupage-administratif/package.json')), 'data');
};

export const readRawReferential = (): RawReferential => {
  const dir = dataDir();
  const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
  return { communes: read('communes.json'), epci: read('epci.json'), departements: read('departements.json'), regions: read('regions.json') };
};

/** Writes the referential's columnar form next to the compiled code (run by `npm run build`). */
export const writeReferentialCache = (path = CACHE_FILE): string => {
  writeFileSync(path, JSON.stringify({ version: PACKAGE_VERSION, state: new Referential(readRawReferential()).toState() }));
  return path;
};

const readCache = (): ReferentialState | undefined => {
  if (!existsSync(CACHE_FILE)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(CACHE_FILE, 'utf8')) as { version: string; state: ReferentialState };
    return parsed.version === PACKAGE_VERSION && parsed.state?.format === 'socle-referential-2' ? parsed.state : undefined;
  } catch {
    return undefined;
  }
};

/** The referential of the current COG, built once per process. */
export const getReferential = (): Referential => {
  cached ??= new Referential(readCache() ?? readRawReferential());
  return cached;
};
