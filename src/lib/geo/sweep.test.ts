import { describe, expect, it } from 'vitest';
import { seededRandom } from '../util/seeded-random.ts';
import { sweepBoxes, type Boxes } from './sweep.ts';

const boxesFrom = (list: [number, number, number, number][]): Boxes => list.flat();

const swept = (b: Boxes): string[] => {
  const out: string[] = [];
  sweepBoxes(b, (i, j) => out.push(`${i}-${j}`));
  return out.sort();
};

/** Every pair, tested directly. */
const bruteForce = (b: Boxes): string[] => {
  const out: string[] = [];
  const box = (i: number): number[] => Array.from(b.slice(4 * i, 4 * i + 4));
  for (let i = 0; 4 * i < b.length; i++) {
    for (let j = i + 1; 4 * j < b.length; j++) {
      const [ax0, ay0, ax1, ay1] = box(i) as [number, number, number, number];
      const [bx0, by0, bx1, by1] = box(j) as [number, number, number, number];
      if (ax0 <= bx1 && bx0 <= ax1 && ay0 <= by1 && by0 <= ay1) out.push(`${i}-${j}`);
    }
  }
  return out.sort();
};

describe('sweepBoxes', () => {
  it('reports each overlapping or touching pair once, smaller index first', () => {
    const b = boxesFrom([
      [0, 0, 1, 1],
      [1, 1, 2, 2], // touches 0 at a corner
      [5, 5, 6, 6],
      [0, 0, 1, 1], // equal to 0
      [0.5, -3, 0.5, 3], // a vertical segment's box, zero width
    ]);
    expect(swept(b)).toEqual(['0-1', '0-3', '0-4', '1-3', '3-4']);
  });
  it('handles 0 and 1 boxes', () => {
    expect(swept([])).toEqual([]);
    expect(swept(boxesFrom([[0, 0, 1, 1]]))).toEqual([]);
  });
  it('matches brute force on many boxes along one line (zero extent across, the cells degenerate)', () => {
    const rnd = seededRandom(5);
    for (const vertical of [false, true]) {
      const list: [number, number, number, number][] = [];
      for (let i = 0; i < 200; i++) {
        const a = Math.round(rnd() * 100);
        const len = Math.round(rnd() * 5);
        list.push(vertical ? [7, a, 7, a + len] : [a, 7, a + len, 7]);
      }
      const b = boxesFrom(list);
      expect(swept(b)).toEqual(bruteForce(b));
    }
  });
  it.each([
    ['small integer boxes (many ties and touches)', 1, 8, 3],
    ['wide flat boxes (swept along y)', 2, 100, 0.2],
    ['tall thin boxes (swept along x)', 3, 0.2, 100],
    ['mixed sizes', 4, 50, 50],
  ] as const)('matches brute force: %s', (_name, seed, w, h) => {
    const rnd = seededRandom(seed);
    for (let round = 0; round < 20; round++) {
      const n = 1 + Math.floor(rnd() * 300);
      const list: [number, number, number, number][] = [];
      for (let i = 0; i < n; i++) {
        const x = Math.round(rnd() * 100);
        const y = Math.round(rnd() * 100);
        const bw = Math.round(rnd() * w);
        const bh = Math.round(rnd() * h * 10) / 10;
        list.push([x, y, x + bw, y + bh]);
      }
      const b = boxesFrom(list);
      const want = bruteForce(b);
      expect(swept(b)).toEqual(want);
    }
  });
});
