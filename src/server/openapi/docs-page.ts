// A readable page for the OpenAPI document, with no third-party viewer and nothing fetched from elsewhere: a small
// script renders /api/v1/openapi.json (the document generated from the routes' zod schemas).
export const DOCS_HTML = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API Socle — documentation</title>
<link rel="icon" href="/dsfr/favicon/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/api/v1/docs/docs.css">
<script type="module" src="/api/v1/docs/docs.js"></script>
</head>
<body>
<header><h1>API Socle <span id="version"></span></h1>
<p>Document OpenAPI : <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> · <a href="/">retour à l'application</a></p></header>
<main id="main"><p>Chargement du document…</p></main>
</body>
</html>`;

export const DOCS_CSS = `
body { font-family: system-ui, sans-serif; margin: 0; color: #161616; line-height: 1.5; }
header { background: #000091; color: #fff; padding: 1rem 2rem; }
header a { color: #fff; }
main { max-width: 70rem; margin: 0 auto; padding: 1rem 2rem 4rem; }
h2 { border-bottom: 2px solid #000091; padding-bottom: .25rem; margin-top: 2.5rem; }
details { border: 1px solid #ddd; border-radius: 4px; margin: .5rem 0; }
summary { padding: .5rem .75rem; cursor: pointer; }
summary:focus-visible { outline: 2px solid #0a76f6; outline-offset: 2px; }
.op { padding: 0 1rem 1rem; }
.method { display: inline-block; min-width: 4.5rem; font-weight: 700; font-family: monospace; }
.get { color: #18753c; } .post { color: #000091; } .delete { color: #ce0500; } .put, .patch { color: #b34000; }
code, pre { font-family: ui-monospace, monospace; font-size: .9em; }
pre { background: #f6f6f6; padding: .75rem; overflow: auto; max-height: 24rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f6f6; }
`;

export const DOCS_JS = `
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children.flat()) if (c != null) e.append(c instanceof Node ? c : String(c));
  return e;
};
const typeOf = (s, doc) => {
  if (!s) return '';
  if (s.$ref) return s.$ref.split('/').pop();
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.type === 'array') return typeOf(s.items, doc) + '[]';
  if (s.anyOf || s.oneOf) return (s.anyOf || s.oneOf).map((x) => typeOf(x, doc)).join(' | ');
  return s.type || 'objet';
};
const render = (doc) => {
  document.getElementById('version').textContent = doc.info.version;
  const main = document.getElementById('main');
  main.replaceChildren();
  if (doc.info.description) main.append(el('p', {}, doc.info.description));
  const byTag = new Map();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = (op.tags && op.tags[0]) || 'Autres';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push({ path, method, op });
    }
  }
  const base = (doc.servers && doc.servers[0] && doc.servers[0].url) || '';
  for (const [tag, ops] of byTag) {
    main.append(el('h2', {}, tag));
    for (const { path, method, op } of ops) {
      const body = el('div', { class: 'op' });
      if (op.description) body.append(el('p', {}, op.description));
      const params = op.parameters || [];
      if (params.length) {
        body.append(el('h3', {}, 'Paramètres'));
        body.append(el('table', {}, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'nom'), el('th', { scope: 'col' }, 'où'), el('th', { scope: 'col' }, 'type'), el('th', { scope: 'col' }, 'description'))),
          el('tbody', {}, params.map((p) => el('tr', {}, el('td', {}, el('code', {}, p.name), p.required ? ' (obligatoire)' : ''), el('td', {}, p.in), el('td', {}, typeOf(p.schema, doc)), el('td', {}, p.description || (p.schema && p.schema.description) || ''))))));
      }
      if (op.requestBody) {
        body.append(el('h3', {}, 'Corps de la requête'));
        for (const [type, media] of Object.entries(op.requestBody.content || {})) body.append(el('p', {}, el('code', {}, type)), el('pre', {}, JSON.stringify(media.schema, null, 2)));
      }
      body.append(el('h3', {}, 'Réponses'));
      body.append(el('table', {}, el('tbody', {}, Object.entries(op.responses || {}).map(([code, r]) => el('tr', {}, el('td', {}, el('code', {}, code)), el('td', {}, r.description || '', Object.keys(r.content || {}).length ? el('details', {}, el('summary', {}, Object.keys(r.content).join(', ')), el('pre', {}, JSON.stringify(Object.values(r.content)[0].schema, null, 2))) : null))))));
      main.append(el('details', {}, el('summary', {}, el('span', { class: 'method ' + method }, method.toUpperCase()), el('code', {}, base + path), ' — ', op.summary || ''), body));
    }
  }
  if (doc.components && doc.components.schemas) {
    main.append(el('h2', {}, 'Schémas'));
    for (const [name, s] of Object.entries(doc.components.schemas)) main.append(el('details', {}, el('summary', {}, el('code', {}, name)), el('pre', {}, JSON.stringify(s, null, 2))));
  }
};
fetch('/api/v1/openapi.json').then((r) => r.json()).then(render).catch((e) => {
  document.getElementById('main').textContent = 'Le document OpenAPI n’a pas pu être chargé : ' + e.message;
});
`;
