// Build step: writes dist/referential.cache.json (see referential-source.ts).
import { writeReferentialCache } from './referential-source.js';

const path = writeReferentialCache();
process.stdout.write(`référentiel compact écrit : ${path}\n`);
