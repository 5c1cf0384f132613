// The sample county as a county actually delivers it (issue 13): the parcels as a zipped Shapefile in CGCS2000
// 3° Gauss-Krüger CM 120°E (EPSG:4549) with Chinese field names and GBK text (.cpg says so, .prj carries the ESRI
// WKT), the 亩均评价 results as an .xlsx with Chinese column titles, and the mapping.json that turns both into the
// schema. The other layers and side files are copied as they are. Built from a sample folder written by
// generate.ts, so `build-data` on this folder must give the same county as on the GeoJSON one.
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import proj4 from 'proj4';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LAND_USES, PARCEL_STATUSES, type Enterprise, type ParcelSource } from '../../src/lib/data/schema.ts';
import { proj4Def } from '../../src/lib/geo/crs.ts';
import { t, type MessageKey } from '../../src/lib/i18n/index.ts';
import { writeDbf, writeShp, type DbfField, type ShpPolygon } from './shapefile-write.ts';

/** ESRI's WKT for EPSG:4549, as ArcGIS and QGIS write it into a .prj. */
export const PRJ_4549 =
  'PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",' +
  'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
  'PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],' +
  'PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

export const PARCELS_ZIP = '宗地.zip';
export const PARCELS_BASENAME = '宗地';
export const ENTERPRISES_XLSX = '亩均评价.xlsx';

type Row = Record<string, string | number | boolean | null>;

/** dbf column ← schema field; names fit the format's 10 bytes in GBK. */
const PARCEL_COLUMNS: { field: keyof ParcelSource; col: DbfField; zh?: (v: string) => string }[] = [
  { field: 'id', col: { name: '地块编号', type: 'C', length: 40 } },
  { field: 'name', col: { name: '地块名称', type: 'C', length: 120 } },
  { field: 'land_use', col: { name: '用地性质', type: 'C', length: 30 }, zh: (v) => t('zh', `landUse.${v}` as MessageKey) },
  { field: 'status', col: { name: '使用状态', type: 'C', length: 30 }, zh: (v) => t('zh', `status.${v}` as MessageKey) },
  { field: 'enterprise_id', col: { name: '企业编号', type: 'C', length: 20 } },
  { field: 'floor_area_m2', col: { name: '建筑面积', type: 'N', length: 16, decimals: 2 } },
  { field: 'tall_floor_area_m2', col: { name: '高层面积', type: 'N', length: 16, decimals: 2 } },
  { field: 'height_m', col: { name: '建筑高度', type: 'N', length: 10, decimals: 2 } },
  { field: 'coverage', col: { name: '建筑系数', type: 'N', length: 10, decimals: 4 } },
  { field: 'green_ratio', col: { name: '绿地率', type: 'N', length: 10, decimals: 4 } },
  { field: 'admin_ratio', col: { name: '行政占比', type: 'N', length: 10, decimals: 4 } },
  { field: 'standard_land', col: { name: '标准地', type: 'L', length: 1 } },
  { field: 'dilapidated', col: { name: '危旧厂房', type: 'L', length: 1 } },
  { field: 'banned_industry', col: { name: '淘汰类', type: 'L', length: 1 } },
  { field: 'industry', col: { name: '行业', type: 'C', length: 30 } },
  { field: 'town', col: { name: '乡镇街道', type: 'C', length: 40 } },
  { field: 'park', col: { name: '所在园区', type: 'C', length: 80 } },
  { field: 'project', col: { name: '项目类型', type: 'C', length: 20 } },
  { field: 'central_approved', col: { name: '集体同意', type: 'L', length: 1 } },
];

/** xlsx column title ← enterprise field (亩均评价 exports carry the unit in the title). */
const ENTERPRISE_COLUMNS: { field: keyof Enterprise; title: string; yesNo?: boolean }[] = [
  { field: 'id', title: '企业编号' },
  { field: 'name', title: '企业名称' },
  { field: 'credit_code', title: '统一社会信用代码' },
  { field: 'above_scale', title: '是否规上', yesNo: true },
  { field: 'industry', title: '所属行业' },
  { field: 'chain', title: '产业链' },
  { field: 'link', title: '产业链环节' },
  { field: 'anchor', title: '链主企业', yesNo: true },
  { field: 'tax_10k', title: '税收（万元）' },
  { field: 'value_added_10k', title: '工业增加值（万元）' },
  { field: 'revenue_10k', title: '营业收入（万元）' },
  { field: 'rd_10k', title: '研发经费（万元）' },
  { field: 'energy_tce', title: '综合能耗（吨标煤）' },
  { field: 'emissions_t', title: '排放当量（吨）' },
  { field: 'co2_t', title: '二氧化碳排放（吨）' },
  { field: 'employees', title: '从业人员（人）' },
  { field: 'evaluation_exempt', title: '免评类型' },
];

interface Fc<P> {
  features: { geometry: { type: string; coordinates: unknown }; properties: P }[];
}

/** The polygon in EPSG:4549 metres. */
function toGk(g: { type: string; coordinates: unknown }, forward: (p: number[]) => number[]): ShpPolygon {
  const ring = (r: number[][]) => r.map(forward);
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: (g.coordinates as number[][][]).map(ring) };
  if (g.type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: (g.coordinates as number[][][][]).map((p) => p.map(ring)) };
  throw new Error(`sample parcel geometry ${g.type} is not a polygon`);
}

/**
 * How the parcels name their firm: by our enterprise id (企业编号), or — as a 自然资源 register does — by the holder's
 * 统一社会信用代码 (信用代码), which build-data joins to the 亩均 table.
 */
export type FirmKey = 'id' | 'credit_code';

const CREDIT_COLUMN: DbfField = { name: '信用代码', type: 'C', length: 18 };

export async function parcelsShapefileZip(parcels: Fc<ParcelSource>, key: FirmKey = 'id', creditCodes: ReadonlyMap<string, string> = new Map()): Promise<Uint8Array> {
  const converter = proj4(proj4Def('EPSG:4490')!, proj4Def('EPSG:4549')!);
  const forward = (p: number[]): number[] => converter.forward([p[0]!, p[1]!]);
  const { shp, shx } = writeShp(parcels.features.map((f) => toGk(f.geometry, forward)));
  const columns = parcelColumnsFor(key);
  const rows: Row[] = parcels.features.map(({ properties: p }) => {
    const row: Row = {};
    for (const c of columns) {
      const v = p[c.field] as string | number | boolean | null;
      row[c.col.name] = c.zh && typeof v === 'string' ? c.zh(v) : v;
    }
    if (key === 'credit_code') row[CREDIT_COLUMN.name] = p.enterprise_id ? (creditCodes.get(p.enterprise_id) ?? null) : null;
    return row;
  });
  const dbf = writeDbf([...columns.map((c) => c.col), ...(key === 'credit_code' ? [CREDIT_COLUMN] : [])], rows, 'gbk');
  const enc = new TextEncoder();
  const b = PARCELS_BASENAME;
  // Zip member names are UTF-8 with the language-encoding flag, which fflate sets for non-ASCII names.
  return zipSync({ [`${b}.shp`]: shp, [`${b}.shx`]: shx, [`${b}.dbf`]: dbf, [`${b}.cpg`]: enc.encode('GBK'), [`${b}.prj`]: enc.encode(PRJ_4549) }, { mtime: new Date('2026-12-01T00:00:00Z') });
}

export async function enterprisesXlsx(enterprises: readonly Enterprise[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.created = new Date('2026-12-01T00:00:00Z');
  wb.modified = wb.created;
  const ws = wb.addWorksheet('2025年亩均评价');
  ws.addRow(ENTERPRISE_COLUMNS.map((c) => c.title));
  for (const e of enterprises) {
    ws.addRow(
      ENTERPRISE_COLUMNS.map((c) => {
        const v = e[c.field] ?? null;
        return c.yesNo ? (v ? '是' : '否') : (v as string | number | null);
      }),
    );
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The mapping.json of the delivered sample: every column named, Chinese values mapped back, GBK and CRS declared by the files. */
const parcelColumnsFor = (key: FirmKey) => (key === 'id' ? PARCEL_COLUMNS : PARCEL_COLUMNS.filter((c) => c.field !== 'enterprise_id'));

export function deliveredMapping(key: FirmKey = 'id'): Record<string, unknown> {
  const parcels: Record<string, unknown> = {};
  if (key === 'credit_code') parcels['credit_code'] = CREDIT_COLUMN.name;
  for (const c of parcelColumnsFor(key)) {
    if (c.zh) {
      const allowed = c.field === 'land_use' ? LAND_USES : PARCEL_STATUSES;
      parcels[c.field] = { from: c.col.name, values: Object.fromEntries(allowed.map((v) => [c.zh!(v), v])) };
    } else parcels[c.field] = c.col.name;
  }
  const enterprises: Record<string, unknown> = {};
  for (const c of ENTERPRISE_COLUMNS) enterprises[c.field] = c.title;
  return {
    _note: '示例数据: the sample county as a county delivers it (tenglong sample --delivered DIR). Written by scripts/sample/delivered.ts.',
    parcels: { file: PARCELS_ZIP, fields: parcels },
    enterprises: { file: ENTERPRISES_XLSX, fields: enterprises, ...(key === 'credit_code' ? { join: { by: 'credit_code' } } : {}) },
  };
}

/** Writes the delivered form of the sample folder `src` into `out`. Returns the files written. */
export async function writeDeliveredCounty(src: string, out: string, key: FirmKey = 'id'): Promise<string[]> {
  const mapping = deliveredMapping(key);
  await mkdir(out, { recursive: true });
  const parcels = JSON.parse(await readFile(join(src, 'parcels.geojson'), 'utf8')) as Fc<ParcelSource>;
  const ents = JSON.parse(await readFile(join(src, 'enterprises.json'), 'utf8')) as { enterprises: Enterprise[] };
  const written: string[] = [];
  const put = async (name: string, bytes: Uint8Array | string) => {
    await writeFile(join(out, name), bytes);
    written.push(name);
  };
  await put(PARCELS_ZIP, await parcelsShapefileZip(parcels, key, new Map(ents.enterprises.map((e) => [e.id, e.credit_code]))));
  await put(ENTERPRISES_XLSX, await enterprisesXlsx(ents.enterprises));
  await put('mapping.json', JSON.stringify(mapping, null, 2) + '\n');
  for (const name of (await readdir(src)).sort()) {
    if (name === 'parcels.geojson' || name === 'enterprises.json') continue;
    await copyFile(join(src, name), join(out, name));
    written.push(name);
  }
  return written;
}

export { ENTERPRISE_COLUMNS, PARCEL_COLUMNS };
