// Ces types sont purs. The raw shapes of @etalab/decoupage-administratif 6.0.0 data/*.json, as far as Socle reads them.

export interface RawCommune {
  code: string;
  nom: string;
  type: 'commune-actuelle' | 'commune-deleguee' | 'commune-associee' | 'arrondissement-municipal';
  zone?: 'metro' | 'drom' | 'com';
  departement?: string;
  region?: string;
  population?: number;
  codesPostaux?: string[];
  anciensCodes?: string[];
  /** For a commune déléguée or associée: the current commune it belongs to. */
  chefLieu?: string;
  /** For an arrondissement municipal: Paris, Lyon or Marseille. */
  commune?: string;
  siren?: string;
}

export interface RawEpci {
  code: string;
  nom: string;
  type: string;
  /** Millésime 2022 (one behind the communes): kept apart as populationMunicipale2022, never summed with 2023. */
  populationMunicipale?: number;
  membres: { code: string; nom: string }[];
}

export interface RawDepartement {
  code: string;
  nom: string;
  region: string;
  chefLieu?: string;
  zone?: string;
}

export interface RawRegion {
  code: string;
  nom: string;
  chefLieu?: string;
  zone?: string;
}

export interface RawReferential {
  communes: RawCommune[];
  epci: RawEpci[];
  departements: RawDepartement[];
  regions: RawRegion[];
}
