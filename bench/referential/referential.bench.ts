// Referential benchmark: load time and resident memory, search latency (median, p99), against a peer: the same
// search as SQL on the project's own SQLite copy of the referential (`LIKE` on the folded name).
// Run: npx tsx bench/referential/referential.bench.ts   (prints a table; not a test)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Referential } from '../../src/core/referential/referential.js';
import { foldText } from '../../src/core/referential/text.js';
import { closeContext, createContext } from '../../src/services/context.js';
import { readRawReferential } from '../../src/storage/referential-source.js';
import { printTable, quantile, time } from '../bench-utils.js';

const QUERIES = ['toulouse', 'saint beat', '31000', 'volvestre', 'paris', 'marseille', 'ile de france', 'sainte marie',
  'montpellier', 'lyon', 'bordeaux', 'la roche', 'haute garonne', 'comminges', '75011', '2A004', 'muret', 'nord', 'val', 'saint'];

const rssMb = () => process.memoryUsage().rss / 1048576;

const main = async () => {
  const rss0 = rssMb();
  const rawText = time(() => readRawReferential());
  // What a command runs: the columnar form written at build time, parsed, then indexed.
  const stateJson = JSON.stringify(new Referential(rawText.value).toState());
  const parseTrimmed = time(() => JSON.parse(stateJson));
  const build = time(() => new Referential(parseTrimmed.value));
  const ref = build.value;
  const warm = time(() => ref.search('toulouse'));
  const rss1 = rssMb();

  const runs = 50;
  const memory: number[] = [];
  for (let k = 0; k < runs; k++) for (const q of QUERIES) memory.push(time(() => ref.search(q)).ms);

  const dir = mkdtempSync(join(tmpdir(), 'bench-ref-'));
  const ctx = await createContext(`sqlite:${join(dir, 'b.sqlite')}`);
  const sqlTimes: number[] = [];
  for (let k = 0; k < 10; k++) {
    for (const q of QUERIES) {
      const f = `%${foldText(q)}%`;
      const t0 = performance.now();
      await ctx.store.db
        .selectFrom('commune')
        .select(['code_insee', 'name'])
        .where((eb) => eb.or([eb('sort_key', 'like', f), eb('code_insee', '=', q.toUpperCase())]))
        .orderBy(sql`length(sort_key)`)
        .limit(20)
        .execute();
      sqlTimes.push(performance.now() - t0);
    }
  }
  await closeContext(ctx);
  rmSync(dir, { recursive: true, force: true });

  // Start-up of a command that only reads the referential, against a bare `node -e ''` as the floor.
  const bin = new URL('../../bin/socle.js', import.meta.url).pathname;
  const cliDir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  const env = { ...process.env, DATABASE_URL: `sqlite:${join(cliDir, 'c.sqlite')}` };
  spawnSync(process.execPath, [bin, 'init'], { env });
  const cli: number[] = [];
  const bare: number[] = [];
  for (let k = 0; k < 10; k++) {
    cli.push(time(() => spawnSync(process.execPath, [bin, 'territory', 'com:31555', '--json'], { env })).ms);
    bare.push(time(() => spawnSync(process.execPath, ['-e', ''], { env })).ms);
  }
  rmSync(cliDir, { recursive: true, force: true });

  const med = quantile(memory, 0.5);
  const p99 = quantile(memory, 0.99);
  const sqlMed = quantile(sqlTimes, 0.5);
  const sqlP99 = quantile(sqlTimes, 0.99);
  printTable('Référentiel des territoires (COG 2026, 34 969 communes)', [
    ['lecture des JSON du paquet (12,6 Mo)', `${rawText.ms.toFixed(0)} ms`],
    ['analyse de la forme colonnaire (construite au build)', `${parseTrimmed.ms.toFixed(0)} ms`],
    ['construction des index', `${build.ms.toFixed(0)} ms`],
    ['première recherche (index de noms)', `${warm.ms.toFixed(0)} ms`],
    ['mémoire résidente ajoutée', `${(rss1 - rss0).toFixed(0)} Mo (RSS total ${rss1.toFixed(0)} Mo)`],
    [`recherche en mémoire, médiane (${memory.length} requêtes)`, `${med.toFixed(3)} ms`],
    ['recherche en mémoire, p99', `${p99.toFixed(3)} ms`],
    ['pair : SQL LIKE sur SQLite, médiane', `${sqlMed.toFixed(3)} ms`],
    ['pair : SQL LIKE sur SQLite, p99', `${sqlP99.toFixed(3)} ms`],
    ['rapport SQL / mémoire (médianes)', `${(sqlMed / med).toFixed(1)}×`],
    ['`socle territory com:31555 --json`, médiane de 10', `${quantile(cli, 0.5).toFixed(0)} ms`],
    ['plancher : `node -e ""`, médiane de 10', `${quantile(bare, 0.5).toFixed(0)} ms`],
  ]);
};

await main();
