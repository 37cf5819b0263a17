// Starts the HTTP server on a port (0 = any free port) and says where it listens. Used by `socle serve`,
// `socle demo`, the browser tests and the benchmarks. A request the response cache has already answered at the
// current data version is answered from node's request event (response-cache.ts, answerFromMemory); any other goes
// to the Hono app.
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { answerFromMemory } from './response-cache.js';
import { createRenderPool } from '../services/reports/render-pool.js';
import type { ServerOptions } from './server.types.js';

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  close(): Promise<void>;
}

export class ListenError extends Error {}

export const startServer = (options: ServerOptions & { port: number }): Promise<RunningServer> => {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  // Reports are rendered off the event loop, unless the caller brings its own renderer.
  const pool = options.renderReport ? null : createRenderPool({ log });
  const app = createApp(pool ? { ...options, renderReport: pool.render } : options);
  const { ctx } = options;
  const withMemory = ((serverOptions: object, appListener: RequestListener) =>
    createServer(serverOptions, (req: IncomingMessage, res: ServerResponse) => {
      let answered = false;
      try {
        answered = answerFromMemory(ctx, req, res);
      } catch (e) {
        // A bug, not an expected failure: logged, and the app answers if nothing was sent yet.
        log(`réponse en mémoire impossible (${req.method} ${req.url}) : ${e instanceof Error ? e.message : String(e)}`);
        if (res.headersSent) {
          res.destroy();
          return;
        }
      }
      if (!answered) void appListener(req, res);
    })) as typeof createServer;
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host, createServer: withMemory }, (info: AddressInfo) => {
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      const shownHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : host;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        port: info.port,
        host: options.host,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => void (pool?.close() ?? Promise.resolve()).then(done));
            // Keep-alive sockets would hold close() open until they time out.
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
    server.once('error', (e: NodeJS.ErrnoException) => {
      void pool?.close();
      if (e.code === 'EADDRINUSE') reject(new ListenError(`le port ${options.port} est déjà utilisé sur ${options.host} : choisir un autre port (--port 8081)`));
      else if (e.code === 'EADDRNOTAVAIL') reject(new ListenError(`l'adresse ${options.host} n'est pas une adresse de cette machine (--host 127.0.0.1)`));
      // Not an address at all (« 999.1.1.1 »), nor a name this machine can resolve.
      else if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') reject(new ListenError(`--host « ${options.host} » : adresse inconnue ; une adresse IP de cette machine est attendue (127.0.0.1, 0.0.0.0 pour le réseau)`));
      else if (e.code === 'EACCES') reject(new ListenError(`le port ${options.port} est réservé : choisir un port au-dessus de 1024 (--port 8080)`));
      else reject(e);
    });
  });
};
