// Coordinate reference systems a planner's file may arrive in, how to recognise them, and reprojection to
// the lon/lat the app stores. CGCS2000 (EPSG:4490) and WGS84 (EPSG:4326) differ by centimetres, which is
// below map scale, so both are treated as the same lon/lat (shared DOMAIN "Coordinates").
import proj4 from 'proj4';
import type { AnyGeometry, Position } from '../data/schema.ts';
import { CHINA_BOUNDS, isInChina } from './china-bounds.ts';
import { gcj02ToWgs84 } from './gcj02.ts';

export class CrsError extends Error {
  override name = 'CrsError';
}

/** Canonical CRS name: an EPSG code or the GCJ-02 pseudo code (no EPSG code exists for it). */
export type CrsCode = `EPSG:${number}` | 'GCJ-02';

export { CHINA_BOUNDS, isInChina } from './china-bounds.ts';

const GRS80_LONLAT = '+proj=longlat +ellps=GRS80 +no_defs';

/** CGCS2000 3° Gauss-Krüger: transverse Mercator on GRS80, scale 1 on the central meridian. */
export function gaussKrugerDef(centralMeridian: number, falseEasting = 500000): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${centralMeridian} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs`;
}

// The EPSG families for CGCS2000 3° zones: 4513–4533 carry the zone number as an easting prefix
// (zone 25–45, false easting zone·10⁶ + 500 000); 4534–4554 have no prefix (CM 75°E–135°E).
const PREFIXED_FIRST_CODE = 4513;
const PREFIXED_FIRST_ZONE = 25;
const PREFIXED_LAST_ZONE = 45;
const PLAIN_FIRST_CODE = 4534;
const PLAIN_FIRST_CM = 75;
const PLAIN_LAST_CODE = 4554;

interface GaussKrugerParams {
  centralMeridian: number;
  falseEasting: number;
  /** Zone number when the CRS writes it in front of the easting, else null. */
  zone: number | null;
}

function epsgNumber(code: CrsCode): number | null {
  return code === 'GCJ-02' ? null : Number(code.slice(5));
}

function gaussKrugerParams(code: CrsCode): GaussKrugerParams | null {
  const n = epsgNumber(code);
  if (n === null) return null;
  if (n >= PREFIXED_FIRST_CODE && n <= PREFIXED_FIRST_CODE + PREFIXED_LAST_ZONE - PREFIXED_FIRST_ZONE) {
    const zone = PREFIXED_FIRST_ZONE + n - PREFIXED_FIRST_CODE;
    return { centralMeridian: 3 * zone, falseEasting: zone * 1e6 + 500000, zone };
  }
  if (n >= PLAIN_FIRST_CODE && n <= PLAIN_LAST_CODE) {
    return { centralMeridian: PLAIN_FIRST_CM + 3 * (n - PLAIN_FIRST_CODE), falseEasting: 500000, zone: null };
  }
  return null;
}

function prefixedCodeForZone(zone: number): CrsCode {
  return `EPSG:${PREFIXED_FIRST_CODE + zone - PREFIXED_FIRST_ZONE}`;
}

const LONLAT_CODES = new Set<CrsCode>(['EPSG:4326', 'EPSG:4490']);

/** proj4 definition for a supported code (GCJ-02 has none: it is handled by gcj02.ts). */
export function proj4Def(code: CrsCode): string | null {
  if (code === 'EPSG:4326') return '+proj=longlat +datum=WGS84 +no_defs';
  if (code === 'EPSG:4490') return GRS80_LONLAT;
  const gk = gaussKrugerParams(code);
  return gk ? gaussKrugerDef(gk.centralMeridian, gk.falseEasting) : null;
}

/** The codes this project names explicitly (Ninghai straddles zones 40 and 41); others of the families also work. */
export const CRS_DEFS: Readonly<Record<string, string>> = Object.fromEntries(
  (['EPSG:4326', 'EPSG:4490', 'EPSG:4549', 'EPSG:4550', 'EPSG:4528', 'EPSG:4529'] as const).map((c) => [c, proj4Def(c) ?? '']),
);

export function isSupportedCrs(code: CrsCode): boolean {
  return code === 'GCJ-02' || LONLAT_CODES.has(code) || gaussKrugerParams(code) !== null;
}

// Parsing a proj4 string costs far more than a forward, so converters are built once per definition.
const converters = new Map<string, proj4.Converter>();

/** Cached proj4 converter from GRS80 lon/lat to `def` (forward) and back (inverse). */
export function lonLatConverter(def: string): proj4.Converter {
  let c = converters.get(def);
  if (!c) {
    c = proj4(GRS80_LONLAT, def);
    converters.set(def, c);
  }
  return c;
}

const SUPPORTED_HINT = 'EPSG:4326/4490 (lon/lat), EPSG:4513–4533 (3° zones with prefix), EPSG:4534–4554 (3° zones by CM), GCJ-02';

/**
 * Canonical code from the ways files name a CRS: 'EPSG:4549', 'urn:ogc:def:crs:EPSG::4549',
 * 'urn:ogc:def:crs:EPSG:6.6:4549', '4549', 'CRS84' / 'urn:ogc:def:crs:OGC:1.3:CRS84', 'GCJ02' / 'GCJ-02'.
 */
export function parseCrsName(name: string): CrsCode {
  const s = name.trim().toUpperCase();
  if (/^(?:URN:OGC:DEF:CRS:)?OGC:(?:[\d.]*:)?CRS84$/.test(s) || s === 'CRS84' || s === 'WGS84') return 'EPSG:4326';
  if (s === 'CGCS2000') return 'EPSG:4490';
  if (/^GCJ[-_ ]?02$/.test(s)) return 'GCJ-02';
  if (/^BD[-_ ]?09$/.test(s)) {
    throw new CrsError(`CRS "${name}" (Baidu BD-09) is not supported: export the data as WGS84 or GCJ-02`);
  }
  const m = /^(?:URN:OGC:DEF:CRS:)?(?:EPSG:(?:[\d.]*:)?)?(\d{4,5})$/.exec(s);
  if (m?.[1]) {
    const code: CrsCode = `EPSG:${Number(m[1])}`;
    if (isSupportedCrs(code)) return code;
    throw new CrsError(`CRS "${name}" is not supported; supported: ${SUPPORTED_HINT}`);
  }
  throw new CrsError(`CRS name "${name}" is not recognised; use e.g. EPSG:4549, urn:ogc:def:crs:EPSG::4549, CRS84 or GCJ-02`);
}

export interface DetectedCrs {
  crs: CrsCode;
  reason: string;
  /** Zone-prefixed data mixing zones (e.g. a county astride 121.5°E): every zone CRS present. */
  zones?: CrsCode[];
}

export interface DetectOptions {
  /** Zones to name when metre-scale eastings carry no prefix (default: Ninghai's EPSG:4549 / 4550). */
  likelyPlainZones?: CrsCode[];
}

const DEFAULT_LIKELY_PLAIN: CrsCode[] = ['EPSG:4549', 'EPSG:4550'];

const fmt = (p: Position): string => `[${p[0]}, ${p[1]}]`;

/** Eastings within a zone stay inside 500 km ± ~170 km (1.5° at the equator) plus a margin for overlap. */
const ZONE_EASTING_MIN = 250000;
const ZONE_EASTING_MAX = 750000;
/** Northings of lat 3°–54°N on the GRS80 meridian, with margin. */
const NORTHING_MIN = 300000;
const NORTHING_MAX = 6100000;

const isNorthing = (v: number): boolean => v >= NORTHING_MIN && v <= NORTHING_MAX;
const isPlainEasting = (v: number): boolean => v >= ZONE_EASTING_MIN && v <= ZONE_EASTING_MAX;
function prefixedZone(v: number): number | null {
  const zone = Math.floor(v / 1e6);
  if (zone < PREFIXED_FIRST_ZONE || zone > PREFIXED_LAST_ZONE) return null;
  return isPlainEasting(v - zone * 1e6) ? zone : null;
}

/** A code as messages name it: "EPSG:4549 (CM 120°E)", "EPSG:4528 (zone 40 prefix, CM 120°E)", "GCJ-02". */
export function describeCrs(code: CrsCode): string {
  const gk = gaussKrugerParams(code);
  if (!gk) return code === 'EPSG:4326' ? 'EPSG:4326 (lon/lat)' : code === 'EPSG:4490' ? 'EPSG:4490 (CGCS2000 lon/lat)' : code;
  return gk.zone === null ? `${code} (CM ${gk.centralMeridian}°E)` : `${code} (zone ${gk.zone} prefix, CM ${gk.centralMeridian}°E)`;
}

/** Every supported 3° zone code, without and with the zone prefix (for suggesting a CRS, never for guessing one). */
export const CRS_FAMILIES: { plainZones: CrsCode[]; prefixedZones: CrsCode[] } = {
  plainZones: Array.from({ length: PLAIN_LAST_CODE - PLAIN_FIRST_CODE + 1 }, (_, i): CrsCode => `EPSG:${PLAIN_FIRST_CODE + i}`),
  prefixedZones: Array.from({ length: PREFIXED_LAST_ZONE - PREFIXED_FIRST_ZONE + 1 }, (_, i): CrsCode => `EPSG:${PREFIXED_FIRST_CODE + i}`),
};

/** Could be degrees: |x| ≤ 180 and |y| ≤ 90. */
export function isLonLatMagnitude([x, y]: Position): boolean {
  return Math.abs(x) <= 180 && Math.abs(y) <= 90;
}

/**
 * What one source coordinate looks like, on its own: degrees in China (or swapped), zone-prefixed or plain
 * Gauss-Krüger metres (or swapped), or nothing supported. A file's CRS is decided from all its features' kinds.
 */
export type CoordinateKind = 'lonlat' | 'latlon' | 'gk-prefixed' | 'gk-plain' | 'gk-swapped' | 'unknown';

export function classifyPosition(p: Position): CoordinateKind {
  const [x, y] = p;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return 'unknown';
  if (isLonLatMagnitude(p) && isInChina(p)) return 'lonlat';
  if (isInChina([y, x])) return 'latlon';
  if (isLonLatMagnitude(p)) return 'unknown';
  if (isNorthing(y) && prefixedZone(x) !== null) return 'gk-prefixed';
  if (isNorthing(y) && isPlainEasting(x)) return 'gk-plain';
  if (isNorthing(x) && (prefixedZone(y) !== null || isPlainEasting(y))) return 'gk-swapped';
  return 'unknown';
}

/** The zone a prefixed easting names, as its EPSG code (e.g. 40 xxx xxx → EPSG:4528), or null. */
export function prefixedCodeOf(easting: number): CrsCode | null {
  const z = prefixedZone(easting);
  return z === null ? null : prefixedCodeForZone(z);
}

/**
 * Decide which CRS a sample of coordinates is in. With `declared`, the name is parsed and the sample is
 * checked to land in China under it. Without, only unambiguous cases are accepted: lon/lat degrees
 * (→ EPSG:4326; GCJ-02 cannot be told apart and must be declared) and zone-prefixed Gauss-Krüger eastings.
 * Metre-scale eastings without a prefix could belong to any zone, so they are an error, never a guess.
 */
export function detectCrs(sample: Position[], declared?: string, opts: DetectOptions = {}): DetectedCrs {
  if (sample.length === 0) throw new CrsError('cannot detect the CRS of an empty coordinate sample');
  for (const p of sample) {
    if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      throw new CrsError(`coordinate ${JSON.stringify(p)} is not a pair of finite numbers`);
    }
  }
  if (declared !== undefined && declared.trim() !== '') return checkDeclared(sample, parseCrsName(declared), declared);

  if (sample.every(([x, y]) => Math.abs(x) <= 180 && Math.abs(y) <= 90)) {
    const outside = sample.find((p) => !isInChina(p));
    if (outside) {
      const swapped = isInChina([outside[1], outside[0]]);
      throw new CrsError(
        `coordinate ${fmt(outside)} looks like degrees but lies outside China (lon ${CHINA_BOUNDS.minLon}–${CHINA_BOUNDS.maxLon}°E, ` +
          `lat ${CHINA_BOUNDS.minLat}–${CHINA_BOUNDS.maxLat}°N)` +
          (swapped ? '; it looks like [lat, lon]: swap the axes to [lon, lat]' : ''),
      );
    }
    return { crs: 'EPSG:4326', reason: 'coordinates are degrees within China (GCJ-02 data must be declared as such)' };
  }
  if (sample.every(([x, y]) => isInChina([y, x]))) {
    throw new CrsError(`coordinates look like [lat, lon] (first ${fmt(sample[0] as Position)}): swap the axes to [lon, lat]`);
  }

  const zones = sample.map(([x, y]) => (isNorthing(y) ? prefixedZone(x) : null));
  if (zones.every((z) => z !== null)) {
    const distinct = [...new Set(zones as number[])].sort((a, b) => a - b);
    const codes = distinct.map(prefixedCodeForZone);
    const first = codes[0] as CrsCode;
    if (codes.length === 1) {
      return { crs: first, reason: `eastings carry the zone ${distinct[0]} prefix (${describeCrs(first)})` };
    }
    return {
      crs: first,
      zones: codes,
      reason:
        `eastings carry zone prefixes ${distinct.join(' and ')} (${codes.map(describeCrs).join(', ')}); ` +
        'each coordinate is reprojected with the zone its prefix names',
    };
  }
  if (sample.every(([x, y]) => isPlainEasting(x) && isNorthing(y))) {
    const likely = (opts.likelyPlainZones ?? DEFAULT_LIKELY_PLAIN).map(describeCrs);
    throw new CrsError(
      `coordinates are metres without a zone prefix (first ${fmt(sample[0] as Position)}), so the central meridian is unknown: ` +
        `likely ${likely.join(' or ')}; declare it with --crs or a crs member`,
    );
  }
  const prefixedAt = zones.findIndex((z) => z !== null);
  const plainAt = sample.findIndex(([x, y]) => isPlainEasting(x) && isNorthing(y));
  if (prefixedAt >= 0 && plainAt >= 0) {
    throw new CrsError(
      `coordinates mix zone-prefixed and unprefixed eastings (${fmt(sample[prefixedAt] as Position)} and ` +
        `${fmt(sample[plainAt] as Position)}): split the file by CRS or declare it`,
    );
  }
  if (sample.every(([x, y]) => isNorthing(x) && (prefixedZone(y) !== null || isPlainEasting(y)))) {
    throw new CrsError(`coordinates look like [northing, easting] (first ${fmt(sample[0] as Position)}): swap the axes to [easting, northing]`);
  }
  const odd = sample.find(([x, y]) => !(isNorthing(y) && (prefixedZone(x) !== null || isPlainEasting(x)))) ?? sample[0];
  throw new CrsError(
    `coordinate ${fmt(odd as Position)} matches no supported CRS (lon/lat in China, or CGCS2000 3° Gauss-Krüger metres); ` +
      'declare the CRS with --crs or a crs member',
  );
}

function checkDeclared(sample: Position[], crs: CrsCode, declared: string): DetectedCrs {
  for (const p of sample) {
    let ll: Position;
    try {
      ll = positionToLonLat(p, crs);
    } catch (e) {
      throw new CrsError(`declared CRS ${crs} does not fit coordinate ${fmt(p)}: ${(e as Error).message}`);
    }
    if (!Number.isFinite(ll[0]) || !Number.isFinite(ll[1]) || !isInChina(ll)) {
      throw new CrsError(
        `declared CRS ${crs} puts coordinate ${fmt(p)} at ${fmt([round6(ll[0]), round6(ll[1])])}, outside China: ` +
          'check the declared CRS and the axis order',
      );
    }
  }
  return { crs, reason: `declared as "${declared}"` };
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** One position from `crs` to lon/lat. */
export function positionToLonLat(p: Position, crs: CrsCode): Position {
  if (LONLAT_CODES.has(crs)) return [p[0], p[1]];
  if (crs === 'GCJ-02') return gcj02ToWgs84(p);
  const gk = gaussKrugerParams(crs);
  if (!gk) throw new CrsError(`CRS ${crs} is not supported; supported: ${SUPPORTED_HINT}`);
  let def = gaussKrugerDef(gk.centralMeridian, gk.falseEasting);
  if (gk.zone !== null) {
    // A zone prefix is self-describing: a county file declared EPSG:4528 may hold zone-41 features
    // (Ninghai's eastern towns), and reading them with zone 40's meridian would misplace them by ~300 km.
    const zone = prefixedZone(p[0]);
    if (zone === null) {
      throw new CrsError(`easting ${p[0]} has no valid zone prefix (expected ${gk.zone} xxx xxx for ${crs})`);
    }
    if (zone !== gk.zone) def = gaussKrugerDef(3 * zone, zone * 1e6 + 500000);
  }
  const [lon, lat] = lonLatConverter(def).inverse([p[0], p[1]]);
  return [lon as number, lat as number];
}

function mapPositions(ps: Position[], crs: CrsCode): Position[] {
  return ps.map((p) => positionToLonLat(p, crs));
}

/** Reproject any geometry to lon/lat (a new object; the input is not modified). */
export function toLonLat<G extends AnyGeometry>(geom: G, crsName: CrsCode | string): G {
  const crs = parseCrsName(crsName);
  switch (geom.type) {
    case 'Point':
      return { ...geom, coordinates: positionToLonLat(geom.coordinates, crs) };
    case 'LineString':
      return { ...geom, coordinates: mapPositions(geom.coordinates, crs) };
    case 'Polygon':
      return { ...geom, coordinates: geom.coordinates.map((r) => mapPositions(r, crs)) };
    case 'MultiPolygon':
      return { ...geom, coordinates: geom.coordinates.map((poly) => poly.map((r) => mapPositions(r, crs))) };
    default: {
      const t: unknown = (geom as { type?: unknown }).type;
      throw new CrsError(`cannot reproject geometry of type ${String(t)}`);
    }
  }
}
