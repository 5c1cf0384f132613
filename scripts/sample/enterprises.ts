// Fictional enterprises on the sample parcels. Every name carries 示例 so no one mistakes a sample firm for a
// real one. Figures are drawn so that the county 亩均税收 lands near what Zhejiang counties report (25–40 万元/亩)
// with a long log-normal tail, a few deliberately poor firms, and anchor (链主) firms per chain.
import type { Enterprise, Industry, ParcelStatus } from '../../src/lib/data/schema.ts';
import { CHAIN_SPECS, chainOfIndustry, chainSpec, type ChainSpec } from './chains.ts';
import type { ParcelDraft } from './parcels.ts';
import { clamp, Rng, round } from './rng.ts';

const FIRST = '华瑞鑫恒丰宏泰博达盛通嘉锦欣立星耀昌隆宇振海天金永兴益明远航凯创晟亿汇宝佳诺';
const SECOND = '源科邦诚峰威业利辉腾跃晨润康信森泽弘洋程途祥茂帆翔林川禾朗';

const TRADE_WORDS: Record<Industry, readonly string[]> = {
  general: ['机电', '电器', '五金', '机械', '电子', '智能科技'],
  food: ['食品', '水产食品', '农产品加工'],
  textiles: ['服饰', '纺织', '针织'],
  stationery_sports: ['文具', '文教用品', '体育用品', '办公用品'],
  plastics: ['塑业', '塑胶制品', '塑料制品'],
  rubber: ['橡胶制品', '橡塑', '密封件'],
  pharma: ['生物医药', '药业', '医疗器械'],
  chemicals: ['化工', '精细化工'],
  metal_smelting: ['金属材料', '合金材料', '铜业'],
  auto_parts: ['汽车零部件', '汽配', '车业', '汽车电子'],
  moulds: ['模具', '精密模具', '模塑'],
  photovoltaic: ['光伏科技', '新能源科技', '光电'],
  energy_storage: ['储能科技', '电池', '电源科技'],
  new_materials: ['新材料', '高分子材料', '复合材料'],
  aviation: ['通用航空', '航空科技'],
};

/** 亩均税收 level of an industry relative to the county (assumed, for spread only). */
const TAX_FACTOR: Record<Industry, number> = {
  general: 0.9, food: 0.75, textiles: 0.7, stationery_sports: 1, plastics: 0.85, rubber: 0.8, pharma: 1.4, chemicals: 1.1,
  metal_smelting: 0.9, auto_parts: 1.1, moulds: 1, photovoltaic: 1.3, energy_storage: 1.2, new_materials: 1.2, aviation: 1.2,
};
/** Energy use, tce per 万元 value added (assumed; heavy processes higher). */
const ENERGY_INTENSITY: Record<Industry, number> = {
  general: 0.2, food: 0.3, textiles: 0.35, stationery_sports: 0.15, plastics: 0.45, rubber: 0.55, pharma: 0.3, chemicals: 0.9,
  metal_smelting: 1.2, auto_parts: 0.22, moulds: 0.18, photovoltaic: 0.35, energy_storage: 0.25, new_materials: 0.6, aviation: 0.15,
};
/** Pollutant equivalents (t) per tce (assumed). */
const EMISSION_PER_TCE: Partial<Record<Industry, number>> = {
  chemicals: 0.02, metal_smelting: 0.015, rubber: 0.012, textiles: 0.01, plastics: 0.008, food: 0.008,
};
/** How much of a normal year's output a parcel of each status produces. */
const OUTPUT_BY_STATUS: Record<ParcelStatus, number> = {
  in_use: 1, used_not_full: 0.55, operating_below_target: 0.4, built_not_operating: 0.15, supplied_not_used: 0.1,
  under_construction: 0.1, idle: 0.05, approved_not_supplied: 0, for_transfer: 0,
};

// 统一社会信用代码 (GB 32100-2015): 31-symbol alphabet, weights 3^i mod 31; the embedded 组织机构代码 has its own
// GB 11714 check digit. Only the shape and check digits are real; the codes are random.
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 check character of an 8-character organisation code body (letters count A = 10 … Z = 35). */
export function orgCodeCheck(body: string): string {
  let s = 0;
  for (let i = 0; i < 8; i++) s += ORG_WEIGHTS[i]! * parseInt(body[i]!, 36);
  const c = 11 - (s % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** GB 32100 check character of the first 17 characters of a credit code. */
export function creditCodeCheck(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) {
    const v = CODE_CHARS.indexOf(first17[i]!);
    if (v < 0) throw new Error(`credit code: "${first17[i]}" is not a valid character`);
    s += CODE_WEIGHTS[i]! * v;
  }
  return CODE_CHARS[(31 - (s % 31)) % 31]!;
}

function creditCode(rng: Rng): string {
  // 'MA' opens the organisation codes issued since 2015; the rest is random from the shared alphabet.
  let body = 'MA';
  for (let i = 0; i < 6; i++) body += CODE_CHARS[rng.int(0, CODE_CHARS.length - 1)];
  const first17 = `91330226${body}${orgCodeCheck(body)}`;
  return first17 + creditCodeCheck(first17);
}

interface FirmDraft {
  id: string;
  parcels: ParcelDraft[];
  land: number;
  industry: Industry;
  chain: ChainSpec | null;
  link: string | null;
  anchor: boolean;
}

/** Firm count for a parcel count: about one per two parcels, within the 1 500–2 500 the app is tuned for. */
export const firmCount = (parcels: number): number => clamp(Math.round(parcels / 2), 1500, 2500);

/** Split the occupied parcels (in layout order, so neighbours) into `count` runs, one run per firm. */
function splitRuns(rng: Rng, occupied: ParcelDraft[], count: number): ParcelDraft[][] {
  const n = occupied.length;
  const forced: number[] = [];
  const free: number[] = [];
  for (let i = 1; i < n; i++) {
    // A firm never spans two areas.
    if (occupied[i]!.lp.block.area !== occupied[i - 1]!.lp.block.area) forced.push(i);
    else free.push(i);
  }
  const need = count - 1 - forced.length;
  if (need < 0 || need > free.length) throw new Error(`enterprises: cannot split ${n} occupied parcels into ${count} firms`);
  const cuts = new Set([...forced, ...rng.shuffled(free).slice(0, need)]);
  const runs: ParcelDraft[][] = [];
  let cur: ParcelDraft[] = [];
  occupied.forEach((p, i) => {
    if (i > 0 && cuts.has(i)) {
      runs.push(cur);
      cur = [];
    }
    cur.push(p);
  });
  runs.push(cur);
  return runs;
}

function assignLinks(rng: Rng, firms: FirmDraft[]): void {
  for (const f of firms) {
    // Rubber and plastics firms join the auto chain only in the 梅林 橡塑汽配 base, and not all of them.
    const spec =
      (f.industry === 'rubber' || f.industry === 'plastics') && f.parcels[0]!.lp.block.area.spec.key === 'meilin'
        ? rng.chance(0.4) ? chainSpec('auto-mould') : null
        : chainOfIndustry(f.industry);
    if (!spec) continue;
    const options = spec.links.filter((l) => (l.from[f.industry] ?? 0) > 0).map((l) => [l.id, l.from[f.industry]!] as const);
    if (!options.length) continue;
    f.chain = spec;
    f.link = rng.weighted(options);
  }
  for (const spec of CHAIN_SPECS) {
    const members = firms.filter((f) => f.chain === spec);
    // Two anchor (链主) firms per chain: the largest land users.
    const byLand = members.slice().sort((a, b) => b.land - a.land || a.id.localeCompare(b.id));
    for (const f of byLand.slice(0, 2)) f.anchor = true;
    // Each `single` link gets exactly one firm, moved from the chain's busiest link.
    for (const link of spec.links.filter((l) => l.target === 'single')) {
      const counts = new Map<string, number>();
      for (const f of members) counts.set(f.link!, (counts.get(f.link!) ?? 0) + 1);
      const busiest = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
      if (!busiest) continue;
      const movable = members.filter((f) => f.link === busiest[0] && !f.anchor);
      if (movable.length) rng.pick(movable).link = link.id;
    }
  }
}

function uniqueName(rng: Rng, industry: Industry, anchor: boolean, used: Set<string>): string {
  for (let attempt = 0; attempt < 200; attempt++) {
    const brand = FIRST[rng.int(0, FIRST.length - 1)]! + SECOND[rng.int(0, SECOND.length - 1)]!;
    const name = `宁海示例${brand}${rng.pick(TRADE_WORDS[industry])}${anchor ? '股份' : ''}有限公司`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  throw new Error(`enterprises: ran out of distinct names for industry ${industry}`);
}

/** Share of firms that are 规上 (above designated size). */
export const ABOVE_SCALE_SHARE = 0.35;

/**
 * 规上 firms: the anchors plus the largest land users, ranked with noise so a few small firms are 规上 and a few
 * large ones are not. Large firms hold most of the land, which is what keeps the county 亩均 near 25–40 万元/亩.
 */
function chooseAboveScale(rng: Rng, firms: FirmDraft[]): Set<FirmDraft> {
  const ranked = firms
    .map((f) => ({ f, score: f.anchor ? Infinity : Math.log(f.land) + 0.35 * rng.normal() }))
    .sort((a, b) => b.score - a.score || a.f.id.localeCompare(b.f.id));
  return new Set(ranked.slice(0, Math.round(ABOVE_SCALE_SHARE * firms.length)).map((x) => x.f));
}

/** Draw one firm's figures. Returns rounded numbers in the schema's units. */
function figures(rng: Rng, f: FirmDraft, above: boolean, poor: boolean) {
  const output = f.parcels.reduce((s, p) => s + p.lp.mu * OUTPUT_BY_STATUS[p.status], 0) / f.land;
  // Large land users vary less than workshops; without this a handful of 300-亩 firms would swing the county figure.
  const spread = f.land > 80 ? 0.5 : 1;
  let taxPerMu = (above ? rng.logNormal(35, 0.6 * spread) : rng.logNormal(11, 0.7 * spread)) * TAX_FACTOR[f.industry];
  if (f.anchor) taxPerMu *= rng.range(1.2, 1.6);
  const normalTax = f.land * taxPerMu;
  const vaPerTax = rng.range(3, 5);
  const vaRate = rng.range(0.18, 0.3);
  // Energy follows the firm's normal-year output: a poor or idle firm keeps its furnaces, not its value added.
  const energy = normalTax * vaPerTax * ENERGY_INTENSITY[f.industry] * rng.logNormal(1, 0.35);
  let tax = normalTax * output * (poor ? rng.range(0.05, 0.2) : 1);
  let va = tax * vaPerTax;
  let revenue = va / vaRate;
  // 规上 means main-business revenue ≥ 2 000 万元; keep each firm on its side of that line, after rounding.
  if (above && revenue < 2000) revenue = rng.range(2000, 2600);
  if (!above && revenue >= 1999.5) {
    const k = rng.range(600, 1990) / revenue;
    tax *= k;
    va *= k;
    revenue *= k;
  }
  const rdShare = f.anchor
    ? rng.range(0.035, 0.058)
    : above
      ? clamp(rng.logNormal(0.026, 0.45), 0.003, 0.06)
      : rng.chance(0.2) ? 0 : clamp(rng.logNormal(0.011, 0.6), 0, 0.05);
  const emissions = Math.max(0.01, energy * (EMISSION_PER_TCE[f.industry] ?? 0.004) * rng.logNormal(1, 0.5));
  return {
    above_scale: above,
    tax_10k: round(tax, 1),
    value_added_10k: round(va, 1),
    revenue_10k: round(revenue, 1),
    rd_10k: round(revenue * rdShare, 1),
    energy_tce: round(energy, 1),
    emissions_t: round(emissions, 3),
    // ≈ 2.5 t CO₂ per tce for a coal-heavy grid mix, with a little spread for the fuel mix.
    co2_t: round(energy * 2.5 * rng.range(0.96, 1.04), 1),
    employees: Math.round(clamp(revenue / rng.logNormal(90, 0.4), 5, 3000)),
  };
}

/**
 * Create the firms, write their ids onto the parcels (and the firm's industry onto its parcels) and return them.
 * `parcels` must be in layout order so a multi-parcel firm sits on neighbouring parcels.
 */
export function makeEnterprises(seed: number, parcels: ParcelDraft[]): Enterprise[] {
  const rng = new Rng(seed, 'enterprises');
  const occupied = parcels.filter((p) => !p.vacant);
  const count = Math.min(firmCount(parcels.length), occupied.length);
  const runs = splitRuns(rng, occupied, count);
  const firms: FirmDraft[] = runs.map((run, i) => ({
    id: `ENT-${String(i + 1).padStart(4, '0')}`,
    parcels: run,
    land: run.reduce((s, p) => s + p.lp.mu, 0),
    industry: rng.weighted(run[0]!.lp.block.area.spec.industries),
    chain: null,
    link: null,
    anchor: false,
  }));
  for (const f of firms) {
    for (const p of f.parcels) {
      p.enterprise_id = f.id;
      p.industry = f.industry;
    }
  }
  assignLinks(rng, firms);
  const above = chooseAboveScale(rng, firms);
  const names = new Set<string>();
  const codes = new Set<string>();
  return firms.map((f) => {
    const name = uniqueName(rng, f.industry, f.anchor, names);
    let code = creditCode(rng);
    while (codes.has(code)) code = creditCode(rng);
    codes.add(code);
    const poor = !f.anchor && rng.chance(0.04);
    const fig = figures(rng, f, above.has(f), poor);
    return {
      id: f.id,
      name,
      credit_code: code,
      above_scale: fig.above_scale,
      industry: f.industry,
      chain: f.chain?.id ?? null,
      link: f.link,
      anchor: f.anchor,
      tax_10k: fig.tax_10k,
      value_added_10k: fig.value_added_10k,
      revenue_10k: fig.revenue_10k,
      rd_10k: fig.rd_10k,
      energy_tce: fig.energy_tce,
      emissions_t: fig.emissions_t,
      co2_t: fig.co2_t,
      employees: fig.employees,
    };
  });
}
