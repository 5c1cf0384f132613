import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSearchShards, decodePostings, encodePostings, queryGrams, searchShards, type ReadJson, type SearchShardsSpec } from './search-shards.ts';
import { search, type SearchEntry } from './search.ts';
import { seededRandom } from '../util/seeded-random.ts';

/** A reader over built files that counts what a query reads (bytes as the JSON text a server would send). */
function reader(files: Map<string, unknown>): { read: ReadJson; log: { files: string[]; bytes: number } } {
  const log = { files: [] as string[], bytes: 0 };
  const read: ReadJson = async (path) => {
    if (!files.has(path)) throw new Error(`404 ${path}`);
    log.files.push(path);
    log.bytes += Buffer.byteLength(JSON.stringify(files.get(path)));
    return JSON.parse(JSON.stringify(files.get(path))) as unknown;
  };
  return { read, log };
}


/** Random substrings (1–4 characters) of ids, names and firm names, some upper-cased or padded, plus absent text. */
function queries(index: readonly SearchEntry[], n: number, seed: number): string[] {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out = ['nh', 'NH-0', '号', '地块', '有限公司', '宁海示例', 'zz', '不存在的词', '-', '0', ' 1 ', 'x', '鑫'];
  for (let i = 0; i < n; i++) {
    const e = pick(index);
    const texts = [e.id, e.name, e.enterprise_name ?? e.name];
    const t = pick(texts);
    const len = 1 + Math.floor(r() * 4);
    const at = Math.floor(r() * Math.max(1, t.length - len + 1));
    let q = t.slice(at, at + len);
    const form = r();
    if (form < 0.2) q = q.toUpperCase();
    else if (form < 0.25) q = ` ${q} `;
    else if (form < 0.3) q = q + '#';
    out.push(q);
  }
  return out;
}

const sample = (folder: 'internal' | 'public'): SearchEntry[] => JSON.parse(readFileSync(`public/data/${folder}/parcels-index.json`, 'utf8')) as SearchEntry[];

describe('postings codec', () => {
  it('writes a run as its start and length, scattered rows as gaps (hand-worked)', () => {
    // rows 0..3: runs "r" + start gap 0 + length-1 3 → "r03" (gaps would be "g0000")
    expect(encodePostings([0, 1, 2, 3])).toBe('r03');
    // rows 5, 7, 40: gaps 5, 1, 32 → "5", "1", 32 = 0 + 1·32 → continue digit 32+0 ("W"), final 1 → "W1"
    expect(encodePostings([5, 7, 40])).toBe('g51W1');
    expect(decodePostings('g51W1', 100)).toEqual([105, 107, 140]);
    expect(decodePostings('r03')).toEqual([0, 1, 2, 3]);
  });

  it('reads back what it wrote', () => {
    const r = seededRandom(7);
    for (let k = 0; k < 200; k++) {
      const rows: number[] = [];
      for (let i = 0, row = -1; i < 1 + r() * 300; i++) rows.push((row += 1 + Math.floor(r() < 0.5 ? 0 : r() * 5000)));
      expect(decodePostings(encodePostings(rows))).toEqual(rows);
    }
  });
});

describe('queryGrams', () => {
  it('uses trigrams from three characters, the whole query below', () => {
    expect(queryGrams('nh-02')).toEqual(['nh-', 'h-0', '-02']);
    expect(queryGrams('长街')).toEqual(['长街']);
    expect(queryGrams('n')).toEqual(['n']);
    expect(queryGrams('aaaa')).toEqual(['aaa']);
  });
});

describe('searchShards gives what search() gives', () => {
  it('on a hand-made index: firms first (largest parcel, the first on a tie, by first row), then parcels', async () => {
    const idx: SearchEntry[] = [
      { id: 'NH-1', name: '西店-1号', centroid: [1, 1], area_mu_planar: 5, enterprise_name: '乙公司' },
      { id: 'NH-2', name: '西店-2号', centroid: [2, 2], area_mu_planar: 9, enterprise_name: '甲公司' },
      { id: 'NH-3', name: '__proto__', centroid: [3, 3], area_mu_planar: 9, enterprise_name: '甲公司' },
      { id: 'NH-4', name: 'constructor', centroid: [4, 4], area_mu_planar: 7, enterprise_name: '乙公司' },
      { id: 'NH-5', name: '', centroid: [5, 5], area_mu_planar: 1, enterprise_name: '' },
    ];
    const { spec, files } = buildSearchShards(idx);
    const { read } = reader(files);
    expect(await searchShards(spec, read, '公司')).toEqual([
      { kind: 'enterprise', label: '乙公司', parcelId: 'NH-4', centroid: [4, 4] },
      { kind: 'enterprise', label: '甲公司', parcelId: 'NH-2', centroid: [2, 2] },
    ]);
    for (const q of ['公司', 'nh', 'NH-3', '__', 'proto', 'con', 'c', '西店', '', '  ', 'zz', '乙']) {
      expect(await searchShards(spec, read, q), q).toEqual(search(idx, q));
      expect(await searchShards(spec, read, q, 1), q).toEqual(search(idx, q, 1));
    }
    expect(await searchShards(spec, read, 'nh', 0)).toEqual([]);
  });

  for (const folder of ['internal', 'public'] as const) {
    it(`on the sample county's ${folder} index, for a few hundred queries`, async () => {
      const index = sample(folder);
      const { spec, files } = buildSearchShards(index, 'search', folder === 'internal');
      expect(Boolean(spec.firms)).toBe(folder === 'internal');
      const { read } = reader(files);
      const qs = queries(index, 300, folder === 'internal' ? 1 : 2);
      let withHits = 0;
      for (const q of qs) {
        const want = search(index, q);
        if (want.length > 0) withHits++;
        expect(await searchShards(spec, read, q), q).toEqual(want);
      }
      for (const q of qs.slice(0, 40)) expect(await searchShards(spec, read, q, 40), q).toEqual(search(index, q, 40));
      expect(withHits).toBeGreaterThan(200); // the queries are mostly ones with answers, not a vacuous comparison
    });
  }
});

describe('what a query reads', () => {
  // A county of 100 000 parcels shaped like the real one: ids NH-<5 digits>[-n], names "<place>-<n>-<nn>号地块".
  const places = ['跃龙老工业点', '宁海开发区', '力洋', '长街', '西店', '梅林', '桥头胡', '深甽'];
  const firmNames = Array.from({ length: 500 }, (_, i) => `宁海示例${'盛立锦海凯博天航永远通亿达兴'[i % 14]}${'邦利洋诚润林翔川茂业源'[(i * 7) % 11]}第${i}有限公司`);
  const r = seededRandom(3);
  const index: SearchEntry[] = Array.from({ length: 100_000 }, (_, i) => {
    const base = Math.floor(r() * 4000);
    return {
      id: `NH-${String(base).padStart(5, '0')}${i % 3 ? `-${i % 61}` : ''}`,
      name: `${places[Math.floor(i / 12_500)]}-${base % 97}-${String(i % 13).padStart(2, '0')}号地块`,
      centroid: [121 + r(), 29 + r()],
      area_mu_planar: Math.round(r() * 5000) / 100,
      enterprise_name: r() < 0.6 ? firmNames[Math.floor(r() * firmNames.length)]! : null,
    };
  });
  let built: { spec: SearchShardsSpec; files: Map<string, unknown> } | null = null;
  const shards = () => (built ??= buildSearchShards(index));

  it('reads a few small files, and only the first band for a gram in every row', async () => {
    const { spec, files } = shards();
    expect(spec.parcels.rows).toBe(100_000);
    const cases: [string, number, number, boolean][] = [
      // query, most files, most KB, whether the first band holds 12 hits (so no later band may be read)
      [index[54_321]!.id, 40, 150, false],
      ['nh', 12, 100, true],
      ['号地块', 12, 100, true],
      ['长街', 12, 100, false],
      [firmNames[123]!, 50, 150, false],
      ['没有这个', 8, 20, false],
    ];
    for (const [q, maxFiles, maxKb, firstBand] of cases) {
      const { read, log } = reader(files);
      const got = await searchShards(spec, read, q);
      expect(got, q).toEqual(search(index, q));
      expect(log.files.length, q).toBeLessThanOrEqual(maxFiles);
      expect(log.bytes / 1024, q).toBeLessThan(maxKb);
      if (firstBand) expect(log.files.filter((f) => /\/p[1-9]\d*-\d+\.json$/.test(f)), q).toEqual([]);
    }
  });
});
