// Reads the territory referential from @etalab/decoupage-administratif 6.0.0. Its main entry reads paths relative
// to the working directory and fails, so we read its data/*.json files directly. Built once per process.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Referential } from '../core/referential/referential.js';
import type { RawReferential } from '../core/referential/referential.types.js';

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

export const getReferential = (): Referential => {
  cached ??= new Referential(readRawReferential());
  return cached;
};
