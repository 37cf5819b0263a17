// The real `socle` bin, run as a person would, on a temporary SQLite file and, when DATABASE_URL points to
// PostgreSQL, on a fresh PostgreSQL database.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl } from '../helpers/test-stores.js';

const bin = new URL('../../bin/socle.js', import.meta.url).pathname;

interface Target {
  name: string;
  setup(): Promise<string>;
  teardown(): Promise<void>;
}

const dir = mkdtempSync(join(tmpdir(), 'socle-cli-'));
const targets: Target[] = [{ name: 'sqlite', setup: async () => `sqlite:${join(dir, 'socle.sqlite')}`, teardown: async () => rmSync(dir, { recursive: true, force: true }) }];
const pgUrl = postgresUrl();
if (pgUrl) {
  const name = `socle_cli_${process.pid}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  targets.push({
    name: 'postgres',
    setup: async () => {
      await admin(`drop database if exists "${name}" with (force)`);
      await admin(`create database "${name}"`);
      const u = new URL(pgUrl);
      u.pathname = `/${name}`;
      return u.toString();
    },
    teardown: () => admin(`drop database if exists "${name}" with (force)`),
  });
}

describe.each(targets)('la commande socle sur $name', (target) => {
  let url = '';
  const socle = (...args: string[]) => {
    const r = spawnSync(process.execPath, [bin, ...args, '--database', url], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
    let json: any = null;
    try {
      json = JSON.parse(r.stdout);
    } catch {
      json = null;
    }
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, json };
  };
  beforeAll(async () => {
    url = await target.setup();
  });
  afterAll(() => target.teardown());

  it('init crée le schéma, puis ne change rien', () => {
    const first = socle('init');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('34\u202f969 communes, 1\u202f255 EPCI');
    const second = socle('init', '--json');
    expect(second.code).toBe(0);
    expect(second.json.steps.every((s: { done: boolean }) => !s.done)).toBe(true);
  });

  it('territory com:31555 --json : Toulouse, 514 819 habitants en 2023', () => {
    const r = socle('territory', 'com:31555', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.json).toMatchObject({ ref: 'com:31555', name: 'Toulouse', population: 514819, millesime: 2023 });
    expect(r.json.parents).toMatchObject({ epci: { ref: 'epci:243100518' }, departement: { ref: 'dep:31' }, region: { ref: 'reg:76' } });
  });

  it('territory com:31298 : l’ancien code est dit', () => {
    const r = socle('territory', 'com:31298');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Saint-Béat-Lez — commune (com:31471)');
    expect(r.stdout).toContain('31298 est un ancien code');
  });

  it('territory epci:200034023, dep:31, fr, com:75056', () => {
    expect(socle('territory', 'epci:200034023', '--json').json).toMatchObject({ communes: 21, departements: ['31', '81'] });
    expect(socle('territory', 'dep:31', '--json').json.communes).toBe(586);
    expect(socle('territory', 'fr', '--json').json.communes).toBe(34875);
    expect(socle('territory', 'com:75056', '--json').json.arrondissements).toHaveLength(20);
  });

  it('territory cherche un nom ou un code postal', () => {
    expect(socle('territory', 'saint beat', '--json').json.ref).toBe('com:31471');
    expect(socle('territory', '31000', '--json').json.ref).toBe('com:31555');
  });

  it('un texte ambigu donne la liste et le code 2', () => {
    const r = socle('territory', 'saint');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('désigne plusieurs territoires');
  });

  it.each([['com:99999'], ['com:abc'], ['epci:123']])('territory %s : code 2 et message en français qui nomme la valeur', (ref) => {
    const r = socle('territory', ref);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^socle : /);
    expect(r.stderr).toContain(ref.split(':')[1]);
  });

  it('un lecteur qui s’arrête tôt (| head) : la commande finit sans trace d’erreur', () => {
    // The shell's `| head -c 1`: the pipe is closed once the first byte is read, while the portrait is still written.
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" portrait com:31555 --json --database "${url}" | head -c 1`], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('{');
    expect(r.stderr).toBe('');
  });

  it('perimeter create puis territory per:sud-haute-garonne : 191 communes', () => {
    const c = socle('perimeter', 'create', 'sud-haute-garonne', '--name', 'Sud Haute-Garonne', '--members', 'epci:200066819,epci:200072643,epci:200073146');
    expect(c.code).toBe(0);
    expect(socle('territory', 'per:sud-haute-garonne', '--json').json.communes).toBe(191);
    expect(socle('perimeter', 'list', '--json').json.map((p: { slug: string }) => p.slug)).toEqual(['sud-haute-garonne']);
    expect(socle('perimeter', 'show', 'sud-haute-garonne').stdout).toContain('191');
  });

  it('un périmètre déjà pris ou vide : code 2, la base ne change pas', () => {
    const again = socle('perimeter', 'create', 'sud-haute-garonne', '--name', 'X', '--members', 'com:31555');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('per:sud-haute-garonne existe déjà');
    const empty = socle('perimeter', 'create', 'vide', '--name', 'Vide', '--members', ',');
    expect(empty.code).toBe(2);
    expect(socle('perimeter', 'list', '--json').json).toHaveLength(1);
    expect(socle('territory', 'per:sud-haute-garonne', '--json').json.communes).toBe(191);
  });

  it('perimeter update : change les membres, garde le nom et l’identifiant ; sans rien à changer, exit 2', () => {
    const u = socle('perimeter', 'update', 'sud-haute-garonne', '--members', 'epci:200066819,epci:200072643,epci:200073146,com:31555');
    expect(u.code, u.stderr).toBe(0);
    expect(u.stdout).toContain('Périmètre modifié.');
    const listed = socle('perimeter', 'list', '--json').json[0];
    expect(listed).toMatchObject({ name: 'Sud Haute-Garonne', communes: 192, version: 2 });
    expect(socle('perimeter', 'list').stdout).toContain('(CC du Volvestre, CC Cœur et Coteaux du Comminges, CC Cagire Garonne Salat, Toulouse)');
    const nothing = socle('perimeter', 'update', 'sud-haute-garonne');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('rien à changer');
    expect(socle('perimeter', 'update', 'sud-haute-garonne', '--members', 'epci:200066819,epci:200072643,epci:200073146').code).toBe(0);
  });

  it('perimeter delete', () => {
    expect(socle('perimeter', 'delete', 'sud-haute-garonne').code).toBe(0);
    expect(socle('perimeter', 'delete', 'sud-haute-garonne').code).toBe(2);
  });

  it('une option inconnue ou une base mal écrite : code 2', () => {
    const unknown = socle('territory', 'com:31555', '--inconnue');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('erreur : option inconnue « --inconnue »');
    const typo = socle('territry', 'com:31555');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('commande inconnue « territry »');
    expect(typo.stderr).toContain('vouliez-vous dire territory ?');
    const r = spawnSync(process.execPath, [bin, 'territory', 'com:31555', '--database', 'mysql://x'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('mysql://x');
  });
});
