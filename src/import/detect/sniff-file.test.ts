// The sniff's checks made chunk by chunk give what one look at the whole file gives: UTF-8 validity (a character may
// be cut by a chunk's end) and the sha256, computed by a worker thread for large files.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PLAIN_LINE_MAX_BYTES, PlainLineScan, sniffFile, Utf8Check } from './sniff-file.js';

const dir = mkdtempSync(join(tmpdir(), 'socle-sniff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const wholeIsUtf8 = (b: Uint8Array): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
};

describe('premier regard sur un fichier', () => {
  it('les guillemets lus par morceaux donnent le verdict du fichier entier, où que tombent les coupures ; seuls les guillemets autour d’une cellule entière laissent la ligne simple', () => {
    const verdict = (b: Buffer, cuts: number[]) => {
      const scan = new PlainLineScan(0x3b);
      let at = 0;
      for (const c of [...cuts.map((x) => x % (b.length + 1)).sort((x, y) => x - y), b.length]) {
        scan.update(b.subarray(at, Math.max(at, c)));
        at = Math.max(at, c);
      }
      return scan.end();
    };
    const token = fc.constantFrom('"', ';', '\n', '\r\n', 'a', '1', '""', '"x"', ';"2023";', '\uFEFF');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 16 }), fc.array(fc.nat(), { maxLength: 6 }), (tokens, cuts) => {
        const b = Buffer.from(tokens.join(''), 'utf8');
        expect(verdict(b, cuts)).toBe(verdict(b, []));
      }),
      { numRuns: 2000 },
    );
    const whole = (text: string) => verdict(Buffer.from(text, 'utf8'), []);
    expect(whole('\uFEFF"GEO";"OBS_VALUE"\r\n"31555";"1"\r\n')).toBe(true);
    expect(verdict(Buffer.from('\uFEFF"GEO";"V"\n', 'utf8'), [1, 2])).toBe(true);
    expect(whole('"a";""\n;"b"\n')).toBe(true);
    for (const text of ['a"b;c\n', '"a"b;c\n', '"a;b"\n', '"a""b"\n', '"a\nb"\n', '"ab\n', '"a" ;c\n', 'x\uFEFF"a"\n']) expect(whole(text), text).toBe(false);
  });

  it('la validité UTF-8 lue par morceaux est celle du fichier entier, où que tombent les coupures', () => {
    const piece = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'é', '€', '𝄞', '\u202f', ';') }).map((t) => Buffer.from(t, 'utf8')),
      fc.uint8Array({ maxLength: 6 }).map((a) => Buffer.from(a)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 8 }), (pieces, cuts) => {
        const bytes = Buffer.concat(pieces);
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const check = new Utf8Check();
        let from = 0;
        for (const c of [...at, bytes.length]) {
          if (c > from) check.update(bytes.subarray(from, c));
          from = Math.max(from, c);
        }
        expect(check.end()).toBe(wholeIsUtf8(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('l’empreinte sha256, calculée à part ou par un fil de travail, est celle des octets du fichier', async () => {
    const bytes = Buffer.from(`CODGEO;P22_POP\n${Array.from({ length: 5000 }, (_, i) => `${31000 + i};${i * 1.5}`).join('\n')}\n`);
    const path = join(dir, 'f.csv');
    writeFileSync(path, bytes);
    const expected = createHash('sha256').update(bytes).digest('hex');
    expect(await (await sniffFile(path)).sha256).toBe(expected);
    expect(await (await sniffFile(path, { hashInWorkerFrom: 0 })).sha256).toBe(expected);
  });

  it('une ligne de PLAIN_LINE_MAX_BYTES octets, où qu’elle commence, reste une ligne simple ; un octet de plus, non', async () => {
    for (const before of [0, 7, (1 << 20) - 3]) {
      const head = before > 0 ? `${'x'.repeat(before - 1)}\n` : '';
      const at = join(dir, `long-${before}.csv`);
      writeFileSync(at, `${head}${'9'.repeat(PLAIN_LINE_MAX_BYTES)}\n1\n`);
      expect((await sniffFile(at)).plainLines).toBe(true);
      writeFileSync(at, `${head}${'9'.repeat(PLAIN_LINE_MAX_BYTES + 1)}\n1\n`);
      expect((await sniffFile(at)).plainLines).toBe(false);
      writeFileSync(at, `${head}${'9'.repeat(PLAIN_LINE_MAX_BYTES + 1)}`);
      expect((await sniffFile(at)).plainLines).toBe(false);
    }
  });

  it('un caractère UTF-8 à cheval sur deux morceaux de lecture laisse le fichier en UTF-8 ; un octet isolé le fait lire en Windows-1252', async () => {
    const body = 'a'.repeat((1 << 20) - 1);
    const cut = join(dir, 'cut.csv');
    writeFileSync(cut, `${body}é\n`);
    expect((await sniffFile(cut)).encoding).toBe('utf-8');
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, Buffer.concat([Buffer.from(body), Buffer.from([0xc3])]));
    expect((await sniffFile(broken)).encoding).toBe('windows-1252');
  });
});
