// GeoPackage (OGC 12-128r18): a SQLite file, opened in memory with sql.js (SQLite compiled to wasm, the same in Node
// and in a worker). Every table listed in gpkg_contents with data_type 'features' is one layer: its geometry column
// from gpkg_geometry_columns, its CRS from gpkg_spatial_ref_sys (an EPSG organisation code this tool supports, else
// the srs definition WKT through prj.ts), each geometry blob = GeoPackage header + WKB (wkb.ts).
//
// Attributes: every column but the geometry and the INTEGER PRIMARY KEY (the row id GDAL calls fid, not the
// planner's data). BOOLEAN columns (stored 0/1) become booleans; BLOBs other than the geometry become null.
// A geometry that cannot be read makes that feature's geometry null with a warning naming the feature (1-based):
// one bad row is the pipeline's reject, not the file's.
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js';
import { isSupportedCrs, type CrsCode } from '../geo/crs.ts';
import { crsFromWkt } from './prj.ts';
import { ImportError, type DeclaredCrs, type ImportedLayer, type RawFeature } from './types.ts';
import { parseWkb, WkbError, type WkbGeometry } from './wkb.ts';

/** How sql.js finds its wasm: in Node nothing is needed; in a browser give the wasm's URL or its bytes. */
export interface SqlJsOptions {
  locateFile?: (file: string) => string;
  wasmBinary?: ArrayBuffer;
}

let defaultSql: Promise<SqlJsStatic> | null = null;
function sqlJs(opts?: SqlJsOptions): Promise<SqlJsStatic> {
  if (opts && (opts.locateFile || opts.wasmBinary)) return initSqlJs(opts);
  return (defaultSql ??= initSqlJs());
}

const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

/** A GeoPackage geometry blob: 'GP', version, flags (envelope kind, byte order, empty), srs id, envelope, WKB. */
export function parseGpkgGeometry(blob: Uint8Array): WkbGeometry | null {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new WkbError('the blob does not start with the GeoPackage magic "GP"');
  const flags = blob[3]!;
  if (flags & 0x20) throw new WkbError('extended GeoPackage geometry types are not supported');
  const envelope = ENVELOPE_BYTES[(flags >> 1) & 0x07];
  if (envelope === undefined) throw new WkbError(`envelope indicator ${(flags >> 1) & 0x07} is not 0–4`);
  if (flags & 0x10) return null; // empty geometry
  return parseWkb(blob, 8 + envelope).geometry;
}

function rows(db: Database, sql: string, params: SqlValue[] = []): Record<string, SqlValue>[] {
  const st = db.prepare(sql, params);
  const out: Record<string, SqlValue>[] = [];
  try {
    while (st.step()) out.push(st.getAsObject() as Record<string, SqlValue>);
  } finally {
    st.free();
  }
  return out;
}

const quoteId = (s: string) => `"${s.replace(/"/g, '""')}"`;

function srsOf(db: Database, file: string, srsId: number): DeclaredCrs {
  const srs = rows(db, 'SELECT srs_name, organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [srsId])[0];
  if (!srs) throw new ImportError(file, `refers to srs_id ${srsId}, which gpkg_spatial_ref_sys does not define`);
  const name = typeof srs.srs_name === 'string' ? srs.srs_name : null;
  // -1 and 0: the spec's "undefined Cartesian / geographic" systems — nothing declared.
  if (srsId === -1 || srsId === 0) return { code: null, from: 'none', name };
  const org = String(srs.organization ?? '').toUpperCase();
  const code: CrsCode = `EPSG:${Number(srs.organization_coordsys_id)}`;
  if (org === 'EPSG' && isSupportedCrs(code)) return { code, from: 'gpkg-srs', name };
  const def = typeof srs.definition === 'string' ? srs.definition.trim() : '';
  if (def && def.toLowerCase() !== 'undefined') return crsFromWkt(def, `${file} (srs_id ${srsId})`, 'gpkg-srs');
  throw new ImportError(file, `"${name ?? `${org}:${srs.organization_coordsys_id}`}" is not a CRS this tool can map to an EPSG code; reproject to CGCS2000 (EPSG:4549 / 4490) or declare --crs`);
}

function readLayer(db: Database, file: string, table: string): ImportedLayer {
  const gc = rows(db, 'SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?', [table])[0];
  if (!gc) throw new ImportError(file, `feature table "${table}" has no row in gpkg_geometry_columns`);
  const geomColumn = String(gc.column_name);
  const crs = srsOf(db, file, Number(gc.srs_id));
  const info = rows(db, `PRAGMA table_info(${quoteId(table)})`);
  const columns = info
    .filter((c) => c.name !== geomColumn && !(Number(c.pk) === 1 && String(c.type).toUpperCase() === 'INTEGER'))
    .map((c) => ({ name: String(c.name), boolean: String(c.type).toUpperCase() === 'BOOLEAN' }));
  const features: RawFeature[] = [];
  const warnings: string[] = [];
  const types = new Set<string>();
  for (const row of rows(db, `SELECT * FROM ${quoteId(table)}`)) {
    const n = features.length + 1;
    let geometry: WkbGeometry | null = null;
    const blob = row[geomColumn];
    if (blob instanceof Uint8Array) {
      try {
        geometry = parseGpkgGeometry(blob);
      } catch (e) {
        if (!(e instanceof WkbError)) throw e;
        warnings.push(`${file}: table "${table}", feature ${n}: geometry cannot be read (${e.message})`);
      }
    }
    if (geometry) types.add(geometry.type);
    const properties: Record<string, unknown> = {};
    for (const c of columns) {
      const v = row[c.name];
      properties[c.name] = v instanceof Uint8Array || v === undefined ? null : c.boolean && typeof v === 'number' ? v !== 0 : v;
    }
    features.push({ type: 'Feature', geometry, properties });
  }
  return {
    kind: 'layer',
    file,
    name: table,
    format: 'geopackage',
    encoding: { name: 'utf-8', from: 'format' },
    crs,
    geometryTypes: [...types].sort(),
    fields: columns.map((c) => c.name),
    features,
    ...(warnings.length ? { warnings } : {}),
  };
}

/** Every feature table of a GeoPackage, in gpkg_contents order. */
export async function readGeoPackage(file: string, bytes: Uint8Array, opts?: SqlJsOptions): Promise<ImportedLayer[]> {
  const SQL = await sqlJs(opts);
  let db: Database;
  try {
    db = new SQL.Database(bytes);
    db.exec('PRAGMA schema_version'); // sql.js opens anything lazily: touch the file to find out
  } catch (e) {
    throw new ImportError(file, `is not a SQLite/GeoPackage file (${e instanceof Error ? e.message : String(e)})`);
  }
  try {
    const has = rows(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('gpkg_contents', 'gpkg_geometry_columns', 'gpkg_spatial_ref_sys')");
    if (has.length < 3) throw new ImportError(file, 'is a SQLite file but not a GeoPackage (gpkg_contents, gpkg_geometry_columns or gpkg_spatial_ref_sys is missing)');
    const tables = rows(db, "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid").map((r) => String(r.table_name));
    if (tables.length === 0) throw new ImportError(file, 'holds no feature table (gpkg_contents lists none with data_type "features")');
    return tables.map((t) => readLayer(db, file, t));
  } finally {
    db.close();
  }
}
