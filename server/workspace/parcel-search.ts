// Search for the planner map served by the workspace server (issue 16: the browser no longer downloads the whole
// parcels-index.json to find one parcel or firm). The server holds the rows of <dataDir>/internal/parcels-index.json
// — only the fields search reads — streamed on first use and read again when the build changes (build-file.ts), and
// answers with the same search() the browser uses without a server, so both give the same hits.
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { JSONParser } from '@streamparser/json';
import { search, type SearchEntry, type SearchHit } from '../../src/lib/data/search.ts';
import { buildFileValue } from './build-file.ts';

export type ParcelSearch = (query: string, limit: number) => Promise<SearchHit[]>;

/** One index row cut to what search() reads; a row without an id, name or centroid is skipped (build-data writes none such). */
function entryOf(value: unknown): SearchEntry | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const r = value as Record<string, unknown>;
  const c = r['centroid'];
  if (typeof r['id'] !== 'string' || typeof r['name'] !== 'string' || !Array.isArray(c) || typeof c[0] !== 'number' || typeof c[1] !== 'number') return null;
  const name = r['enterprise_name'];
  return {
    id: r['id'],
    name: r['name'],
    centroid: [c[0], c[1]],
    area_mu_planar: typeof r['area_mu_planar'] === 'number' ? r['area_mu_planar'] : 0,
    enterprise_name: typeof name === 'string' ? name : null,
  };
}

export async function streamSearchEntries(path: string): Promise<SearchEntry[]> {
  const rows: SearchEntry[] = [];
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  parser.onValue = ({ value }) => {
    const e = entryOf(value);
    if (e) rows.push(e);
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) parser.write(chunk as Buffer);
  return rows;
}

/** Search over the data build in `dataDir` (no build: no hits). */
export function parcelSearcher(dataDir: string): ParcelSearch {
  const rows = buildFileValue(join(dataDir, 'internal', 'parcels-index.json'), streamSearchEntries, (): SearchEntry[] => []);
  return async (query, limit) => search(await rows(), query, limit);
}
