// The chain firms' parcels as the site worker posts them to the page (issue 16): in columns, not as objects. At
// 200 000 parcels the chain firms hold ~94 000 parcels; as objects their structured clone was 15.5 MB (each object
// spells its keys) and took ~0.4 s to serialise and read back; as columns the numbers go as one typed array, moved
// without a copy. Pure.
import type { ChainParcel } from './site-stream.ts';

/** Numbers per parcel: point x, y; box west, south, east, north; planar 亩. */
const STRIDE = 7;

export interface ChainParcelColumns {
  ids: string[];
  enterprise_ids: string[];
  statuses: string[];
  /** STRIDE numbers per parcel, in the order of `ids`. */
  numbers: Float64Array;
}

export function toColumns(parcels: readonly ChainParcel[]): ChainParcelColumns {
  const numbers = new Float64Array(parcels.length * STRIDE);
  parcels.forEach((p, i) => numbers.set([p.point[0], p.point[1], ...p.bbox, p.area_mu_planar], i * STRIDE));
  return { ids: parcels.map((p) => p.id), enterprise_ids: parcels.map((p) => p.enterprise_id), statuses: parcels.map((p) => p.status), numbers };
}

/** The parcels back, grouped by firm (each firm's in the order sent). */
export function byFirmFromColumns(c: ChainParcelColumns): Map<string, ChainParcel[]> {
  const n = c.ids.length;
  if (c.enterprise_ids.length !== n || c.statuses.length !== n || c.numbers.length !== n * STRIDE) {
    throw new Error(`chain parcels: columns of unequal length (${n} ids, ${c.enterprise_ids.length} firms, ${c.statuses.length} statuses, ${c.numbers.length / STRIDE} rows of numbers)`);
  }
  const by = new Map<string, ChainParcel[]>();
  for (let i = 0; i < n; i++) {
    const x = c.numbers.subarray(i * STRIDE, (i + 1) * STRIDE);
    const p: ChainParcel = {
      id: c.ids[i]!,
      enterprise_id: c.enterprise_ids[i]!,
      point: [x[0]!, x[1]!],
      bbox: [x[2]!, x[3]!, x[4]!, x[5]!],
      area_mu_planar: x[6]!,
      status: c.statuses[i]!,
    };
    const list = by.get(p.enterprise_id);
    if (list) list.push(p);
    else by.set(p.enterprise_id, [p]);
  }
  return by;
}
