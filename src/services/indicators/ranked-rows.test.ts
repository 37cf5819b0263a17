import { describe, expect, it } from 'vitest';
import type { IndicatorValues } from './list-indicator-values.service.js';
import { rankedRows } from './ranked-rows.js';

const row = (name: string, value: number | null, status: 'ok' | 'partial' | 'secret', coverage?: number) => ({
  ref: `dep:${name}`,
  name,
  value,
  status,
  class: 0,
  departement: '',
  ...(coverage === undefined ? {} : { coverage }),
});

describe('tableau classé', () => {
  it('classe une valeur partielle qui couvre au moins 90 % des habitants, liste sans rang celle qui en couvre moins', () => {
    const data = {
      values: [row('Ain', 10, 'ok'), row('Aisne', 12, 'partial', 0.95), row('Allier', 30, 'partial', 0.4), row('Ardèche', null, 'secret'), row('Aube', 11, 'ok')],
    } as unknown as IndicatorValues;
    expect(rankedRows(data).map((r) => [r.name, r.rank])).toEqual([
      ['Aisne', 1],
      ['Aube', 2],
      ['Ain', 3],
      ['Allier', null],
      ['Ardèche', null],
    ]);
  });
});
