// A chart drawn by Observable Plot (the library the reports use on the server too), in a <figure> with a caption.
// The chart is an image for assistive technologies, named by its caption; the same values are always in a table on
// the page, which the caption points to. A chart narrower than its width at which its labels stay readable (a phone)
// scrolls sideways in its own box, which a keyboard then reaches and scrolls.
import * as Plot from '@observablehq/plot';
import { useEffect, useRef, useState } from 'react';

interface Props {
  options: Plot.PlotOptions;
  caption: string;
  /** Where the values are written out (the id of a table), for the text alternative. */
  tableId?: string;
  summary: string;
}

export const PlotFigure = ({ options, caption, tableId, summary }: Props) => {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = Plot.plot({ ...options, style: { fontFamily: 'Marianne, arial, sans-serif', fontSize: '13px', ...(options.style as object) } });
    node.setAttribute('role', 'img');
    node.setAttribute('aria-label', `${caption}. ${summary}`);
    // The chart is one image for assistive technologies: the labels Plot puts on its marks would be read as stray
    // attributes of presentational children.
    node.querySelectorAll('[aria-label], [aria-description]').forEach((el) => {
      el.removeAttribute('aria-label');
      el.removeAttribute('aria-description');
    });
    ref.current?.replaceChildren(node);
    return () => node.remove();
  }, [options, caption, summary]);
  // The box is a named, focusable region only when it scrolls (axe's scrollable-region-focusable): otherwise it would
  // be one more stop for the Tab key with nothing to do there.
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(el);
    return () => observer.disconnect();
  }, [options]);
  return (
    <figure className="socle-chart">
      <div
        ref={box}
        className="socle-chart__scroll"
        {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': `${caption} : graphique, à faire défiler horizontalement` } : {})}
      >
        <div ref={ref} />
      </div>
      <figcaption>
        {caption}
        {tableId && (
          <>
            {' '}
            — <a href={`#${tableId}`}>valeurs dans le tableau</a>
          </>
        )}
      </figcaption>
    </figure>
  );
};
