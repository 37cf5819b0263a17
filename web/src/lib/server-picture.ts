// The map's picture in a page the server rendered (src/server/prerender.ts): an SVG of the map's outlines in its
// class colours, drawn by the browser before any script has run. On the server, the render is given the outlines
// (src/services/outlines/map-picture.service.ts) and the map component writes the SVG with the colours of its own
// classes; in the browser, the page's script reads that SVG back from the page before React takes the page over
// (hydration), so that the map component renders the same markup, and MapLibre takes its place once it has drawn.

export interface PictureOutlines {
  /** The tiles address of the map this picture is of (with its indicator): the map component's key. */
  url: string;
  width: number;
  height: number;
  paths: { ref: string; d: string; value: number | null }[];
}

/** On the server, during one render: the outlines of the page's maps, by their tiles address. */
let outlines = new Map<string, PictureOutlines>();
/** On the server: the tiles addresses of the maps a render drew without their outlines (asked for, then drawn again). */
const wanted = new Set<string>();
/** On the server: the pictures a render wrote, with their number of territories. */
let ownWritten: { url: string; count: number }[] = [];
/** In the browser, before hydration: the picture the server wrote, by its key. */
let written: { key: string; markup: string } | null = null;

export const setPictureOutlines = (list: PictureOutlines[]): void => {
  outlines = new Map(list.map((o) => [o.url, o]));
  wanted.clear();
  ownWritten = [];
};

/** What the render asked for (maps without their outlines) and what it wrote. */
export const takePictures = (): { wanted: string[]; written: { url: string; count: number }[] } => {
  const taken = { wanted: [...wanted], written: ownWritten };
  wanted.clear();
  ownWritten = [];
  return taken;
};

export const setWrittenPicture = (p: { key: string; markup: string } | null): void => {
  written = p;
};

/** The key of a picture: the tiles address and the fill, as the map component holds them. */
const pictureKey = (url: string, fill: unknown): string => `${url}|${JSON.stringify(fill)}`;

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The picture's SVG markup for the map at `url` in the colours `colorOf` gives a value, with its key, or null when
 * there is none: on the server, drawn from the outlines it was given; in the browser, the one the server wrote for the
 * same key (taken once: a later map is drawn by the browser itself).
 */
export const pictureMarkup = (
  url: string,
  fill: unknown,
  colorOf: ((p: Record<string, unknown>) => string) | null,
  style: { outline: string; opacity: number; highlighted?: string[]; highlight: string; highlightWidth: number },
): { key: string; markup: string } | null => {
  const { outline, opacity } = style;
  const key = pictureKey(url, fill);
  if (written) return written.key === key ? written : null;
  if (!colorOf) return null;
  const o = outlines.get(url);
  if (!o) {
    if (typeof window === 'undefined') wanted.add(url);
    return null;
  }
  // One path per colour: a few elements for the browser to lay out, whatever the number of communes.
  const byColour = new Map<string, string[]>();
  for (const p of o.paths) {
    const c = colorOf({ value: p.value });
    const list = byColour.get(c);
    if (list) list.push(p.d);
    else byColour.set(c, [p.d]);
  }
  let body = '';
  for (const [colour, ds] of byColour) body += `<path fill="${escapeAttr(colour)}" vector-effect="non-scaling-stroke" d="${ds.join('')}"/>`;
  // The territories the map outlines (a portrait's commune), over the others, as its « selection » layer.
  const marked = new Set(style.highlighted ?? []);
  const outlined = o.paths.filter((p) => marked.has(p.ref)).map((p) => p.d);
  const over = outlined.length
    ? `<path fill="none" stroke="${escapeAttr(style.highlight)}" stroke-width="${style.highlightWidth}" stroke-linejoin="round" vector-effect="non-scaling-stroke" d="${outlined.join('')}"/>`
    : '';
  ownWritten.push({ url, count: o.paths.length });
  const markup =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${o.width} ${o.height}" preserveAspectRatio="xMidYMid meet" overflow="visible" focusable="false">` +
    `<g fill-opacity="${opacity}" fill-rule="evenodd" stroke="${escapeAttr(outline)}" stroke-opacity="${opacity}" stroke-width="1">${body}</g>${over}</svg>`;
  return { key, markup };
};

/** Forgets the written picture once the map has used it (a later map of the same key is drawn again). */
export const pictureUsed = (): void => {
  written = null;
};
