// Generates, deterministically, a national wide file in INSEE layout: every commune of France (34,875, from the
// referential) × 100 `P22_`/`C22_` float columns, `;` separator, about 1 % of `s` (secret). Shared by the import
// benchmark and the engine benchmark. Run alone: npx tsx bench/import/generate-national-file.ts [PATH]
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getReferential } from '../../src/storage/referential-source.js';

export const NATIONAL_FILE = join(new URL('.', import.meta.url).pathname, '..', 'out', 'national-wide-p22.csv');

/** Column names: real RP names first, then numbered ones to reach 100. */
export const nationalColumns = (): string[] => {
  const real = [
    'P22_POP', 'P22_POP0014', 'P22_POP1529', 'P22_POP3044', 'P22_POP4559', 'P22_POP6074', 'P22_POP7589', 'P22_POP90P',
    'P22_POP1564', 'P22_POP65P', 'P22_POP75P', 'P22_POPH', 'P22_POPF', 'P22_PMEN', 'P22_MEN', 'P22_LOG', 'P22_RP',
    'P22_RSECOCC', 'P22_LOGVAC', 'P22_MAISON', 'P22_APPART', 'P22_RP_PROP', 'P22_RP_LOC', 'P22_RP_LOCHLMV', 'P22_ACT1564',
    'P22_ACTOCC15P', 'P22_CHOM1564', 'P22_ACT1524', 'P22_ACT2554', 'P22_ACT5564', 'P22_CHOM1524', 'P22_CHOM2554',
    'P22_CHOM5564', 'P22_EMPLT', 'P22_EMPLT_SAL', 'P22_NSCOL15P', 'P22_NSCOL15P_DIPLMIN', 'P22_NSCOL15P_BAC', 'C22_MEN',
    'C22_MENPSEUL', 'C22_MENFAM', 'C22_MENCOUPSENF', 'C22_MENCOUPAENF', 'C22_MENFAMMONO', 'C22_FAM', 'C22_COUPAENF',
    'C22_COUPSENF', 'C22_FAMMONO', 'C22_NE24F0', 'C22_NE24F1', 'C22_NE24F2', 'C22_NE24F3', 'C22_NE24F4P',
  ];
  const out = [...real];
  for (let k = 1; out.length < 100; k++) out.push(`${k % 2 ? 'P22' : 'C22'}_VAR${String(k).padStart(3, '0')}`);
  return out;
};

/** mulberry32: a small deterministic generator, the same file on every machine. */
const rng = (seed: number) => () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export const generateNationalFile = async (path = NATIONAL_FILE): Promise<{ path: string; rows: number; columns: number; bytes: number }> => {
  const ref = getReferential();
  const columns = nationalColumns();
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const random = rng(20260101);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(`CODGEO;${columns.join(';')}\n`);
  let chunk = '';
  for (const i of ref.france) {
    const base = Number.isNaN(ref.population[i]) ? 100 : ref.population[i];
    let line = ref.codes[i];
    for (let j = 0; j < columns.length; j++) {
      const r = random();
      // RP counts are weighted estimates with decimals; small communes have some secret cells.
      line += r < 0.01 ? ';s' : `;${(base * r * (j === 0 ? 1 : 0.5)).toFixed(9)}`;
    }
    chunk += line + '\n';
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return { path, rows: ref.france.length, columns: columns.length, bytes: statSync(path).size };
};

/** The file, generated once (it is deterministic). */
export const ensureNationalFile = async (): Promise<{ path: string; rows: number; columns: number; bytes: number }> => {
  if (existsSync(NATIONAL_FILE)) return { path: NATIONAL_FILE, rows: getReferential().france.length, columns: 100, bytes: statSync(NATIONAL_FILE).size };
  return generateNationalFile();
};

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const r = await generateNationalFile(process.argv[2]);
  process.stdout.write(`${r.path} : ${r.rows} communes × ${r.columns} colonnes, ${(r.bytes / 1048576).toFixed(1)} Mo\n`);
}
