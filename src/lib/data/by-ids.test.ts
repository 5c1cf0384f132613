// The choice between reading parcels by id and reading the county, with the costs worked out by hand from the
// constants; the batch's shared reads; the concurrency limit.
import { describe, expect, it } from 'vitest';
import { memoryByteSource } from './byte-source.ts';
import { byIdsCost, mapLimit, memoByteSource, readByIds } from './by-ids.ts';

describe('readByIds', () => {
  it('reads the county for a build without id shards, whatever the count', () => {
    expect(readByIds(1, { count: 200_000 })).toBe(false);
    expect(readByIds(0, { count: 10 })).toBe(false);
    expect(readByIds(1, undefined)).toBe(false);
  });

  it('weighs shards, range reads and requests against the county file', () => {
    // 350 ids over 16 shards: 16 × (28 000 + 8 192) + 350 × (7 000 + 2 × 8 192) = 579 072 + 8 184 400 = 8 763 472
    expect(byIdsCost(350, 16)).toBe(8_763_472);
    // the sample county (4 000 × 620 = 2 480 000 B): its registers' 350 parcels cost more than the county file
    expect(readByIds(350, { count: 4_000, ids: { shards: 16 } })).toBe(false);
    // the same 350 ids at 200 000 parcels (1 024 shards): 350 × 36 192 + 8 184 400 = 20 851 600 < 124 000 000
    expect(byIdsCost(350, 1024)).toBe(20_851_600);
    expect(readByIds(350, { count: 200_000, ids: { shards: 1024 } })).toBe(true);
    // a handful in the sample: 5 × 36 192 + 5 × 23 384 = 297 880 < 2 480 000
    expect(readByIds(5, { count: 4_000, ids: { shards: 16 } })).toBe(true);
    expect(readByIds(0, { count: 4_000, ids: { shards: 16 } })).toBe(true);
  });
});

describe('memoByteSource', () => {
  it('asks its source once per range and hands out copies', async () => {
    const src = memoryByteSource(new Uint8Array([1, 2, 3, 4, 5, 6]));
    const m = memoByteSource(src);
    const [a, b] = await Promise.all([m.read(1, 3), m.read(1, 3)]);
    expect([...a]).toEqual([2, 3, 4]);
    expect(src.requestCount).toBe(1);
    a[0] = 99;
    expect([...(await m.read(1, 3))]).toEqual([2, 3, 4]);
    expect([...b]).toEqual([2, 3, 4]);
    await m.read(0, 2);
    expect(src.requestCount).toBe(2);
    expect(m.bytesRead).toBe(5);
  });

  it('with keep, asks again for the reads it does not keep', async () => {
    const src = memoryByteSource(new Uint8Array([1, 2, 3, 4, 5, 6]));
    const m = memoByteSource(src, (offset) => offset === 0);
    await m.read(0, 2);
    await m.read(0, 2);
    expect(src.requestCount).toBe(1);
    await m.read(2, 2);
    expect([...(await m.read(2, 2))]).toEqual([3, 4]);
    expect(src.requestCount).toBe(3);
  });
});

describe('mapLimit', () => {
  it('keeps the order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (x) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, x));
      running--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(most).toBe(3);
    expect(await mapLimit([], 6, async (x: number) => x)).toEqual([]);
  });
});
