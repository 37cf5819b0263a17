// Ces types sont purs. The portrait of a territory: every indicator, grouped by domain, set against references.
// Shape of `socle portrait --json` and of GET /api/v1/territories/{ref}/portrait; the reports build on it.
import type { Domain, IndicatorStatus, IndicatorValue, Polarity } from './indicator.types.js';
import type { TerritoryInfo } from '../territory/territory.types.js';

export interface PortraitReferenceValue {
  territory: string;
  name: string;
  value: number | null;
  status: IndicatorStatus;
  millesime: number | null;
  /**
   * Share (0–1) of the reference's inhabitants whose communes have a figure, when not all do. Under 90 % the figure
   * is not a reference: `value` is null and `status` missing.
   */
  coverage?: number;
}

export interface RankInfo {
  /** The set ranked within: `dep:31` or `fr`. */
  within: string;
  /** 1 = highest value. */
  rank: number;
  count: number;
  /** Share of territories with a lower value, 0–100. */
  percentile: number;
}

export interface PortraitIndicator {
  id: string;
  label: string;
  domain: Domain;
  unit: string;
  polarity: Polarity;
  decimals: number;
  value: IndicatorValue;
  references: PortraitReferenceValue[];
  ranks: RankInfo[];
  /** Where two millésimes exist: the earlier value and the change. */
  evolution: { from: number; to: number; valueFrom: number | null; valueTo: number | null; change: number | null } | null;
  /** « La part des 75 ans ou plus (6,5 %) est inférieure à celle de la Haute-Garonne (8,1 %). » or null with no value. */
  sentence: string | null;
}

export interface PortraitDomain {
  id: Domain;
  label: string;
  indicators: PortraitIndicator[];
}

export interface PortraitSource {
  datasetId: number;
  title: string;
  source: string;
  producer: string;
  millesimes: number[];
  cogYear: number;
  licence: string;
  fileName: string;
  sha256: string;
  importedAt: string;
}

export interface Portrait {
  territory: TerritoryInfo;
  references: { territory: string; name: string }[];
  domains: PortraitDomain[];
  sources: PortraitSource[];
}

export type { IndicatorStatus };
