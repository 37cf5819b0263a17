// Ces types sont purs. A territory as answered by `socle territory --json` and GET /api/v1/territories/{ref}.
import type { TerritoryKind } from './territory-ref.js';

export interface TerritoryLink {
  ref: string;
  name: string;
}

export interface TerritoryInfo {
  ref: string;
  name: string;
  kind: TerritoryKind;
  /** « commune », « intercommunalité » … */
  kindLabel: string;
  /** Population municipale summed over member communes, of `millesime` (2023 with the current referential). */
  population: number | null;
  millesime: number;
  /** Members without a population in the referential (then `population` is a partial sum). */
  populationMissing?: number;
  /** Number of member communes. */
  communes: number;
  parents: {
    epci?: TerritoryLink | null;
    departement?: TerritoryLink;
    region?: TerritoryLink;
  };
  /** Départements the territory spans (EPCI, perimeters). */
  departements: string[];
  /** Communes: INSEE code, postal codes, and the arrondissements municipaux folded into it. */
  codeInsee?: string;
  postalCodes?: string[];
  arrondissements?: string[];
  /** EPCI: CC, CA, CU, METRO. */
  epciType?: string;
  /** When the code asked for is not today's: « 31298 est un ancien code de Saint-Béat-Lez (31471) ». */
  resolvedFrom?: { code: string; via: string; message: string };
  /** Perimeters: the references given at creation. */
  membersSpec?: string[];
  outline: boolean;
}
