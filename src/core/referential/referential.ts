// Ces fonctions sont pures : the referential is built from data handed in (the etalab JSON files are read by
// src/storage/referential-source.ts), and answers territory questions from memory.
//
// Principle 1 of DESIGN.md: the commune is the atom. Every commune actuelle of the current COG gets an index
// 0..n-1; every other territory is an Int32Array of those indices (sorted), and the engine's typed arrays are aligned
// on the same index.
import type { TerritoryKind, TerritoryRef } from '../territory/territory-ref.js';
import { formatRef } from '../territory/territory-ref.js';
import type { RawReferential } from './referential.types.js';
import { compareNames, foldText } from './text.js';

/** Millésime of the communes' population municipale in @etalab/decoupage-administratif 6.0.0 (in force on 1 Jan 2026). */
export const POPULATION_MILLESIME = 2023;
/** Year of the COG the referential describes. */
export const COG_YEAR = 2026;

export type Zone = 'metro' | 'drom' | 'com';

/** How a code given by a user or a file reached today's commune. */
export type CodeResolution = 'actuelle' | 'ancien_code' | 'deleguee' | 'associee' | 'arrondissement';

export interface ResolvedCode {
  index: number;
  code: string;
  via: CodeResolution;
}

export interface EpciInfo {
  code: string;
  name: string;
  /** CC, CA, CU, METRO, MET69. */
  type: string;
  members: Int32Array;
  departements: string[];
}

export interface DepartementInfo {
  code: string;
  name: string;
  region: string;
  members: Int32Array;
}

export interface RegionInfo {
  code: string;
  name: string;
  departements: string[];
  members: Int32Array;
}

export interface SearchHit {
  ref: string;
  kind: TerritoryKind;
  name: string;
  /** What matched: « code postal 31000 », « ancien nom Lez », « nom ». */
  matched: string;
  /** Département code, for communes, to tell homonyms apart. */
  departement?: string;
  population?: number | null;
  score: number;
}

interface SearchEntry {
  folded: string;
  ref: string;
  kind: TerritoryKind;
  name: string;
  matched: string;
  departement?: string;
  population: number | null;
  /** Alternative names (déléguée) rank below the current name. */
  weight: number;
}

const KIND_ORDER: Record<TerritoryKind, number> = { reg: 0, dep: 1, epci: 2, per: 3, com: 4, fr: 5 };

/**
 * The referential's own columnar form, written once at build time (dist/referential.cache.json) so that a command
 * starts without re-reading the 12.6 MB of the package: parsing arrays of strings is several times faster than
 * parsing 37,000 objects and rebuilding the indices.
 */
export interface ReferentialState {
  format: 'socle-referential-2';
  /**
   * One line per commune, in index order, joined by `\n`: a few long strings parse many times faster than arrays of
   * 35,000 strings. `epciOf` is empty for a commune outside any EPCI, `population` where the referential has none;
   * `postalCodes` holds a commune's codes separated by spaces.
   */
  codes: string;
  names: string;
  folded: string;
  departementOf: string;
  regionOf: string;
  epciOf: string;
  zoneOf: string;
  postalCodes: string;
  population: string;
  aliases: [string, number, CodeResolution][];
  /** Postal codes that lead to a commune without being its own (an arrondissement municipal's). */
  extraPostal: [string, number][];
  delegueeNames: [string, number, CodeResolution][];
  /** Members are not written: they are the communes whose `epciOf`, `departementOf` or `regionOf` names them. */
  epcis: [string, string, string][];
  departements: [string, string, string][];
  regions: [string, string][];
}

/**
 * The EPCI's name as it is written: the referential (from BANATIC) writes « Coeur » where the INSEE and the EPCI
 * themselves write « Cœur » (CC Cœur et Coteaux du Comminges, CA Cœur d'Essonne). French always ties this œ; search
 * folds both spellings alike.
 */
export const epciName = (name: string): string => name.replace(/\b([Cc])oeur\b/g, '$1œur');

export class Referential {
  readonly codes: string[] = [];
  readonly names: string[] = [];
  readonly departementOf: string[] = [];
  readonly regionOf: string[] = [];
  /** SIREN of the commune's EPCI, or null for the 98 communes outside any EPCI. */
  readonly epciOf: (string | null)[] = [];
  readonly zoneOf: Zone[] = [];
  /** A commune's postal codes, split on first use from the state's text (`postalText`). */
  private postalLists: string[][] | null = null;
  private postalText: string | null = null;
  /** Population municipale, millésime POPULATION_MILLESIME; NaN where the referential has none. */
  readonly population!: Float64Array;
  readonly epcis = new Map<string, EpciInfo>();
  readonly departements = new Map<string, DepartementInfo>();
  readonly regions = new Map<string, RegionInfo>();
  /** Communes of France as INSEE counts it: métropole and DROM (the COM stay reachable by com: only). */
  readonly france!: Int32Array;
  private otherIndex: Map<string, number> | null = null;
  /**
   * Index + 1 of the current commune of each five-digit code (0: none), made on first use: an import resolves a code
   * per row, and a typed array read is several times cheaper than a lookup of a fresh string in a Map.
   */
  private digitIndex: Int32Array | null = null;
  private readonly aliases = new Map<string, { index: number; via: CodeResolution }>();
  /** Postal code → communes, made on first use (a search by postal code) from `postalCodes` and `extraPostal`. */
  private postalIndexMap: Map<string, number[]> | null = null;
  private readonly extraPostal: [string, number][] = [];
  private searchEntries: SearchEntry[] | null = null;
  private readonly delegueeNames: { name: string; index: number; via: CodeResolution }[] = [];
  /** The names folded for search, from the state (`\n`-joined), split when the search index is made. */
  private foldedText: string | null = null;

  constructor(input: RawReferential | ReferentialState) {
    if ('format' in input) {
      this.loadState(input);
      return;
    }
    this.buildFromRaw(input);
  }

  private loadState(st: ReferentialState): void {
    const self = this as unknown as Record<string, unknown>;
    const lines = (text: string) => text.split('\n');
    self.codes = lines(st.codes);
    self.names = lines(st.names);
    self.departementOf = lines(st.departementOf);
    self.regionOf = lines(st.regionOf);
    self.epciOf = lines(st.epciOf).map((e) => (e === '' ? null : e));
    self.zoneOf = lines(st.zoneOf);
    self.population = Float64Array.from(lines(st.population), (p) => (p === '' ? NaN : Number(p)));
    // Split when first asked (a territory's postal codes, a search): most commands never do.
    this.postalText = st.postalCodes;
    this.foldedText = st.folded;
    for (const [code, index, via] of st.aliases) this.aliases.set(code, { index, via });
    this.extraPostal.push(...st.extraPostal);
    for (const [name, index, via] of st.delegueeNames) this.delegueeNames.push({ name, index, via });
    const { epci, departement, region } = this.membersByCode();
    for (const [code, name, type] of st.epcis) {
      const members = epci.get(code) ?? [];
      this.epcis.set(code, { code, name, type, members: Int32Array.from(members), departements: [...new Set(members.map((i) => this.departementOf[i]))].sort() });
    }
    for (const [code, name, region] of st.departements) this.departements.set(code, { code, name, region, members: Int32Array.from(departement.get(code) ?? []) });
    for (const [code, name] of st.regions) {
      const deps = [...this.departements.values()].filter((d) => d.region === code).map((d) => d.code).sort();
      this.regions.set(code, { code, name, departements: deps, members: Int32Array.from(region.get(code) ?? []) });
    }
    self.france = this.franceMembers();
  }

  /** The communes of each EPCI, département and région, in index order, read from the communes' own columns. */
  private membersByCode(): Record<'epci' | 'departement' | 'region', Map<string, number[]>> {
    const epci = new Map<string, number[]>();
    const departement = new Map<string, number[]>();
    const region = new Map<string, number[]>();
    for (let i = 0; i < this.codes.length; i++) {
      const e = this.epciOf[i];
      if (e !== null) push(epci, e, i);
      push(departement, this.departementOf[i], i);
      push(region, this.regionOf[i], i);
    }
    return { epci, departement, region };
  }

  private franceMembers(): Int32Array {
    const fr: number[] = [];
    this.zoneOf.forEach((z, i) => z !== 'com' && fr.push(i));
    return Int32Array.from(fr);
  }

  get postalCodes(): string[][] {
    this.postalLists ??= (this.postalText ?? '').split('\n').map((cp) => (cp ? cp.split(' ') : []));
    return this.postalLists;
  }

  private get postalIndex(): Map<string, number[]> {
    if (this.postalIndexMap) return this.postalIndexMap;
    const index = new Map<string, number[]>();
    this.postalCodes.forEach((list, i) => {
      for (const cp of list) push(index, cp, i);
    });
    for (const [cp, i] of this.extraPostal) {
      const l = index.get(cp);
      if (!l) index.set(cp, [i]);
      else if (!l.includes(i)) l.push(i);
    }
    this.postalIndexMap = index;
    return index;
  }

  /** The columnar form of this referential (see ReferentialState). */
  toState(): ReferentialState {
    const joined = (list: readonly string[]) => list.join('\n');
    return {
      format: 'socle-referential-2',
      codes: joined(this.codes),
      names: joined(this.names),
      folded: joined(this.names.map(foldText)),
      departementOf: joined(this.departementOf),
      regionOf: joined(this.regionOf),
      epciOf: joined(this.epciOf.map((e) => e ?? '')),
      zoneOf: joined(this.zoneOf),
      postalCodes: joined(this.postalCodes.map((l) => l.join(' '))),
      population: joined(Array.from(this.population, (p) => (Number.isNaN(p) ? '' : String(p)))),
      aliases: [...this.aliases.entries()].map(([code, a]) => [code, a.index, a.via]),
      extraPostal: this.extraPostal,
      delegueeNames: this.delegueeNames.map((d) => [d.name, d.index, d.via]),
      epcis: [...this.epcis.values()].map((e) => [e.code, e.name, e.type]),
      departements: [...this.departements.values()].map((d) => [d.code, d.name, d.region]),
      regions: [...this.regions.values()].map((r) => [r.code, r.name]),
    };
  }

  private buildFromRaw(raw: RawReferential): void {
    const self = this as unknown as Record<string, unknown>;
    const actuelles = raw.communes.filter((c) => c.type === 'commune-actuelle');
    actuelles.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    self.population = new Float64Array(actuelles.length);
    this.postalLists = [];
    actuelles.forEach((c, i) => {
      this.codes.push(c.code);
      this.names.push(c.nom);
      this.departementOf.push(c.departement ?? '');
      // The COM have no région: their « région » in the source is the collectivité itself (975…989).
      this.regionOf.push(isRegionCode(c.region) ? c.region : '');
      this.zoneOf.push((c.zone ?? 'metro') as Zone);
      this.postalLists!.push(c.codesPostaux ?? []);
      this.population[i] = typeof c.population === 'number' ? c.population : NaN;
      this.epciOf.push(null);
    });

    // Old codes: today's commune wins when a code is both current and former (584 codes are repeated in the
    // file: a commune actuelle and a commune déléguée sharing its code).
    for (const c of actuelles) {
      const i = this.indexOf(c.code)!;
      for (const old of c.anciensCodes ?? []) if (this.indexOf(old) === undefined) this.aliases.set(old, { index: i, via: 'ancien_code' });
    }
    for (const c of raw.communes) {
      if (c.type === 'commune-actuelle') continue;
      const target = c.type === 'arrondissement-municipal' ? c.commune : c.chefLieu;
      const via: CodeResolution =
        c.type === 'arrondissement-municipal' ? 'arrondissement' : c.type === 'commune-deleguee' ? 'deleguee' : 'associee';
      const resolved = target ? this.resolveCode(target) : undefined;
      if (!resolved) continue;
      if (this.indexOf(c.code) === undefined && !this.aliases.has(c.code)) this.aliases.set(c.code, { index: resolved.index, via });
      if (c.type !== 'arrondissement-municipal' && c.nom !== this.names[resolved.index]) {
        this.delegueeNames.push({ name: c.nom, index: resolved.index, via });
      }
      if (c.type === 'arrondissement-municipal') {
        for (const cp of c.codesPostaux ?? []) {
          const known = this.postalCodes[resolved.index].includes(cp) || this.extraPostal.some(([x, i]) => x === cp && i === resolved.index);
          if (!known) this.extraPostal.push([cp, resolved.index]);
        }
      }
    }

    for (const e of raw.epci) {
      const members: number[] = [];
      for (const m of e.membres) {
        const i = this.indexOf(m.code);
        if (i === undefined) continue;
        members.push(i);
        this.epciOf[i] = e.code;
      }
      const deps = [...new Set(members.map((i) => this.departementOf[i]))].sort();
      this.epcis.set(e.code, { code: e.code, name: epciName(e.nom), type: e.type, members: sortedIndices(members), departements: deps });
    }

    const { departement, region } = this.membersByCode();
    for (const d of raw.departements) {
      this.departements.set(d.code, { code: d.code, name: d.nom, region: isRegionCode(d.region) ? d.region : '', members: Int32Array.from(departement.get(d.code) ?? []) });
    }
    for (const r of raw.regions) {
      if (!isRegionCode(r.code)) continue;
      const deps = raw.departements.filter((d) => d.region === r.code).map((d) => d.code).sort();
      this.regions.set(r.code, { code: r.code, name: r.nom, departements: deps, members: Int32Array.from(region.get(r.code) ?? []) });
    }
    self.france = this.franceMembers();
  }

  get communeCount(): number {
    return this.codes.length;
  }

  /** Index of a current commune code, or undefined (an old code is not current: use resolveCode). */
  indexOf(code: string): number | undefined {
    const d = fiveDigits(code);
    if (d < 0) return this.otherCodes().get(code);
    const i = this.digits()[d] - 1;
    return i >= 0 ? i : undefined;
  }

  /** A current, former, délégué/associé or arrondissement code → today's commune. */
  resolveCode(code: string): ResolvedCode | undefined {
    const i = this.indexOf(code);
    if (i !== undefined) return { index: i, code: this.codes[i], via: 'actuelle' };
    const alias = this.aliases.get(code);
    if (alias) return { index: alias.index, code: this.codes[alias.index], via: alias.via };
    return undefined;
  }

  /** Index of each current code that is not five digits (Corsica's 2A…, 2B…), made on first use. */
  private otherCodes(): Map<string, number> {
    if (!this.otherIndex) {
      this.otherIndex = new Map();
      this.codes.forEach((c, i) => fiveDigits(c) < 0 && this.otherIndex!.set(c, i));
    }
    return this.otherIndex;
  }

  private digits(): Int32Array {
    if (!this.digitIndex) {
      const t = new Int32Array(100_000);
      this.codes.forEach((c, i) => {
        const d = fiveDigits(c);
        if (d >= 0) t[d] = i + 1;
      });
      this.digitIndex = t;
    }
    return this.digitIndex;
  }

  /** Every non-current code and the commune it resolves to (for the database copy). */
  aliasEntries(): [string, { index: number; via: CodeResolution }][] {
    return [...this.aliases.entries()];
  }

  /** Codes folded into a commune, of one kind (the arrondissements municipaux of Paris, Lyon, Marseille). */
  aliasesOf(index: number, via: CodeResolution): string[] {
    const out: string[] = [];
    for (const [code, a] of this.aliases) if (a.index === index && a.via === via) out.push(code);
    return out.sort();
  }

  /** Commune indices of a built-in territory (all kinds but per:), or undefined when it does not exist. */
  membersOf(ref: TerritoryRef): Int32Array | undefined {
    switch (ref.kind) {
      case 'com': {
        const r = this.resolveCode(ref.code);
        return r ? Int32Array.of(r.index) : undefined;
      }
      case 'epci':
        return this.epcis.get(ref.code)?.members;
      case 'dep':
        return this.departements.get(ref.code)?.members;
      case 'reg':
        return this.regions.get(ref.code)?.members;
      case 'fr':
        return this.france;
      default:
        return undefined;
    }
  }

  /** French name of a built-in territory. */
  nameOf(ref: TerritoryRef): string | undefined {
    switch (ref.kind) {
      case 'com': {
        const r = this.resolveCode(ref.code);
        return r ? this.names[r.index] : undefined;
      }
      case 'epci':
        return this.epcis.get(ref.code)?.name;
      case 'dep':
        return this.departements.get(ref.code)?.name;
      case 'reg':
        return this.regions.get(ref.code)?.name;
      case 'fr':
        return 'France';
      default:
        return undefined;
    }
  }

  /** Sum of population municipale over members; `missing` counts members without one. */
  populationOf(members: Int32Array): { value: number; missing: number } {
    let value = 0;
    let missing = 0;
    for (const i of members) {
      const p = this.population[i];
      if (Number.isNaN(p)) missing++;
      else value += p;
    }
    return { value, missing };
  }

  /** Search by name (without accents or case), INSEE code, SIREN or postal code; best match first. */
  search(text: string, limit = 20, extra: SearchHit[] = []): SearchHit[] {
    const q = text.trim();
    if (!q) return [];
    const hits = new Map<string, SearchHit>();
    const add = (hit: SearchHit) => {
      const prev = hits.get(hit.ref);
      if (!prev || prev.score < hit.score) hits.set(hit.ref, hit);
    };
    const commune = (i: number, score: number, matched: string) =>
      add({ ref: `com:${this.codes[i]}`, kind: 'com', name: this.names[i], matched, departement: this.departementOf[i], population: nanToNull(this.population[i]), score });

    if (/^\d[\dAB]\d{3}$/i.test(q)) {
      const code = q.toUpperCase();
      const r = this.resolveCode(code);
      // Five digits may be a commune's code, a former one and another commune's postal code at once (31400 is
      // Nogaret's code and a postal code of Toulouse; 75008, Bobigny's code before 1968 and Paris's): every reading
      // weighs the same, so that such a text is ambiguous and its communes are listed, never one chosen silently.
      if (r) commune(r.index, 100, r.via === 'actuelle' ? `code INSEE ${code}` : `ancien code ${code}`);
      for (const i of this.postalIndex.get(code) ?? []) commune(i, 100, `code postal ${code}`);
    }
    if (/^\d{9}$/.test(q) && this.epcis.has(q)) {
      const e = this.epcis.get(q)!;
      add({ ref: `epci:${q}`, kind: 'epci', name: e.name, matched: `SIREN ${q}`, score: 100 });
    }
    if (/^(\d{2,3}|2A|2B)$/i.test(q) && this.departements.has(q.toUpperCase())) {
      const d = this.departements.get(q.toUpperCase())!;
      add({ ref: `dep:${d.code}`, kind: 'dep', name: d.name, matched: `code ${d.code}`, score: 90 });
    }
    // A région's code is also a département's (93, 76, 75…): the région is offered, after the département that
    // people mean by two digits.
    if (/^\d{2}$/.test(q) && this.regions.has(q)) {
      const r = this.regions.get(q)!;
      add({ ref: `reg:${r.code}`, kind: 'reg', name: r.name, matched: `code région ${r.code}`, score: 80 });
    }

    const fq = foldText(q);
    if (fq.length >= 2 && !/^\d+$/.test(fq)) {
      const tokens = fq.split(' ');
      // Every scored match contains each token as a substring: a cheap filter before scoring.
      const longest = tokens.reduce((a, b) => (b.length > a.length ? b : a), '');
      // Broad words (« saint ») match thousands of names: rank the matching entries by their numeric keys first,
      // and build hits only for the best ones.
      const matches: { e: SearchEntry; s: number }[] = [];
      for (const e of this.getSearchEntries()) {
        if (!e.folded.includes(longest)) continue;
        const s = scoreName(e.folded, fq, tokens) * e.weight;
        if (s > 0) matches.push({ e, s });
      }
      matches.sort((a, b) => b.s - a.s || KIND_ORDER[a.e.kind] - KIND_ORDER[b.e.kind] || (b.e.population ?? 0) - (a.e.population ?? 0));
      // Keep enough to survive de-duplication (a commune found by its name and a former name) and name ties.
      const keep = Math.min(matches.length, limit * 4 + 20);
      for (let k = 0; k < keep; k++) {
        const { e, s: score } = matches[k];
        add({ ref: e.ref, kind: e.kind, name: e.name, matched: e.matched, departement: e.departement, population: e.population, score });
      }
      for (const h of extra) {
        const s = scoreName(foldText(h.name), fq, tokens);
        if (s > 0) add({ ...h, score: s });
      }
    }
    return [...hits.values()]
      .sort(
        (a, b) =>
          b.score - a.score ||
          KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
          (b.population ?? 0) - (a.population ?? 0) ||
          compareNames(a.name, b.name),
      )
      .slice(0, limit);
  }

  /**
   * When a search finds nothing: the commune or EPCI whose name is closest to `text` (« tolouse » → Toulouse), by
   * edit distance on folded names, or null. Only for a text of at least 4 letters, and within 1 edit up to 5
   * characters, 2 up to 9, 3 beyond; ties go to the larger population.
   */
  suggest(text: string, above = -Infinity): SearchHit | null {
    const fq = foldText(text);
    if (fq.replace(/[^a-z]/g, '').length < 4) return null;
    const max = fq.length <= 5 ? 1 : fq.length <= 9 ? 2 : 3;
    let best: { e: SearchEntry; d: number } | null = null;
    for (const e of this.getSearchEntries()) {
      if ((e.kind !== 'com' && e.kind !== 'epci') || e.weight !== 1) continue;
      // Only places larger than `above` (the largest hit already found) can be offered: the others cost no distance.
      if ((e.population ?? 0) <= above) continue;
      const limit = best ? Math.min(best.d, max) : max;
      const d = editDistance(fq, e.folded, limit);
      if (d > limit) continue;
      if (!best || d < best.d || (e.population ?? 0) > (best.e.population ?? 0)) best = { e, d };
    }
    if (!best) return null;
    const { e } = best;
    return { ref: e.ref, kind: e.kind, name: e.name, matched: 'nom proche', departement: e.departement, population: e.population, score: 0 };
  }

  private getSearchEntries(): SearchEntry[] {
    if (this.searchEntries) return this.searchEntries;
    const entries: SearchEntry[] = [];
    const folded = this.foldedText?.split('\n');
    this.codes.forEach((code, i) =>
      entries.push({ folded: folded ? folded[i] : foldText(this.names[i]), ref: `com:${code}`, kind: 'com', name: this.names[i], matched: 'nom', departement: this.departementOf[i], population: nanToNull(this.population[i]), weight: 1 }),
    );
    for (const d of this.delegueeNames) {
      entries.push({
        folded: foldText(d.name),
        ref: `com:${this.codes[d.index]}`,
        kind: 'com',
        name: this.names[d.index],
        matched: `commune ${d.via === 'deleguee' ? 'déléguée' : d.via === 'associee' ? 'associée' : 'ancienne'} ${d.name}`,
        departement: this.departementOf[d.index],
        population: nanToNull(this.population[d.index]),
        weight: 0.9,
      });
    }
    for (const e of this.epcis.values()) entries.push({ folded: foldText(e.name), ref: `epci:${e.code}`, kind: 'epci', name: e.name, matched: 'nom', population: null, weight: 1 });
    for (const d of this.departements.values()) entries.push({ folded: foldText(d.name), ref: `dep:${d.code}`, kind: 'dep', name: d.name, matched: 'nom', population: null, weight: 1 });
    for (const r of this.regions.values()) entries.push({ folded: foldText(r.name), ref: `reg:${r.code}`, kind: 'reg', name: r.name, matched: 'nom', population: null, weight: 1 });
    // France as INSEE counts it (métropole and DROM): « France » finds it before the names that contain the word.
    entries.push({ folded: 'france', ref: 'fr', kind: 'fr', name: 'France', matched: 'nom', population: null, weight: 1 });
    this.searchEntries = entries;
    return entries;
  }
}

/** Levenshtein distance between `a` and `b`, or `limit + 1` as soon as it is known to exceed `limit`. */
export const editDistance = (a: string, b: string, limit: number): number => {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      const d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      row.push(d);
      if (d < least) least = d;
    }
    if (least > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length];
};

/** 100 exact, 85 prefix, 70 every word starts a word, 50 substring; 0 no match. */
export const scoreName = (folded: string, q: string, tokens: string[]): number => {
  if (folded === q) return 100;
  if (folded.startsWith(q + ' ')) return 88;
  if (folded.startsWith(q)) return 85;
  const words = folded.split(' ');
  if (tokens.every((t) => words.some((w) => w.startsWith(t)))) return 70;
  if (folded.includes(q)) return 50;
  return 0;
};

/** The name of a territory kind with its code, as shown to people: « Toulouse (31555) ». */
export const labelOf = (ref: TerritoryRef, name: string): string => (ref.kind === 'fr' ? name : `${name} (${formatRef(ref)})`);

/** The 18 régions of France have two-digit codes; the COM (975, 977…989) are listed among them by the source. */
const isRegionCode = (code: string | undefined): code is string => code !== undefined && /^\d{2}$/.test(code);

const push = (m: Map<string, number[]>, k: string, v: number) => {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
};
const sortedIndices = (l: number[]): Int32Array => Int32Array.from(l).sort();
const nanToNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** The number written by a code of five ASCII digits, or -1. */
const fiveDigits = (code: string): number => {
  if (code.length !== 5) return -1;
  let n = 0;
  for (let k = 0; k < 5; k++) {
    const c = code.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
};
