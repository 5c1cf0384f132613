// Reads one Shapefile from its parts (.shp + .dbf, with .prj and .cpg when present) with the `shapefile` package,
// which decodes geometry (rings → Polygon/MultiPolygon by winding, Z/M dropped) and dbf values; this module decides
// the text encoding (dbf-encoding.ts), the CRS (prj.ts) and turns what the package gives into plain values.
//
// A missing .dbf is an ImportError: the attributes are the point of the layer. A missing .prj is NOT: the layer comes
// back with crs { code: null, from: 'none' } and a warning, and the pipeline's coordinate detection (detectCrs, with
// its county-extent check) or a declared --crs decides — GK coordinates with the zone prefix are recognisable, and
// refusing the file outright would only send the planner to QGIS to add a .prj they would have to guess as well.
//
// Node and browsers: the package's Node build decodes the dbf with the `text-encoding` polyfill (which carries the
// gb18030/big5 tables), its ES module build (what Vite bundles) with the platform TextDecoder; both know 'gb18030'.
import { open } from './lib-shapefile.js';
import { dbfEncoding, readDbfHeader, type DbfEncoding } from './dbf-encoding.ts';
import { crsFromWkt } from './prj.ts';
import { ImportError, type DeclaredCrs, type ImportedLayer, type RawFeature } from './types.ts';

export interface ShapefileParts {
  shp: { name: string; bytes: Uint8Array };
  dbf?: { name: string; bytes: Uint8Array } | undefined;
  prj?: { name: string; bytes: Uint8Array } | undefined;
  cpg?: { name: string; bytes: Uint8Array } | undefined;
}

export interface ShapefileOptions {
  /** An explicit encoding (`--encoding`): wins over .cpg and detection. */
  encoding?: string | undefined;
  /** 'shapefile-zip' when the parts came out of a zip. */
  format?: 'shapefile' | 'shapefile-zip';
}

const SHP_MAGIC = 9994;

/** Base name without folders and extension: 'a/b/地块.shp' → '地块'. */
export function baseName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? name;
  return last.replace(/\.[^.]*$/, '');
}

/** Text of a small side file (.prj, .cpg): UTF-8 (a BOM removed), which for their ASCII content is all there is. */
function sideText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** Values as the rest of the import wants them: NUL padding gone, empty text null. */
function plainValue(v: unknown): unknown {
  if (typeof v === 'string') {
    const s = v.replace(/\0+/g, '').trim();
    return s === '' ? null : s;
  }
  return v;
}

/**
 * Field names: `keys` as the package decodes them (its property keys), `names` cleaned for the layer — a name cut at
 * 10 bytes inside a UTF-8 character ends in U+FFFD, and that broken tail is dropped.
 */
function fieldNames(dbf: Uint8Array, file: string, enc: DbfEncoding): { keys: string[]; names: string[] } {
  const decoder = new TextDecoder(enc.name);
  const keys = readDbfHeader(dbf, file).fields.map((f) => decoder.decode(f.nameBytes));
  const names = keys.map((k) => k.replace(/\uFFFD+$/, '').trim());
  const seen = new Map<string, number>();
  names.forEach((n, i) => {
    const first = seen.get(n);
    if (first !== undefined) {
      throw new ImportError(file, `fields ${first + 1} and ${i + 1} are both named "${n}" (dbf field names are cut at 10 bytes); rename one and export again`);
    }
    seen.set(n, i);
  });
  return { keys, names };
}

export async function readShapefile(parts: ShapefileParts, opts: ShapefileOptions = {}): Promise<ImportedLayer> {
  const { shp, dbf, prj, cpg } = parts;
  const file = shp.name;
  const base = baseName(file);
  if (!dbf) {
    throw new ImportError(file, `has no ${base}.dbf beside it: a Shapefile's attributes are in its .dbf — copy the .shp, .shx, .dbf, .prj and .cpg together`);
  }
  if (shp.bytes.length < 100 || new DataView(shp.bytes.buffer, shp.bytes.byteOffset, 4).getInt32(0, false) !== SHP_MAGIC) {
    throw new ImportError(file, 'is not a Shapefile .shp (its first bytes are not the Shapefile file code 9994)');
  }
  const warnings: string[] = [];
  const encoding = dbfEncoding(dbf.bytes, dbf.name, {
    ...(opts.encoding !== undefined ? { declared: opts.encoding } : {}),
    ...(cpg ? { cpg: { text: sideText(cpg.bytes), file: cpg.name } } : {}),
  });
  let crs: DeclaredCrs;
  if (prj) crs = crsFromWkt(sideText(prj.bytes), prj.name, 'prj');
  else {
    crs = { code: null, from: 'none', name: null };
    warnings.push(`${file}: has no ${base}.prj; its CRS must be declared (--crs) or is detected from the coordinates`);
  }
  const { keys, names: fields } = fieldNames(dbf.bytes, dbf.name, encoding);
  const head = readDbfHeader(dbf.bytes, dbf.name);
  const records = head.records;
  // Dates are read from the raw bytes: the package turns a blank date into 1899-11-30 (new Date(0, -1, 0)).
  const dates = head.fields.flatMap((f, i) => (f.type === 'D' ? [{ name: fields[i]!, offset: f.offset }] : []));
  const dateAt = (record: number, offset: number): string | null => {
    const at = head.headerLength + record * head.recordLength + offset;
    const raw = String.fromCharCode(...dbf.bytes.subarray(at, at + 8));
    return /^\d{8}$/.test(raw) ? `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}` : null;
  };

  const features: RawFeature[] = [];
  const types = new Set<string>();
  try {
    const source = await open(shp.bytes, dbf.bytes, { encoding: encoding.name });
    for (let r = await source.read(); !r.done; r = await source.read()) {
      const props = r.value.properties ?? {};
      const properties: Record<string, unknown> = {};
      fields.forEach((f, i) => (properties[f] = plainValue(props[keys[i]!])));
      for (const d of dates) properties[d.name] = dateAt(features.length, d.offset);
      const g = r.value.geometry;
      const geometry = g ? { type: g.type, coordinates: rfc7946Rings(g.type, g.coordinates) } : null;
      if (geometry) types.add(geometry.type);
      features.push({ type: 'Feature', geometry, properties });
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(file, `cannot be read as a Shapefile at feature ${features.length + 1}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (features.length !== records) {
    throw new ImportError(
      file,
      `has ${features.length} shapes but ${dbf.name} has ${records} records: the parts do not belong together (export the layer again)`,
    );
  }
  return {
    kind: 'layer',
    file,
    name: base,
    format: opts.format ?? 'shapefile',
    encoding: { name: encoding.name, from: encoding.from },
    crs,
    geometryTypes: [...types].sort(),
    fields,
    features,
    ...(warnings.length ? { warnings } : {}),
  };
}

/** Twice the signed area of a ring (x east, y north): > 0 when counter-clockwise. */
function signedArea2(ring: readonly (readonly number[])[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return s;
}

/**
 * Shapefiles store shells clockwise and holes counter-clockwise; GeoJSON (RFC 7946 §3.1.6) wants the opposite.
 * The same parcel read from a Shapefile or from GeoJSON is then the same geometry, vertex for vertex.
 */
function rfc7946Rings(type: string, coordinates: unknown): unknown {
  const rewind = (rings: number[][][]): number[][][] => rings.map((r, k) => ((signedArea2(r) > 0) === (k === 0) ? r : [...r].reverse()));
  if (type === 'Polygon') return rewind(coordinates as number[][][]);
  if (type === 'MultiPolygon') return (coordinates as number[][][][]).map(rewind);
  return coordinates;
}

