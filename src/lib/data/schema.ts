// The data model shared by the generator, the pipeline, the rules, the CLI and the app.
// Geometry is always WGS84/CGCS2000 longitude-latitude once it has passed the pipeline.

/**
 * Ids the app can address in a link: the text a county's register uses (Chinese, spaces, / # ? & included), 1–64
 * characters, no control or invisible format characters, no space at either end, and none of < > " ' ` (no register
 * uses them, and refusing them keeps a hostile link from carrying markup even into a log). The codec percent-encodes
 * the rest.
 */
export const PARCEL_ID_PATTERN = /^(?![\s])[^\p{C}<>"'`]{1,64}(?<![\s])$/u;
export const PARCEL_ID_RULE = 'an id must be 1–64 characters without control characters, without < > " \' `, and without a space at either end';

export type Position = [number, number];
export type Ring = Position[];
export type PolygonCoords = Ring[];

export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: PolygonCoords;
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: PolygonCoords[];
}
export interface PointGeometry {
  type: 'Point';
  coordinates: Position;
}
export interface LineStringGeometry {
  type: 'LineString';
  coordinates: Position[];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;
export type AnyGeometry = AreaGeometry | PointGeometry | LineStringGeometry;

export interface Feature<G extends AnyGeometry = AnyGeometry, P = Record<string, unknown>> {
  type: 'Feature';
  id?: string | number;
  geometry: G;
  properties: P;
}
export interface FeatureCollection<G extends AnyGeometry = AnyGeometry, P = Record<string, unknown>> {
  type: 'FeatureCollection';
  name?: string;
  crs?: { type: string; properties: { name: string } };
  features: Feature<G, P>[];
}

/** Parcel status. The five 低效 kinds follow the Zhejiang classification (shared DOMAIN rule 9). */
export const PARCEL_STATUSES = [
  'in_use', // 在用
  'idle', // 闲置
  'approved_not_supplied', // 批而未供
  'supplied_not_used', // 供而未用
  'used_not_full', // 用而未尽
  'built_not_operating', // 建而未投
  'operating_below_target', // 投而未达标
  'under_construction', // 在建
  'for_transfer', // 出让中
] as const;
export type ParcelStatus = (typeof PARCEL_STATUSES)[number];

/** The criteria of the low-efficiency rule (DOMAIN rule 9), in the order the rule lists them. */
export const LOW_EFFICIENCY_CRITERIA = ['status', 'tax', 'far', 'dilapidated', 'banned'] as const;
export type LowEfficiencyCriterion = (typeof LOW_EFFICIENCY_CRITERIA)[number];

export const LOW_EFFICIENCY_STATUSES: readonly ParcelStatus[] = [
  'approved_not_supplied',
  'supplied_not_used',
  'used_not_full',
  'built_not_operating',
  'operating_below_target',
];

export const LAND_USES = ['industrial', 'warehouse', 'mixed_industrial'] as const;
export type LandUse = (typeof LAND_USES)[number];

export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];

/** Industry keys used by the FAR minimum table in the policy file. */
export const INDUSTRIES = [
  'general',
  'food',
  'textiles',
  'stationery_sports',
  'plastics',
  'rubber',
  'pharma',
  'chemicals',
  'metal_smelting',
  'auto_parts',
  'moulds',
  'photovoltaic',
  'energy_storage',
  'new_materials',
  'aviation',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

/**
 * The works a project does on a parcel (who a rule binds depends on it; DOMAIN "Who a rule binds"):
 * none — an existing use, no works; new — new industrial land (新增工业用地); extension — 扩建 on land held;
 * rebuild — 改建; renovation — 技改 without added floor area; add_floors — 厂房加层 / 零土地技改 adding floor area on land
 * held. `new_project: true` in older files means `new`.
 */
export const PROJECT_KINDS = ['none', 'new', 'extension', 'rebuild', 'renovation', 'add_floors'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

/** Properties of a parcel as planners supply it (source data, before derivation). */
export interface ParcelSource {
  id: string;
  land_use: LandUse;
  status: ParcelStatus;
  enterprise_id: string | null;
  /** null = unknown (real registers often lack it); rules then report 'info' instead of guessing. */
  floor_area_m2: number | null;
  /** Part of floor_area_m2 on storeys taller than the policy's tall_floor_m (8 m): counted twice in FAR. */
  tall_floor_area_m2: number | null;
  height_m: number | null;
  /** 建筑系数 (site coverage), 0–1. */
  coverage: number | null;
  /** 绿地率, 0–1. */
  green_ratio: number | null;
  /** 行政办公及生活服务设施用地 share, 0–1. */
  admin_ratio: number | null;
  standard_land: boolean;
  /** Low-efficiency criteria (DOMAIN rule 9): buildings in disrepair, an industry on the banned list. */
  dilapidated: boolean;
  banned_industry: boolean;
  industry: Industry;
  town: string;
  park: string | null;
  /** Name shown on the map, e.g. a plot number from the 不动产 register. */
  name: string;
  /** Works planned or under way on the parcel (default none: the existing use is judged). */
  project: ProjectKind;
  /** 工治办集体讨论同意 recorded (the central restricted area's exception, seed 四(二)). */
  central_approved: boolean;
}

/** Fields the pipeline derives through src/lib (one source of every number). */
export interface ParcelDerived {
  area_m2: number; // ellipsoidal, CGCS2000/GRS80
  area_mu: number; // ellipsoidal 亩
  area_m2_planar: number; // Gauss-Krüger 3° zone of the centroid
  area_mu_planar: number;
  area_mu_turf: number; // spherical, display reference only
  far: number | null; // floor area / planar parcel area
  control_line: 0 | 1 | 2; // 0 = outside every line
  zone: 'central' | 'adjusted-use' | 'none';
  low_eff_block: string | null;
  far_min: number; // applicable minimum FAR
  far_max: number | null; // cap in a zone, null = none
  height_max_m: number | null;
}

/** Enterprise figures joined onto a parcel in the internal file (never in public). */
export interface ParcelEnterpriseFields {
  enterprise_name: string | null;
  grade: Grade | null; // null = not evaluated
  mujun_tax: number | null; // 万元/亩
  mujun_va: number | null; // 万元/亩
  score: number | null;
  /** Comma-separated ids of the rules the parcel fails (pipeline, for colouring by failing rule). */
  failing?: string;
  /** The low-efficiency rule's verdict (any of tax, FAR, status criteria). */
  low_efficiency?: boolean;
  /** Which low-efficiency criteria the parcel meets, comma-separated (LOW_EFFICIENCY_CRITERIA), '' for none. */
  low_efficiency_criteria?: string;
  /** 碳效码 grade 1–5 of the enterprise (null: vacant, not evaluated or no data). */
  carbon_grade?: number | null;
  /** Carbon intensity L of the enterprise, t CO₂ / 万元 value added. */
  carbon_l?: number | null;
}

export type ParcelInternal = ParcelSource & ParcelDerived & ParcelEnterpriseFields;

/**
 * What a prospect may see about a parcel. Whitelist, not blacklist: a new field stays internal until
 * someone adds it here on purpose.
 */
export const PUBLIC_PARCEL_FIELDS = [
  'id',
  'name',
  'land_use',
  'status',
  'industry',
  'town',
  'park',
  'standard_land',
  'area_m2',
  'area_mu',
  'area_m2_planar',
  'area_mu_planar',
  'control_line',
  'zone',
  'low_eff_block',
  'far_min',
  'far_max',
  'height_max_m',
] as const satisfies readonly (keyof ParcelInternal)[];
export type ParcelPublic = Pick<ParcelInternal, (typeof PUBLIC_PARCEL_FIELDS)[number]>;

export interface Enterprise {
  id: string;
  name: string;
  credit_code: string; // 统一社会信用代码 (sample: generated, checksum-valid shape only)
  above_scale: boolean; // 规上
  industry: Industry;
  chain: string | null;
  link: string | null;
  anchor: boolean; // 链主
  /** Tax paid, 万元, excluding export rebates (不含出口退税: the plan's 亩均税收 target counts tax so, seed 二). */
  tax_10k: number;
  value_added_10k: number; // 万元
  revenue_10k: number; // 万元
  rd_10k: number; // 万元
  energy_tce: number;
  emissions_t: number; // pollutant equivalents, t
  co2_t: number;
  employees: number;
  /** Kind exempt from the 亩均 evaluation, one of the policy's `mujun.evaluated.exempt_kinds` (e.g. utility, startup). */
  evaluation_exempt?: string | null;
  /** Filled by the pipeline from the policy's 亩均 evaluation. */
  land_mu?: number;
  grade?: Grade | null;
  score?: number | null;
}

export interface ControlLineProps {
  id: string;
  name: string;
  level: 1 | 2;
}
export interface LowEfficiencyBlockProps {
  id: string;
  name: string;
  reason: string;
  renovation_status: 'planned' | 'in_progress' | 'done';
  renovation_year: number;
  area_mu?: number;
}
export interface ZoneProps {
  id: string;
  name: string;
  kind: 'central' | 'adjusted-use';
  approximate: boolean;
}

export interface ChainLink {
  id: string;
  name: { zh: string; en: string };
  order: number;
}
export interface Chain {
  id: string;
  name: { zh: string; en: string };
  links: ChainLink[];
}
export interface Demand {
  id: string;
  chain: string;
  link: string;
  profile: string;
  land_mu: number;
  investment_100m: number; // 亿元
  park: string | null;
  status: 'open' | 'negotiating' | 'signed';
}
export const PROJECT_STAGES = ['attract', 'construct', 'accept', 'produce', 'supervise'] as const;
export interface Project {
  id: string;
  name: string;
  parcel_id: string | null;
  enterprise_id: string | null;
  investment_100m: number;
  stage: (typeof PROJECT_STAGES)[number];
  chain: string | null;
  /** The chain link the project fills (a 强链补链 project names it), null when none. */
  link: string | null;
  /** A manufacturing project (the plan's 重大制造业项目 target counts only these); default true. */
  manufacturing: boolean;
}

/**
 * A case of the 高耗低效整治企业清单 (seed 三(一)1–2): a firm or a piece of land put on the list, handled by one of the
 * plan's routes — 依法关停退出 (close), 兼并重组 (merge), 整体腾退 (vacate), 搬迁入园 (relocate), 改造提升 (upgrade) —
 * and ended by 合格销号 (status closed). Its yields are what the 2025 targets count: land freed (亩), energy freed
 * (tce), CO₂ cut (t). A later issue builds the register; `cases.json` holds these records.
 */
export const CASE_ROUTES = ['close', 'merge', 'vacate', 'relocate', 'upgrade'] as const;
export type CaseRoute = (typeof CASE_ROUTES)[number];
export const CASE_STATUSES = ['open', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/**
 * How a closed case left its land: handed_back — returned to the county (收回、腾退); relet — passed to a new user
 * (再出让、转让); use_raised — kept by its user whose use was raised (改造提升, 兼并后提升).
 */
export const CASE_OUTCOMES = ['handed_back', 'relet', 'use_raised'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
/** The outcomes each route can end with (close/vacate/relocate free the land; upgrade keeps it; merge either). */
export const CASE_ROUTE_OUTCOMES: Readonly<Record<CaseRoute, readonly CaseOutcome[]>> = {
  close: ['handed_back', 'relet'],
  vacate: ['handed_back', 'relet'],
  relocate: ['handed_back', 'relet'],
  merge: ['handed_back', 'relet', 'use_raised'],
  upgrade: ['use_raised'],
};
export interface LowEfficiencyCase {
  id: string;
  /** The parcel of the map the case concerns (the old site, for a firm moved into a park). */
  parcel_id: string;
  /**
   * The firm on the list; null for land with no firm (e.g. idle land recovered). Not checked against
   * enterprises.json: a firm closed or moved away may have left it.
   */
  enterprise_id: string | null;
  route: CaseRoute;
  status: CaseStatus;
  /** Year the case was put on the list (建档), null when unknown. */
  opened_year: number | null;
  /** Year of 合格销号; set exactly when status is closed. */
  closed_year: number | null;
  /** Land the case concerns, 亩 (planar, as the rules measure it). */
  area_mu: number;
  /** Set exactly when status is closed, one of the route's outcomes (CASE_ROUTE_OUTCOMES). */
  outcome: CaseOutcome | null;
  /** Energy use freed (tce a year) and CO₂ cut (t a year) as recorded at closing; null when not recorded. */
  energy_freed_tce: number | null;
  co2_cut_t: number | null;
}
