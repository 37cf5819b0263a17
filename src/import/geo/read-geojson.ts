// Reads a GeoJSON FeatureCollection (or a single Feature) of outlines keyed by a code property, re-based to today's
// COG: communes merged since the file's COG are dissolved into one outline (polygon-clipping union), arrondissements
// municipaux into their city. A feature whose code is a département (`31`) or an EPCI SIREN (9 digits) is kept at
// that level (`dep:31`, `epci:243100518`): the outline service prefers it to a union of communes.
import type { AppError, Result } from '../../core/result.js';
import { appError, err, ok } from '../../core/result.js';
import type { Referential } from '../../core/referential/referential.js';
import { MAX_REJECTED_LISTED, type RejectedCell, type RemappedCode, type UnknownCode } from '../import.types.js';
import { cleanCode } from '../tabular/territory-code.js';
import { bboxOf, checkSurface, unionOf, type BBox, type Surface } from './geometry.js';

/** Property names that hold the code, by preference (IGN Admin Express, france-geojson, opendatasoft…). */
const CODE_PROPERTIES = [
  'code',
  'codgeo',
  'insee_com',
  'code_insee',
  'codeinsee',
  'insee',
  'com',
  'code_com',
  'depcom',
  'code_commune',
  'codecommune',
  'code_siren',
  'siren',
  'siren_epci',
  'code_epci',
  'epci',
  'insee_dep',
  'code_dep',
  'code_departement',
  'dep',
];

export interface OutlineRecord {
  ref: string;
  geometry: Surface;
  bbox: BBox;
}

export interface OutlineRead {
  outlines: OutlineRecord[];
  rows: number;
  imported: number;
  rejectedRows: number;
  rejected: RejectedCell[];
  remapped: RemappedCode[];
  unknownCodes: UnknownCode[];
  notes: string[];
  /** Counts of outlines per level (`com`, `epci`, `dep`). */
  levels: Record<string, number>;
}

const codeOf = (properties: unknown): { key: string; code: string } | undefined => {
  if (!properties || typeof properties !== 'object') return undefined;
  const entries = Object.entries(properties as Record<string, unknown>);
  const lower = new Map(entries.map(([k, v]) => [k.toLowerCase(), { key: k, v }]));
  for (const name of CODE_PROPERTIES) {
    const e = lower.get(name);
    if (e && (typeof e.v === 'string' || typeof e.v === 'number') && String(e.v).trim() !== '') {
      // A code written as a number lost its leading zero (1001 for 01001, 1 for the Ain).
      const code = cleanCode(String(e.v));
      return { key: e.key, code: /^\d$/.test(code) ? `0${code}` : code };
    }
  }
  return undefined;
};

/** Line and column of a character offset, for JSON syntax errors. */
const lineColumn = (text: string, offset: number): { line: number; column: number } => {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) [line, last] = [line + 1, i];
  return { line, column: offset - last };
};

export const readGeoJson = (text: string, fileName: string, referential: Referential): Result<OutlineRead, AppError> => {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec(e instanceof Error ? e.message : '');
    const where = m ? lineColumn(text, Number(m[1])) : { line: text.split('\n').length, column: 1 };
    return err(appError('FICHIER_ILLISIBLE', `${fileName}, ligne ${where.line}, colonne ${where.column} : JSON invalide (fichier tronqué ou endommagé ?)`));
  }
  const d = doc as { type?: unknown; features?: unknown };
  let features: unknown[];
  if (d && d.type === 'FeatureCollection' && Array.isArray(d.features)) features = d.features;
  else if (d && d.type === 'Feature') features = [d];
  else return err(appError('FORMAT_INCONNU', `${fileName}, ligne 1 : ni FeatureCollection ni Feature GeoJSON (type « ${String(d?.type ?? 'absent')} »)`));
  if (features.length === 0) return err(appError('AUCUNE_DONNEE', `${fileName}, ligne 1 : FeatureCollection sans entité`));

  const out: OutlineRead = { outlines: [], rows: features.length, imported: 0, rejectedRows: 0, rejected: [], remapped: [], unknownCodes: [], notes: [], levels: {} };
  const reject = (cell: RejectedCell) => {
    out.rejectedRows++;
    if (out.rejected.length < MAX_REJECTED_LISTED) out.rejected.push(cell);
  };
  /** Features by target ref; `own` when the feature carries the code of the target itself. */
  const groups = new Map<string, { own: { geometry: Surface; feature: number }[]; parts: { geometry: Surface; feature: number; code: string; via: string }[] }>();
  const remapped = new Map<string, RemappedCode>();
  let noCode = 0;
  features.forEach((f, k) => {
    const n = k + 1;
    const feature = f as { type?: unknown; properties?: unknown; geometry?: unknown };
    if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') {
      reject({ line: n, column: 'type', value: String(feature?.type ?? ''), reason: `entité ${n} : « Feature » attendu` });
      return;
    }
    const c = codeOf(feature.properties);
    if (!c) {
      noCode++;
      reject({ line: n, column: 'properties', value: '', reason: `entité ${n} : aucune propriété de code (code, codgeo, insee_com…)` });
      return;
    }
    const why = checkSurface(feature.geometry);
    if (why) {
      reject({ line: n, column: 'geometry', value: c.code, reason: `entité ${n} (code ${c.code}) : ${why}` });
      return;
    }
    let ref: string;
    let own = true;
    let via = 'actuelle';
    if (/^(\d{5}|2[AB]\d{3})$/.test(c.code)) {
      const r = referential.resolveCode(c.code);
      if (!r) {
        if (out.unknownCodes.length < MAX_REJECTED_LISTED) out.unknownCodes.push({ code: c.code, line: n });
        reject({ line: n, column: c.key, value: c.code, reason: `entité ${n} : aucune commune du COG ne porte le code ${c.code}` });
        return;
      }
      ref = `com:${r.code}`;
      if (r.via !== 'actuelle') {
        own = false;
        via = r.via;
        if (!remapped.has(c.code)) remapped.set(c.code, { from: c.code, to: r.code, via: r.via });
      }
    } else if (/^\d{9}$/.test(c.code) && referential.epcis.has(c.code)) ref = `epci:${c.code}`;
    else if (/^(\d{2,3}|2[AB])$/.test(c.code) && referential.departements.has(c.code)) ref = `dep:${c.code}`;
    else {
      if (out.unknownCodes.length < MAX_REJECTED_LISTED) out.unknownCodes.push({ code: c.code, line: n });
      reject({ line: n, column: c.key, value: c.code, reason: `entité ${n} : code ${c.code} inconnu du COG (ni commune, ni EPCI, ni département)` });
      return;
    }
    const g = groups.get(ref) ?? { own: [], parts: [] };
    if (own) g.own.push({ geometry: feature.geometry as Surface, feature: n });
    else g.parts.push({ geometry: feature.geometry as Surface, feature: n, code: c.code, via });
    groups.set(ref, g);
    out.imported++;
  });
  if (noCode === features.length) {
    return err(appError('FORMAT_INCONNU', `${fileName}, entité 1 : aucune propriété de code commune (code, codgeo, insee_com, code_insee…) : contours non rattachables`));
  }

  let merged = 0;
  let ownKept = 0;
  const cities = new Set(referential.aliasEntries().flatMap(([, a]) => (a.via === 'arrondissement' ? [`com:${referential.codes[a.index]}`] : [])));
  for (const [ref, g] of [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    // A current commune's own outline and the outlines of old communes merged into it are dissolved together;
    // arrondissements are folded only when the city has no outline of its own.
    const ownParts = g.own;
    const isCity = cities.has(ref);
    let pieces = [...ownParts, ...g.parts];
    if (isCity && ownParts.length > 0 && g.parts.length > 0) {
      pieces = ownParts;
      ownKept++;
    }
    // A city drawn from its arrondissements only, some of them missing from the file: its union would have holes
    // where they are, and read as the city's outline on every map. It is left without one, and the report says so.
    if (isCity && ownParts.length === 0) {
      const index = referential.indexOf(ref.slice(4))!;
      const expected = referential.aliasesOf(index, 'arrondissement');
      const present = new Set(g.parts.filter((p) => p.via === 'arrondissement').map((p) => p.code));
      if (present.size < expected.length) {
        out.imported -= pieces.length;
        // Set aside, not re-keyed: the report does not list them among the codes brought to the city.
        for (const p of g.parts) remapped.delete(p.code);
        out.notes.push(
          `${referential.names[index]} (${ref.slice(4)}) n’a que ${present.size} de ses ${expected.length} arrondissements municipaux dans le fichier : pas de contour pour la ville, il y manquerait ${expected.length - present.size} arrondissement${expected.length - present.size > 1 ? 's' : ''}.`,
        );
        continue;
      }
    }
    let geometry: Surface;
    try {
      geometry = unionOf(pieces.map((p) => p.geometry));
    } catch {
      for (const p of pieces) reject({ line: p.feature, column: 'geometry', value: ref, reason: `entité ${p.feature} : union impossible des contours de ${ref} (géométrie invalide)` });
      out.imported -= pieces.length;
      continue;
    }
    if (pieces.length > 1) merged++;
    out.outlines.push({ ref, geometry, bbox: bboxOf(geometry) });
    const level = ref.slice(0, ref.indexOf(':'));
    out.levels[level] = (out.levels[level] ?? 0) + 1;
  }
  out.remapped = [...remapped.values()];
  if (merged > 0) out.notes.push(`${merged} contour${merged > 1 ? 's' : ''} formé${merged > 1 ? 's' : ''} par l’union de plusieurs entités (communes fusionnées depuis le COG du fichier, ou entités de même code).`);
  if (ownKept > 0) out.notes.push(`${ownKept} ville${ownKept > 1 ? 's' : ''} à arrondissements ont leur propre contour : ceux des arrondissements sont ignorés.`);
  return ok(out);
};
