// Are two polygons the same figure written twice? Only asked once an overlap has been found, to say
// "duplicates" instead of "overlaps". Rings are compared in a canonical form — repeated points and straight-
// through vertices dropped, counter-clockwise, starting at the smallest vertex — so a copy that was split
// differently or written the other way round still counts as a duplicate.
import type { FlatGeometry } from './validate-flat.ts';
import { orient } from './validate-planar.ts';

function canonicalRing(g: FlatGeometry, r: number): string {
  const { x, y } = g;
  const start = g.ringStart[r] as number;
  const end = (g.ringStart[r + 1] as number) - 1; // the closing position repeats the first one
  const kept: number[] = [];
  const straight = (a: number, b: number, c: number): boolean =>
    orient(x[a] as number, y[a] as number, x[b] as number, y[b] as number, x[c] as number, y[c] as number) === 0;
  for (let i = start; i < end; i++) {
    const last = kept[kept.length - 1];
    if (last !== undefined && x[last] === x[i] && y[last] === y[i]) continue;
    // Rings reaching this point are simple, so three collinear consecutive vertices run straight through.
    while (kept.length >= 2 && straight(kept[kept.length - 2] as number, kept[kept.length - 1] as number, i)) kept.pop();
    kept.push(i);
  }
  // Around the closing point: drop a repeated first vertex and straight-through vertices at the seam.
  let head = 0;
  for (let changed = true; changed && kept.length - head > 3; ) {
    changed = false;
    const first = kept[head] as number;
    const n = kept.length;
    if (x[kept[n - 1] as number] === x[first] && y[kept[n - 1] as number] === y[first]) {
      kept.pop();
      changed = true;
    } else if (straight(kept[n - 2] as number, kept[n - 1] as number, first)) {
      kept.pop();
      changed = true;
    } else if (straight(kept[n - 1] as number, first, kept[head + 1] as number)) {
      head++;
      changed = true;
    }
  }
  let ring = kept.slice(head);
  if ((g.ringArea[r] as number) < 0) ring.reverse();
  let min = 0;
  for (let k = 1; k < ring.length; k++) {
    const i = ring[k] as number;
    const m = ring[min] as number;
    if ((x[i] as number) < (x[m] as number) || (x[i] === x[m] && (y[i] as number) < (y[m] as number))) min = k;
  }
  ring = [...ring.slice(min), ...ring.slice(0, min)];
  return ring.map((i) => `${x[i]},${y[i]}`).join(';');
}

/** Do polygons p and q have the same shell and the same set of holes? */
export function samePolygon(g: FlatGeometry, p: number, q: number): boolean {
  const rings = (poly: number): string[] => {
    const out: string[] = [];
    for (let r = g.polyRingStart[poly] as number; r < (g.polyRingStart[poly + 1] as number); r++) out.push(canonicalRing(g, r));
    return out;
  };
  const a = rings(p);
  const b = rings(q);
  if (a.length !== b.length || a[0] !== b[0]) return false;
  const holesA = a.slice(1).sort();
  const holesB = b.slice(1).sort();
  return holesA.every((h, k) => h === holesB[k]);
}
