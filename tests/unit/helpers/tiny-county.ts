// A county of a few parcels in lon/lat inside Ninghai's extent, with the layers build-data requires (one control
// line, one zone, one low-efficiency block), built in well under a second: for tests that need a real data build
// (publishing, the parcel-id check) but not the sample county's thousands of parcels.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildData, type BuildReport, type StatusEditInput } from '../../../scripts/build-data.ts';
import { PATHS } from '../../../scripts/paths.ts';
import type { ParcelStatus } from '../../../src/lib/data/schema.ts';
import { ninghaiPolicy } from '../../../src/lib/rules/test-policy.ts';

export interface TinyParcel {
  id: string;
  status: ParcelStatus;
}

/** The default parcels: ids with the characters registers use (Chinese, space, /, #). */
export const TINY_PARCELS: TinyParcel[] = [
  { id: 'T-1', status: 'idle' },
  { id: 'T-2', status: 'in_use' },
  { id: 'T-3', status: 'approved_not_supplied' },
  { id: '宁海 B区/12#', status: 'in_use' },
];

const square = (lon: number, lat: number, d = 0.001) => [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]];
const poly = (coordinates: unknown, properties: Record<string, unknown>) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates }, properties });
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

/** Writes the county's source folder into `dir` (made if missing). */
export function writeTinyCounty(dir: string, parcels: readonly TinyParcel[] = TINY_PARCELS): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'parcels.geojson'),
    fc(
      parcels.map((p, i) =>
        poly(square(121.43 + 0.002 * i, 29.29), {
          id: p.id,
          land_use: 'industrial',
          status: p.status,
          enterprise_id: null,
          floor_area_m2: 9000,
          height_m: 12,
          coverage: 0.5,
          green_ratio: 0.1,
          admin_ratio: 0.05,
          industry: 'moulds',
          town: '跃龙街道',
        }),
      ),
    ),
  );
  writeFileSync(join(dir, 'control-lines.geojson'), fc([poly(square(121.42, 29.28, 0.03), { id: 'L1', name: '一级线', level: 1 })]));
  writeFileSync(join(dir, 'zones.geojson'), fc([poly(square(121.6, 29.22, 0.03), { id: 'Z1', kind: 'adjusted-use', name: '调整区' })]));
  writeFileSync(
    join(dir, 'low-efficiency-blocks.geojson'),
    fc([poly(square(121.425, 29.285, 0.01), { id: 'B1', name: '示例低效区块', reason: '容积率低', renovation_status: 'planned', renovation_year: 2024 })]),
  );
}

export interface TinyBuild {
  root: string;
  src: string;
  /** The served data folder (a link to the store's live release), as public/data is. */
  data: string;
  store: string;
  /** The shipped policy file (what publish reads, as build-data does). */
  policyFile: string;
  report: BuildReport;
}

/** A temporary folder with the tiny county's sources, built once into data/ (store beside it). */
export async function buildTinyCounty(parcels: readonly TinyParcel[] = TINY_PARCELS, statusEdits?: ReadonlyMap<string, StatusEditInput>): Promise<TinyBuild> {
  const root = mkdtempSync(join(tmpdir(), 'tenglong-tiny-'));
  const src = join(root, 'src');
  writeTinyCounty(src, parcels);
  const policyFile = PATHS.policy;
  const data = join(root, 'data');
  const store = join(root, 'store');
  const report = await buildData({ src, out: data, store, policy: ninghaiPolicy(), ...(statusEdits ? { statusEdits } : {}) });
  return { root, src, data, store, policyFile, report };
}
