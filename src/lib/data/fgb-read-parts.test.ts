// Reading a box part by part yields exactly the features one box read returns, each once, whatever the grid; the
// grid is sized from the header (hand-computed cases).
import { describe, expect, it } from 'vitest';
import { memoryByteSource } from './byte-source.ts';
import { readFgbBbox, type BBox } from './fgb-read.ts';
import { partsPerSide, readFgbBboxInParts } from './fgb-read-parts.ts';
import { writeIndexedFgb } from './fgb-write.ts';
import type { Feature } from './schema.ts';

/** A seeded grid of rectangles of varied size (some spanning many parts), and a few points on part edges. */
function features(): Feature[] {
  let a = 11;
  const next = () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
  const out: Feature[] = [];
  for (let i = 0; i < 3000; i++) {
    const x = 121 + next();
    const y = 29 + next();
    const w = i % 50 === 0 ? 0.3 : next() * 0.01;
    const h = i % 70 === 0 ? 0.4 : next() * 0.01;
    out.push({ type: 'Feature', id: `R${i}`, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]] }, properties: { id: `R${i}` } });
  }
  for (const [x, y] of [[121.5, 29.5], [121.25, 29.25], [121.2, 29.8]] as [number, number][]) out.push({ type: 'Feature', id: `P${x},${y}`, geometry: { type: 'Point', coordinates: [x, y] }, properties: { id: `P${x},${y}` } });
  return out;
}

const ids = (fs: Feature[]) => fs.map((f) => String(f.properties['id']));

describe('readFgbBboxInParts', () => {
  const bytes = writeIndexedFgb(features(), { name: 't' });
  const boxes: BBox[] = [
    [121, 29, 122, 30],
    [121.2, 29.2, 121.5, 29.5],
    [121.25, 29.25, 121.25, 29.25],
    [121.9, 29.9, 123, 31],
  ];
  it('yields what one box read returns, each feature once, for grids of 1 to many parts', async () => {
    for (const box of boxes) {
      const one = ids(await readFgbBbox(memoryByteSource(bytes), box)).sort();
      for (const perPart of [1_000_000, 500, 37, 5]) {
        const got: Feature[] = [];
        for await (const f of readFgbBboxInParts(memoryByteSource(bytes), box, perPart)) got.push(f);
        expect(ids(got).sort(), `${box} / ${perPart}`).toEqual(one);
      }
    }
    // The whole file's box with small parts: every feature, once.
    const all: Feature[] = [];
    for await (const f of readFgbBboxInParts(memoryByteSource(bytes), [120, 28, 123, 31], 50)) all.push(f);
    expect(all).toHaveLength(3003);
    expect(new Set(ids(all)).size).toBe(3003);
  });

  it('sizes the grid from the share of the envelope the box covers', () => {
    const env: BBox = [0, 0, 10, 10];
    expect(partsPerSide([0, 0, 10, 10], 1000, env, 20_000)).toBe(1); // few features: one part
    // 1 000 000 features, the whole envelope: √(1e6 / 2e4) = 7.07 → 8 a side.
    expect(partsPerSide([0, 0, 10, 10], 1_000_000, env, 20_000)).toBe(8);
    // A quarter of it (5 × 5): 250 000 features → √12.5 = 3.54 → 4 a side; beyond the envelope counts nothing more.
    expect(partsPerSide([5, 5, 20, 20], 1_000_000, env, 20_000)).toBe(4);
    // Outside the envelope: one (empty) part.
    expect(partsPerSide([20, 20, 30, 30], 1_000_000, env, 20_000)).toBe(1);
    expect(partsPerSide([0, 0, 10, 10], 1_000_000, null, 20_000)).toBe(1);
  });
});
