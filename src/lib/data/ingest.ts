// Turns the raw features of one layer file into accepted lon/lat features and rejects with reasons, in two passes
// so that no decision depends on where in the file a coordinate sits:
//   1. LayerScan sees every feature's first coordinate and decides the file's CRS (declared, or recognised from
//      what all features look like: a stray feature does not decide for the file, it is rejected on its own);
//   2. LayerIngest validates each feature (fields, geometry, place, size, duplicate ids) under that CRS, and at the
//      end refuses the whole file when most of it lands outside the county (a wrong CRS, not a few bad features).
// Pure (features in, decisions out; no file or Node API): build-data's streamed pipeline and the check and stats
// commands each read files their own way and feed it features, so they decide alike, and tests drive it with
// literals. Guessing a zone would shift every parcel by up to 300 km, which is worse than stopping, so an undeclared
// metre grid is refused, naming the CRS that fits.
import { classifyPosition, describeCrs, isInChina, parseCrsName, prefixedCodeOf, toLonLat, type CoordinateKind, type CrsCode } from '../geo/crs.ts';
import { planarAreaM2, m2ToMu } from '../geo/area.ts';
import { bboxOf } from '../geo/shape.ts';
import { boxInside, candidatesSentence, fmtExtent, type Extent } from '../geo/place.ts';
import { validateAreaGeometry } from '../geo/validate.ts';
import type { AnyGeometry, AreaGeometry, Feature, Position } from './schema.ts';
import type { PropsResult } from './props.ts';

export interface Reject {
  file: string;
  index: number;
  id: string | null;
  reason: string;
  feature: unknown;
}

export class IngestError extends Error {
  override name = 'IngestError';
}

type Obj = Record<string, unknown>;

/** How messages name a feature: its id (properties.id, else Feature.id), else its position in the file. */
export function featureId(f: unknown): string | null {
  const o = f as Obj | null;
  const pid = (o?.['properties'] as Obj | null | undefined)?.['id'];
  if (typeof pid === 'string' || typeof pid === 'number') return String(pid);
  const id = o?.['id'];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

/** An id as a message shows it: control and invisible characters escaped, so no id can drive a terminal. */
export function printableId(id: string): string {
  const shown = id.replace(/\p{C}/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
  return shown.length > 80 ? `${shown.slice(0, 80)}…` : shown;
}

/** "feature P-12" or, without an id, "feature #11" (0-based position in the file): every per-feature message's form. */
export function featureLabel(id: string | null, index: number): string {
  return id === null ? `feature #${index}` : `feature ${printableId(id)}`;
}

function firstPosition(g: unknown): Position | null {
  let c: unknown = (g as Obj | null)?.['coordinates'];
  for (let depth = 0; depth < 4 && Array.isArray(c); depth++) {
    if (typeof c[0] === 'number' && typeof c[1] === 'number') return [c[0], c[1]];
    c = c[0];
  }
  return null;
}

const KIND_NAMES: Record<CoordinateKind, string> = {
  lonlat: 'lon/lat degrees',
  latlon: '[lat, lon] degrees (axes swapped)',
  'gk-prefixed': 'Gauss-Krüger metres with a zone prefix',
  'gk-plain': 'Gauss-Krüger metres without a zone prefix',
  'gk-swapped': 'Gauss-Krüger [northing, easting] (axes swapped)',
  unknown: 'no supported coordinates',
};

/** Up to `max` positions spread over the whole file (keep every k-th, doubling k when full): deterministic. */
class SpreadSample {
  readonly items: Position[] = [];
  private stride = 1;
  private seen = 0;
  constructor(private readonly max = 256) {}
  add(p: Position): void {
    if (this.seen++ % this.stride !== 0) return;
    this.items.push(p);
    if (this.items.length >= this.max) {
      for (let i = 0, j = 0; i < this.items.length; i += 2, j++) this.items[j] = this.items[i]!;
      this.items.length = Math.ceil(this.items.length / 2);
      this.stride *= 2;
    }
  }
}

export interface CrsDecision {
  crs: CrsCode;
  reason: string;
  /** For a detected CRS: what every feature's coordinates must look like (others are rejected one by one). */
  expected: CoordinateKind | null;
  /** Positions spread over the file, for naming the CRS that would place a misplaced file. */
  sample: Position[];
}

/** Share of the classified features that may look different from the rest before the file is refused as mixed. */
const MIXED_MAX_SHARE = 0.1;

/** Pass 1: what the file's coordinates look like, feature by feature. */
export class LayerScan {
  private readonly kinds = new Map<CoordinateKind, number>();
  private readonly zones = new Map<CrsCode, number>();
  private readonly sample = new SpreadSample();
  private firstOf = new Map<CoordinateKind, Position>();
  constructor(readonly file: string) {}

  add(raw: unknown): void {
    const p = firstPosition((raw as Obj | null)?.['geometry']);
    if (!p) return; // no usable geometry: pass 2 names the problem
    const kind = classifyPosition(p);
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
    if (!this.firstOf.has(kind)) this.firstOf.set(kind, p);
    if (kind === 'gk-prefixed') {
      const code = prefixedCodeOf(p[0]);
      if (code) this.zones.set(code, (this.zones.get(code) ?? 0) + 1);
    }
    this.sample.add(p);
  }

  /**
   * The file's CRS: `override` (--crs) over the file's own `crs` member over recognition. Throws IngestError for
   * what must not be guessed (metres without a zone, swapped axes, a mix of kinds, nothing recognisable).
   */
  decide(fileCrs: unknown, override: string | undefined, extent: Extent | null): CrsDecision {
    const sample = this.sample.items;
    const declaredName = override !== undefined && override !== '' ? override : crsMemberName(fileCrs);
    if (declaredName !== undefined) {
      let crs: CrsCode;
      try {
        crs = parseCrsName(declaredName);
      } catch (e) {
        throw new IngestError(`${this.file}: ${e instanceof Error ? e.message : String(e)}`);
      }
      const how = override !== undefined && override !== '' ? `given with --crs ${override}` : `declared in the file as "${declaredName}"`;
      return { crs, reason: how, expected: null, sample };
    }
    const classified = [...this.kinds].filter(([k]) => k !== 'unknown');
    if (classified.length === 0) {
      if (!this.kinds.has('unknown')) return { crs: 'EPSG:4326', reason: 'no coordinates in the file', expected: null, sample };
      const p = this.firstOf.get('unknown')!;
      throw new IngestError(
        `${this.file}: no coordinate matches a supported CRS (first: [${p[0]}, ${p[1]}]); supported: lon/lat in China, ` +
          'CGCS2000 3° Gauss-Krüger metres (with or without zone prefix), GCJ-02 (declared); declare the CRS with --crs or a crs member',
      );
    }
    classified.sort((a, b) => b[1] - a[1]);
    const [kind, n] = classified[0]!;
    const total = classified.reduce((s, [, c]) => s + c, 0);
    const others = classified.slice(1);
    if (total - n > MIXED_MAX_SHARE * total) {
      throw new IngestError(
        `${this.file}: coordinates mix ${classified.map(([k, c]) => `${KIND_NAMES[k]} (${c} features, first [${this.firstOf.get(k)!.join(', ')}])`).join(' and ')}: ` +
          'split the file by CRS, or declare its CRS so the odd features are rejected one by one',
      );
    }
    const where = extent ? ` Under the county extent ${fmtExtent(extent)}: ${candidatesSentence(sample, extent)}.` : '';
    const first = this.firstOf.get(kind)!;
    const oddNote = others.length ? ` (${total - n} features that look different are rejected one by one)` : '';
    switch (kind) {
      case 'lonlat':
        return { crs: 'EPSG:4326', reason: `coordinates are lon/lat degrees within China${oddNote} (GCJ-02 data must be declared as such)`, expected: kind, sample };
      case 'gk-prefixed': {
        const codes = [...this.zones.keys()].sort();
        const crs = codes[0]!;
        const reason =
          codes.length === 1
            ? `eastings carry a zone prefix: ${describeCrs(crs)}${oddNote}`
            : `eastings carry zone prefixes (${codes.map(describeCrs).join(', ')}); each coordinate is read in the zone its prefix names${oddNote}`;
        return { crs, reason, expected: kind, sample };
      }
      case 'gk-plain':
        throw new IngestError(
          `${this.file}: coordinates are metres without a zone prefix (first [${first.join(', ')}]), so the central meridian is unknown ` +
            `and is never guessed: declare the CRS with --crs or a crs member (Ninghai: EPSG:4549, CM 120°E; EPSG:4550, CM 123°E).${where}`,
        );
      case 'latlon':
        throw new IngestError(`${this.file}: coordinates look like [lat, lon] (first [${first.join(', ')}]): swap the axes to [lon, lat].${where}`);
      case 'gk-swapped':
        throw new IngestError(`${this.file}: coordinates look like [northing, easting] (first [${first.join(', ')}]): swap the axes to [easting, northing].${where}`);
      default:
        throw new IngestError(`${this.file}: coordinates match no supported CRS`);
    }
  }
}

function crsMemberName(crs: unknown): string | undefined {
  const name = ((crs as Obj | null | undefined)?.['properties'] as Obj | undefined)?.['name'];
  return typeof name === 'string' && name.trim() !== '' ? name : undefined;
}

export type GeometryKind = 'area' | 'point' | 'line';

export interface LayerOptions<P> {
  file: string;
  geometry: GeometryKind;
  parseProps: (props: unknown) => PropsResult<P>;
  /** Ids must be unique within the layer. */
  uniqueIds?: boolean;
  /** Where the county lies; null = anywhere in China. */
  extent: Extent | null;
  /** Area features larger than this many 亩 (planar) are rejected. */
  maxAreaMu?: number | null;
}

export interface LayerCounts {
  read: number;
  accepted: number;
  rejected: number;
  /** Rejected because they lie outside the county extent. */
  outside: number;
}

function checkSimpleGeometry(g: Obj, want: 'point' | 'line'): AnyGeometry | string {
  const t = g['type'];
  const c = g['coordinates'];
  const finite = (p: unknown) => Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]);
  if (want === 'point') {
    if (t !== 'Point' || !finite(c)) return 'geometry must be a Point with numeric coordinates';
    return { type: 'Point', coordinates: [(c as number[])[0]!, (c as number[])[1]!] };
  }
  if (t !== 'LineString' || !Array.isArray(c) || c.length < 2 || !c.every(finite)) {
    return 'geometry must be a LineString of at least 2 numeric positions';
  }
  return { type: 'LineString', coordinates: (c as number[][]).map((p) => [p[0]!, p[1]!] as Position) };
}

function simpleBox(g: AnyGeometry): [number, number, number, number] {
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') return bboxOf(g);
  const pts: Position[] = g.type === 'Point' ? [g.coordinates] : g.coordinates;
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of pts) {
    b[0] = Math.min(b[0], x);
    b[1] = Math.min(b[1], y);
    b[2] = Math.max(b[2], x);
    b[3] = Math.max(b[3], y);
  }
  return b;
}

/** Pass 2: one feature at a time, under the decided CRS. */
export class LayerIngest<P> {
  private readonly seen = new Set<string>();
  readonly counts: LayerCounts = { read: 0, accepted: 0, rejected: 0, outside: 0 };
  constructor(
    private readonly opts: LayerOptions<P>,
    private readonly decision: CrsDecision,
    private readonly onReject: (r: Reject) => void,
  ) {}

  /** The accepted feature in lon/lat, or null after reporting the reject. */
  add(raw: unknown, index: number): Feature<AnyGeometry, P> | null {
    this.counts.read++;
    const r = this.check(raw, index);
    if (typeof r === 'string') {
      this.counts.rejected++;
      this.onReject({ file: this.opts.file, index, id: featureId(raw), reason: r, feature: raw });
      return null;
    }
    this.counts.accepted++;
    return r;
  }

  private check(raw: unknown, index: number): Feature<AnyGeometry, P> | string {
    const o = raw as Obj | null;
    if (typeof o !== 'object' || o === null || Array.isArray(o) || o['type'] !== 'Feature') return 'not a GeoJSON Feature';
    const props = this.opts.parseProps(o['properties'] ?? {});
    if (!props.ok) return props.reason;
    const g = o['geometry'] as Obj | null | undefined;
    if (typeof g !== 'object' || g === null) return 'geometry is missing';
    const { crs, expected } = this.decision;
    if (expected !== null) {
      const p = firstPosition(g);
      const kind = p ? classifyPosition(p) : 'unknown';
      if (p && kind !== expected) {
        return `coordinates look like ${KIND_NAMES[kind]} ([${p.join(', ')}]), unlike the rest of the file (${KIND_NAMES[expected]})`;
      }
    }
    let geometry: AnyGeometry;
    try {
      if (this.opts.geometry === 'area') {
        // Shape and topology on the coordinates as supplied (an unclosed ring must be reported, not closed by
        // rounding; touching vertices touch exactly there), then only the range after reprojection.
        const pre = validateAreaGeometry(g, { skipRange: true });
        if (!pre.ok) return pre.reason;
        const ll = toLonLat(pre.geometry, crs) as AreaGeometry;
        const v = validateAreaGeometry(ll, { skipTopology: true });
        if (!v.ok) return v.reason;
        geometry = v.geometry;
      } else {
        const s = checkSimpleGeometry(g, this.opts.geometry);
        if (typeof s === 'string') return s;
        geometry = toLonLat(s, crs);
        const pts: Position[] = geometry.type === 'Point' ? [geometry.coordinates] : (geometry.coordinates as Position[]);
        const bad = pts.find((p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || !isInChina(p));
        if (bad) return `coordinates fall outside China after reprojection from ${describeCrs(crs)} ([${bad.join(', ')}])`;
      }
    } catch (e) {
      return `geometry could not be read as ${describeCrs(crs)}: ${e instanceof Error ? e.message : String(e)}`;
    }
    const extent = this.opts.extent;
    if (extent) {
      const box = simpleBox(geometry);
      if (!boxInside(box, extent)) {
        this.counts.outside++;
        const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
        return `lies outside the county extent ${fmtExtent(extent)} (its bounding box is [${box.map(r6).join(', ')}] read as ${describeCrs(crs)})`;
      }
    }
    const max = this.opts.maxAreaMu;
    if (max != null && (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon')) {
      const mu = m2ToMu(planarAreaM2(geometry));
      if (mu > max) {
        return `area ${Math.round(mu).toLocaleString('en')} 亩 is larger than the plausible maximum for a parcel (${max.toLocaleString('en')} 亩): a district outline or a unit error? (raise max_parcel_mu in county.json if it is real)`;
      }
    }
    const pid = (props.value as { id?: unknown }).id;
    if (this.opts.uniqueIds && typeof pid === 'string') {
      if (this.seen.has(pid)) return `duplicate id "${pid}" (an earlier feature has it)`;
      this.seen.add(pid);
    }
    return { type: 'Feature', geometry, properties: props.value };
  }

  /**
   * Ends the layer: a file most of whose features land outside the county was read in the wrong CRS (or belongs to
   * another county), so it is refused whole, naming the CRS that would place it; a few strays stay rejects.
   */
  finish(): LayerCounts {
    const { outside, accepted } = this.counts;
    const extent = this.opts.extent;
    if (extent && outside > 0 && outside * 2 > outside + accepted) {
      throw new IngestError(
        `${this.opts.file}: ${outside} of ${outside + accepted} placed features lie outside the county extent ${fmtExtent(extent)} ` +
          `when read as ${describeCrs(this.decision.crs)} (${this.decision.reason}); ${candidatesSentence(this.decision.sample, extent)}. ` +
          'Check the CRS (the file\'s crs member or --crs) or the county extent (county.json).',
      );
    }
    return this.counts;
  }
}

export interface IngestResult<P> {
  file: string;
  crs: string;
  crsReason: string;
  features: Feature<AnyGeometry, P>[];
  rejects: Reject[];
  read: number;
}

export interface CollectionOptions<P> extends Omit<LayerOptions<P>, 'extent'> {
  /** Overrides a CRS declared in the file (`--crs`). */
  crs?: string;
  extent?: Extent | null;
}

/** Both passes over a parsed FeatureCollection held in memory (small files: zones, a proposal, a test). */
export function ingestCollection<P>(raw: unknown, opts: CollectionOptions<P>): IngestResult<P> {
  const fc = raw as Obj | null;
  if (!fc || fc['type'] !== 'FeatureCollection' || !Array.isArray(fc['features'])) {
    throw new IngestError(`${opts.file}: not a GeoJSON FeatureCollection`);
  }
  const list = fc['features'] as unknown[];
  const scan = new LayerScan(opts.file);
  for (const f of list) scan.add(f);
  const extent = opts.extent ?? null;
  const decision = scan.decide(fc['crs'], opts.crs, extent);
  const rejects: Reject[] = [];
  const ingest = new LayerIngest<P>({ ...opts, extent }, decision, (r) => rejects.push(r));
  const features: Feature<AnyGeometry, P>[] = [];
  list.forEach((f, i) => {
    const ok = ingest.add(f, i);
    if (ok) features.push(ok);
  });
  ingest.finish();
  return { file: opts.file, crs: decision.crs, crsReason: decision.reason, features, rejects, read: list.length };
}
