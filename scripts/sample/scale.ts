// A large generated county (issue 16 item 6): the sample county's own layout with its parcels cut into pieces until
// there are N — same places, same attributes — so the scale measures (build time and memory, first view, bytes per
// card) can be rerun on 50 000, 200 000 or 1 000 000 parcels. Deterministic: the same seed and N give the same files.
//
// How the pieces are made:
// - A four-cornered parcel (almost all of the sample's) is cut into k strips across its longer pair of sides, each
//   strip a quadrilateral between points at j/k and (j+1)/k along both sides, so the strips tile the parcel exactly.
//   The few L-shaped parcels stay whole. N − (L-shaped count) pieces are spread over the quadrilaterals as evenly as
//   whole numbers allow (the first ones in id order get one more).
// - Piece 0 keeps the parcel's id and name, so every record naming a parcel (cases, projects, agreements, grants)
//   still names one; piece j > 0 is `<id>-<j>`. Floor areas are shared out by k (rounded to whole m²); every other
//   attribute, the firm included, is the parcel's: a firm holds the same land, in more parcels.
// - The other files (layers, firms, chains, registers) are the sample county's, unchanged. parcels.geojson is written
//   as a stream, one feature per line, so a million parcels never sit in memory as one string.
import { closeSync, openSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Feature, ParcelSource, PolygonGeometry } from '../../src/lib/data/schema.ts';
import { writeFully } from '../pipeline/write-fully.ts';
import { generateSample, sampleFiles, type SampleOptions } from './generate.ts';
import { SAMPLE_LABEL } from './types.ts';

/** The most parcels a scaled county may have (a province: the pipeline's 1 000 000 target, with room). */
export const SCALE_MAX = 2_000_000;

type Ring = [number, number][];
const r7 = (v: number) => Math.round(v * 1e7) / 1e7;
const lerp = (a: [number, number], b: [number, number], t: number): [number, number] => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
const dist2 = (a: [number, number], b: [number, number]) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;

/** The k strips of a four-cornered ring (closed, 5 positions), cut across its longer pair of opposite sides. */
export function cutQuad(ring: Ring, k: number): Ring[] {
  const [a0, b0, c0, d0] = ring as [[number, number], [number, number], [number, number], [number, number]];
  // Sides a→b and d→c are cut when they are the longer pair; else b→c and a→d (the ring rotated by one).
  const [a, b, c, d] = dist2(a0, b0) + dist2(d0, c0) >= dist2(b0, c0) + dist2(a0, d0) ? [a0, b0, c0, d0] : [b0, c0, d0, a0];
  const out: Ring[] = [];
  for (let j = 0; j < k; j++) {
    const p = (pt: [number, number]): [number, number] => [r7(pt[0]), r7(pt[1])];
    const s = j / k;
    const e = (j + 1) / k;
    const first = p(lerp(a, b, s));
    out.push([first, p(lerp(a, b, e)), p(lerp(d, c, e)), p(lerp(d, c, s)), first]);
  }
  return out;
}

/** How many pieces each parcel becomes (1 for one that is not four-cornered), summing to `total`. */
export function piecesPerParcel(parcels: readonly Feature<PolygonGeometry, ParcelSource>[], total: number): number[] {
  const quad = parcels.map((f) => f.geometry.coordinates.length === 1 && f.geometry.coordinates[0]!.length === 5);
  const quads = quad.filter(Boolean).length;
  const others = parcels.length - quads;
  if (total < parcels.length) throw new RangeError(`sample: --scale must be at least the sample's ${parcels.length} parcels, got ${total}`);
  const base = Math.floor((total - others) / quads);
  let extra = total - others - base * quads;
  return quad.map((q) => {
    if (!q) return 1;
    if (extra > 0) {
      extra--;
      return base + 1;
    }
    return base;
  });
}

/** The pieces of one parcel (piece 0 keeps its id). */
export function pieces(f: Feature<PolygonGeometry, ParcelSource>, k: number): Feature<PolygonGeometry, ParcelSource>[] {
  if (k === 1) return [f];
  const share = (v: number | null) => (v === null ? null : Math.round(v / k));
  return cutQuad(f.geometry.coordinates[0] as Ring, k).map((ring, j) => ({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [ring] },
    properties: {
      ...f.properties,
      id: j === 0 ? f.properties.id : `${f.properties.id}-${j}`,
      name: j === 0 ? f.properties.name : `${f.properties.name}-${j}`,
      floor_area_m2: share(f.properties.floor_area_m2),
      tall_floor_area_m2: f.properties.tall_floor_area_m2 === null ? null : Math.min(share(f.properties.tall_floor_area_m2)!, share(f.properties.floor_area_m2) ?? 0),
    },
  }));
}

/** Writes the sample county with its parcels cut to `total` into `dir`; returns the written paths. */
export async function writeScaledSample(dir: string, total: number, opts: Omit<SampleOptions, 'parcels'> = {}): Promise<string[]> {
  if (!Number.isInteger(total) || total > SCALE_MAX) throw new RangeError(`sample: --scale must be a whole number up to ${SCALE_MAX}, got ${total}`);
  const county = generateSample(opts);
  const parcels = county.parcels.features;
  const counts = piecesPerParcel(parcels, total);
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const [name, text] of sampleFiles(county)) {
    if (name === 'parcels.geojson') continue;
    await writeFile(join(dir, name), text, 'utf8');
    paths.push(join(dir, name));
  }
  const path = join(dir, 'parcels.geojson');
  const fd = openSync(path, 'w');
  try {
    writeFully(fd, `{"type":"FeatureCollection","name":"parcels","sample":true,"label":${JSON.stringify(SAMPLE_LABEL)},"scaled_to":${total},"features":[\n`);
    let first = true;
    let batch: string[] = [];
    const flush = () => {
      if (batch.length) writeFully(fd, batch.join(''));
      batch = [];
    };
    parcels.forEach((f, i) => {
      for (const piece of pieces(f, counts[i]!)) {
        batch.push((first ? '' : ',\n') + JSON.stringify(piece));
        first = false;
      }
      if (batch.length >= 2000) flush();
    });
    flush();
    writeFully(fd, '\n]}\n');
  } finally {
    closeSync(fd);
  }
  paths.push(path);
  return paths;
}
