// One entry for every reader: the files of a folder (or of one drop in the browser) in, the layers and tables found
// out, with every file that was not read and why. Shapefile parts are paired by base name first; zips are opened and
// their members go through the same dispatch (so a zip holding a .gpkg or an .xlsx works too).
//
// Errors: one unreadable file does not hide the others. An ImportError of a file is collected in `errors` and the
// rest is still read; anything else (a bug) is thrown.
import { memoryByteSource } from '../data/byte-source.ts';
import { readAllFgb, readFgbHeader } from '../data/fgb-read.ts';
import { CrsError, isSupportedCrs, parseCrsName, type CrsCode } from '../geo/crs.ts';
import { readGeoPackage, type SqlJsOptions } from './geopackage.ts';
import { extensionOf, groupShapefiles } from './shapefile-parts.ts';
import { baseName, readShapefile } from './shapefile.ts';
import { readCsv, readXlsx } from './table.ts';
import { decodeText } from './decode-text.ts';
import { ImportError, type DeclaredCrs, type FileInput, type ImportedLayer, type RawFeature, type ReadResult } from './types.ts';
import { noShapefile, unzipMembers } from './zip.ts';

export interface ReadOptions {
  /** An explicit text encoding (`--encoding`) for .dbf and .csv; wins over .cpg and detection. */
  encoding?: string | undefined;
  /** How sql.js finds its wasm (browser); Node finds it in node_modules by itself. */
  sqlJs?: SqlJsOptions | undefined;
}

export type ReadSourcesResult = ReadResult;

const READABLE = new Set(['geojson', 'json', 'zip', 'gpkg', 'fgb', 'csv', 'xlsx']);

function layerFrom(file: string, format: ImportedLayer['format'], features: RawFeature[], crs: DeclaredCrs, encoding: ImportedLayer['encoding'], fields?: string[]): ImportedLayer {
  const types = new Set<string>();
  const seen = new Set<string>(fields ?? []);
  const order = [...(fields ?? [])];
  for (const f of features) {
    if (f.geometry) types.add(f.geometry.type);
    if (!fields) for (const k of Object.keys(f.properties)) if (!seen.has(k)) seen.add(k), order.push(k);
  }
  return { kind: 'layer', file, name: baseName(file), format, encoding, crs, geometryTypes: [...types].sort(), fields: order, features };
}

/** A GeoJSON FeatureCollection; a .json that is not one (mapping.json, package files) comes back as null. */
function readGeoJson(file: string, bytes: Uint8Array, opts: ReadOptions): ImportedLayer | null {
  const { text, encoding } = decodeText(file, bytes, opts.encoding);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    if (extensionOf(file) === 'json') return null;
    throw new ImportError(file, `is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const fc = json as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
  if (typeof json !== 'object' || json === null || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    if (extensionOf(file) === 'json') return null;
    throw new ImportError(file, 'is not a GeoJSON FeatureCollection');
  }
  let crs: DeclaredCrs = { code: null, from: 'none', name: null };
  const crsName = fc.crs?.properties?.name;
  if (typeof crsName === 'string') {
    try {
      crs = { code: parseCrsName(crsName), from: 'geojson-crs', name: crsName };
    } catch (e) {
      if (e instanceof CrsError) throw new ImportError(file, e.message);
      throw e;
    }
  }
  const features = (fc.features as { geometry?: unknown; properties?: unknown }[]).map(
    (f): RawFeature => ({
      type: 'Feature',
      geometry: (f?.geometry ?? null) as RawFeature['geometry'],
      properties: typeof f?.properties === 'object' && f.properties !== null ? (f.properties as Record<string, unknown>) : {},
    }),
  );
  return layerFrom(file, 'geojson', features, crs, encoding);
}

async function readFgb(file: string, bytes: Uint8Array): Promise<ImportedLayer> {
  try {
    const header = await readFgbHeader(memoryByteSource(bytes, file));
    let crs: DeclaredCrs = { code: null, from: 'none', name: null };
    if (header.crs && header.crs.code > 0) {
      const name = `${header.crs.org ?? 'EPSG'}:${header.crs.code}`;
      const code: CrsCode = `EPSG:${header.crs.code}`;
      if ((header.crs.org ?? 'EPSG').toUpperCase() !== 'EPSG' || !isSupportedCrs(code)) {
        throw new ImportError(file, `declares the CRS "${name}", which this tool cannot reproject; reproject to CGCS2000 (EPSG:4549 / 4490) or declare --crs`);
      }
      crs = { code, from: 'fgb-header', name };
    }
    const features = readAllFgb(bytes, file).map((f): RawFeature => ({ type: 'Feature', geometry: f.geometry, properties: f.properties }));
    return layerFrom(file, 'flatgeobuf', features, crs, { name: 'utf-8', from: 'format' }, header.columns.map((c) => c.name));
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(file, (e instanceof Error ? e.message : String(e)).replace(`${file}: `, ''));
  }
}

async function readOne(f: FileInput, opts: ReadOptions, out: ReadSourcesResult): Promise<void> {
  const ext = extensionOf(f.name);
  switch (ext) {
    case 'geojson':
    case 'json': {
      const layer = readGeoJson(f.name, f.bytes, opts);
      if (layer) out.imported.push(layer);
      else out.ignored.push({ file: f.name, why: 'a .json file that is not a GeoJSON FeatureCollection' });
      return;
    }
    case 'zip': {
      const members = unzipMembers(f);
      const readable = members.some((m) => extensionOf(m.name) === 'shp' || READABLE.has(extensionOf(m.name)));
      if (!readable) throw noShapefile(f.name, members);
      await readFiles(members, opts, out, 'shapefile-zip');
      return;
    }
    case 'gpkg':
      out.imported.push(...(await readGeoPackage(f.name, f.bytes, opts.sqlJs)));
      return;
    case 'fgb':
      out.imported.push(await readFgb(f.name, f.bytes));
      return;
    case 'csv':
      out.imported.push(readCsv(f.name, f.bytes, { encoding: opts.encoding }));
      return;
    case 'xlsx':
      out.imported.push(...(await readXlsx(f.name, f.bytes)));
      return;
    default:
      out.ignored.push({ file: f.name, why: ext === 'xls' ? 'an old-style .xls workbook: save it as .xlsx' : `not a format this tool reads (${ext ? `.${ext}` : 'no extension'})` });
  }
}

async function readFiles(files: FileInput[], opts: ReadOptions, out: ReadSourcesResult, shpFormat: 'shapefile' | 'shapefile-zip'): Promise<void> {
  const { shapefiles, rest, ignored } = groupShapefiles(files);
  out.ignored.push(...ignored);
  const jobs: (() => Promise<void>)[] = [
    ...shapefiles.map((parts) => async () => void out.imported.push(await readShapefile(parts, { encoding: opts.encoding, format: shpFormat }))),
    ...rest.map((f) => () => readOne(f, opts, out)),
  ];
  for (const job of jobs) {
    try {
      await job();
    } catch (e) {
      if (e instanceof ImportError) out.errors.push(e);
      else throw e;
    }
  }
}

/** Reads every file it can; see the module comment for what is ignored and how errors are reported. */
export async function readSources(files: FileInput[], opts: ReadOptions = {}): Promise<ReadSourcesResult> {
  const out: ReadSourcesResult = { imported: [], ignored: [], errors: [] };
  await readFiles(files, opts, out, 'shapefile');
  return out;
}
