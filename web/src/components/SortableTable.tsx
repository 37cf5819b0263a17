// A table whose columns sort on a click or on Enter/Space (buttons in the headers), announcing the order with
// aria-sort, as the DSFR and the WAI-ARIA sortable table example do.
import { useMemo, useState, type ReactNode } from 'react';
import { compareFrench } from '../lib/compare.js';

export interface Column<T> {
  key: string;
  label: string;
  numeric?: boolean;
  /** Sort key; null values go last whatever the order. */
  sortValue: (row: T) => number | string | null;
  render: (row: T) => ReactNode;
  rowHeader?: boolean;
}

interface Props<T> {
  id: string;
  caption: ReactNode;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  initialSort?: { key: string; dir: 'asc' | 'desc' };
  maxRows?: number;
}

export const SortableTable = <T,>({ id, caption, columns, rows, rowKey, initialSort, maxRows }: Props<T>) => {
  const [sort, setSort] = useState(initialSort ?? { key: columns[0].key, dir: 'asc' as const });
  const sorted = useMemo(() => {
    const col = columns.find((c) => c.key === sort.key) ?? columns[0];
    const sign = sort.dir === 'asc' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const va = col.sortValue(a);
      const vb = col.sortValue(b);
      if (va === null && vb === null) return 0;
      if (va === null) return 1;
      if (vb === null) return -1;
      return sign * (typeof va === 'number' && typeof vb === 'number' ? va - vb : compareFrench(String(va), String(vb)));
    });
  }, [rows, columns, sort]);
  const shown = maxRows ? sorted.slice(0, maxRows) : sorted;
  return (
    <div className="socle-table-wrap" tabIndex={0} role="region" aria-label={typeof caption === 'string' ? caption : 'Tableau'}>
      <table className="socle-table" id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort.key === c.key;
              return (
                <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                  <button
                    type="button"
                    className="socle-sort"
                    onClick={() => setSort({ key: c.key, dir: active && sort.dir === 'asc' ? 'desc' : active ? 'asc' : c.numeric ? 'desc' : 'asc' })}
                  >
                    {c.label}
                    <span aria-hidden="true">{active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
                    <span className="fr-sr-only">{active ? '' : ' (trier)'}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) =>
                c.rowHeader ? (
                  <th key={c.key} scope="row">
                    {c.render(row)}
                  </th>
                ) : (
                  <td key={c.key} className={c.numeric ? 'num' : undefined}>
                    {c.render(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {maxRows && sorted.length > maxRows && (
        <p className="socle-status">
          {maxRows} lignes affichées sur {sorted.length} ; les exports contiennent toutes les lignes.
        </p>
      )}
    </div>
  );
};
