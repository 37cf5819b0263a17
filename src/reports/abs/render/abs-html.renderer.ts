// The ABS report as one self-contained HTML file: inline CSS (screen and print: A4, running header, page numbers in
// browsers that support page-margin boxes), inline SVG charts and maps, no external resource.
import type { AbsDocument, Block, Finding, Section, TableModel } from '../abs-document.types.js';
import { toneLabel } from '../build/abs-essentiel.js';
import { formatNumber } from '../build/abs-format.js';
import { renderOutlinesSvg } from './abs-map-svg.js';
import { renderFigures, type FigureSvgs } from './render-figures.js';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cssString = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const css = (doc: AbsDocument): string => `
:root { --bleu: #000091; --bleu-clair: #e3e3fd; --gris: #666; --bord: #ddd; --rouge: #c9191e; --vert: #18753c; }
* { box-sizing: border-box; }
html { font-family: Arial, "Helvetica Neue", "DejaVu Sans", sans-serif; color: #161616; line-height: 1.5; font-size: 15px; }
body { margin: 0; background: #f6f6f6; }
.page { max-width: 920px; margin: 0 auto; background: #fff; padding: 2.5rem 3rem; }
h1, h2, h3, h4 { color: var(--bleu); line-height: 1.25; }
/* One h1, the cover's; chapters are h2, annexes h3, the items within them one level below. */
.chapter > h2, .toc > h2 { font-size: 1.75rem; margin: 0 0 1rem; padding-top: 1.5rem; border-top: 4px solid var(--bleu); }
.subsection > h3 { font-size: 1.3rem; margin: 2rem 0 .75rem; }
h3, h4 { font-size: 1.05rem; margin: 0 0 .25rem; }
.num { display: inline-block; min-width: 2.2rem; }
p { margin: .5rem 0 .75rem; }
p.lead { font-size: 1.1rem; }
p.small, .source, .table-note, .details { font-size: .82rem; color: var(--gris); }
.cover { min-height: 560px; display: flex; flex-direction: column; justify-content: space-between; border-left: 12px solid var(--bleu); padding: 2rem 2rem 2rem 2.5rem; margin-bottom: 2rem; }
.cover .kicker { text-transform: uppercase; letter-spacing: .08em; color: var(--bleu); font-weight: bold; }
.cover h1 { border: 0; padding: 0; font-size: 2.6rem; margin: .5rem 0; }
.cover .territory { font-size: 1.8rem; font-weight: bold; margin: 0; }
.cover .organisme { font-size: 1.25rem; margin: 2rem 0 .25rem; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; font-size: .9rem; }
.cover dt { color: var(--gris); }
.cover .silhouette svg { display: block; width: 300px; height: auto; margin: 1rem auto; }
.cover dd { margin: 0; }
nav.toc ol { list-style: none; padding: 0; }
nav.toc li { display: flex; gap: .5rem; padding: .2rem 0; border-bottom: 1px dotted var(--bord); }
nav.toc li.level-2 { padding-left: 2.2rem; font-size: .92rem; }
nav.toc a { color: inherit; text-decoration: none; }
.key-figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: .75rem; margin: 1rem 0 1.5rem; }
.key-figures div { background: var(--bleu-clair); padding: .75rem 1rem; }
.key-figures dt { font-size: .82rem; }
.key-figures dd { margin: 0; }
.key-figures .value { font-size: 1.5rem; font-weight: bold; color: var(--bleu); }
.key-figures .note { font-size: .78rem; color: var(--gris); }
ol.findings { list-style: none; padding: 0; counter-reset: f; }
ol.findings li { counter-increment: f; border-left: 5px solid var(--gris); padding: .5rem 1rem; margin: 0 0 .75rem; background: #fafafa; break-inside: avoid; }
ol.findings li.defavorable { border-color: var(--rouge); }
ol.findings li.favourable { border-color: var(--vert); }
ol.findings h3::before { content: counter(f) ". "; }
.tag { float: right; font-size: .75rem; font-weight: bold; text-transform: uppercase; padding: .1rem .5rem; border-radius: 3px; background: #eee; color: #3a3a3a; }
li.defavorable .tag { background: #ffe9e9; color: var(--rouge); }
li.favourable .tag { background: #b8fec9; color: var(--vert); }
.figures { font-size: .88rem; color: #3a3a3a; margin: .25rem 0 0; }
aside.callout { background: #eef; border-left: 4px solid var(--bleu); padding: .75rem 1rem; margin: 1.25rem 0; font-size: .88rem; }
figure { margin: 1.5rem 0; break-inside: avoid; }
figure .title { font-weight: bold; margin-bottom: .5rem; }
figure svg { width: 100%; height: auto; display: block; }
table { border-collapse: collapse; width: 100%; margin: 1.25rem 0 .25rem; font-size: .85rem; }
table.compact { font-size: .74rem; }
caption { text-align: left; font-weight: bold; margin-bottom: .5rem; }
th { background: var(--bleu); color: #fff; font-weight: bold; padding: .35rem .5rem; vertical-align: bottom; }
td { border-bottom: 1px solid var(--bord); padding: .3rem .5rem; vertical-align: top; }
tbody th[scope="row"] { background: none; color: inherit; text-align: left; font-weight: normal; border-bottom: 1px solid var(--bord); padding: .3rem .5rem; vertical-align: top; }
tbody th[scope="row"].strong { font-weight: bold; }
tbody tr:nth-child(even) td, tbody tr:nth-child(even) th[scope="row"] { background: #f6f6f6; }
.right { text-align: right; }
td.strong { font-weight: bold; }
td.unavailable { color: var(--gris); font-style: italic; }
td .hash { font-family: "DejaVu Sans Mono", monospace; font-size: .9em; word-break: break-all; color: var(--gris); }
dl.definitions dt { font-weight: bold; margin-top: .75rem; }
dl.definitions dd { margin: 0 0 .25rem; }
.editable { border: 2px dashed var(--bleu); padding: .75rem 1rem 1rem; margin: 1.25rem 0; break-inside: avoid; }
.editable .prompt { font-style: italic; color: var(--gris); }
.editable .lines { background-image: repeating-linear-gradient(transparent 0 1.9rem, #bbb 1.9rem 2rem); }
.editable .hint { font-size: .75rem; color: var(--bleu); text-transform: uppercase; letter-spacing: .05em; margin: 0 0 .25rem; }
footer.colophon { margin-top: 3rem; font-size: .8rem; color: var(--gris); border-top: 1px solid var(--bord); padding-top: .75rem; }
@media print {
  html { font-size: 10pt; }
  body { background: #fff; }
  .page { max-width: none; padding: 0; }
  .cover { min-height: 250mm; break-after: page; }
  nav.toc { break-after: page; }
  section.new-page { break-before: page; }
  tr, figure, .editable, ol.findings li { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
@page { size: A4; margin: 18mm 16mm 18mm 16mm;
  @top-left { content: ${cssString(doc.runningHeader)}; font-size: 8pt; color: #666; }
  @bottom-right { content: "Page " counter(page) " / " counter(pages); font-size: 8pt; color: #666; }
  @bottom-left { content: ${cssString(doc.dateLabel)}; font-size: 8pt; color: #666; } }
@page :first { @top-left { content: none; } @bottom-right { content: none; } @bottom-left { content: none; } }
`;

const table = (t: TableModel): string => {
  const head = t.columns.map((c) => `<th scope="col" class="${c.align === 'right' ? 'right' : ''}">${esc(c.label)}</th>`).join('');
  const body = t.rows
    .map(
      (row) =>
        `<tr>${row
          .map((cell, k) => {
            const cls = [t.columns[k]?.align === 'right' ? 'right' : '', cell.strong ? 'strong' : '', cell.status && cell.status !== 'ok' && cell.status !== 'partial' ? 'unavailable' : '']
              .filter(Boolean)
              .join(' ');
            const text = cell.text.includes('\n') ? cell.text.split('\n').map((line, i) => (i === 0 ? esc(line) : `<br><span class="hash">${esc(line)}</span>`)).join('') : esc(cell.text);
            return k === 0 ? `<th scope="row" class="${cls}">${text}</th>` : `<td class="${cls}">${text}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('');
  const notes = t.notes.map((n) => `<p class="table-note">${esc(n)}</p>`).join('');
  return `<table id="${t.id}"${t.compact ? ' class="compact"' : ''}><caption>Tableau ${t.number} – ${esc(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${notes}`;
};

const finding = (f: Finding): string =>
  `<li class="${f.tone}"><span class="tag">${toneLabel(f.tone)}</span><h3>${esc(f.label)}</h3><p>${esc(f.sentence)}</p>` +
  `<p class="figures">${esc(f.figures)} · écart standardisé ${esc(f.gapLabel)} · <a href="#${f.chapterId}">${esc(f.chapterTitle)}</a></p></li>`;

const block = (b: Block, svgs: FigureSvgs): string => {
  switch (b.type) {
    case 'paragraph':
      return `<p${b.style ? ` class="${b.style}"` : ''}>${esc(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
    case 'callout':
      return `<aside class="callout"><h3>${esc(b.title)}</h3><p>${esc(b.text)}</p></aside>`;
    case 'key-figures':
      return `<dl class="key-figures">${b.items.map((k) => `<div><dt>${esc(k.label)}</dt><dd class="value">${esc(k.value)}</dd>${k.note ? `<dd class="note">${esc(k.note)}</dd>` : ''}</div>`).join('')}</dl>`;
    case 'findings':
      return `<ol class="findings">${b.items.map(finding).join('')}</ol>`;
    case 'table':
      return table(b.table);
    case 'figure': {
      const f = b.figure;
      // The picture is one image with its text alternative: labels inside it (Plot's marks, the legend's group) are
      // not read, and an aria-label on an element without a role is not allowed.
      const svg = svgs.get(f.id)!.svg.replace(/ aria-label="[^"]*"/g, '').replace('<svg ', `<svg role="img" aria-label="${esc(f.alt)}" `);
      return `<figure id="${f.id}"><figcaption class="title">Figure ${f.number} – ${esc(f.title)}</figcaption>${svg}<p class="source">${esc(f.source)}</p></figure>`;
    }
    case 'definitions':
      return `<dl class="definitions">${b.items.map((d) => `<dt>${esc(d.term)}</dt><dd>${esc(d.text)}${d.details.length ? `<div class="details">${d.details.map(esc).join('<br>')}</div>` : ''}</dd>`).join('')}</dl>`;
    case 'editable':
      return `<section class="editable" id="${b.id}"><p class="hint">À compléter par le CCAS/CIAS et ses partenaires</p><h3>${esc(b.title)}</h3><p class="prompt">${esc(b.prompt)}</p><div class="lines" style="height:${(b.lines * 2).toFixed(1)}rem"></div></section>`;
  }
};

const section = (s: Section, svgs: FigureSvgs): string => {
  const tag = s.level === 1 ? 'h2' : 'h3';
  const heading = `<${tag}>${s.number ? `<span class="num">${esc(s.number)}</span> ` : ''}${esc(s.title)}</${tag}>`;
  return `<section id="${s.id}" class="${s.level === 1 ? 'chapter' : 'subsection'}${s.newPage ? ' new-page' : ''}">${heading}${s.blocks.map((b) => block(b, svgs)).join('\n')}</section>`;
};

/** The territory drawn from its communes' outlines, on the cover, when a map of the report has them. */
const silhouette = (doc: AbsDocument): string => {
  const map = doc.sections.flatMap((s) => s.blocks).find((b): b is Extract<Block, { type: 'figure' }> => b.type === 'figure' && b.figure.spec.kind === 'map');
  if (!map || map.figure.spec.kind !== 'map') return '';
  return `<div class="silhouette" aria-hidden="true">${renderOutlinesSvg(map.figure.spec.outlines).svg}</div>`;
};

export const renderAbsHtml = (doc: AbsDocument, svgs: FigureSvgs = renderFigures(doc)): string => {
  const t = doc.territory;
  const cover = `<header class="cover"><div><p class="kicker">Diagnostic socio-démographique</p><h1>${esc(doc.title)}</h1><p class="territory">${esc(t.name)}</p>
<p>${esc(t.kindLabel.charAt(0).toUpperCase() + t.kindLabel.slice(1))} · ${t.communes > 1 ? `${formatNumber(t.communes)} communes · ` : ''}${t.population == null ? 'population inconnue' : `${formatNumber(t.population)} habitants (population municipale ${t.populationMillesime})`}</p></div>
${silhouette(doc)}<div>${doc.organisme ? `<p class="organisme">Pour ${esc(doc.organisme)}</p>` : ''}<dl><dt>Date</dt><dd>${esc(doc.dateLabel)}</dd><dt>Territoire</dt><dd>${esc(t.name)} (${esc(t.ref)}) · ${esc(t.departementsLabel)}</dd><dt>Comparé à</dt><dd>${esc(doc.references.map((r) => r.name).join(', ') || '—')}</dd><dt>Millésimes</dt><dd>${esc(doc.millesimesLabel)}</dd></dl></div></header>`;
  const toc = `<nav class="toc" aria-labelledby="sommaire"><h2 id="sommaire">Sommaire</h2><ol>${doc.sections
    .map((s) => `<li class="level-${s.level}"><a href="#${s.id}">${s.number ? `<span class="num">${esc(s.number)}</span>` : ''}${esc(s.title)}</a></li>`)
    .join('')}</ol></nav>`;
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Socle">
<meta name="date" content="${doc.date}">
<title>${esc(`${doc.title} — ${t.name}`)}</title>
<style>${css(doc)}</style>
</head>
<body>
<div class="page">
${cover}
${toc}
<main>
${doc.sections.map((s) => section(s, svgs)).join('\n')}
</main>
<footer class="colophon">${esc(doc.runningHeader)} · ${esc(doc.dateLabel)} · produit par Socle à partir des données publiques décrites en annexe.</footer>
</div>
</body>
</html>
`;
};
