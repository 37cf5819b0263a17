// Ces types sont purs. The ABS (analyse des besoins sociaux) report as a document model: what the report says, built
// once from data (build/), then drawn by separate renderers (render/: HTML, PDF, DOCX, XLSX), so that every format
// says the same thing. Nothing here knows about a file format.
import type { IndicatorStatus, Polarity } from '../../core/indicators/indicator.types.js';
import type { Geometry } from 'geojson';
import type { ChartSpec } from '../charts/chart.types.js';

/** Favourable / unfavourable for the population, from the indicator's polarity; neutral when it has none. */
export type Tone = 'favourable' | 'defavorable' | 'neutre';

export interface ReportTerritory {
  ref: string;
  name: string;
  kindLabel: string;
  population: number | null;
  populationMillesime: number;
  communes: number;
  /** « Haute-Garonne (31) », or several départements for a perimeter. */
  departementsLabel: string;
}

/** One cell of a table: the text people read, and the raw number the spreadsheet keeps. */
export interface TableCell {
  text: string;
  value?: number | null;
  /** Excel number format for `value` (« 0.0 », « # ##0 »). */
  numFmt?: string;
  status?: IndicatorStatus;
  /** The territory's own column, drawn in bold. */
  strong?: boolean;
}

export interface TableColumn {
  label: string;
  align: 'left' | 'right';
  /** Relative width (the renderers scale it to the page). */
  width: number;
}

export interface TableModel {
  id: string;
  /** « Tableau 3 ». */
  number: number;
  caption: string;
  columns: TableColumn[];
  rows: TableCell[][];
  notes: string[];
  /** Small type (long tables, the sources annex). */
  compact?: boolean;
  /** Each row's unit (an indicator table's: « % », « hab./km² »), for the spreadsheet's « Unité » column. */
  rowUnits?: string[];
}

export interface MapValue {
  ref: string;
  name: string;
  value: number | null;
  status: IndicatorStatus;
}

export interface MapSpec {
  kind: 'map';
  indicatorId: string;
  label: string;
  unit: string;
  decimals: number;
  millesime: number | null;
  polarity: Polarity;
  values: MapValue[];
  /** Member communes' outlines (WGS84), keyed by `com:xxxxx` (or the EPCI's, the départements' on a coarser map). */
  outlines: { ref: string; geometry: Geometry }[];
  /** What the map draws: the member communes, or for a territory of thousands of them its EPCI or départements. */
  level?: MapLevel;
}

export type MapLevel = 'com' | 'epci' | 'dep';

export interface Figure {
  id: string;
  /** « Figure 4 ». */
  number: number;
  kind: 'chart' | 'map';
  title: string;
  /** Source line under the figure. */
  source: string;
  /** Text alternative (accessibility, and what the spreadsheet says instead of a picture). */
  alt: string;
  spec: ChartSpec | MapSpec;
}

export interface Finding {
  indicatorId: string;
  label: string;
  chapterId: string;
  chapterTitle: string;
  tone: Tone;
  /** The French sentence with its figures. */
  sentence: string;
  /** « 12,3 % contre 8,1 % (Haute-Garonne) ». */
  figures: string;
  /** Standardised gap (signed, territory minus reference, in robust standard deviations). */
  z: number;
  /** « +1,8 écart-type ». */
  gapLabel: string;
  value: number;
  reference: { ref: string; name: string; value: number };
  unit: string;
  decimals: number;
}

export interface KeyFigure {
  label: string;
  /** The figure as people read it (« 6,5 % », « non représentatif »). */
  value: string;
  note?: string;
  /** The same figure as a number, for the workbook (null when there is none), with its unit and Excel format. */
  number?: number | null;
  unit?: string;
  numFmt?: string;
}

export type Block =
  | { type: 'paragraph'; text: string; style?: 'lead' | 'small' }
  | { type: 'list'; items: string[] }
  | { type: 'callout'; title: string; text: string }
  | { type: 'key-figures'; items: KeyFigure[] }
  | { type: 'findings'; items: Finding[] }
  | { type: 'table'; table: TableModel }
  | { type: 'figure'; figure: Figure }
  | { type: 'definitions'; items: { term: string; text: string; details: string[] }[] }
  /** A blank, clearly marked place for what only people can write; stays editable text in Word. */
  | { type: 'editable'; id: string; title: string; prompt: string; lines: number };

export interface Section {
  id: string;
  /** « 3 », « A.2 », or null (unnumbered). */
  number: string | null;
  title: string;
  /** A short title where space is scarce (spreadsheet tab names, 31 characters at most). */
  shortTitle?: string;
  level: 1 | 2;
  /** Chapters start on a new page in paged formats. */
  newPage: boolean;
  blocks: Block[];
}

/** A dataset of the catalogue, as the report reads it. */
export interface AbsDataset {
  id: number;
  title: string;
  source: string;
  producer: string;
  millesimes: number[];
  cogYear: number | null;
  licence: string;
  fileName: string;
  sha256: string;
}

export interface SourceEntry extends Omit<AbsDataset, 'id'> {
  /** Used by at least one indicator of the report. */
  used: boolean;
}

export interface AbsDocument {
  kind: 'abs';
  title: string;
  subtitle: string;
  territory: ReportTerritory;
  organisme: string | null;
  /** ISO date (YYYY-MM-DD) and its French label (« 12 mars 2026 »). */
  date: string;
  dateLabel: string;
  /** « INSEE RP 2022 · Filosofi 2021 · CNAF 2021 » — the millésimes the report rests on. */
  millesimesLabel: string;
  references: { ref: string; name: string }[];
  /** What the running header says. */
  runningHeader: string;
  sections: Section[];
  sources: SourceEntry[];
  /** Counts for the CLI summary and tests. */
  stats: { indicators: number; available: number; findings: number; figures: number; tables: number; maps: number };
}
