// A small reader of Mapbox Vector Tiles (protobuf, specification 2.1), for the map's first picture
// (components/map-preview.ts): the polygons of one layer and the properties of each feature, in tile units. Only
// what the server's tiles hold is read (polygons, string and number properties); other fields are skipped.

export interface TileFeature {
  properties: Record<string, string | number | boolean>;
  /** The polygon's commands, as the tile holds them (packed varints): read with `traceRings`. */
  geometry: Uint8Array;
}

export interface TileLayer {
  name: string;
  extent: number;
  features: TileFeature[];
}

class Reader {
  pos = 0;
  private dataView: DataView | null = null;
  constructor(readonly buf: Uint8Array) {}
  private get view(): DataView {
    return (this.dataView ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength));
  }
  varint(): number {
    let result = 0;
    let shift = 1;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('tuile tronquée');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * shift;
      if (b < 0x80) return result;
      shift *= 128;
    }
  }
  bytes(): Uint8Array {
    const n = this.varint();
    const start = this.pos;
    this.pos += n;
    if (this.pos > this.buf.length) throw new Error('tuile tronquée');
    return this.buf.subarray(start, this.pos);
  }
  double(): number {
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
  float(): number {
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.pos += this.varint();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`type de champ protobuf inconnu : ${wireType}`);
  }
}

const text = new TextDecoder();
const zigzag = (n: number): number => (n % 2 === 1 ? -(n + 1) / 2 : n / 2);

/** A Value message: string, float, double, int64, uint64, sint64 or bool. */
const readValue = (bytes: Uint8Array): string | number | boolean => {
  const r = new Reader(bytes);
  let value: string | number | boolean = '';
  while (r.pos < bytes.length) {
    const key = r.varint();
    const field = key >> 3;
    if (field === 1) value = text.decode(r.bytes());
    else if (field === 2) value = r.float();
    else if (field === 3) value = r.double();
    else if (field === 4 || field === 5) value = r.varint();
    else if (field === 6) value = zigzag(r.varint());
    else if (field === 7) value = r.varint() !== 0;
    else r.skip(key & 7);
  }
  return value;
};

const packed = (bytes: Uint8Array): number[] => {
  const r = new Reader(bytes);
  const out: number[] = [];
  while (r.pos < bytes.length) out.push(r.varint());
  return out;
};

/**
 * Walks the rings of a polygon's commands (MoveTo, LineTo, ClosePath; coordinates as zigzag deltas, in tile units),
 * calling `move` at the start of each ring, `line` for each next point and `close` at its end.
 */
export const traceRings = (geometry: Uint8Array, move: (x: number, y: number) => void, line: (x: number, y: number) => void, close: () => void): void => {
  const r = new Reader(geometry);
  let x = 0;
  let y = 0;
  while (r.pos < geometry.length) {
    const c = r.varint();
    const id = c & 7;
    const count = c >>> 3;
    if (id === 7) {
      close();
      continue;
    }
    for (let k = 0; k < count; k++) {
      x += zigzag(r.varint());
      y += zigzag(r.varint());
      if (id === 1) move(x, y);
      else line(x, y);
    }
  }
};

/**
 * The layer named `name` of a tile (null when the tile has none), its polygons and their properties (only those named
 * in `only`, when given).
 */
export const readTileLayer = (buf: Uint8Array, name: string, only?: string[]): TileLayer | null => {
  const tile = new Reader(buf);
  while (tile.pos < buf.length) {
    const key = tile.varint();
    if (key >> 3 !== 3 || (key & 7) !== 2) {
      tile.skip(key & 7);
      continue;
    }
    const bytes = tile.bytes();
    const r = new Reader(bytes);
    let layerName = '';
    let extent = 4096;
    const keys: string[] = [];
    // Values are read when a feature's property needs them: most are names, which the first picture does not use.
    const values: Uint8Array[] = [];
    const raw: { tags: number[]; type: number; geometry: Uint8Array }[] = [];
    while (r.pos < bytes.length) {
      const k = r.varint();
      const field = k >> 3;
      if (field === 1) layerName = text.decode(r.bytes());
      else if (field === 3) keys.push(text.decode(r.bytes()));
      else if (field === 4) values.push(r.bytes());
      else if (field === 5) extent = r.varint();
      else if (field === 2) {
        const f = new Reader(r.bytes());
        const feature: { tags: number[]; type: number; geometry: Uint8Array } = { tags: [], type: 0, geometry: new Uint8Array(0) };
        while (f.pos < f.buf.length) {
          const fk = f.varint();
          const ff = fk >> 3;
          if (ff === 2) feature.tags = packed(f.bytes());
          else if (ff === 3) feature.type = f.varint();
          else if (ff === 4) feature.geometry = f.bytes();
          else f.skip(fk & 7);
        }
        raw.push(feature);
      } else r.skip(k & 7);
    }
    if (layerName !== name) continue;
    const read = new Map<number, string | number | boolean>();
    const valueAt = (i: number) => {
      let v = read.get(i);
      if (v === undefined) read.set(i, (v = readValue(values[i])));
      return v;
    };
    const wanted = only ? new Set(only) : null;
    const features = raw
      .filter((f) => f.type === 3)
      .map((f) => {
        const properties: TileFeature['properties'] = {};
        for (let i = 0; i + 1 < f.tags.length; i += 2) {
          const key = keys[f.tags[i]];
          if (!wanted || wanted.has(key)) properties[key] = valueAt(f.tags[i + 1]);
        }
        return { properties, geometry: f.geometry };
      });
    return { name: layerName, extent, features };
  }
  return null;
};
