// `socle serve` and `socle demo` as a person runs them: the real bin on a temporary SQLite file, a free port.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = new URL('../../../bin/socle.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'socle-cli-serve-'));
const database = `sqlite:${join(dir, 'socle.sqlite')}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `socle <args> --json` and waits for its JSON answer (the address) on stdout. */
const startSocle = (args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args, '--json', '--database', database], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.once('exit', (code) => reject(new Error(`socle s'est arrêté (code ${code}) : ${err}`)));
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      let parsed: { url: string } | undefined;
      try {
        parsed = JSON.parse(out) as { url: string };
      } catch {
        return; // not all of it yet
      }
      child.removeAllListeners('exit');
      resolve({ child, url: parsed.url, stderr: () => err });
    });
  });

const stop = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

describe('socle serve et socle demo', () => {
  it('demo charge les données, sert le portrait, s’arrête proprement ; la seconde fois ne recharge rien', async () => {
    const first = await startSocle(['demo', '--port', '0']);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.stderr()).toContain('périmètre Sud Haute-Garonne : 191 communes');
    expect(await (await fetch(`${first.url}/healthz`)).json()).toMatchObject({ status: 'ok', writes: 'local' });
    const portrait = await fetch(`${first.url}/api/v1/territories/per:sud-haute-garonne/portrait`);
    expect(portrait.status).toBe(200);
    expect(await stop(first.child)).toBe(0);

    const second = await startSocle(['demo', '--port', '0']);
    expect(second.stderr()).toContain('déjà chargé');
    expect(second.stderr()).toContain('périmètre Sud Haute-Garonne : déjà créé');
    expect(await stop(second.child)).toBe(0);
  }, 120_000);

  it('serve sur une adresse du réseau sans jeton refuse les écritures', async () => {
    const s = await startSocle(['serve', '--port', '0', '--host', '0.0.0.0']);
    expect(await (await fetch(`${s.url}/healthz`)).json()).toMatchObject({ writes: 'closed' });
    const res = await fetch(`${s.url}/api/v1/perimeters`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(403);
    await stop(s.child);
  }, 60_000);

  it('un port invalide ou déjà pris, une adresse inconnue : exit 2 et un message en français', async () => {
    const bad = spawnSync(process.execPath, [bin, 'serve', '--port', 'huit', '--database', database], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--port « huit » : un entier de 0 à 65535 est attendu');
    const badHost = spawnSync(process.execPath, [bin, 'serve', '--port', '0', '--host', '999.1.1.1', '--database', database], { encoding: 'utf8' });
    expect(badHost.status).toBe(2);
    expect(badHost.stderr).toContain('--host « 999.1.1.1 » : adresse inconnue');
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as { port: number }).port;
    try {
      const taken = spawnSync(process.execPath, [bin, 'serve', '--port', String(port), '--database', database], { encoding: 'utf8' });
      expect(taken.status).toBe(2);
      expect(taken.stderr).toContain(`le port ${port} est déjà utilisé`);
    } finally {
      busy.close();
    }
  }, 60_000);
});
