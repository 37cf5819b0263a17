// A request whose path is an API route's but whose method is not (DELETE on a territory): 405 with the methods the
// path accepts in Allow, rather than a 404 that would say the address does not exist.
import type { Context, Hono } from 'hono';
import type { AppEnv } from './server.types.js';

/** A route's path as hono writes it (`/territories/:ref`, `/maps/:file{[^/]+\.svg}`) made a regular expression. */
export const routePattern = (path: string): RegExp => {
  let re = '';
  for (let i = 0; i < path.length; ) {
    const param = /^:\w+(?:\{((?:[^{}]|\{[^{}]*\})*)\})?/.exec(path.slice(i));
    if (param) {
      re += param[1] ? `(?:${param[1]})` : '[^/]+';
      i += param[0].length;
    } else {
      re += path[i].replace(/[.*+?^${}()|[\]\\]/, '\\$&');
      i++;
    }
  }
  return new RegExp(`^${re}$`);
};

/**
 * The 405 answer for `c` when its path is one of `app`'s routes under `base` for other methods, else null. The routes
 * are read on first use, once every route is registered; middleware (`*` paths, method ALL) is not a route.
 */
export const methodNotAllowed = (app: Hono<AppEnv>, base: string) => {
  let routes: { method: string; pattern: RegExp }[] | null = null;
  return (c: Context): Response | null => {
    routes ??= app.routes
      .filter((r) => r.path.startsWith(base + '/') && !r.path.includes('*') && r.method !== 'ALL')
      .map((r) => ({ method: r.method.toUpperCase(), pattern: routePattern(r.path) }));
    const methods = new Set(routes.filter((r) => r.pattern.test(c.req.path)).map((r) => r.method));
    if (methods.has(c.req.method) || methods.size === 0) return null;
    if (methods.has('GET')) methods.add('HEAD');
    const allowed = [...methods].sort();
    return c.json(
      { error: { code: 'METHODE_NON_AUTORISEE', message: `${c.req.method} ${c.req.path} : méthode non autorisée ; cette adresse accepte ${allowed.join(', ')}` } },
      405,
      { Allow: allowed.join(', ') },
    );
  };
};
