// Statistics of an area (issue 3 item 4): the county, a town, a park, a low-efficiency block or a drawn polygon.
// Pure: inputs are internal parcels (derived fields from the pipeline) and enterprises.json rows.
//
// Choices, so every number can be reproduced by hand:
// - Areas are planar 亩 (`area_mu_planar`, the Gauss-Krüger convention the rules use, ADR 0002).
// - A drawn polygon holds a parcel when the parcel's interior point (geo `interiorPoint`, always inside the
//   parcel, unlike a centroid of an L-shape) lies inside the polygon; a parcel is never split.
// - Low-efficiency 亩 = parcels with one of the five 低效 statuses ∪ parcels in a low-efficiency block
//   (`low_eff_block`, assigned by the pipeline); a parcel counted by both is counted once.
// - Tax and value added per 亩 = Σ tax / Σ land over the evaluated firms (亩均 evaluation) with land in the area.
//   A firm straddling areas contributes tax × (its 亩 in the area / its 亩 in the county), i.e. its figures are
//   shared out by its parcels' share of land, so the sum over a partition of the county equals the county total.
// - Land freed if cleared = parcels graded D ∪ low-efficiency parcels (as above), each parcel once.
// - Low-efficiency criteria (issue 11): from each parcel's `low_efficiency_criteria` (the rule's criteria it meets,
//   written by the pipeline), the 亩 and parcels each criterion flags on its own account (overlapping: a parcel
//   meeting two criteria counts under both) and the part only that criterion flags (what would leave the total if it
//   were dropped); the total is the parcels meeting any criterion, each once.
import {
  LOW_EFFICIENCY_CRITERIA,
  LOW_EFFICIENCY_STATUSES,
  type AreaGeometry,
  type Enterprise,
  type Grade,
  type LowEfficiencyCriterion,
  type ParcelStatus,
} from '../data/schema.ts';
import { bboxOf, interiorPoint, pointInPolygon } from '../geo/index.ts';

/** The parcel fields the statistics read; extra fields (e.g. from new rules) are ignored. */
export interface StatsParcelProps {
  id: string;
  area_mu_planar: number;
  status: ParcelStatus | string;
  enterprise_id?: string | null;
  grade?: Grade | null;
  low_eff_block?: string | null;
  town?: string | null;
  park?: string | null;
  /** The low-efficiency rule's verdict, when the pipeline wrote it (informational: see AreaStats.low_efficiency). */
  low_efficiency?: boolean;
  /** The rule's criteria the parcel meets, comma-separated (LOW_EFFICIENCY_CRITERIA), '' for none. */
  low_efficiency_criteria?: string;
}
export interface StatsParcel {
  geometry?: AreaGeometry;
  properties: StatsParcelProps;
}

/** The enterprises.json row fields the statistics read. `evaluated` is written by the pipeline. */
export type StatsEnterprise = Pick<Enterprise, 'id' | 'above_scale' | 'tax_10k' | 'value_added_10k'> & {
  evaluated?: boolean;
  grade?: Grade | null;
};

export type AreaSelector =
  | { kind: 'county' }
  | { kind: 'town'; name: string }
  | { kind: 'park'; name: string }
  | { kind: 'block'; id: string }
  | { kind: 'polygon'; geometry: AreaGeometry };

export const GRADE_KEYS = ['A', 'B', 'C', 'D', 'none'] as const;
export type GradeKey = (typeof GRADE_KEYS)[number];

export interface PerMu {
  /** 万元/亩, null when the area holds no evaluated firm's land. */
  value: number | null;
  /** Σ of the firms' figures, shared by land (万元). */
  sum_10k: number;
  /** Σ 亩 of evaluated firms in the area. */
  land_mu: number;
}

/** What one low-efficiency criterion flags. */
export interface CriterionFlags {
  /** Parcels meeting this criterion, whatever else they meet. */
  mu: number;
  parcel_count: number;
  /** Parcels meeting this criterion and no other: what would leave the total without it. */
  only_mu: number;
  only_parcel_count: number;
}

/** The low-efficiency rule's criteria over a set of parcels (see the header). */
export interface CriteriaBreakdown {
  /** Parcels meeting at least one criterion, each once: the rule's low-efficiency total. */
  mu: number;
  parcel_count: number;
  by: Record<LowEfficiencyCriterion, CriterionFlags>;
}

export interface AreaStats {
  parcel_count: number;
  /** Distinct enterprise ids on the area's parcels. */
  enterprise_count: number;
  area_mu: number;
  /** 'none' = no enterprise or an enterprise that is not evaluated. */
  mu_by_grade: Record<GradeKey, number>;
  mu_by_status: Record<string, number>;
  low_efficiency: {
    /** Parcels with one of the five 低效 statuses. */
    status_mu: number;
    /** Parcels inside a low-efficiency block. */
    block_mu: number;
    /** Union of both. */
    mu: number;
    parcel_count: number;
    /**
     * 亩 of parcels the low-efficiency rule fails (tax, FAR, status… DOMAIN rule 9), shown beside the above but not
     * part of it; null when the data carries no `low_efficiency` verdicts.
     */
    rule_mu: number | null;
    /** The rule's total and what each criterion flags; null when no parcel carries `low_efficiency_criteria`. */
    criteria: CriteriaBreakdown | null;
  };
  /**
   * The area's parcels' bounding box [west, south, east, north] (lon/lat), when the fold was given each parcel's
   * box (the pipeline's area-stats.json since issue 16: the print page fits a town or park without the county).
   * Absent in files from before, and from statsOf, which has no use for it.
   */
  bbox?: [number, number, number, number];
  evaluated_firms: number;
  tax_per_mu: PerMu;
  va_per_mu: PerMu;
  freed: {
    d_grade_mu: number;
    low_efficiency_mu: number;
    /** Union: D-grade or low-efficiency, each parcel once. */
    mu: number;
    parcel_count: number;
  };
}

export class StatsInputError extends Error {
  override name = 'StatsInputError';
}

const LOW_STATUSES = new Set<string>(LOW_EFFICIENCY_STATUSES);

export function isLowEfficiency(p: StatsParcelProps): boolean {
  return LOW_STATUSES.has(p.status) || (p.low_eff_block !== undefined && p.low_eff_block !== null && p.low_eff_block !== '');
}

function inBox(pt: [number, number], b: [number, number, number, number]): boolean {
  return pt[0] >= b[0] && pt[0] <= b[2] && pt[1] >= b[1] && pt[1] <= b[3];
}

const KNOWN_CRITERIA = new Set<string>(LOW_EFFICIENCY_CRITERIA);

/**
 * What each low-efficiency criterion flags, one parcel at a time (see the header): the pipeline folds a county's
 * areas without holding its parcels, and criteriaBreakdown() below is this fold over a list — one computation.
 */
export class CriteriaFold {
  readonly #by = Object.fromEntries(
    LOW_EFFICIENCY_CRITERIA.map((c) => [c, { mu: 0, parcel_count: 0, only_mu: 0, only_parcel_count: 0 }]),
  ) as Record<LowEfficiencyCriterion, CriterionFlags>;
  #seen = false;
  #mu = 0;
  #count = 0;

  add(p: StatsParcelProps): void {
    if (typeof p.low_efficiency_criteria !== 'string') return;
    this.#seen = true;
    const met = [...new Set(p.low_efficiency_criteria.split(',').map((c) => c.trim()).filter((c) => c !== ''))];
    if (met.length === 0) return;
    const a = p.area_mu_planar;
    this.#mu += a;
    this.#count++;
    const known = met.filter((c): c is LowEfficiencyCriterion => KNOWN_CRITERIA.has(c));
    for (const c of known) {
      this.#by[c].mu += a;
      this.#by[c].parcel_count++;
      if (met.length === 1) {
        this.#by[c].only_mu += a;
        this.#by[c].only_parcel_count++;
      }
    }
  }

  /** null when no parcel carried `low_efficiency_criteria` (data built before the criteria were recorded). */
  result(): CriteriaBreakdown | null {
    const by = Object.fromEntries(Object.entries(this.#by).map(([c, f]) => [c, { ...f }])) as Record<LowEfficiencyCriterion, CriterionFlags>;
    return this.#seen ? { mu: this.#mu, parcel_count: this.#count, by } : null;
  }
}

/**
 * What each low-efficiency criterion flags over `parcels` (see the header); null when none of them carries
 * `low_efficiency_criteria` (data built before the criteria were recorded). Unknown criterion names count in the
 * total but under no criterion.
 */
export function criteriaBreakdown(parcels: readonly StatsParcel[]): CriteriaBreakdown | null {
  const fold = new CriteriaFold();
  for (const { properties: p } of parcels) fold.add(p);
  return fold.result();
}

/** The parcels an area holds (see the header for the rule of each kind). */
export function selectParcels<T extends StatsParcel>(parcels: readonly T[], sel: AreaSelector): T[] {
  switch (sel.kind) {
    case 'county':
      return [...parcels];
    case 'town':
      return parcels.filter((p) => p.properties.town === sel.name);
    case 'park':
      return parcels.filter((p) => p.properties.park === sel.name);
    case 'block':
      return parcels.filter((p) => p.properties.low_eff_block === sel.id);
    case 'polygon': {
      const box = bboxOf(sel.geometry);
      return parcels.filter((p) => {
        if (!p.geometry) throw new StatsInputError(`parcel ${p.properties.id} has no geometry: cannot test it against a polygon`);
        const pt = interiorPoint(p.geometry);
        return inBox(pt, box) && pointInPolygon(pt, sel.geometry);
      });
    }
  }
}

/** 亩 of every firm over the whole parcel set (the denominator of its land share). */
/**
 * Each firm's 亩 over the whole county as the pipeline's 亩均 evaluation summed it (enterprises.json `land_mu`, the
 * same planar 亩 of the firm's parcels that firmLand adds up): what a drawn area's per-亩 shares need without
 * reading the county's parcels. Firms without the field (tables from before the evaluation) are left out.
 */
export function firmLandOf(enterprises: readonly Pick<Enterprise, 'id' | 'land_mu'>[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of enterprises) if (typeof e.land_mu === 'number') m.set(e.id, e.land_mu);
  return m;
}

export function firmLand(parcels: readonly StatsParcel[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of parcels) {
    const e = p.properties.enterprise_id;
    if (e) m.set(e, (m.get(e) ?? 0) + p.properties.area_mu_planar);
  }
  return m;
}

function isEvaluatedRow(e: StatsEnterprise): boolean {
  return e.evaluated !== undefined ? e.evaluated : e.grade !== undefined && e.grade !== null;
}

/**
 * The statistics of an area, one parcel at a time: statsOf() is this fold over a list, and the pipeline folds every
 * town, park and block of the county in one pass without holding its parcels (scripts/pipeline/area-stats-file.ts).
 */
export class AreaStatsFold {
  readonly #mu_by_grade: Record<GradeKey, number> = { A: 0, B: 0, C: 0, D: 0, none: 0 };
  readonly #mu_by_status: Record<string, number> = {};
  readonly #ents = new Set<string>();
  readonly #landInArea = new Map<string, number>();
  readonly #criteria = new CriteriaFold();
  #count = 0;
  #area = 0;
  readonly #low = { status_mu: 0, block_mu: 0, mu: 0, parcel_count: 0, rule_mu: null as number | null };
  readonly #freed = { d_grade_mu: 0, low_efficiency_mu: 0, mu: 0, parcel_count: 0 };
  #bbox: [number, number, number, number] | null = null;

  /** `bbox` is the parcel's box [w, s, e, n]; the result has a bbox when any parcel brought one. */
  add(p: StatsParcelProps, bbox?: readonly [number, number, number, number]): void {
    if (bbox) {
      const b = this.#bbox;
      this.#bbox = b ? [Math.min(b[0], bbox[0]), Math.min(b[1], bbox[1]), Math.max(b[2], bbox[2]), Math.max(b[3], bbox[3])] : [bbox[0], bbox[1], bbox[2], bbox[3]];
    }
    this.#count++;
    this.#criteria.add(p);
    const mu = p.area_mu_planar;
    this.#area += mu;
    const g: GradeKey = p.grade === 'A' || p.grade === 'B' || p.grade === 'C' || p.grade === 'D' ? p.grade : 'none';
    this.#mu_by_grade[g] += mu;
    this.#mu_by_status[p.status] = (this.#mu_by_status[p.status] ?? 0) + mu;
    if (p.enterprise_id) {
      this.#ents.add(p.enterprise_id);
      this.#landInArea.set(p.enterprise_id, (this.#landInArea.get(p.enterprise_id) ?? 0) + mu);
    }
    const low = this.#low;
    const byStatus = LOW_STATUSES.has(p.status);
    const byBlock = p.low_eff_block !== undefined && p.low_eff_block !== null && p.low_eff_block !== '';
    if (typeof p.low_efficiency === 'boolean') low.rule_mu = (low.rule_mu ?? 0) + (p.low_efficiency ? mu : 0);
    if (byStatus) low.status_mu += mu;
    if (byBlock) low.block_mu += mu;
    const isLow = byStatus || byBlock;
    if (isLow) {
      low.mu += mu;
      low.parcel_count++;
    }
    const freed = this.#freed;
    const isD = g === 'D';
    if (isD) freed.d_grade_mu += mu;
    if (isLow) freed.low_efficiency_mu += mu;
    if (isD || isLow) {
      freed.mu += mu;
      freed.parcel_count++;
    }
  }

  /**
   * `countyLand` is each firm's 亩 over the whole county (firmLand(all)); enterprises not in `enterprises` count as
   * enterprises but not in the per-亩 figures.
   */
  result(enterprises: ReadonlyMap<string, StatsEnterprise>, countyLand: ReadonlyMap<string, number>): AreaStats {
    let tax = 0;
    let va = 0;
    let land = 0;
    let evaluatedFirms = 0;
    for (const [id, mu] of this.#landInArea) {
      const e = enterprises.get(id);
      if (!e || !isEvaluatedRow(e)) continue;
      const total = countyLand.get(id) ?? mu;
      if (!(total > 0)) continue;
      const share = mu / total;
      evaluatedFirms++;
      tax += e.tax_10k * share;
      va += e.value_added_10k * share;
      land += mu;
    }
    return {
      parcel_count: this.#count,
      enterprise_count: this.#ents.size,
      area_mu: this.#area,
      mu_by_grade: { ...this.#mu_by_grade },
      mu_by_status: { ...this.#mu_by_status },
      low_efficiency: { ...this.#low, criteria: this.#criteria.result() },
      ...(this.#bbox ? { bbox: [...this.#bbox] as [number, number, number, number] } : {}),
      evaluated_firms: evaluatedFirms,
      tax_per_mu: { value: land > 0 ? tax / land : null, sum_10k: tax, land_mu: land },
      va_per_mu: { value: land > 0 ? va / land : null, sum_10k: va, land_mu: land },
      freed: { ...this.#freed },
    };
  }
}

/**
 * Statistics of the parcels `inArea`. `countyLand` is each firm's 亩 over the whole county (firmLand(all));
 * enterprises not in `enterprises` count as enterprises but not in the per-亩 figures.
 */
export function statsOf(
  inArea: readonly StatsParcel[],
  enterprises: ReadonlyMap<string, StatsEnterprise>,
  countyLand: ReadonlyMap<string, number>,
): AreaStats {
  const fold = new AreaStatsFold();
  for (const { properties: p } of inArea) fold.add(p);
  return fold.result(enterprises, countyLand);
}

/** Convenience: select and compute in one call. */
export function areaStats(
  parcels: readonly StatsParcel[],
  enterprises: readonly StatsEnterprise[],
  sel: AreaSelector,
): AreaStats {
  const byId = new Map(enterprises.map((e) => [e.id, e]));
  return statsOf(selectParcels(parcels, sel), byId, firmLand(parcels));
}

/** Sorted distinct towns and parks of the parcels (for pickers and for validating CLI input). */
export function areaNames(parcels: readonly StatsParcel[]): { towns: string[]; parks: string[] } {
  const towns = new Set<string>();
  const parks = new Set<string>();
  for (const { properties: p } of parcels) {
    if (p.town) towns.add(p.town);
    if (p.park) parks.add(p.park);
  }
  return { towns: [...towns].sort(compareNames), parks: [...parks].sort(compareNames) };
}

/** The order of town and park names in pickers and files. */
export const compareNames = (a: string, b: string): number => a.localeCompare(b, 'zh-CN');

/**
 * The statistics of the county and of each town, park and low-efficiency block, as the pipeline writes them
 * (internal/area-stats.json): what the statistics panel shows without reading the county's parcels.
 */
export interface AreaStatsFile {
  names: { towns: string[]; parks: string[] };
  county: AreaStats;
  towns: Record<string, AreaStats>;
  parks: Record<string, AreaStats>;
  blocks: Record<string, AreaStats>;
}

/** Checks the file's shape (the pipeline wrote it; a file of another version is refused, naming it). */
export function parseAreaStatsFile(raw: unknown, file: string): AreaStatsFile {
  const r = raw as Partial<AreaStatsFile> | null;
  const isMap = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!r || !isMap(r) || !isMap(r.county) || !isMap(r.towns) || !isMap(r.parks) || !isMap(r.blocks) || !isMap(r.names)) {
    throw new StatsInputError(`${file}: not an area statistics file (county, towns, parks, blocks, names)`);
  }
  if (!Array.isArray(r.names!.towns) || !Array.isArray(r.names!.parks)) throw new StatsInputError(`${file}: names.towns and names.parks must be lists`);
  return r as AreaStatsFile;
}

/** The statistics of an area selected by name from the file; undefined for a polygon (computed from parcels) or an unknown name. */
export function statsFromFile(f: AreaStatsFile, sel: AreaSelector): AreaStats | undefined {
  switch (sel.kind) {
    case 'county':
      return f.county;
    case 'town':
      return Object.hasOwn(f.towns, sel.name) ? f.towns[sel.name] : undefined;
    case 'park':
      return Object.hasOwn(f.parks, sel.name) ? f.parks[sel.name] : undefined;
    case 'block':
      return Object.hasOwn(f.blocks, sel.id) ? f.blocks[sel.id] : undefined;
    case 'polygon':
      return undefined;
  }
}
