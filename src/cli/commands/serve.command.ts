// `socle serve [--port 8080] [--host 127.0.0.1]`: the web app and the API on the chosen database.
import type { Command } from 'commander';
import type { AppContext } from '../../services/context.js';
import { databaseUrlOf, ExitError, printJson, withGlobals, type GlobalOptions } from '../cli-helpers.js';

export interface ServeOptions extends GlobalOptions {
  port: string;
  host: string;
  maxUpload: string;
}

/** Adds the options `serve` and `demo` share. */
export const withServeOptions = (cmd: Command): Command =>
  withGlobals(
    cmd
      .option('--port <port>', 'port TCP (0 : un port libre)', '8080')
      .option('--host <adresse>', "adresse d'écoute (127.0.0.1 : cette machine seulement ; 0.0.0.0 : le réseau, écritures avec SOCLE_ADMIN_TOKEN)", '127.0.0.1')
      .option('--max-upload <Mo>', 'taille maximale d’un fichier importé par le web, en Mo', '50'),
  );

const parsePort = (text: string): number => {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || port > 65535) throw new ExitError(2, `--port « ${text} » : un entier de 0 à 65535 est attendu`);
  return port;
};

const parseMegabytes = (text: string): number => {
  const mb = Number(text.replace(',', '.'));
  if (!Number.isFinite(mb) || mb <= 0 || mb > 10_000) throw new ExitError(2, `--max-upload « ${text} » : un nombre de Mo entre 0 et 10 000 est attendu`);
  return Math.round(mb * 1024 * 1024);
};

/**
 * Serves on an open context until SIGINT/SIGTERM, then closes the server and the store. `ready` prints what the
 * person needs (the address, and for the demo the page to open); `warm`: pages asked for once in the background as
 * soon as the server listens (the page the person is told to open), so that their answers, outlines and server
 * render are made before the person arrives. The indicators' data are made ready in the background too.
 */
export const serveContext = async (ctx: AppContext, opts: ServeOptions, ready: (url: string) => string, warm: string[] = []): Promise<void> => {
  const port = parsePort(opts.port);
  const bodyLimit = parseMegabytes(opts.maxUpload);
  const { readConfig } = await import('../../config.js');
  const { startServer, ListenError } = await import('../../server/start-server.js');
  const config = readConfig();
  // Listen for the stop signals before saying where we listen: whoever reads the address may stop us at once.
  let signalled: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    signalled = resolve;
  });
  const stop = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    signalled();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let server;
  try {
    server = await startServer({ ctx, config, host: opts.host, port, bodyLimit });
  } catch (e) {
    stop();
    if (e instanceof ListenError) throw new ExitError(2, e.message);
    throw e;
  }
  if (opts.json) printJson({ url: server.url, port: server.port, host: server.host });
  else process.stdout.write(ready(server.url) + '\n');
  const ask = (path: string) =>
    fetch(server.url + path, { headers: { 'accept-encoding': 'br, gzip' } })
      .then((res) => res.arrayBuffer())
      .then(() => undefined);
  const headStart = async () => {
    await Promise.all(warm.map(ask));
    // The data every portrait needs (variables, ranking tables, similarity matrices), then one portrait's page (the
    // server's render and its modules), made before the first visit.
    const { warmIndicators } = await import('../../services/indicators/warm-indicators.service.js');
    const ref = await warmIndicators(ctx);
    if (ref) await ask(`/territoire/${ref}`);
  };
  headStart().catch(() => {
    // Only a head start: the person's own visit asks again and meets any error itself.
  });
  await stopped;
  await server.close();
};

export const registerServe = (program: Command): void => {
  withServeOptions(program.command('serve').description('sert l’application web et l’API')).action(async (opts: ServeOptions) => {
    const { createContext, closeContext } = await import('../../services/context.js');
    const ctx = await createContext(databaseUrlOf(opts));
    try {
      await serveContext(ctx, opts, (url) => `Socle écoute sur ${url} (Ctrl+C pour arrêter)`);
    } finally {
      await closeContext(ctx);
    }
  });
};
