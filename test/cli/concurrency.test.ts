// Several `socle` processes on one database at once, as two app instances or two terminals: the first use of a new
// database, two imports of the same file, two imports of different files, two creations of the same perimeter. On
// SQLite always, and on PostgreSQL when DATABASE_URL points to one.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase, postgresUrl } from '../helpers/test-stores.js';

const bin = new URL('../../bin/socle.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'socle-concurrency-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Starts every command at once and waits for all. */
const together = (database: string, commands: string[][]): Promise<Run[]> =>
  Promise.all(
    commands.map(
      (args) =>
        new Promise<Run>((done) => {
          const child = spawn(process.execPath, [bin, ...args, '--database', database]);
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d) => (stdout += d));
          child.stderr.on('data', (d) => (stderr += d));
          child.on('close', (status) => done({ status, stdout, stderr }));
        }),
    ),
  );

const comparateur = (name: string, toulouse: number): string => {
  const p = join(dir, name);
  writeFileSync(p, `CODGEO;P22_POP\n31555;${toulouse}\n31069;25000\n`);
  return p;
};

const targets: { name: string; database: () => Promise<string>; drop?: () => Promise<void> }[] = [
  { name: 'sqlite', database: async () => `sqlite:${join(dir, `c-${Math.random().toString(36).slice(2)}.sqlite`)}` },
];
const admin = postgresUrl();
if (admin) {
  const created: string[] = [];
  targets.push({
    name: 'postgres',
    async database() {
      const name = `socle_c_${process.pid}_${Date.now().toString(36)}_${created.length}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`create database "${name}"`);
      await client.end();
      created.push(name);
      const u = new URL(admin);
      u.pathname = `/${name}`;
      return u.toString();
    },
    drop: async () => {
      for (const name of created.splice(0)) await dropDatabase(admin, name);
    },
  });
}

describe.each(targets)('processus simultanés sur $name', (target) => {
  afterAll(async () => target.drop?.());

  it('quatre premières utilisations d’une base neuve à la fois : toutes réussissent, le référentiel est chargé une fois', async () => {
    const database = await target.database();
    const runs = await together(database, Array.from({ length: 4 }, () => ['territory', 'com:31555', '--json']));
    for (const r of runs) expect(r.stderr).toBe('');
    expect(runs.map((r) => r.status)).toEqual([0, 0, 0, 0]);
    for (const r of runs) expect(JSON.parse(r.stdout)).toMatchObject({ ref: 'com:31555', name: 'Toulouse' });
  }, 60_000);

  it('le même fichier importé deux fois à la fois : un seul jeu de données actif, l’autre import ne change rien', async () => {
    const database = await target.database();
    const file = comparateur('meme.csv', 511684);
    const runs = await together(database, [
      ['import', file, '--json'],
      ['import', file, '--json'],
    ]);
    expect(runs.map((r) => r.status)).toEqual([0, 0]);
    const reports = runs.map((r) => JSON.parse(r.stdout) as { noop: boolean; datasetId: number });
    expect(reports.map((r) => r.noop).sort()).toEqual([false, true]);
    expect(reports[0].datasetId).toBe(reports[1].datasetId);
    const [listed] = await together(database, [['datasets', '--json']]);
    expect((JSON.parse(listed.stdout) as { status: string }[]).filter((d) => d.status === 'active')).toHaveLength(1);
  }, 60_000);

  it('deux corrections du même fichier à la fois : l’une remplace l’autre, une seule reste active', async () => {
    const database = await target.database();
    const runs = await together(database, [
      ['import', comparateur('v1.csv', 511001), '--json'],
      ['import', comparateur('v2.csv', 511002), '--json'],
    ]);
    expect(runs.map((r) => r.status)).toEqual([0, 0]);
    const [listed, value] = await together(database, [['datasets', '--json'], ['value', 'P22_POP', 'com:31555', '--json']]);
    const active = (JSON.parse(listed.stdout) as { status: string; file_name: string }[]).filter((d) => d.status === 'active');
    expect(active).toHaveLength(1);
    // The value is the active file's.
    expect(JSON.parse(value.stdout).value).toBe(active[0].file_name === 'v1.csv' ? 511001 : 511002);
  }, 60_000);

  it('le même périmètre créé deux fois à la fois : l’un est créé, l’autre refusé (exit 2, PERIMETRE_EXISTANT)', async () => {
    const database = await target.database();
    await together(database, [['init']]);
    const create = ['perimeter', 'create', 'course', '--name', 'Course', '--members', 'dep:31', '--json'];
    const runs = await together(database, [create, create]);
    expect(runs.map((r) => r.status).sort()).toEqual([0, 2]);
    expect(runs.find((r) => r.status === 2)!.stderr).toContain('per:course existe déjà');
  }, 60_000);
});

describe('base de données injoignable ou illisible', () => {
  const run = (database: string) => together(database, [['value', 'population', 'com:31555']]).then(([r]) => r);

  it('un fichier qui n’est pas une base SQLite : exit 2, message français qui nomme l’adresse, fichier intact', async () => {
    const p = join(dir, 'notes.txt');
    writeFileSync(p, 'des notes, pas une base\n'.repeat(200));
    const r = await run(`sqlite:${p}`);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`socle : configuration invalide : base de données « sqlite:${p} » : ce fichier n’est pas une base SQLite\n`);
  });

  // PostgreSQL's own refusals, where the machine has a server (CI does): an unreachable port needs none.
  if (admin) it('une base PostgreSQL absente : exit 2, en français', async () => {
    const absent = new URL(admin);
    absent.pathname = '/socle_base_absente';
    const r = await run(absent.toString());
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cette base n’existe pas sur le serveur PostgreSQL');
  });

  it('un serveur PostgreSQL injoignable : exit 2, en français, mot de passe masqué', async () => {
    const closed = await run('postgres://postgres:secret@127.0.0.1:1/x');
    expect(closed.status).toBe(2);
    expect(closed.stderr).toBe('socle : configuration invalide : base de données « postgres://postgres:***@127.0.0.1:1/x » : serveur PostgreSQL injoignable (rien n’écoute à cette adresse)\n');
  });
});
