#!/usr/bin/env node
// Writes the corpus's small valid base county (this folder) and the few binary fixtures that cannot be written as
// text in a case folder (GBK bytes, bytes valid in no supported encoding). Deterministic: no randomness, no clock,
// no dependency beyond Node; run it again and `git diff` shows nothing.
//
//   node tests/corpus/_base/generate.mjs
//
// Every feature of the base is valid and lies inside the extent of county.json, so `build-data --src _base` exits 0
// (the corpus runner's first test asserts that). Coordinates are CGCS2000/WGS84 lon/lat, 7 decimals, all in the
// 3° Gauss-Krüger zone with CM 120°E (EPSG:4549 / 4528), so GK variants of the base are unambiguous.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const CORPUS = dirname(HERE);

const r7 = (v) => Math.round(v * 1e7) / 1e7;
const box = (w, s, e, n) => [[[r7(w), r7(s)], [r7(e), r7(s)], [r7(e), r7(n)], [r7(w), r7(n)], [r7(w), r7(s)]]];
const poly = (coordinates, properties) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates }, properties });

/** One feature (or record) per line, so line numbers in messages point at one feature. */
function collection(name, features, head = {}) {
  return `{"type":"FeatureCollection","name":${JSON.stringify(name)}${Object.entries(head)
    .map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`)
    .join('')},"features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}
function records(key, list) {
  return `{"${key}":[\n${list.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
}

// ---- the grid: 4 columns × 5 rows of parcels, 0.001° × 0.0008° each (≈ 97 m × 89 m ≈ 13 亩) ----
const W0 = 121.42;
const S0 = 29.28;
const DX = 0.0012;
const DY = 0.001;
const PW = 0.001;
const PH = 0.0008;
const cell = (c, r) => box(W0 + c * DX, S0 + r * DY, W0 + c * DX + PW, S0 + r * DY + PH);
/** A box around whole cells [c0..c1] × [r0..r1] with a margin of 0.0001°. */
const cells = (c0, r0, c1, r1, m = 0.0001) => box(W0 + c0 * DX - m, S0 + r0 * DY - m, W0 + c1 * DX + PW + m, S0 + r1 * DY + PH + m);

const INDUSTRIES = ['moulds', 'auto_parts', 'textiles', 'photovoltaic', 'energy_storage', 'general', 'plastics', 'stationery_sports', 'new_materials', 'food', 'moulds', 'auto_parts'];
const CHAIN_OF = [
  ['auto-mould', 'am-design'],
  ['auto-mould', 'am-casting'],
  [null, null],
  ['pv-storage', 'pv-cell'],
  ['pv-storage', 'es-cell'],
  [null, null],
  [null, null],
  [null, null],
  [null, null],
  [null, null],
  ['auto-mould', 'am-machining'],
  ['auto-mould', 'am-casting'],
];
const FIRM_NAMES = ['精模', '汽配', '纺织', '光能', '储能', '机电', '塑业', '文体', '新材', '食品', '数控', '压铸'];
const VACANT_STATUS = ['idle', 'approved_not_supplied', 'for_transfer', 'supplied_not_used', 'idle', 'approved_not_supplied', 'used_not_full', 'built_not_operating'];

const parcels = [];
for (let r = 0; r < 5; r++) {
  for (let c = 0; c < 4; c++) {
    const i = r * 4 + c; // 0..19
    const n = String(i + 1).padStart(2, '0');
    const firm = i < 12 ? i : null;
    const props = {
      id: `CP-${n}`,
      name: `语料地块${n}号`,
      land_use: i === 5 ? 'warehouse' : 'industrial',
      status: firm === null ? VACANT_STATUS[i - 12] : i === 9 ? 'operating_below_target' : 'in_use',
      enterprise_id: firm === null ? null : `E-${String(firm + 1).padStart(2, '0')}`,
      floor_area_m2: firm === null ? 0 : 6000 + 700 * i,
      tall_floor_area_m2: firm === null ? null : 500 + 50 * i,
      height_m: firm === null ? null : 12 + (i % 4) * 3,
      coverage: firm === null ? null : Math.round((0.45 + (i % 3) * 0.05) * 100) / 100,
      green_ratio: firm === null ? null : 0.1,
      admin_ratio: firm === null ? null : 0.05,
      standard_land: i % 5 === 0,
      dilapidated: i === 9,
      banned_industry: false,
      industry: firm === null ? 'general' : INDUSTRIES[firm],
      town: r < 3 ? '跃龙街道' : '桃源街道',
      park: c < 2 ? '语料工业园' : null,
    };
    parcels.push(poly(cell(c, r), props));
  }
}

const controlLines = [
  poly(cells(0, 0, 1, 2), { id: 'CL1-A', name: '语料一级控制线', level: 1 }),
  poly(cells(0, 0, 3, 4, 0.0004), { id: 'CL2-A', name: '语料二级控制线', level: 2 }),
];
const zones = [
  poly(cells(3, 3, 3, 4), { id: 'ZONE-C', name: '语料中心城区限制区', kind: 'central', approximate: true }),
  poly(cells(2, 4, 2, 4), { id: 'ZONE-ADJ', name: '语料用途调整区', kind: 'adjusted-use', approximate: false }),
];
const blocks = [
  poly(cells(0, 3, 0, 4), { id: 'LE-01', name: '语料低效区块1', reason: '建筑老旧', renovation_status: 'planned', renovation_year: 2024 }),
  poly(cells(1, 4, 1, 4), { id: 'LE-02', name: '语料低效区块2', reason: '亩均税收偏低', renovation_status: 'in_progress', renovation_year: 2025 }),
];
const towns = [
  { type: 'Feature', geometry: { type: 'Point', coordinates: [121.4215, 29.2815] }, properties: { id: 'T-1', name: '跃龙街道', kind: 'town' } },
  { type: 'Feature', geometry: { type: 'Point', coordinates: [121.4245, 29.2845] }, properties: { id: 'T-2', name: '桃源街道', kind: 'town' } },
];

/** 统一社会信用代码 check character (GB 32100-2015). */
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function creditCode(i) {
  const body = `91330226MA${String(2000000 + i * 7919).slice(-7)}`; // 17 characters
  const sum = [...body].reduce((s, ch, k) => s + CODE_CHARS.indexOf(ch) * CODE_WEIGHTS[k], 0);
  return body + CODE_CHARS[(31 - (sum % 31)) % 31];
}

const enterprises = INDUSTRIES.map((industry, k) => ({
  id: `E-${String(k + 1).padStart(2, '0')}`,
  name: `宁海语料${FIRM_NAMES[k]}有限公司`,
  credit_code: creditCode(k + 1),
  above_scale: k % 3 !== 2,
  industry,
  chain: CHAIN_OF[k][0],
  link: CHAIN_OF[k][1],
  anchor: k === 0,
  tax_10k: 40 + 25 * k,
  value_added_10k: 200 + 90 * k,
  revenue_10k: 900 + 400 * k,
  rd_10k: 10 + 3 * k,
  energy_tce: 60 + 20 * k,
  emissions_t: Math.round((0.2 + 0.05 * k) * 100) / 100,
  co2_t: 150 + 40 * k,
  employees: 20 + 7 * k,
  ...(k === 7 ? { evaluation_exempt: 'startup' } : {}),
}));

const chains = [
  {
    id: 'auto-mould',
    name: { zh: '汽车零部件+模具', en: 'Auto parts + moulds' },
    links: [
      { id: 'am-design', name: { zh: '模具设计', en: 'Mould design' }, order: 1 },
      { id: 'am-casting', name: { zh: '压铸与铸造', en: 'Die casting & foundry' }, order: 2 },
      { id: 'am-machining', name: { zh: '机加工', en: 'Machining' }, order: 3 },
    ],
  },
  {
    id: 'pv-storage',
    name: { zh: '光伏+储能', en: 'PV + energy storage' },
    links: [
      { id: 'pv-cell', name: { zh: '电池片', en: 'Solar cells' }, order: 1 },
      { id: 'pv-module', name: { zh: '组件', en: 'Modules' }, order: 2 },
      { id: 'es-cell', name: { zh: '储能电芯', en: 'Storage battery cells' }, order: 3 },
    ],
  },
];
const demands = [
  { id: 'D-001', chain: 'auto-mould', link: 'am-machining', profile: '精密机加工配套', land_mu: 20, investment_100m: 1.5, park: '语料工业园', status: 'open' },
  { id: 'D-002', chain: 'pv-storage', link: 'pv-module', profile: '光伏组件', land_mu: 12, investment_100m: 2, park: null, status: 'negotiating' },
  { id: 'D-003', chain: 'auto-mould', link: 'am-design', profile: '模具设计中心', land_mu: 8, investment_100m: 0.5, park: null, status: 'signed' },
];
const projects = [
  { id: 'P-001', name: '语料精模扩建项目', parcel_id: 'CP-01', enterprise_id: 'E-01', investment_100m: 1.2, stage: 'construct', chain: 'auto-mould' },
  { id: 'P-002', name: '语料光能新建项目', parcel_id: 'CP-13', enterprise_id: 'E-04', investment_100m: 3.5, stage: 'attract', chain: 'pv-storage' },
  { id: 'P-003', name: '语料食品技改项目', parcel_id: null, enterprise_id: 'E-10', investment_100m: 0.4, stage: 'produce', chain: null },
];
const landSupply = [
  { year: 2022, parcel_id: 'CP-13', land_use: 'industrial', area_mu: 13.2 },
  { year: 2022, parcel_id: null, land_use: 'commercial', area_mu: 20.5 },
  { year: 2023, parcel_id: 'CP-14', land_use: 'industrial', area_mu: 13.1 },
  { year: 2023, parcel_id: null, land_use: 'residential', area_mu: 8 },
];
const landSwap = [
  { year: 2022, parcel_id: null, change: 'reclaimed', control_line: 0, area_mu: 15.5 },
  { year: 2022, parcel_id: 'CP-15', change: 'new', control_line: 2, area_mu: 13 },
  { year: 2023, parcel_id: null, change: 'reclaimed', control_line: 0, area_mu: 9 },
  { year: 2023, parcel_id: 'CP-16', change: 'new', control_line: 1, area_mu: 8 },
];
const county = {
  id: 'corpus',
  name: { zh: '宁海县（测试语料）', en: 'Ninghai County (test corpus)' },
  adcode: '330226',
  extent: [121.3, 29.2, 121.6, 29.45],
  max_parcel_mu: 5000,
  sample: false,
  source: 'tests/corpus/_base/generate.mjs: a small hand-made county for the bad-input corpus (not real figures)',
};

const write = (path, text) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};
write(join(HERE, 'parcels.geojson'), collection('parcels', parcels));
write(join(HERE, 'control-lines.geojson'), collection('control-lines', controlLines));
write(join(HERE, 'zones.geojson'), collection('zones', zones));
write(join(HERE, 'low-efficiency-blocks.geojson'), collection('low-efficiency-blocks', blocks));
write(join(HERE, 'base-towns.geojson'), collection('base-towns', towns));
write(join(HERE, 'county.json'), JSON.stringify(county, null, 2) + '\n');
write(join(HERE, 'enterprises.json'), records('enterprises', enterprises));
write(join(HERE, 'chains.json'), records('chains', chains));
write(join(HERE, 'demands.json'), records('demands', demands));
write(join(HERE, 'projects.json'), records('projects', projects));
write(join(HERE, 'land-supply.json'), records('land_supply', landSupply));
write(join(HERE, 'land-swap.json'), records('land_swap', landSwap));

// ---- binary fixtures ----
// GBK bytes of the few characters the GBK fixtures use (GB 2312 code points, as iconv -t GBK writes them).
const GBK = { 宁: [0xc4, 0xfe], 海: [0xba, 0xa3], 工: [0xb9, 0xa4], 业: [0xd2, 0xb5], 示: [0xca, 0xbe], 例: [0xc0, 0xfd], 地: [0xb5, 0xd8], 块: [0xbf, 0xe9], 公: [0xb9, 0xab], 司: [0xcb, 0xbe] };
function gbk(text) {
  const out = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else if (GBK[ch]) out.push(...GBK[ch]);
    else throw new Error(`no GBK bytes for ${ch} in the table`);
  }
  return Buffer.from(out);
}
/** The base parcels with GBK-encodable names (宁海示例工业地块01…), no town/park text. */
function gbkParcels() {
  const fs = parcels.map((f) => ({
    ...f,
    properties: { ...f.properties, name: `宁海示例工业地块${f.properties.id.slice(3)}`, town: '', park: null },
  }));
  return gbk(collection('parcels', fs));
}
write(join(CORPUS, 'build-enc-gbk-detected', 'parcels.geojson'), gbkParcels());
write(join(CORPUS, 'build-enc-gbk-flag', 'parcels.geojson'), gbkParcels());
// Enterprises in GBK (name 宁海示例工业公司): the side file is decoded by detection too.
write(
  join(CORPUS, 'build-enc-gbk-enterprises', 'enterprises.json'),
  gbk(records('enterprises', enterprises.map((e) => ({ ...e, name: `宁海示例工业公司${e.id.slice(2)}` })))),
);
// Bytes valid in no supported encoding: FF is a lead byte neither in UTF-8 nor in GB18030. In the name of the first
// parcel (line 2), with only ASCII before it: neither UTF-8 nor GB18030 can read the file.
function withBytes(name, bytes) {
  const text = collection('parcels', parcels);
  const at = text.indexOf(name);
  return Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(bytes), Buffer.from(text.slice(at + name.length))]);
}
write(join(CORPUS, 'build-enc-invalid-bytes', 'parcels.geojson'), withBytes('语料地块01号', [0x41, 0xff, 0xff, 0x42]));
// The same bytes in the 4th parcel (line 5), after UTF-8 Chinese text: damaged UTF-8, not to be read as GBK.
write(join(CORPUS, 'build-enc-damaged-utf8', 'parcels.geojson'), withBytes('语料地块04号', [0x41, 0xff, 0xff, 0x42]));
console.log('corpus base written to', HERE);
