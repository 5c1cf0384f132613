import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { searchShards } from '../../src/lib/data/search-shards.ts';
import { search, type SearchEntry } from '../../src/lib/data/search.ts';
import { SearchShardWriter } from './search-shards.ts';

const root = mkdtempSync(join(tmpdir(), 'tl-search-shards-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sample = (folder: 'internal' | 'public'): SearchEntry[] => JSON.parse(readFileSync(`public/data/${folder}/parcels-index.json`, 'utf8')) as SearchEntry[];

describe('SearchShardWriter', () => {
  it('writes files that, read back from disk, answer as search() over the public and the internal index', async () => {
    const internal = sample('internal');
    const pub = sample('public');
    const writer = new SearchShardWriter(root, internal.length);
    for (const e of internal) writer.add(e);
    const specs = writer.finish();
    expect(specs.public.firms).toBeUndefined();
    expect(specs.internal.firms?.rows).toBe(new Set(internal.map((e) => e.enterprise_name).filter(Boolean)).size);
    // the firm table lives under internal/ only; the parcel table under public/ only
    expect(readdirSync(join(root, 'public', 'search'))).toEqual(['p']);
    expect(readdirSync(join(root, 'internal', 'search'))).toEqual(['f']);
    const read = async (path: string): Promise<unknown> => JSON.parse(readFileSync(join(root, path), 'utf8')) as unknown;
    const firm = internal.find((e) => e.enterprise_name)!.enterprise_name!;
    const qs = ['nh', 'NH-0001', internal[1234]!.id, internal[3999]!.name.slice(0, 3), firm, firm.slice(4, 6), '有限', '号', 'x', '没有', '-1'];
    for (const q of qs) {
      expect(await searchShards(specs.internal, read, q), q).toEqual(search(internal, q));
      expect(await searchShards(specs.public, read, q), q).toEqual(search(pub, q));
    }
    // every dictionary shard exists, so a valid build never answers a query with a 404
    for (let s = 0; s < specs.public.parcels.shards; s++) expect(existsSync(join(root, 'public', 'search', 'p', `d${s}.json`))).toBe(true);
  });
});
