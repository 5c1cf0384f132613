// The built-in alias table (issue 13): which column of a county's own file feeds which field of our schema, how its
// values are written (是/否, 在用/闲置, A类, 35%, 1,234.5, full-width digits) and in which unit (the title says: 亩 or
// 平方米, 万元 or 元). It is used when no mapping.json says otherwise, and it pre-fills the mapping `inspect` suggests.
// Every field here is one a parser of src/lib/data reads (props.ts, enterprise-props.ts), or is marked `use` =
// 'join' / 'compare' when it only joins enterprises to parcels or is checked against what the pipeline derives.
// docs/mapping.md lists this table; aliases.test.ts checks that it lists every alias, so the two cannot drift.
import { muToM2 } from '../geo/area.ts';
import { GRADES, INDUSTRIES, LAND_USES, PARCEL_STATUSES, PROJECT_KINDS } from '../data/schema.ts';
import type { Cell } from './types.ts';

/** The layers and tables a source can be mapped to (build-data's layer names; `enterprises` is the side file). */
export const TARGETS = ['parcels', 'control-lines', 'zones', 'low-efficiency-blocks', 'enterprises'] as const;
export type Target = (typeof TARGETS)[number];

// ---------------------------------------------------------------------------------------------------------------
// Units

export type Dimension = 'area' | 'money' | 'energy' | 'mass' | 'length' | 'ratio';

interface UnitDef {
  dimension: Dimension;
  /** Size of one unit in the dimension's base unit (m², 元, tce, t, m, 1). */
  factor: number;
  /** How titles and values write it, normalised as by `normaliseText` (NFKC turns ㎡ into m2, （ into (). */
  spellings: readonly string[];
}

/** Units a title, a value or mapping.json may name; the key is what mapping.json writes. */
export const UNITS = {
  // 1 亩 = 10000/15 m², the same constant the pipeline's areas use (src/lib/geo/area.ts).
  亩: { dimension: 'area', factor: muToM2(1), spellings: ['亩', 'mu'] },
  m2: { dimension: 'area', factor: 1, spellings: ['m2', '平方米', '平米', '平方', 'sqm'] },
  ha: { dimension: 'area', factor: 10000, spellings: ['ha', '公顷', 'hm2'] },
  元: { dimension: 'money', factor: 1, spellings: ['元'] },
  万元: { dimension: 'money', factor: 1e4, spellings: ['万元', '万'] },
  亿元: { dimension: 'money', factor: 1e8, spellings: ['亿元', '亿'] },
  tce: { dimension: 'energy', factor: 1, spellings: ['tce', '吨标煤', '吨标准煤', 't标煤'] },
  万tce: { dimension: 'energy', factor: 1e4, spellings: ['万tce', '万吨标煤', '万吨标准煤'] },
  t: { dimension: 'mass', factor: 1, spellings: ['t', '吨'] },
  kg: { dimension: 'mass', factor: 0.001, spellings: ['kg', '千克', '公斤'] },
  m: { dimension: 'length', factor: 1, spellings: ['m', '米'] },
  '%': { dimension: 'ratio', factor: 0.01, spellings: ['%', '百分比', '百分数'] },
} as const satisfies Record<string, UnitDef>;
export type UnitKey = keyof typeof UNITS;
export const UNIT_KEYS = Object.keys(UNITS) as UnitKey[];

export function unitsOf(dimension: Dimension): UnitKey[] {
  return UNIT_KEYS.filter((u) => UNITS[u].dimension === dimension);
}

/** A value in unit `from` expressed in unit `to` (same dimension: the caller checks). */
export function convertUnit(value: number, from: UnitKey, to: UnitKey): number {
  return from === to ? value : (value * UNITS[from].factor) / UNITS[to].factor;
}

/** The unit a normalised spelling names, or null. */
export function unitFromSpelling(s: string): UnitKey | null {
  // "(单位：万元)" names its unit after a label.
  const t = normaliseText(s).replace(/\s+/g, '').replace(/^单位[:：]?/, '');
  return UNIT_KEYS.find((u) => (UNITS[u].spellings as readonly string[]).includes(t)) ?? null;
}

/** Every spelling with its unit, longest first, so "万元" is found before "元" at the end of a title. */
const SPELLINGS: readonly (readonly [string, UnitKey])[] = UNIT_KEYS.flatMap((u) => UNITS[u].spellings.map((sp) => [sp, u] as const)).sort(
  (a, b) => b[0].length - a[0].length,
);

// ---------------------------------------------------------------------------------------------------------------
// Normalisation

/** NFKC (full-width letters, digits, brackets, ％ and ㎡ become ASCII), trimmed, lower case. */
export function normaliseText(s: string): string {
  return s.normalize('NFKC').trim().toLowerCase();
}

export interface NormalisedTitle {
  /** What aliases are compared on: no brackets or their content, no spaces, underscores, dashes, dots, colons. */
  key: string;
  /** The unit the title names, in brackets ("用地面积（亩）"), after an underscore ("面积_亩") or at its end ("面积㎡"). */
  unit: UnitKey | null;
}

const BRACKETS = /\(([^()]*)\)|\[([^[\]]*)\]|【([^【】]*)】|<([^<>]*)>|《([^《》]*)》/g;
const SEPARATORS = /[\s_\-.·:：/\\'"‘’“”]+/g;

/**
 * A column title as aliases see it. Bracket content is dropped from the key but kept as the unit when it names one
 * ("税收(万元)" → 税收, 万元); a unit may also follow an underscore or end the title ("面积_亩", "面积m2").
 */
export function normaliseTitle(title: string): NormalisedTitle {
  const s = normaliseText(title);
  let unit: UnitKey | null = null;
  for (const m of s.matchAll(BRACKETS)) {
    const inner = m.slice(1).find((g) => g !== undefined) ?? '';
    unit ??= unitFromSpelling(inner);
  }
  let key = s.replace(BRACKETS, '');
  const parts = key.split('_');
  if (unit === null && parts.length > 1) {
    const last = unitFromSpelling(parts[parts.length - 1]!);
    if (last !== null) {
      unit = last;
      key = parts.slice(0, -1).join('_');
    }
  }
  key = key.replace(SEPARATORS, '');
  if (unit === null && /[\u4e00-\u9fff]/.test(key)) {
    // A unit glued to a Chinese title ("用地面积亩", "面积m2"); not one-letter spellings or 万/亿, so a code ending
    // in t or m, or a title ending in 万, is never read as tonnes, metres or 万元.
    const hit = SPELLINGS.find(([sp]) => key !== sp && key.endsWith(sp) && !/^[a-z]$/.test(sp) && sp !== '万' && sp !== '亿');
    if (hit) {
      unit = hit[1];
      key = key.slice(0, -hit[0].length);
    }
  }
  return { key, unit };
}

/** A value as value maps compare it: NFKC, trimmed, lower case, no spaces, no bracketed notes ("A类（优先发展类）"). */
export function normaliseValue(v: string): string {
  return normaliseText(v).replace(BRACKETS, '').replace(/\s+/g, '');
}

// ---------------------------------------------------------------------------------------------------------------
// Field specs

export type FieldKind = 'text' | 'number' | 'integer' | 'ratio' | 'bool' | 'enum';
export type MappedValue = string | number | boolean | null;

export interface FieldSpec {
  field: string;
  kind: FieldKind;
  /** `schema`: the layer's parser reads it; `join`: only joins enterprises to parcels; `compare`: the pipeline
   * derives its own value from geometry or the policy, so the source's is only reported next to it. */
  use: 'schema' | 'join' | 'compare';
  /** number: the unit the schema holds it in; a value in another unit of the same dimension is converted. */
  unit?: UnitKey;
  /** number: the unit taken when neither mapping.json nor the title (nor the value) names one. Default `unit`. */
  assume?: UnitKey;
  /** enum: the values the parser allows. */
  allowed?: readonly (string | number)[];
  /** enum, bool: how sources write values (keys normalised by normaliseValue). */
  values?: Readonly<Record<string, MappedValue>>;
  /** enum: a value that is already key-shaped (a-z, _) passes to the parser, which knows the policy's own keys. */
  open?: boolean;
  /** Titles that mean this field, most usual first; compared after normaliseTitle. */
  aliases: readonly string[];
  /** A value shape that identifies the column even under an unknown title. */
  shape?: RegExp;
  required?: boolean;
  /** One line for docs/mapping.md. */
  note: string;
}

/** 统一社会信用代码 (GB 32100-2015): 18 characters, digits and capitals without I, O, S, V, Z. */
export const CREDIT_CODE_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** 是/否 as people write them. Case and width do not matter (normaliseValue). */
export const BOOL_VALUES: Readonly<Record<string, boolean>> = {
  是: true, 否: false, 有: true, 无: false, 对: true, 错: false,
  y: true, n: false, yes: true, no: false, true: true, false: false, t: true, f: false,
  '1': true, '0': false, '√': true, '×': false, x: false,
};

const STATUS_VALUES: Record<string, (typeof PARCEL_STATUSES)[number]> = {
  在用: 'in_use', 正常使用: 'in_use', 使用中: 'in_use', 已使用: 'in_use', 正常生产: 'in_use', 已建成: 'in_use',
  闲置: 'idle', 闲置土地: 'idle', 空闲: 'idle',
  批而未供: 'approved_not_supplied',
  供而未用: 'supplied_not_used', 已供未用: 'supplied_not_used',
  用而未尽: 'used_not_full', 用而未足: 'used_not_full',
  建而未投: 'built_not_operating', 建成未投产: 'built_not_operating',
  投而未达标: 'operating_below_target', 投而未达产: 'operating_below_target', 投而未达效: 'operating_below_target',
  在建: 'under_construction', 建设中: 'under_construction', 施工中: 'under_construction',
  出让中: 'for_transfer', 拟出让: 'for_transfer', 待出让: 'for_transfer', 招拍挂中: 'for_transfer',
};

const LAND_USE_VALUES: Record<string, (typeof LAND_USES)[number]> = {
  工业用地: 'industrial', 工业: 'industrial', 一类工业用地: 'industrial', 二类工业用地: 'industrial', 三类工业用地: 'industrial',
  // Codes: GB 50137 (M1–M3, W1–W3), 第三次国土调查 (0601 工业, 0508 物流仓储), 国土空间用地用海分类 (1001 工业 and its
  // 100101–100103 classes, 1101 物流仓储 and 110101–110103).
  m: 'industrial', m1: 'industrial', m2: 'industrial', m3: 'industrial', '0601': 'industrial',
  '1001': 'industrial', '100101': 'industrial', '100102': 'industrial', '100103': 'industrial',
  仓储用地: 'warehouse', 物流仓储用地: 'warehouse', 仓储: 'warehouse', 物流仓储: 'warehouse',
  w: 'warehouse', w1: 'warehouse', w2: 'warehouse', w3: 'warehouse', '0508': 'warehouse',
  '1101': 'warehouse', '110101': 'warehouse', '110102': 'warehouse', '110103': 'warehouse',
  新型产业用地: 'mixed_industrial', 工业混合用地: 'mixed_industrial', 混合工业用地: 'mixed_industrial', 工业研发用地: 'mixed_industrial', m0: 'mixed_industrial',
};

/** Industry names as a register writes them → the policy's FAR-table keys (schema INDUSTRIES). */
const INDUSTRY_VALUES: Record<string, (typeof INDUSTRIES)[number]> = {
  通用: 'general', 其他: 'general', 其他制造业: 'general', 一般制造业: 'general',
  食品: 'food', 食品制造业: 'food', 农副食品加工业: 'food', 酒饮料和精制茶制造业: 'food',
  纺织: 'textiles', 纺织业: 'textiles', 纺织服装: 'textiles', 纺织服装服饰业: 'textiles',
  文教体育: 'stationery_sports', 文体用品: 'stationery_sports', 文教工美体育和娱乐用品制造业: 'stationery_sports', 文具: 'stationery_sports',
  塑料: 'plastics', 塑料制品: 'plastics', 塑料制品业: 'plastics',
  橡胶: 'rubber', 橡胶制品: 'rubber', 橡胶制品业: 'rubber',
  医药: 'pharma', 医药制造业: 'pharma', 生物医药: 'pharma',
  化工: 'chemicals', 化学原料和化学制品制造业: 'chemicals', 化学制品: 'chemicals',
  冶炼: 'metal_smelting', 金属冶炼: 'metal_smelting', 黑色金属冶炼和压延加工业: 'metal_smelting', 有色金属冶炼和压延加工业: 'metal_smelting',
  汽车零部件: 'auto_parts', 汽配: 'auto_parts', 汽车制造业: 'auto_parts',
  模具: 'moulds', 模具制造: 'moulds',
  光伏: 'photovoltaic', 光伏设备: 'photovoltaic',
  储能: 'energy_storage', 新能源储能: 'energy_storage',
  新材料: 'new_materials',
  航空: 'aviation', 航空航天: 'aviation', 通用航空: 'aviation',
};

const PROJECT_VALUES: Record<string, (typeof PROJECT_KINDS)[number]> = {
  无: 'none', 现状: 'none', 现状保留: 'none',
  新建: 'new', 新增: 'new', 新增工业用地: 'new', 新建项目: 'new',
  扩建: 'extension', 改扩建: 'extension',
  改建: 'rebuild', 拆除重建: 'rebuild',
  技改: 'renovation', 技术改造: 'renovation',
  加层: 'add_floors', 厂房加层: 'add_floors', 零土地技改: 'add_floors', 零增地技改: 'add_floors',
};

const GRADE_VALUES: Record<string, (typeof GRADES)[number]> = Object.fromEntries(
  GRADES.flatMap((g, i) => {
    const cn = ['一', '二', '三', '四'][i]!;
    const low = g.toLowerCase();
    return [low, `${low}类`, `${low}档`, `${low}级`, `${low}类企业`, `${cn}类`, `${cn}档`].map((k) => [k, g]);
  }),
);

const LEVEL_VALUES: Record<string, 1 | 2> = {
  '1': 1, '2': 2, 一级: 1, 二级: 2, 一级控制线: 1, 二级控制线: 2, 一级线: 1, 二级线: 2, i: 1, ii: 2, 一: 1, 二: 2,
};

const ZONE_KIND_VALUES: Record<string, 'central' | 'adjusted-use'> = {
  中心城区限制区: 'central', 中心城区: 'central', 限制区: 'central', 中心城区工业限制区: 'central',
  规划用途已调整: 'adjusted-use', 用途已调整: 'adjusted-use', 规划调整: 'adjusted-use', 用途调整: 'adjusted-use', 规划用途调整区: 'adjusted-use',
};

const RENOVATION_VALUES: Record<string, 'planned' | 'in_progress' | 'done'> = {
  计划: 'planned', 计划改造: 'planned', 未开始: 'planned', 拟改造: 'planned', 待改造: 'planned',
  实施中: 'in_progress', 改造中: 'in_progress', 在建: 'in_progress', 推进中: 'in_progress', 进行中: 'in_progress',
  已完成: 'done', 完成: 'done', 已改造: 'done', 已销号: 'done',
};

const ABOVE_SCALE_VALUES: Record<string, boolean> = {
  ...BOOL_VALUES, 规上: true, 规下: false, 规模以上: true, 规模以下: false, 规上企业: true, 规下企业: false,
};

// Fields every geometry layer has.
const id = (aliases: string[], note = 'the feature id (unique; used in links)'): FieldSpec => ({
  field: 'id', kind: 'text', use: 'schema', required: true, aliases: [...aliases, '编号', 'id', 'bh'], note,
});
const name = (aliases: string[]): FieldSpec => ({
  field: 'name', kind: 'text', use: 'schema', aliases: [...aliases, '名称', 'name', 'mc'], note: 'name shown on the map (default: the id)',
});

const PARCEL_FIELDS: FieldSpec[] = [
  id(['地块编号', '宗地编号', '地块代码', '宗地代码', '地块号', '宗地号', '不动产单元号', 'dkbh', 'zddm', 'zdbh', 'dkdm', 'parcel_id']),
  name(['地块名称', '宗地名称', '项目名称', '地块名', 'dkmc', 'zdmc']),
  { field: 'land_use', kind: 'enum', use: 'schema', allowed: LAND_USES, values: LAND_USE_VALUES, aliases: ['用地性质', '地类', '土地用途', '用途', '用地类型', '地类名称', '规划用地性质', 'dlmc', 'ydxz', 'tdyt', 'land_use'], note: 'industrial | warehouse | mixed_industrial (default industrial)' },
  { field: 'status', kind: 'enum', use: 'schema', required: true, allowed: PARCEL_STATUSES, values: STATUS_VALUES, aliases: ['使用状态', '利用状态', '土地利用状态', '用地状态', '现状', '状态', '利用现状', 'syzt', 'lyzt', 'status'], note: `one of ${PARCEL_STATUSES.join(', ')}` },
  { field: 'enterprise_id', kind: 'text', use: 'schema', aliases: ['企业编号', '企业id', 'enterprise_id', 'qybh'], note: 'id of the firm in enterprises (or filled by the join)' },
  { field: 'credit_code', kind: 'text', use: 'join', shape: CREDIT_CODE_SHAPE, aliases: ['统一社会信用代码', '社会信用代码', '信用代码', '权利人证件号', 'tyshxydm', 'xydm', 'credit_code', 'uscc'], note: "the holder's 统一社会信用代码, to join enterprises by" },
  { field: 'enterprise_name', kind: 'text', use: 'join', aliases: ['权利人', '使用权人', '土地使用权人', '权利人名称', '企业名称', '单位名称', '用地单位', 'qlr', 'qlrmc', 'owner', 'enterprise_name'], note: "the holder's name, to join enterprises by name" },
  { field: 'area_mu', kind: 'number', use: 'compare', unit: '亩', assume: 'm2', aliases: ['用地面积', '宗地面积', '地块面积', '土地面积', '占地面积', '出让面积', '面积', 'zdmj', 'ydmj', 'dkmj', 'mj', 'area'], note: 'declared land area, 亩 (title without a unit: m² assumed); the pipeline measures its own from the geometry' },
  { field: 'floor_area_m2', kind: 'number', use: 'schema', unit: 'm2', aliases: ['建筑面积', '总建筑面积', '计容建筑面积', '地上建筑面积', 'jzmj', 'floor_area_m2'], note: 'floor area, m² (FAR = floor area / measured area)' },
  { field: 'tall_floor_area_m2', kind: 'number', use: 'schema', unit: 'm2', aliases: ['层高8米以上建筑面积', '8米以上楼层建筑面积', '高层厂房建筑面积', '超高层建筑面积', '高层面积', '层高8米以上面积', 'tall_floor_area_m2'], note: 'part of the floor area on storeys taller than 8 m (counted twice in FAR), m²' },
  { field: 'far', kind: 'number', use: 'compare', aliases: ['容积率', '现状容积率', 'rjl', 'far', 'plot_ratio'], note: 'declared FAR; the pipeline computes its own from floor area and measured area' },
  { field: 'height_m', kind: 'number', use: 'schema', unit: 'm', aliases: ['建筑高度', '最大建筑高度', '建筑物高度', '高度', 'jzgd', 'height_m'], note: 'building height, m (0–500)' },
  { field: 'coverage', kind: 'ratio', use: 'schema', aliases: ['建筑系数', '建筑密度', 'jzxs', 'jzmd', 'coverage'], note: '建筑系数, share 0–1 (35% and 35 read as 0.35)' },
  { field: 'green_ratio', kind: 'ratio', use: 'schema', aliases: ['绿地率', '绿化率', 'ldl', 'green_ratio'], note: '绿地率, share 0–1' },
  { field: 'admin_ratio', kind: 'ratio', use: 'schema', aliases: ['行政办公及生活服务设施用地比例', '行政办公及生活服务设施用地占比', '配套设施用地比例', '行政办公比例', '行政占比', '行政办公占比', 'admin_ratio'], note: 'share of 行政办公及生活服务设施用地, 0–1' },
  { field: 'standard_land', kind: 'bool', use: 'schema', values: BOOL_VALUES, aliases: ['标准地', '是否标准地', 'bzd', 'standard_land'], note: '标准地 (是/否)' },
  { field: 'dilapidated', kind: 'bool', use: 'schema', values: BOOL_VALUES, aliases: ['厂房破旧', '危旧厂房', '是否危旧', '建筑破旧', 'dilapidated'], note: 'buildings in disrepair (是/否)' },
  { field: 'banned_industry', kind: 'bool', use: 'schema', values: BOOL_VALUES, aliases: ['淘汰类产业', '禁止类行业', '是否淘汰类', '淘汰类', 'banned_industry'], note: 'an industry on the banned list (是/否)' },
  { field: 'industry', kind: 'enum', use: 'schema', allowed: INDUSTRIES, values: INDUSTRY_VALUES, open: true, aliases: ['行业', '所属行业', '行业类别', '行业分类', '产业类别', '国民经济行业', '行业代码', 'hy', 'industry'], note: "an industry key of the policy's FAR table (default general)" },
  { field: 'town', kind: 'text', use: 'schema', aliases: ['乡镇', '镇街', '所属乡镇', '乡镇街道', '所在乡镇', '街道', 'xz', 'town'], note: '乡镇/街道' },
  { field: 'park', kind: 'text', use: 'schema', aliases: ['园区', '所属园区', '工业园区', '所在园区', '平台', 'park'], note: 'industrial park' },
  { field: 'project', kind: 'enum', use: 'schema', allowed: PROJECT_KINDS, values: PROJECT_VALUES, aliases: ['项目类型', '建设性质', '项目性质', '建设类型', 'project'], note: `works planned: ${PROJECT_KINDS.join(', ')} (default none)` },
  { field: 'central_approved', kind: 'bool', use: 'schema', values: BOOL_VALUES, aliases: ['集体讨论同意', '工治办同意', '集体研究同意', '集体同意', 'central_approved'], note: '工治办集体讨论同意 recorded (是/否)' },
];

const CONTROL_LINE_FIELDS: FieldSpec[] = [
  id(['控制线编号', '区块编号', '工业控制线编号', 'kzxbh']),
  name(['控制线名称', '区块名称', 'kzxmc']),
  { field: 'level', kind: 'enum', use: 'schema', required: true, allowed: [1, 2], values: LEVEL_VALUES, aliases: ['级别', '控制线级别', '控制线等级', '等级', 'jb', 'level'], note: '1 (一级) or 2 (二级)' },
];

const ZONE_FIELDS: FieldSpec[] = [
  id(['分区编号', '区域编号', 'fqbh']),
  name(['分区名称', '区域名称', 'fqmc']),
  { field: 'kind', kind: 'enum', use: 'schema', required: true, allowed: ['central', 'adjusted-use'], values: ZONE_KIND_VALUES, aliases: ['类型', '分区类型', '区域类型', '管控类型', 'lx', 'kind'], note: 'central (中心城区限制区) | adjusted-use (规划用途已调整)' },
  { field: 'approximate', kind: 'bool', use: 'schema', values: BOOL_VALUES, aliases: ['示意', '是否示意', '示意范围', '近似', 'approximate'], note: 'the outline is approximate (是/否)' },
];

const BLOCK_FIELDS: FieldSpec[] = [
  id(['区块编号', '低效区块编号', '片区编号', 'qkbh']),
  name(['区块名称', '低效区块名称', '片区名称', 'qkmc']),
  { field: 'reason', kind: 'text', use: 'schema', aliases: ['认定原因', '低效原因', '认定理由', '原因', 'reason'], note: 'why the block is low-efficiency' },
  { field: 'renovation_status', kind: 'enum', use: 'schema', allowed: ['planned', 'in_progress', 'done'], values: RENOVATION_VALUES, aliases: ['改造状态', '整治状态', '改造进度', '进度', 'renovation_status'], note: 'planned | in_progress | done (default planned)' },
  { field: 'renovation_year', kind: 'integer', use: 'schema', aliases: ['改造年份', '计划年份', '整治年份', '计划改造年份', '年度', 'renovation_year'], note: 'year of the renovation (1990–2100)' },
  { field: 'area_mu', kind: 'number', use: 'compare', unit: '亩', assume: '亩', aliases: ['区块面积', '用地面积', '面积', 'mj', 'area_mu'], note: 'declared area, 亩 (title without a unit: 亩 assumed); the pipeline measures its own' },
];

const ENTERPRISE_FIELDS: FieldSpec[] = [
  { field: 'id', kind: 'text', use: 'schema', aliases: ['企业编号', '企业id', '企业序号', 'qybh', 'enterprise_id', 'id'], note: 'the firm id (absent: the credit code, else the name, is used)' },
  { field: 'name', kind: 'text', use: 'schema', required: true, aliases: ['企业名称', '单位名称', '企业单位名称', '纳税人名称', '企业全称', '名称', 'qymc', 'name'], note: "the firm's name" },
  { field: 'credit_code', kind: 'text', use: 'schema', shape: CREDIT_CODE_SHAPE, aliases: ['统一社会信用代码', '社会信用代码', '信用代码', '纳税人识别号', 'tyshxydm', 'credit_code', 'uscc'], note: '统一社会信用代码, 18 characters' },
  { field: 'above_scale', kind: 'bool', use: 'schema', values: ABOVE_SCALE_VALUES, aliases: ['规上规下', '是否规上', '规上', '规模以上', '企业规模', '规模', 'above_scale'], note: '规上 (true) / 规下 (false)' },
  { field: 'industry', kind: 'enum', use: 'schema', allowed: INDUSTRIES, values: INDUSTRY_VALUES, open: true, aliases: ['行业', '所属行业', '行业类别', '行业分类', '国民经济行业', 'industry'], note: "an industry key of the policy's FAR table (default general)" },
  { field: 'chain', kind: 'text', use: 'schema', aliases: ['产业链', '所属产业链', 'chain'], note: 'chain id of chains.json' },
  { field: 'link', kind: 'text', use: 'schema', aliases: ['产业链环节', '链环节', '环节', 'link'], note: 'link id of the chain' },
  { field: 'anchor', kind: 'bool', use: 'schema', values: BOOL_VALUES, aliases: ['链主', '是否链主', '链主企业', 'anchor'], note: '链主 (是/否)' },
  { field: 'tax_10k', kind: 'number', use: 'schema', unit: '万元', aliases: ['税收', '实缴税金', '实缴税收', '实际入库税金', '税收收入', '税收总额', '税收实际贡献', '纳税额', 'tax', 'tax_10k'], note: 'tax paid, 万元 (title in 元 or 亿元: converted)' },
  { field: 'value_added_10k', kind: 'number', use: 'schema', unit: '万元', aliases: ['工业增加值', '增加值', 'value_added', 'value_added_10k'], note: 'value added, 万元' },
  { field: 'revenue_10k', kind: 'number', use: 'schema', unit: '万元', aliases: ['营业收入', '主营业务收入', '销售收入', '营收', 'revenue', 'revenue_10k'], note: 'revenue, 万元' },
  { field: 'rd_10k', kind: 'number', use: 'schema', unit: '万元', aliases: ['研发经费', '研发经费支出', 'r&d经费', '研发投入', '研发费用', 'rd', 'rd_10k'], note: 'R&D spending, 万元' },
  { field: 'energy_tce', kind: 'number', use: 'schema', unit: 'tce', aliases: ['综合能耗', '总能耗', '能耗', '能源消费量', 'energy_tce'], note: 'energy use, t standard coal (吨标煤)' },
  { field: 'emissions_t', kind: 'number', use: 'schema', unit: 't', aliases: ['排放', '排污量', '主要污染物排放量', '污染物排放当量', '排放当量', 'emissions_t'], note: 'pollutant equivalents, t' },
  { field: 'co2_t', kind: 'number', use: 'schema', unit: 't', aliases: ['碳排放', '二氧化碳排放', '二氧化碳排放量', 'co2排放', '碳排放量', 'co2_t'], note: 'CO₂, t' },
  { field: 'employees', kind: 'integer', use: 'schema', aliases: ['从业人员', '从业人数', '职工人数', '员工人数', '年平均职工人数', '从业人员期末人数', 'employees'], note: 'head count' },
  { field: 'evaluation_exempt', kind: 'text', use: 'schema', aliases: ['免评类型', '不参评原因', '免评', 'evaluation_exempt'], note: "an exempt kind of the policy's 亩均 evaluation" },
  { field: 'land_mu', kind: 'number', use: 'compare', unit: '亩', assume: '亩', aliases: ['用地面积', '占地面积', '土地面积', '用地', 'land_mu'], note: "declared land, 亩 (title without a unit: 亩 assumed); the pipeline sums the firm's parcels" },
  { field: 'grade', kind: 'enum', use: 'compare', allowed: GRADES, values: GRADE_VALUES, aliases: ['评价等级', '亩均评价等级', '综合评价等级', '评价结果', '评价类别', '等级', '分类', 'grade'], note: 'reported 亩均 grade A–D (A类/A档 → A); the pipeline grades by the policy' },
  { field: 'score', kind: 'number', use: 'compare', aliases: ['综合得分', '评价得分', '得分', '总分', 'score'], note: 'reported 亩均 score' },
];

export const TARGET_FIELDS: Readonly<Record<Target, readonly FieldSpec[]>> = {
  parcels: PARCEL_FIELDS,
  'control-lines': CONTROL_LINE_FIELDS,
  zones: ZONE_FIELDS,
  'low-efficiency-blocks': BLOCK_FIELDS,
  enterprises: ENTERPRISE_FIELDS,
};

export function fieldSpec(target: Target, field: string): FieldSpec | undefined {
  return TARGET_FIELDS[target].find((f) => f.field === field);
}

/** The dimension of a number field (null: a plain number such as FAR or a score, never converted). */
export function dimensionOf(spec: FieldSpec): Dimension | null {
  if (spec.kind === 'ratio') return 'ratio';
  return spec.unit ? UNITS[spec.unit].dimension : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Values

export type Converted = { ok: true; value: MappedValue } | { ok: false; message: string };

/** Numbers as people write them: 1,234.5, １２３４, " 12 ", 35%, 12.5亩 (a unit in the value wins over the title). */
export function parseNumberCell(v: Cell | unknown): { n: number; unit: UnitKey | null } | null {
  if (typeof v === 'number') return Number.isFinite(v) ? { n: v, unit: null } : null;
  if (typeof v !== 'string') return null;
  let s = v.normalize('NFKC').trim().replace(/\s+/g, '');
  const m = /^([+-]?[\d,]*\.?\d+(?:e[+-]?\d+)?)(.*)$/i.exec(s);
  if (!m) return null;
  let num = m[1]!;
  if (num.includes(',')) {
    // Only well-formed thousands groups: "1,5" could be a decimal comma, and guessing would be off by 1000.
    if (!/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(num)) return null;
    num = num.replace(/,/g, '');
  }
  const n = Number(num);
  if (!Number.isFinite(n)) return null;
  s = m[2]!;
  if (s === '') return { n, unit: null };
  const unit = unitFromSpelling(s);
  return unit === null ? null : { n, unit };
}

/** An empty cell: absent, null, '' or only spaces, or a dash written for "none". */
export function isEmptyCell(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && /^[\s\-—–/／\\]*$/.test(v));
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/**
 * One source value → the schema's value for `spec`. `unit` is the unit the source is in (mapping.json, else the
 * title, else the field's assumption); `userValues` is mapping.json's value map, consulted before the built-in one.
 * Never throws: a value that does not fit is a message naming it (the caller adds the field and row).
 */
export function convertValue(spec: FieldSpec, raw: unknown, unit: UnitKey | null, userValues: Readonly<Record<string, MappedValue>> | null): Converted {
  if (userValues !== null) {
    const key = typeof raw === 'string' ? raw.trim() : raw === null || raw === undefined ? '' : String(raw);
    if (Object.hasOwn(userValues, key)) return { ok: true, value: userValues[key]! };
    const nk = normaliseValue(key);
    const hit = Object.keys(userValues).find((k) => normaliseValue(k) === nk);
    if (hit !== undefined) return { ok: true, value: userValues[hit]! };
  }
  if (isEmptyCell(raw)) return { ok: true, value: null };
  switch (spec.kind) {
    case 'text':
      if (typeof raw === 'number' && Number.isFinite(raw)) return { ok: true, value: String(raw) };
      if (typeof raw === 'string') return { ok: true, value: raw.trim() };
      return { ok: false, message: `${show(raw)} is not text` };
    case 'bool': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const hit = (spec.values ?? BOOL_VALUES)[normaliseValue(String(raw))];
      if (typeof hit === 'boolean') return { ok: true, value: hit };
      return { ok: false, message: `${show(raw)} is not a yes/no value (是/否, Y/N, 1/0${spec.values && spec.values !== BOOL_VALUES ? ', or one of ' + Object.keys(spec.values).filter((k) => !(k in BOOL_VALUES)).join('/') : ''}); map it in "values"` };
    }
    case 'enum': {
      const allowed = spec.allowed ?? [];
      if (allowed.includes(raw as string | number)) return { ok: true, value: raw as string | number };
      const nk = normaliseValue(String(raw));
      const hit = spec.values?.[nk];
      if (hit !== undefined) return { ok: true, value: hit };
      const asAllowed = allowed.find((a) => normaliseValue(String(a)) === nk);
      if (asAllowed !== undefined) return { ok: true, value: asAllowed };
      if (spec.open && /^[a-z][a-z0-9_]*$/.test(nk)) return { ok: true, value: nk };
      return { ok: false, message: `${show(raw)} is not one of ${allowed.join(', ')}; map it in "values" (e.g. {"${String(raw)}": "${String(allowed[0])}"})` };
    }
    case 'ratio': {
      const p = parseNumberCell(raw);
      if (p === null) return { ok: false, message: `${show(raw)} is not a share (0.35 or 35%)` };
      const u = p.unit ?? unit;
      if (u !== null && u !== '%') return { ok: false, message: `${show(raw)} is in ${u}, not a share` };
      // A share above 1 can only be a percentage ("35" in a 绿地率 column); 0–1 is taken as written.
      const share = u === '%' || p.n > 1 ? p.n / 100 : p.n;
      return { ok: true, value: share };
    }
    case 'number':
    case 'integer': {
      const p = parseNumberCell(raw);
      if (p === null) return { ok: false, message: `${show(raw)} is not a number${unit ? ` (in ${unit})` : ''}` };
      let n = p.n;
      const to = spec.unit;
      const from = p.unit ?? unit ?? spec.assume ?? to ?? null;
      if (to !== undefined && from !== null && from !== to) {
        if (UNITS[from].dimension !== UNITS[to].dimension) {
          return { ok: false, message: `${show(raw)} is in ${from}, which cannot be converted to ${to}` };
        }
        n = convertUnit(n, from, to);
      } else if (to === undefined && p.unit !== null) {
        return { ok: false, message: `${show(raw)} carries a unit (${p.unit}) but this field is a plain number` };
      }
      if (spec.kind === 'integer' && !Number.isInteger(n)) return { ok: false, message: `${show(raw)} is not a whole number` };
      return { ok: true, value: n };
    }
  }
}
