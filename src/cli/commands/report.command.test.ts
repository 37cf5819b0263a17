// `socle report abs` as a person runs it: the real bin on a temporary SQLite file with real data.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/helpers/test-stores.js';

const bin = new URL('../../../bin/socle.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'socle-report-cli-'));
const db = `sqlite:${join(dir, 'socle.sqlite')}`;
const empty = `sqlite:${join(dir, 'vide.sqlite')}`;

const socle = (database: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args, '--database', database], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('socle report abs', () => {
  beforeAll(() => {
    for (const f of ['insee/base_cc_comparateur_31.csv', 'geo/communes-31-cog2026.geojson']) expect(socle(db, 'import', sharedData(f)).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('écrit le rapport Excel et le décrit en français', () => {
    const out = join(dir, 'abs.xlsx');
    const r = socle(db, 'report', 'abs', 'epci:200072643', '--format', 'xlsx', '--out', out, '--organisme', 'CIAS Cœur et Coteaux du Comminges', '--date', '2026-03-15');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Rapport ABS écrit : ${out}`);
    expect(r.stdout).toContain('CC Cœur et Coteaux du Comminges (epci:200072643) · Excel');
    expect(statSync(out).size).toBeGreaterThan(5000);
  });

  it('donne le résultat en JSON avec --json, et prend le format de l’extension', () => {
    const out = join(dir, 'toulouse.html');
    const r = socle(db, 'report', 'abs', 'com:31555', '--out', out, '--date', '2026-03-15', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: out, format: 'html', territory: { ref: 'com:31555', name: 'Toulouse' }, date: '2026-03-15' });
  });

  it('sans --out, ou avec un dossier, écrit le rapport sous son propre nom (en PDF sans --format)', () => {
    const folder = mkdtempSync(join(dir, 'dossier-'));
    const inFolder = socle(db, 'report', 'abs', 'epci:200072643', '--format', 'html', '--out', folder, '--date', '2026-03-15', '--json');
    expect(inFolder.code).toBe(0);
    expect(JSON.parse(inFolder.stdout).file).toBe(join(folder, 'abs-cc-coeur-et-coteaux-du-comminges-200072643-2026-03-15.html'));
    const cwd = mkdtempSync(join(dir, 'courant-'));
    const r = spawnSync(process.execPath, [bin, 'report', 'abs', 'com:31555', '--date', '2026-03-15', '--database', db], { cwd, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
    expect(r.status).toBe(0);
    expect(readdirSync(cwd)).toEqual(['abs-toulouse-31555-2026-03-15.pdf']);
  });

  it.each([
    ['un territoire inconnu', db, ['com:99999', '--format', 'pdf', '--out', join(dir, 'a.pdf')], 'com:99999 : aucune commune'],
    ['un format inconnu', db, ['epci:200072643', '--format', 'odt', '--out', join(dir, 'a.odt')], 'format « odt » inconnu'],
    ['un dossier de sortie absent', db, ['epci:200072643', '--format', 'pdf', '--out', join(dir, 'absent', 'a.pdf')], "n'existe pas"],
    ['une base sans données', empty, ['epci:200072643', '--format', 'pdf', '--out', join(dir, 'b.pdf')], 'aucune donnée importée'],
    ['une extension qui nomme un autre format', db, ['epci:200072643', '--format', 'pdf', '--out', join(dir, 'd.docx')], 'l’extension .docx ne correspond pas au format pdf'],
    ['une date invalide', db, ['epci:200072643', '--format', 'pdf', '--out', join(dir, 'c.pdf'), '--date', '2026-13-01'], 'date « 2026-13-01 » invalide'],
  ])('refuse %s : code 2, message en français, aucun fichier', (_label, database, args, message) => {
    const r = socle(database, 'report', 'abs', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
    expect(existsSync(args[args.indexOf('--out') + 1])).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
