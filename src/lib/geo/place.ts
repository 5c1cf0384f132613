// Where a county's data must land, and which CRS would put a misplaced file there. A file read in the wrong
// Gauss-Krüger zone still lands in China (EPSG:4550 for 4549 data moves it ~290 km east, into the sea), so
// "inside China" is not a check worth having for a county: the county's own extent is.
import type { Position } from '../data/schema.ts';
import { CRS_FAMILIES, describeCrs, isLonLatMagnitude, positionToLonLat, type CrsCode } from './crs.ts';

/** [west, south, east, north] in degrees (lon/lat, CGCS2000 ≈ WGS84). */
export type Extent = [number, number, number, number];

export interface CountyConfig {
  id: string;
  name: { zh: string; en: string };
  adcode: string | null;
  /** Where every feature of every layer must lie (with a margin for the coast and survey edges). */
  extent: Extent;
  /** A parcel larger than this is refused as implausible (a district outline, a unit error). */
  max_parcel_mu: number;
  /** The generated sample county. */
  sample: boolean;
  /** Where the extent comes from (a note for whoever edits the file). */
  source: string | null;
}

export class CountyConfigError extends Error {
  override name = 'CountyConfigError';
}

const COUNTY_KEYS = ['id', 'name', 'adcode', 'extent', 'max_parcel_mu', 'sample', 'label', 'source'];

/** Validates a county.json value; `file` names it in messages. */
export function parseCountyConfig(raw: unknown, file = 'county.json'): CountyConfig {
  const fail = (path: string, msg: string): never => {
    throw new CountyConfigError(`${file}: ${path} ${msg}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('(top level)', 'must be an object');
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!COUNTY_KEYS.includes(k)) fail(k, `is not a county setting (known: ${COUNTY_KEYS.join(', ')})`);
  const id = o['id'];
  if (typeof id !== 'string' || id.trim() === '') fail('id', 'must be a non-empty text');
  const name = o['name'];
  if (typeof name !== 'object' || name === null || typeof (name as Record<string, unknown>)['zh'] !== 'string' || typeof (name as Record<string, unknown>)['en'] !== 'string') {
    fail('name', 'must be { "zh": "…", "en": "…" }');
  }
  const e = o['extent'];
  if (!Array.isArray(e) || e.length !== 4 || e.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    fail('extent', `must be [west, south, east, north] in degrees, got ${JSON.stringify(e)}`);
  }
  const [w, s, ea, n] = e as number[];
  if (!(w! >= -180 && ea! <= 180 && s! >= -90 && n! <= 90 && w! < ea! && s! < n!)) {
    fail('extent', `must be [west, south, east, north] with west < east and south < north within ±180/±90, got ${JSON.stringify(e)}`);
  }
  const max = o['max_parcel_mu'] ?? 5000;
  if (typeof max !== 'number' || !Number.isFinite(max) || max <= 0) fail('max_parcel_mu', `must be a number of 亩 > 0, got ${JSON.stringify(max)}`);
  const adcode = o['adcode'] ?? null;
  if (adcode !== null && typeof adcode !== 'string') fail('adcode', 'must be text (e.g. "330226")');
  const sample = o['sample'] ?? false;
  if (typeof sample !== 'boolean') fail('sample', 'must be true or false');
  const source = o['source'] ?? null;
  if (source !== null && typeof source !== 'string') fail('source', 'must be text');
  const nm = name as { zh: string; en: string };
  return {
    id: (id as string).trim(),
    name: { zh: nm.zh, en: nm.en },
    adcode: adcode as string | null,
    extent: [w!, s!, ea!, n!],
    max_parcel_mu: max as number,
    sample: sample as boolean,
    source: source as string | null,
  };
}

export function insideExtent(p: Position, e: Extent): boolean {
  return p[0] >= e[0] && p[0] <= e[2] && p[1] >= e[1] && p[1] <= e[3];
}

/** A [w, s, e, n] box wholly inside the extent. */
export function boxInside(b: readonly [number, number, number, number], e: Extent): boolean {
  return b[0] >= e[0] && b[2] <= e[2] && b[1] >= e[1] && b[3] <= e[3];
}

export const fmtExtent = (e: Extent): string => `[${e.join(', ')}]`;

// ---------- which CRS would put a sample inside the extent ----------

export interface PlacingCandidate {
  crs: CrsCode;
  /** The coordinates are [y, x] (northing first, or latitude first). */
  swapped: boolean;
  /** Share of the sample this reading puts inside the extent, 0–1. */
  share: number;
}

/** How the candidate reads in a message: "EPSG:4549 (CM 120°E)", "EPSG:4326 with the axes swapped". */
export function describeCandidate(c: PlacingCandidate): string {
  return `${describeCrs(c.crs)}${c.swapped ? ' with the axes swapped' : ''}`;
}

/** Every CRS reading worth trying for these coordinates: lon/lat (plain, GCJ-02) or each 3° zone, both axis orders. */
function readingsFor(sample: readonly Position[]): CrsCode[] {
  const lonlat = sample.some((p) => isLonLatMagnitude(p) || isLonLatMagnitude([p[1], p[0]]));
  return lonlat ? ['EPSG:4326', 'GCJ-02'] : [...CRS_FAMILIES.plainZones, ...CRS_FAMILIES.prefixedZones];
}

/**
 * The CRS readings that put at least `minShare` of the sample inside the extent, best first. Used to tell a user
 * which CRS their misplaced file is probably in; never to pick one silently.
 */
export function placingCandidates(sample: readonly Position[], extent: Extent, minShare = 0.9): PlacingCandidate[] {
  if (sample.length === 0) return [];
  const out: PlacingCandidate[] = [];
  for (const crs of readingsFor(sample)) {
    for (const swapped of [false, true]) {
      let inside = 0;
      for (const p of sample) {
        const q: Position = swapped ? [p[1], p[0]] : p;
        try {
          const ll = positionToLonLat(q, crs);
          if (Number.isFinite(ll[0]) && Number.isFinite(ll[1]) && insideExtent(ll, extent)) inside++;
        } catch {
          // a reading that cannot take this coordinate (no zone prefix, say) does not place it
        }
      }
      const share = inside / sample.length;
      if (share >= minShare) out.push({ crs, swapped, share });
    }
  }
  // Zone-prefixed codes read each coordinate's own zone, so every one of them places a prefixed file equally;
  // name only the first (the lowest zone present) to keep the message short.
  const seenPrefixed = new Set<boolean>();
  return out
    .sort((a, b) => b.share - a.share || Number(a.swapped) - Number(b.swapped))
    .filter((c) => {
      if (!CRS_FAMILIES.prefixedZones.includes(c.crs)) return true;
      if (seenPrefixed.has(c.swapped)) return false;
      seenPrefixed.add(c.swapped);
      return true;
    });
}

/** "EPSG:4549 (CM 120°E) would put 100 % of them inside" or a sentence saying none does. */
export function candidatesSentence(sample: readonly Position[], extent: Extent): string {
  const c = placingCandidates(sample, extent);
  if (c.length === 0) return 'no supported CRS (lon/lat, GCJ-02, any CGCS2000 3° zone, either axis order) puts them inside it';
  return `${c
    .slice(0, 3)
    .map((x) => `${describeCandidate(x)} would put ${Math.round(x.share * 100)} % of them inside`)
    .join('; ')}`;
}
