// What the HTTP edge receives from whoever starts it (the CLI, a test, a benchmark): dependencies are passed in,
// nothing is read from process.env here (src/config.ts does that once).
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Config } from '../config.js';
import type { AppContext } from '../services/context.js';
import type { ReportRenderer } from '../services/reports/render-pool.js';

export interface ServerOptions {
  ctx: AppContext;
  config: Config;
  /** The address the server listens on: writes are open without a token only on a loopback address. */
  host: string;
  /** Largest accepted request body, in bytes (uploads); 50 MB by default. */
  bodyLimit?: number;
  /** Folder of the built web app (web/dist); `null` serves the API only. */
  webDir?: string | null;
  /** Logs one line per 5xx (never sent to the client). */
  log?: (line: string) => void;
  /** Renders a built report; in the request's thread when absent (startServer passes a pool of worker threads). */
  renderReport?: ReportRenderer;
}

/**
 * `actor`: who writes (« api:admin », « api:local »). `prebuilt`: the answer comes whole from the response cache, with
 * its encoding and security headers; the outer middlewares leave it untouched (reading its headers would make the
 * node adapter leave its fast path).
 */
export type AppEnv = { Variables: { actor: string; prebuilt?: boolean } };

/** The app every route module registers on: routes are relative to /api/v1. */
export type ApiApp = OpenAPIHono<AppEnv>;

/** One route module: registers its routes (with their zod schemas) on the API app. */
export type RouteModule = (api: ApiApp, options: ServerOptions) => void;
