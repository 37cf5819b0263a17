// The real `socle` bin on a temporary SQLite file, as a person runs it; the folder is removed after the file's tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const bin = new URL('../../bin/socle.js', import.meta.url).pathname;

export const socleOnTemporaryDatabase = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const database = `sqlite:${join(dir, 'socle.sqlite')}`;
  const socle = (...args: string[]) => spawnSync(process.execPath, [bin, ...args, '--database', database], { encoding: 'utf8' });
  return { dir, bin, database, socle };
};
