// A page that fails to render says so in French, inside the layout: never react-router's developer page.
import { renderToString } from 'react-dom/server';
import { createStaticHandler, createStaticRouter, StaticRouterProvider, type RouteObject } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { routes } from '../../web/src/routes.js';

describe('page en erreur', () => {
  it('rend la page d’erreur de Socle dans la mise en page, en français, sans trace', async () => {
    const [layout] = routes;
    const [guarded] = layout.children!;
    // The real route tree, its pages replaced by one that fails.
    const failing: RouteObject[] = [
      {
        element: layout.element,
        children: [
          {
            errorElement: guarded.errorElement,
            children: [
              {
                path: '/',
                loader: () => {
                  throw new Error('panne simulée');
                },
                element: <p>jamais</p>,
              },
            ],
          },
        ],
      },
    ];
    const handler = createStaticHandler(failing);
    const context = await handler.query(new Request('http://localhost/'));
    if (context instanceof Response) throw new Error('redirection inattendue');
    const html = renderToString(<StaticRouterProvider router={createStaticRouter(handler.dataRoutes, context)} context={context} />);
    expect(html).toContain('Cette page n’a pas pu s’afficher');
    expect(html).toContain('Revenir à l’accueil');
    // The layout is kept: the site's header is there.
    expect(html).toContain('Socle');
    // What the page shows, without the hydration data the router appends for the browser.
    const shown = html.replace(/<script>[\s\S]*?<\/script>/g, '');
    expect(shown).not.toContain('Hey developer');
    expect(shown).not.toContain('panne simulée');
  });
});
