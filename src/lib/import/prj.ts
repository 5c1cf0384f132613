// The CRS a .prj file (ESRI WKT1) or a GeoPackage srs definition (OGC WKT1/WKT2) declares, mapped to one of the EPSG
// codes src/lib/geo/crs.ts can reproject: CGCS2000 / WGS 84 lon/lat (4490 / 4326) and the CGCS2000 3° Gauss-Krüger
// zones (4513–4533 with the zone prefix in the easting, 4534–4554 without). Mapping is by meaning, not by name —
// datum, projection method and parameters — because the names vary by writer ("CGCS2000_3_Degree_GK_CM_120E",
// "CGCS2000 / 3-degree Gauss-Kruger CM 120E") while the numbers do not. Anything else is refused with the WKT's own
// name quoted: a Xian 1980 or Beijing 1954 file read as CGCS2000 would land tens of metres off with no error.
import { isSupportedCrs, type CrsCode } from '../geo/crs.ts';
import { ImportError, type DeclaredCrs } from './types.ts';
import { children, find, isNode, nameOf, parseWkt, WktSyntaxError, type WktNode } from './wkt.ts';

const PROJECTED = ['PROJCS', 'PROJCRS', 'PROJECTEDCRS'];
const GEOGRAPHIC = ['GEOGCS', 'GEOGCRS', 'GEOGRAPHICCRS', 'GEODCRS', 'GEODETICCRS', 'BASEGEOGCRS', 'BASEGEODCRS'];
const COMPOUND = ['COMPD_CS', 'COMPOUNDCRS'];

const norm = (s: string): string => s.toUpperCase().replace(/[^A-Z0-9]/g, '');
const near = (a: number | undefined, b: number): boolean => a !== undefined && Math.abs(a - b) < 1e-9;

const CGCS2000_NAMES = ['CHINA2000', 'CGCS2000', 'CHINAGEODETICCOORDINATESYSTEM2000'];
const WGS84_NAMES = ['WGS1984', 'WGS84', 'WORLDGEODETICSYSTEM1984'];
const TM_METHODS = ['GAUSSKRUGER', 'GAUSSKRUEGER', 'TRANSVERSEMERCATOR'];

/** Parameter aliases (normalised) of WKT1 (ESRI, OGC) and WKT2. */
const PARAM: Record<string, string[]> = {
  falseEasting: ['FALSEEASTING'],
  falseNorthing: ['FALSENORTHING'],
  centralMeridian: ['CENTRALMERIDIAN', 'LONGITUDEOFNATURALORIGIN', 'LONGITUDEOFORIGIN', 'LONGITUDEOFCENTER'],
  scale: ['SCALEFACTOR', 'SCALEFACTORATNATURALORIGIN'],
  latitudeOfOrigin: ['LATITUDEOFORIGIN', 'LATITUDEOFNATURALORIGIN', 'LATITUDEOFCENTER'],
};

const HINT = 'reproject to CGCS2000 (EPSG:4549 / 4490) or declare --crs';

class Refusal extends Error {}

function allNodes(n: WktNode, keyword: string, out: WktNode[] = []): WktNode[] {
  if (n.keyword === keyword) out.push(n);
  for (const a of n.args) if (isNode(a)) allNodes(a, keyword, out);
  return out;
}

/** EPSG code of an AUTHORITY["EPSG","4549"] / ID["EPSG",4549] directly on the node. */
function epsgAuthority(n: WktNode): CrsCode | null {
  for (const a of children(n, 'AUTHORITY', 'ID')) {
    const [org, code] = a.args;
    if (typeof org === 'string' && org.toUpperCase() === 'EPSG' && (typeof code === 'number' || (typeof code === 'string' && /^\d+$/.test(code)))) {
      return `EPSG:${Number(code)}`;
    }
  }
  return null;
}

type Datum = 'cgcs2000' | 'wgs84';

function datumOf(crs: WktNode): Datum {
  const geog = find(crs, ...GEOGRAPHIC);
  const datum = find(crs, 'DATUM', 'GEODETICDATUM', 'TRF', 'ENSEMBLE');
  const names = [geog && nameOf(geog), datum && nameOf(datum)].filter((x): x is string => x !== null).map(norm);
  if (names.some((n) => CGCS2000_NAMES.some((k) => n.includes(k)))) return 'cgcs2000';
  if (names.some((n) => WGS84_NAMES.some((k) => n.includes(k)))) return 'wgs84';
  const said = datum && nameOf(datum);
  throw new Refusal(said ? `its datum "${said}" is neither CGCS2000 nor WGS 84` : 'it names no datum');
}

function paramsOf(crs: WktNode): Partial<Record<keyof typeof PARAM, number>> {
  const out: Partial<Record<string, number>> = {};
  for (const p of allNodes(crs, 'PARAMETER')) {
    const name = nameOf(p);
    const v = p.args[1];
    if (name === null || typeof v !== 'number') continue;
    const key = Object.keys(PARAM).find((k) => PARAM[k]!.includes(norm(name)));
    if (key) out[key] = v;
  }
  return out;
}

/** Linear units other than the metre are refused (a foot-based GK does not exist in practice, but say so if met). */
function checkMetres(crs: WktNode): void {
  const units = [...children(crs, 'UNIT', 'LENGTHUNIT'), ...allNodes(crs, 'LENGTHUNIT')];
  for (const u of units) {
    const factor = u.args[1];
    if (typeof factor === 'number' && !near(factor, 1)) throw new Refusal(`its unit "${nameOf(u) ?? '?'}" is not the metre`);
  }
}

function projectedCode(crs: WktNode): CrsCode {
  if (datumOf(crs) !== 'cgcs2000') throw new Refusal('only CGCS2000 projected definitions are mapped');
  const method = find(crs, 'PROJECTION', 'METHOD');
  const methodName = method ? nameOf(method) : null;
  if (!methodName || !TM_METHODS.includes(norm(methodName))) {
    throw new Refusal(`its projection "${methodName ?? 'none'}" is not Gauss-Krüger / Transverse Mercator`);
  }
  checkMetres(crs);
  const p = paramsOf(crs);
  const cm = p.centralMeridian;
  const fe = p.falseEasting;
  if (!near(p.scale ?? 1, 1) || !near(p.latitudeOfOrigin ?? 0, 0) || !near(p.falseNorthing ?? 0, 0) || cm === undefined || fe === undefined) {
    throw new Refusal(`its parameters (central meridian ${cm}, false easting ${fe}, scale ${p.scale}, latitude of origin ${p.latitudeOfOrigin}) are not a CGCS2000 3° Gauss-Krüger zone`);
  }
  // 3° zones without prefix: false easting 500 000, CM 75°E–135°E → 4534–4554. A 6° zone without prefix on a CM
  // that is also a 3° CM (75, 81, …) is the same projection, so it maps here too.
  if (near(fe, 500000) && cm >= 75 && cm <= 135 && near(cm % 3, 0)) return `EPSG:${4534 + (cm - 75) / 3}`;
  // 3° zones with the zone number in front of the easting: zone 25–45, CM = 3·zone → 4513–4533.
  const zone = Math.round((fe - 500000) / 1e6);
  if (near(fe, zone * 1e6 + 500000) && zone >= 25 && zone <= 45 && near(cm, 3 * zone)) return `EPSG:${4513 + zone - 25}`;
  if (near(fe, zone * 1e6 + 500000) && zone >= 13 && zone <= 23 && near(cm, 6 * zone - 3)) {
    throw new Refusal(`it is a 6° zone (zone ${zone}, EPSG:${4491 + zone - 13}), which this tool does not reproject`);
  }
  throw new Refusal(`central meridian ${cm} with false easting ${fe} is not a CGCS2000 3° Gauss-Krüger zone`);
}

function mapCrs(root: WktNode): CrsCode {
  const crs = COMPOUND.includes(root.keyword) ? (root.args.find((a): a is WktNode => isNode(a) && [...PROJECTED, ...GEOGRAPHIC].includes(a.keyword)) ?? root) : root;
  // GCJ-02 has no EPSG code and is usually labelled on a WGS 84 datum: refuse the label rather than read it as WGS 84.
  if (/GCJ/i.test(JSON.stringify(crs))) throw new Refusal('GCJ-02 cannot be declared in WKT: declare --crs GCJ-02 if that is what the data is in');
  const authority = epsgAuthority(crs);
  if (authority && isSupportedCrs(authority)) return authority;
  if (PROJECTED.includes(crs.keyword)) return projectedCode(crs);
  if (GEOGRAPHIC.includes(crs.keyword)) return datumOf(crs) === 'cgcs2000' ? 'EPSG:4490' : 'EPSG:4326';
  throw new Refusal(`${crs.keyword} is not a geographic or projected CRS`);
}

/**
 * The declared CRS of a WKT definition. Throws ImportError quoting the definition's own name (or its start, when it
 * cannot be parsed) for anything that is not CGCS2000 / WGS 84 lon/lat or a CGCS2000 3° Gauss-Krüger zone.
 */
export function crsFromWkt(wkt: string, file: string, from: 'prj' | 'gpkg-srs' = 'prj'): DeclaredCrs {
  const text = wkt.replace(/^\uFEFF/, '').trim();
  let root: WktNode;
  try {
    root = parseWkt(text);
  } catch (e) {
    const start = text.length > 60 ? `${text.slice(0, 60)}…` : text;
    const why = e instanceof WktSyntaxError ? e.message : String(e);
    throw new ImportError(file, `"${start}" is not a WKT definition this tool can read (${why}); ${HINT}`);
  }
  const name = nameOf(root);
  try {
    return { code: mapCrs(root), from, name };
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    throw new ImportError(file, `"${name ?? root.keyword}" is not a CGCS2000 or WGS 84 definition this tool can map to an EPSG code; ${HINT} (${e.message})`);
  }
}
