// The catalogue and the web import through app.request(): the same report as the CLI, a dry run that writes
// nothing, a rejected file (422 with the report), the size limit, the write rule.
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData, storeTargets } from '../../../../test/helpers/test-stores.js';
import { zipArchive } from '../../../../test/helpers/zip.js';
import type { AppContext } from '../../../services/context.js';
import { createApp } from '../../app.js';
import { removeStaleUploads } from './create-import.route.js';

const form = (name: string, content: string | Uint8Array): FormData => {
  const f = new FormData();
  f.append('file', new File([content as BlobPart], name));
  return f;
};

const count = async (ctx: AppContext) => Number((await ctx.store.db.selectFrom('dataset').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe.each(storeTargets())('imports par le web sur $name', (target) => {
  let ctx: AppContext;
  let app: ReturnType<typeof createApp>;
  let exposed: ReturnType<typeof createApp>;
  const filosofi = readFileSync(sharedData('insee/cc_filosofi_2021_COM_31.csv'));

  beforeAll(async () => {
    ctx = await target.create();
    app = createApp({ ctx, config: { databaseUrl: 'test' }, host: '127.0.0.1', webDir: null, bodyLimit: 1024 * 1024 });
    exposed = createApp({ ctx, config: { databaseUrl: 'test', adminToken: 'un-jeton-d-administration-de-test' }, host: '0.0.0.0', webDir: null });
  });
  afterAll(async () => {
    await target.destroy(ctx);
  });

  it('le catalogue est vide au départ', async () => {
    const res = await app.request('/api/v1/datasets');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
  });

  it('lit les options données en champs du formulaire comme dans l’adresse, et refuse un champ inconnu ou contradictoire', async () => {
    const body = form('cc_filosofi_2021_COM_31.csv', filosofi);
    body.append('dry_run', 'true');
    const res = await app.request('/api/v1/imports', { method: 'POST', body });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { dry_run: boolean }).dry_run).toBe(true);
    expect(await count(ctx)).toBe(0);
    const unknown = form('cc_filosofi_2021_COM_31.csv', filosofi);
    unknown.append('dryrun', 'true');
    const u = await app.request('/api/v1/imports', { method: 'POST', body: unknown });
    expect(u.status).toBe(400);
    expect(((await u.json()) as { error: { message: string } }).error.message).toContain('champ « dryrun » inconnu');
    const twice = form('cc_filosofi_2021_COM_31.csv', filosofi);
    twice.append('millesime', '2021');
    const t = await app.request('/api/v1/imports?millesime=2022', { method: 'POST', body: twice });
    expect(t.status).toBe(400);
    expect(((await t.json()) as { error: { message: string } }).error.message).toContain('millesime donné deux fois');
  });

  it('une vérification (dry_run) rend le rapport sans rien écrire', async () => {
    const res = await app.request('/api/v1/imports?dry_run=true', { method: 'POST', body: form('cc_filosofi_2021_COM_31.csv', filosofi) });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { rows: number; dry_run: boolean; file: string; secret_values: number };
    expect(report).toMatchObject({ rows: 586, dry_run: true, file: 'cc_filosofi_2021_COM_31.csv' });
    expect(report.secret_values).toBeGreaterThan(0);
    expect(await count(ctx)).toBe(0);
    // A name of a thousand characters is kept to 200, its start, an ellipsis and its extension (the format).
    const long = `${'très-long-nom-'.repeat(70)}filosofi.csv`;
    const cut = (await (await app.request('/api/v1/imports?dry_run=true', { method: 'POST', body: form(long, filosofi) })).json()) as { file: string; rows: number };
    expect(cut.rows).toBe(586);
    expect(cut.file).toHaveLength(200);
    expect(cut.file).toBe(`${long.slice(0, 195)}….csv`);
  });

  it('l’import écrit le jeu de données ; le même fichier une seconde fois ne change rien', async () => {
    const res = await app.request('/api/v1/imports', { method: 'POST', body: form('cc_filosofi_2021_COM_31.csv', filosofi) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { imported: number; noop: boolean })).toMatchObject({ imported: 586, noop: false });
    expect(await count(ctx)).toBe(1);
    const again = await app.request('/api/v1/imports', { method: 'POST', body: form('cc_filosofi_2021_COM_31.csv', filosofi) });
    expect(((await again.json()) as { noop: boolean }).noop).toBe(true);
    expect(await count(ctx)).toBe(1);
    const catalogue = (await (await app.request('/api/v1/datasets')).json()) as { file_name: string; licence: string }[];
    expect(catalogue).toHaveLength(1);
    expect(catalogue[0]).toMatchObject({ file_name: 'cc_filosofi_2021_COM_31.csv', licence: 'Licence Ouverte / Etalab 2.0' });
  });

  it('un fichier avec une valeur illisible est refusé (422) avec la ligne et la colonne, et rien n’est écrit', async () => {
    const res = await app.request('/api/v1/imports', { method: 'POST', body: form('erreur.csv', 'CODGEO;P22_POP\n31555;514819\n31069;abc\n') });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string; details: { rejected: { line: number; column: string }[] } } };
    expect(body.error.code).toBe('FICHIER_REJETE');
    expect(body.error.message).toContain('ligne 3, colonne P22_POP');
    expect(body.error.details.rejected[0]).toMatchObject({ line: 3, column: 'P22_POP', value: 'abc' });
    expect(await count(ctx)).toBe(1);
  });

  it('sans fichier, ou avec un paramètre invalide, c’est un 400', async () => {
    const empty = new FormData();
    empty.append('autre', 'x');
    const res = await app.request('/api/v1/imports', { method: 'POST', body: empty });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('fichier manquant : envoyez-le dans le champ « file » (multipart/form-data)');
    expect(((await (await app.request('/api/v1/imports', { method: 'POST', body: new FormData() })).json()) as { error: { message: string } }).error.message).toBe(
      'fichier manquant : envoyez-le dans le champ « file » (multipart/form-data)',
    );
    // A JSON body, or none: a 400 that says how to send the file (not a 415 the contract does not list).
    for (const init of [{ headers: { 'content-type': 'application/json' }, body: '{}' }, {}]) {
      const json = await app.request('/api/v1/imports', { method: 'POST', ...init });
      expect(json.status).toBe(400);
      expect(await json.json()).toEqual({ error: { code: 'PARAMETRE_INVALIDE', message: 'envoyez le fichier en multipart/form-data dans le champ « file »' } });
    }
    expect((await app.request('/api/v1/imports?millesime=deux-mille', { method: 'POST', body: form('x.csv', 'CODGEO;P22_POP\n') })).status).toBe(400);
    expect((await app.request('/api/v1/imports?source=excel', { method: 'POST', body: form('x.csv', 'CODGEO;P22_POP\n') })).status).toBe(400);
  });

  it('un fichier vide, binaire, ou une archive ZIP illisible est refusé comme un fichier rejeté (422), avec sa raison', async () => {
    const cases: [string, string | Uint8Array, string, string][] = [
      ['vide.csv', '', 'AUCUNE_DONNEE', 'vide.csv, ligne 1 : fichier vide'],
      ['binaire.csv', new Uint8Array([0, 1, 2, 255, 254, 0, 7, 0, 3]), 'FORMAT_INCONNU', 'binaire.csv, ligne 1 : contenu binaire'],
      ['x.zip', 'garbage', 'FICHIER_ILLISIBLE', 'x.zip : archive ZIP illisible'],
    ];
    for (const [name, content, code, message] of cases) {
      const res = await app.request('/api/v1/imports?dry_run=true', { method: 'POST', body: form(name, content) });
      expect(res.status, name).toBe(422);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code, name).toBe(code);
      expect(body.error.message, name).toContain(message);
    }
  });

  it('une archive ZIP de deux tableaux : 400 ARCHIVE_A_CHOISIR avec leur liste, puis ?entry= importe celui choisi', async () => {
    const zip = zipArchive([
      { name: 'cc_filosofi_2021_COM_31.csv', content: filosofi },
      { name: 'cc_filosofi_2021_EPCI.csv', content: 'CODGEO;MED21\n243100518;23000\n' },
    ]);
    const ask = await app.request('/api/v1/imports?dry_run=true', { method: 'POST', body: form('filosofi.zip', zip) });
    expect(ask.status).toBe(400);
    const body = (await ask.json()) as { error: { code: string; message: string; details: { entries: string[] } } };
    expect(body.error).toMatchObject({ code: 'ARCHIVE_A_CHOISIR', details: { entries: ['cc_filosofi_2021_COM_31.csv', 'cc_filosofi_2021_EPCI.csv'] } });
    expect(body.error.message).toContain('filosofi.zip : archive de 2 fichiers de données');
    // The hint names the API's parameter, not the command line's option.
    expect(body.error.message).toContain('(entry=cc_filosofi_2021_COM_31.csv)');
    expect(body.error.message).not.toContain('--');
    const res = await app.request('/api/v1/imports?dry_run=true&entry=cc_filosofi_2021_EPCI.csv', { method: 'POST', body: form('filosofi.zip', zip) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ file: 'filosofi.zip › cc_filosofi_2021_EPCI.csv', archive: { file: 'filosofi.zip', entry: 'cc_filosofi_2021_EPCI.csv' }, imported: 1, dry_run: true });
  });

  it('l’archive d’un jeu du catalogue de données (Melodi) : son fichier long est importé d’emblée, ses métadonnées mises à part', async () => {
    const zip = zipArchive([
      { name: 'DS_POPULATIONS_REFERENCE_data.csv', content: '"GEO";"GEO_OBJECT";"FREQ";"POPREF_MEASURE";"TIME_PERIOD";"OBS_VALUE"\n"31555";"COM";"A";"PMUN";"2023";"514819"\n"76";"REG";"A";"PMUN";"2023";"6124653"\n' },
      { name: 'DS_POPULATIONS_REFERENCE_metadata.csv', content: '"COD_VAR";"LIB_VAR";"COD_MOD";"LIB_MOD"\n"POPREF_MEASURE";"Type de population";"PMUN";"Population municipale"\n' },
    ]);
    const res = await app.request('/api/v1/imports?dry_run=true', { method: 'POST', body: form('DS_POPULATIONS_REFERENCE_CSV_FR.zip', zip) });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { title: string; imported: number; variables: { name: string; millesime: number }[]; notes: string[] };
    // The région's row is kept at its level (76 is Occitanie here, not Seine-Maritime).
    expect(report).toMatchObject({ title: 'Catalogue de données de l’INSEE (Melodi) : DS_POPULATIONS_REFERENCE', imported: 2, variables: [{ name: 'PMUN', millesime: 2023 }], territories: { com: 1, dep: 0, reg: 1 } });
  });

  it('les conseils des messages nomment les paramètres de l’API : millesime=, pas --millesime', async () => {
    const pl = 'COM;Commune;PMUN;PCAP;PTOT\n31555;Toulouse;514819;5121;519940\n';
    const res = await app.request('/api/v1/imports?dry_run=true', { method: 'POST', body: form('populations.csv', pl) });
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toContain('donnez-le avec millesime= (par exemple millesime=2023');
    expect(body.error.message).not.toContain('--');
    const map = await app.request('/api/v1/maps/population.svg?within=dep:31&level=com');
    expect(((await map.json()) as { error: { message: string } }).error.message).toContain('(POST /api/v1/imports)');
    const unknown = await app.request('/api/v1/territories/per:inconnu');
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('(voir GET /api/v1/perimeters)');
  });

  it('?sheet= choisit la feuille d’un classeur', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('COM').addRows([['CODGEO', 'MED21'], ['31555', 22140]]);
    wb.addWorksheet('EPCI').addRows([['CODGEO', 'MED21'], ['243100518', 23450]]);
    const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
    const res = await app.request('/api/v1/imports?dry_run=true&sheet=EPCI', { method: 'POST', body: form('filosofi.xlsx', xlsx) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sheet: 'EPCI', imported: 1, dry_run: true });
  });

  it('un fichier plus gros que la limite est refusé par 413', async () => {
    const big = new Uint8Array(2 * 1024 * 1024).fill(65);
    const res = await app.request('/api/v1/imports', { method: 'POST', body: form('gros.csv', big) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('TROP_VOLUMINEUX');
  });

  it('un serveur ouvert au réseau refuse l’import sans jeton (403) et l’accepte avec', async () => {
    const body = () => form('cc_filosofi_2021_COM_31.csv', filosofi);
    const refused = await exposed.request('/api/v1/imports?dry_run=true', { method: 'POST', body: body() });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('ECRITURE_REFUSEE');
    const ok = await exposed.request('/api/v1/imports?dry_run=true', { method: 'POST', body: body(), headers: { authorization: 'Bearer un-jeton-d-administration-de-test' } });
    expect(ok.status).toBe(200);
  });
});

describe('dossiers d’envoi laissés par un serveur tué', () => {
  it('sont retirés au démarrage quand ils ont plus de six heures ; un envoi en cours est laissé', async () => {
    const stale = mkdtempSync(join(tmpdir(), 'socle-upload-'));
    const fresh = mkdtempSync(join(tmpdir(), 'socle-upload-'));
    const old = new Date(Date.now() - 7 * 3600 * 1000);
    utimesSync(stale, old, old);
    try {
      expect(await removeStaleUploads()).toBeGreaterThanOrEqual(1);
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(fresh)).toBe(true);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
