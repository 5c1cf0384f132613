// Coordinates a planner pastes into the draw panel: GeoJSON (geometry, Feature or FeatureCollection) or plain
// number pairs ("x,y" per line, or all on one line), in lon/lat (EPSG:4326/4490), CGCS2000 3° Gauss-Krüger
// (EPSG:4549/4550, zone-prefixed 4528/4529 …) or GCJ-02. Returns one polygon in lon/lat, or an error that
// says what is wrong and where; the UI translates the code and shows the detail.
import type { PolygonGeometry, Position, Ring } from '../data/schema.ts';
import { CrsError, detectCrs, parseCrsName, toLonLat, type CrsCode } from '../geo/crs.ts';
import { validateAreaGeometry } from '../geo/validate.ts';

export type PasteErrorCode = 'empty' | 'json' | 'geojson' | 'numbers' | 'odd' | 'few' | 'crs' | 'geometry';

export type PasteResult =
  | { ok: true; geometry: PolygonGeometry; crs: CrsCode; reason: string }
  | { ok: false; code: PasteErrorCode; detail: string };

/** The CRS choices of the paste box; 'auto' detects lon/lat and zone-prefixed metres. */
export const PASTE_CRS_CHOICES = ['auto', 'EPSG:4326', 'EPSG:4490', 'EPSG:4549', 'EPSG:4550', 'EPSG:4528', 'EPSG:4529', 'GCJ-02'] as const;
export type PasteCrsChoice = (typeof PASTE_CRS_CHOICES)[number];

/** Digits kept after reprojection: 1e-9° ≈ 0.1 mm, also the drawing library's coordinate precision. */
export const PASTE_DECIMALS = 9;

const fail = (code: PasteErrorCode, detail: string): PasteResult => ({ ok: false, code, detail });

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface RawPolygon {
  rings: Position[][];
  declared?: string;
}

/** The first Polygon (or single-part MultiPolygon) of a parsed GeoJSON value, or an error. */
function fromGeoJson(v: unknown): RawPolygon | PasteResult {
  if (!isRecord(v)) return fail('geojson', 'expected a GeoJSON object');
  const crsMember = isRecord(v.crs) && isRecord(v.crs.properties) && typeof v.crs.properties.name === 'string' ? v.crs.properties.name : undefined;
  let geom: unknown = v;
  if (v.type === 'FeatureCollection') {
    const feats = Array.isArray(v.features) ? v.features : [];
    const areas = feats.filter((f) => isRecord(f) && isRecord(f.geometry) && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'));
    if (areas.length === 0) return fail('geojson', 'the FeatureCollection holds no Polygon feature');
    if (areas.length > 1) return fail('geojson', `the FeatureCollection holds ${areas.length} polygons; paste one`);
    geom = (areas[0] as Record<string, unknown>).geometry;
  } else if (v.type === 'Feature') {
    geom = v.geometry;
  }
  if (!isRecord(geom)) return fail('geojson', 'the Feature has no geometry');
  let rings: unknown = geom.coordinates;
  if (geom.type === 'MultiPolygon') {
    if (!Array.isArray(rings) || rings.length !== 1) return fail('geojson', `MultiPolygon with ${Array.isArray(rings) ? rings.length : 0} parts; paste one polygon`);
    rings = rings[0];
  } else if (geom.type !== 'Polygon') {
    return fail('geojson', `geometry type ${JSON.stringify(geom.type) ?? 'missing'}; expected Polygon`);
  }
  if (!Array.isArray(rings) || rings.length === 0) return fail('geojson', 'the polygon has no rings');
  const out: Position[][] = [];
  for (let r = 0; r < rings.length; r++) {
    const ring: unknown = rings[r];
    if (!Array.isArray(ring)) return fail('geojson', `ring ${r} is not an array`);
    const pts: Position[] = [];
    for (let i = 0; i < ring.length; i++) {
      const p: unknown = ring[i];
      if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
        return fail('geojson', `ring ${r}, position ${i}: ${JSON.stringify(p)} is not a pair of numbers`);
      }
      pts.push([p[0], p[1]]);
    }
    out.push(pts);
  }
  return crsMember !== undefined ? { rings: out, declared: crsMember } : { rings: out };
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Plain pairs: any mix of commas, semicolons, tabs, spaces and newlines between numbers. */
function fromPairs(text: string): RawPolygon | PasteResult {
  const tokens = text.split(/[\s,;，；]+/).filter((s) => s !== '');
  const nums: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as string;
    if (!NUMBER.test(tok)) return fail('numbers', `"${tok.slice(0, 30)}" (item ${i + 1}) is not a number`);
    nums.push(Number(tok));
  }
  if (nums.length % 2 !== 0) return fail('odd', `${nums.length} numbers: coordinates come in pairs (x,y)`);
  const pts: Position[] = [];
  for (let i = 0; i < nums.length; i += 2) pts.push([nums[i] as number, nums[i + 1] as number]);
  return { rings: [pts] };
}

function closeRing(ring: Position[]): Ring {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) return [...ring, [first[0], first[1]]];
  return ring;
}

const round = (v: number): number => Number(v.toFixed(PASTE_DECIMALS));

/**
 * Parse pasted text into one lon/lat polygon. `crs` 'auto' (default) accepts lon/lat degrees and zone-prefixed
 * Gauss-Krüger metres; unprefixed metres and GCJ-02 must be chosen. Open rings are closed (pasted lists rarely
 * repeat the first point); everything else (self-intersection, < 3 distinct points, outside China) is refused.
 */
export function parsePastedPolygon(text: string, crs: PasteCrsChoice = 'auto'): PasteResult {
  const trimmed = text.trim();
  if (trimmed === '') return fail('empty', 'nothing pasted');
  let raw: RawPolygon | PasteResult;
  if (trimmed.startsWith('{') || trimmed.startsWith('[[')) {
    let v: unknown;
    try {
      v = JSON.parse(trimmed);
    } catch (e) {
      return fail('json', (e as Error).message);
    }
    raw = Array.isArray(v) ? fromGeoJson({ type: 'Polygon', coordinates: Array.isArray(v[0]) && Array.isArray(v[0][0]) ? v : [v] }) : fromGeoJson(v);
  } else {
    raw = fromPairs(trimmed);
  }
  if ('ok' in raw) return raw;

  const rings = raw.rings.map(closeRing);
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r] as Ring;
    const distinct = new Set(ring.map((p) => `${p[0]},${p[1]}`)).size;
    if (distinct < 3) return fail('few', `${r === 0 ? 'outer ring' : `ring ${r}`} has ${distinct} distinct point(s); a polygon needs at least 3`);
  }

  const declared = crs === 'auto' ? raw.declared : crs;
  let code: CrsCode;
  let reason: string;
  try {
    const found = detectCrs(rings.flat(), declared);
    code = declared !== undefined ? parseCrsName(declared) : found.crs;
    reason = found.reason;
  } catch (e) {
    if (e instanceof CrsError) return fail('crs', e.message.replace(/ with --crs or a crs member/, ''));
    throw e;
  }
  const geom: PolygonGeometry = toLonLat({ type: 'Polygon', coordinates: rings }, code);
  const rounded: PolygonGeometry = { type: 'Polygon', coordinates: geom.coordinates.map((r) => r.map(([x, y]) => [round(x), round(y)] as Position)) };
  const valid = validateAreaGeometry(rounded);
  if (!valid.ok) return fail('geometry', valid.reason);
  return { ok: true, geometry: rounded, crs: code, reason };
}
