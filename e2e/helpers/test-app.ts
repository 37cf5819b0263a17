// The real app for browser tests: a temporary SQLite file loaded with the demo data through `loadDemo` (the same
// path as `socle demo`), served by the real server on a free port of 127.0.0.1 with the built web app (web/dist).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_WEB_DIR } from '../../src/server/app.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { closeContext, createContext, type AppContext } from '../../src/services/context.js';
import { loadDemo } from '../../src/services/demo/load-demo.service.js';

export interface TestApp {
  url: string;
  ctx: AppContext;
  close(): Promise<void>;
}

export const startTestApp = async (): Promise<TestApp> => {
  if (!existsSync(join(DEFAULT_WEB_DIR, 'index.html'))) {
    throw new Error(`l'application web n'est pas construite (${DEFAULT_WEB_DIR}) : lancer npm run build avant les tests du navigateur`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'socle-e2e-'));
  const ctx = await createContext(`sqlite:${join(dir, 'socle.sqlite')}`);
  const loaded = await loadDemo(ctx);
  if (!loaded.ok) throw new Error(loaded.error.message);
  let server: RunningServer;
  try {
    server = await startServer({ ctx, config: { databaseUrl: `sqlite:${join(dir, 'socle.sqlite')}` }, host: '127.0.0.1', port: 0, log: () => {} });
  } catch (e) {
    await closeContext(ctx);
    throw e;
  }
  return {
    url: server.url,
    ctx,
    async close() {
      await server.close();
      await closeContext(ctx);
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
