// Turns one parsed GeoJSON file into accepted lon/lat features and rejects with reasons. Pure, so the CLI and
// (later) an in-browser import share it. A CRS problem fails the whole file: guessing a zone would shift every
// parcel by up to 300 km, which is worse than stopping.
import { detectCrs, toLonLat, validateAreaGeometry } from '../geo/index.ts';
import type { AnyGeometry, AreaGeometry, Feature, Position } from './schema.ts';
import type { PropsResult } from './props.ts';

export interface Reject {
  file: string;
  index: number;
  id: string | null;
  reason: string;
  feature: unknown;
}

export interface IngestResult<P> {
  file: string;
  crs: string;
  crsReason: string;
  features: Feature<AnyGeometry, P>[];
  rejects: Reject[];
  read: number;
}

export class IngestError extends Error {
  override name = 'IngestError';
}

type Obj = Record<string, unknown>;

function samplePositions(features: unknown[], max = 200): Position[] {
  const out: Position[] = [];
  const walk = (c: unknown): void => {
    if (out.length >= max || !Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      out.push([c[0], c[1]]);
      return;
    }
    for (const x of c) walk(x);
  };
  for (const f of features) {
    const g = (f as Obj | null)?.['geometry'] as Obj | null | undefined;
    if (g) walk(g['coordinates']);
    if (out.length >= max) break;
  }
  return out;
}

function declaredCrs(fc: Obj): string | undefined {
  const crs = fc['crs'] as Obj | undefined;
  const props = crs?.['properties'] as Obj | undefined;
  const name = props?.['name'];
  return typeof name === 'string' ? name : undefined;
}

function featureId(f: unknown): string | null {
  const o = f as Obj | null;
  const pid = (o?.['properties'] as Obj | null | undefined)?.['id'];
  if (typeof pid === 'string' || typeof pid === 'number') return String(pid);
  const id = o?.['id'];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

export interface IngestOptions<P> {
  file: string;
  /** Overrides a CRS declared in the file (`--crs`). */
  crs?: string;
  /** Which geometries the layer takes. */
  geometry: 'area' | 'point' | 'line' | 'any';
  parseProps: (props: unknown) => PropsResult<P>;
  /** Ids must be unique within the layer. */
  uniqueIds?: boolean;
}

function checkSimpleGeometry(g: unknown, want: 'point' | 'line'): { ok: true; geometry: AnyGeometry } | { ok: false; reason: string } {
  const o = g as Obj | null;
  const t = o?.['type'];
  const c = o?.['coordinates'];
  const finite = (p: unknown) => Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]);
  if (want === 'point') {
    if (t !== 'Point' || !finite(c)) return { ok: false, reason: 'geometry must be a Point with numeric coordinates' };
    return { ok: true, geometry: { type: 'Point', coordinates: [(c as number[])[0]!, (c as number[])[1]!] } };
  }
  if (t !== 'LineString' || !Array.isArray(c) || c.length < 2 || !c.every(finite)) {
    return { ok: false, reason: 'geometry must be a LineString of at least 2 numeric positions' };
  }
  return { ok: true, geometry: { type: 'LineString', coordinates: (c as number[][]).map((p) => [p[0]!, p[1]!] as Position) } };
}

function inChina(p: Position): boolean {
  return p[0] >= 73 && p[0] <= 136 && p[1] >= 3 && p[1] <= 54;
}

export function ingestCollection<P>(raw: unknown, opts: IngestOptions<P>): IngestResult<P> {
  const fc = raw as Obj | null;
  if (!fc || fc['type'] !== 'FeatureCollection' || !Array.isArray(fc['features'])) {
    throw new IngestError(`${opts.file}: not a GeoJSON FeatureCollection`);
  }
  const list = fc['features'] as unknown[];
  const declared = opts.crs ?? declaredCrs(fc);
  let crs: string;
  let crsReason: string;
  try {
    const sample = samplePositions(list);
    // An empty layer (e.g. no adjusted-use zones yet) is valid; there is nothing to detect.
    const d = sample.length === 0 ? { crs: 'EPSG:4326', reason: 'no coordinates in the file' } : detectCrs(sample, declared);
    crs = d.crs;
    crsReason = d.reason;
  } catch (e) {
    throw new IngestError(`${opts.file}: ${e instanceof Error ? e.message : String(e)}`);
  }

  const features: Feature<AnyGeometry, P>[] = [];
  const rejects: Reject[] = [];
  const seen = new Set<string>();
  list.forEach((f, index) => {
    const id = featureId(f);
    const reject = (reason: string) => rejects.push({ file: opts.file, index, id, reason, feature: f });
    const o = f as Obj | null;
    if (!o || o['type'] !== 'Feature') return reject('not a GeoJSON Feature');
    const props = opts.parseProps(o['properties'] ?? {});
    if (!props.ok) return reject(props.reason);
    let geometry: AnyGeometry;
    try {
      const g = o['geometry'] as Obj | null;
      if (!g) return reject('geometry is missing');
      if (opts.geometry === 'area' || (opts.geometry === 'any' && (g['type'] === 'Polygon' || g['type'] === 'MultiPolygon'))) {
        // Check shape before reprojection too: an unclosed ring must be reported, not closed by rounding.
        const pre = validateAreaGeometry(g, { skipRange: true });
        if (!pre.ok) return reject(pre.reason);
        const ll = toLonLat(pre.geometry, crs) as AreaGeometry;
        const v = validateAreaGeometry(ll);
        if (!v.ok) return reject(v.reason);
        geometry = v.geometry;
      } else {
        const want = opts.geometry === 'any' ? (g['type'] === 'Point' ? 'point' : 'line') : opts.geometry;
        const s = checkSimpleGeometry(g, want as 'point' | 'line');
        if (!s.ok) return reject(s.reason);
        geometry = toLonLat(s.geometry, crs);
        const pts: Position[] = geometry.type === 'Point' ? [geometry.coordinates] : (geometry.coordinates as Position[]);
        if (!pts.every(inChina)) return reject('coordinates fall outside China after reprojection');
      }
    } catch (e) {
      return reject(`geometry could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
    const pid = (props.value as { id?: unknown }).id;
    if (opts.uniqueIds && typeof pid === 'string') {
      if (seen.has(pid)) return reject(`duplicate id "${pid}"`);
      seen.add(pid);
    }
    features.push({ type: 'Feature', geometry, properties: props.value });
  });
  return { file: opts.file, crs, crsReason, features, rejects, read: list.length };
}
