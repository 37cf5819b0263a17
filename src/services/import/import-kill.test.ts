// A crash in the middle of an import leaves the database as it was: the real `socle` bin imports a large generated
// file into a SQLite file, is killed with SIGKILL while it writes (its transaction open, values already inserted),
// and the stored data must then have the same checksum as before, in a database that passes its integrity check.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/helpers/test-stores.js';
import { storeChecksum } from '../../import/load/store-checksum.js';
import { closeContext, createContext } from '../context.js';
import { importFile } from './import-file.service.js';

const bin = new URL('../../../bin/socle.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'socle-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every commune of France × 40 columns: about 1.4 million values, written as 40 columns in one transaction. */
const writeBigFile = async (path: string, codes: string[]): Promise<void> => {
  const columns = Array.from({ length: 40 }, (_, j) => `P21_V${String(j).padStart(2, '0')}`);
  const out = createWriteStream(path);
  out.write(`CODGEO;${columns.join(';')}\n`);
  let chunk = '';
  codes.forEach((code, i) => {
    chunk += `${code};${columns.map((_, j) => ((i * 31 + j * 7) % 1000) + 0.125).join(';')}\n`;
    if (chunk.length > 1 << 20) {
      out.write(chunk);
      chunk = '';
    }
  });
  out.write(chunk);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
};

describe('kill -9 au milieu d’un import', () => {
  it('la base SQLite reste exactement comme avant', async () => {
    const url = `sqlite:${join(dir, 'socle.sqlite')}`;
    const ctx = await createContext(url);
    const first = await importFile(ctx, { filePath: sharedData('insee/base_cc_comparateur_31.csv') });
    expect(first.ok).toBe(true);
    const codes = Array.from(ctx.referential.france, (i) => ctx.referential.codes[i]);
    const before = await storeChecksum(ctx.store.db);
    await closeContext(ctx);
    const big = join(dir, 'national.csv');
    await writeBigFile(big, codes);

    const child = spawn(process.execPath, [bin, 'import', big, '--database', url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const killed = await new Promise<{ signal: NodeJS.Signals | null; sawWriting: boolean }>((resolve) => {
      let sawWriting = false;
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        // Plain progress lines (stderr is not a terminal): kill as soon as the first column is written (« écriture 0 % »,
        // printed after it), so that the transaction is open with values in it and most of the columns still to come.
        if (!sawWriting && /écriture [1-9]?\d % \([1-9]/.test(stderr)) {
          sawWriting = true;
          child.kill('SIGKILL');
        }
      });
      child.on('exit', (_code, signal) => resolve({ signal, sawWriting }));
    });
    expect(killed.sawWriting, stderr).toBe(true);
    expect(killed.signal).toBe('SIGKILL');

    const after = await createContext(url);
    try {
      expect(await storeChecksum(after.store.db)).toBe(before);
      expect(after.store.sqlite!.pragma('integrity_check', { simple: true })).toBe('ok');
      const datasets = await after.store.db.selectFrom('dataset').select('file_name').execute();
      expect(datasets.map((d) => d.file_name)).toEqual(['base_cc_comparateur_31.csv']);
      // The same file imports cleanly afterwards.
      const again = await importFile(after, { filePath: big });
      expect(again.ok && again.value.imported).toBe(codes.length);
    } finally {
      await closeContext(after);
    }
  }, 120_000);
});
