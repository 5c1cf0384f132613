// bench/validate: timing of validateAreaGeometry (ADR 0013) against the pre-0013 validator in the same process.
// Prints process CPU times (steadier than wall-clock on a shared machine); it only checks that the shapes it times
// are valid.   npx tsx bench/validate.ts
import type { PolygonCoords, Position, Ring } from '../src/lib/data/schema.ts';
import { seededRandom } from '../src/lib/util/seeded-random.ts';
import { union } from 'polyclip-ts';
import { validateAreaGeometry } from '../src/lib/geo/validate.ts';
import { legacyValidateAreaGeometry } from '../src/lib/geo/test-helpers/validate-legacy.ts';

function mustBe(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected) throw new Error(`bench/validate: ${what}: expected ${String(expected)}, got ${String(actual)}`);
}

const M = 1 / 100000; // ≈ 1 m in degrees, near enough for building test shapes

/** A valid star-shaped ring of n vertices around (cx, cy), radius r ± 30 % (angles sorted: simple). */
function blob(rnd: () => number, cx: number, cy: number, r: number, n: number): Ring {
  const ring: Ring = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    const k = r * (0.7 + 0.6 * rnd());
    ring.push([cx + k * Math.cos(t), cy + k * Math.sin(t)]);
  }
  ring.push([...(ring[0] as Position)]);
  return ring;
}

/**
 * A realistic outline of n vertices: a smooth wavy shape with jitter of a third of the vertex spacing, so
 * edges are short relative to the figure (as in a surveyed district boundary). Star-shaped: simple.
 */
function outline(rnd: () => number, cx: number, cy: number, r: number, n: number): Ring {
  const ring: Ring = [];
  const jitter = (2 * Math.PI * r) / n / 3;
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    const k = r * (1 + 0.2 * Math.sin(3 * t) + 0.07 * Math.sin(11 * t) + 0.02 * Math.sin(37 * t)) + jitter * (rnd() - 0.5);
    ring.push([cx + k * Math.cos(t), cy + k * Math.sin(t)]);
  }
  ring.push([...(ring[0] as Position)]);
  return ring;
}

/** A square of side s with n vertices spread along its edges (neighbours share edges, split differently). */
function squareRing(x0: number, y0: number, s: number, n: number): Ring {
  const per = Math.max(1, Math.floor(n / 4));
  const ring: Ring = [];
  const corners: Position[] = [[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s]];
  for (let c = 0; c < 4; c++) {
    const [ax, ay] = corners[c] as Position;
    const [bx, by] = corners[(c + 1) % 4] as Position;
    for (let i = 0; i < per; i++) ring.push([ax + ((bx - ax) * i) / per, ay + ((by - ay) * i) / per]);
  }
  ring.push([...(ring[0] as Position)]);
  return ring;
}

/** CPU milliseconds per call of fn (process CPU time: less disturbed by other jobs than wall-clock time). */
function cpuMs(fn: () => void, minMs: number): number {
  let runs = 0;
  const t0 = process.cpuUsage();
  let used = 0;
  do {
    fn();
    runs++;
    const d = process.cpuUsage(t0);
    used = (d.user + d.system) / 1000;
  } while (used < minMs);
  return used / runs;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * Old and new in alternating order over many short rounds. The best round of each is the least disturbed
 * by other processes; the median of the per-round ratios shows how stable that is.
 */
function compare(oldFn: () => void, newFn: () => void, rounds: number, minMs: number): { old: number; new: number; best: number; median: number } {
  const olds: number[] = [];
  const news: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let o: number;
    let n: number;
    if (r % 2 === 0) {
      o = cpuMs(oldFn, minMs);
      n = cpuMs(newFn, minMs);
    } else {
      n = cpuMs(newFn, minMs);
      o = cpuMs(oldFn, minMs);
    }
    olds.push(o);
    news.push(n);
    ratios.push(n / o);
  }
  const old = Math.min(...olds);
  const nu = Math.min(...news);
  return { old, new: nu, best: nu / old, median: median(ratios) };
}

{
  {
    // typical parcels (1 ring, 5–40 vertices): new vs old, same process
    const rnd = seededRandom(42);
    const parcels = Array.from({ length: 5000 }, () => ({
      type: 'Polygon',
      coordinates: [blob(rnd, 121.4 + rnd() * 0.1, 29.3 + rnd() * 0.1, 60 * M, 5 + Math.floor(rnd() * 36))],
    }));
    mustBe(parcels.every((p) => validateAreaGeometry(p).ok && legacyValidateAreaGeometry(p).ok), true, 'every typical parcel valid');
    const all = (f: (g: unknown) => { ok: boolean }) => () => {
      for (const p of parcels) f(p);
    };
    const us = (ms: number, n: number): string => `${((ms * 1000) / n).toFixed(2)} µs`;
    const mix = compare(all(legacyValidateAreaGeometry), all(validateAreaGeometry), 15, 100);
    console.log(
      `typical parcels (5 000, 5–40 vertices): old ${us(mix.old, parcels.length)}, new ${us(mix.new, parcels.length)} per parcel; ` +
        `new/old ${mix.best.toFixed(2)} (best rounds), median of rounds ${mix.median.toFixed(2)}`,
    );
    // polyclip-ts (the oracle in validate-oracle.test.ts) on the same parcels, for the ADR's "too slow to run on
    // every feature": the union of one polygon with nothing resolves all its self-intersections.
    const clip = cpuMs(() => {
      for (const p of parcels) union(p.coordinates);
    }, 500);
    console.log(`  polyclip-ts union of each parcel alone: ${us(clip, parcels.length)} per parcel`);
    for (const n of [5, 10, 20, 40]) {
      const ring = { type: 'Polygon', coordinates: [blob(seededRandom(n), 121.43, 29.29, 60 * M, n)] };
      const batch = (f: (g: unknown) => unknown) => () => {
        for (let i = 0; i < 1000; i++) f(ring);
      };
      const c = compare(batch(legacyValidateAreaGeometry), batch(validateAreaGeometry), 15, 50);
      console.log(`  ${n} vertices: old ${us(c.old, 1000)}, new ${us(c.new, 1000)}; new/old ${c.best.toFixed(2)} (best), ${c.median.toFixed(2)} (median)`);
    }
  }

  {
    // large geometries
    const rnd = seededRandom(7);
    const big = { type: 'Polygon', coordinates: [outline(rnd, 121.43, 29.29, 5000 * M, 100000)] };
    const parts: PolygonCoords[] = [];
    for (let i = 0; i < 200; i++) parts.push([outline(rnd, 121.3 + (i % 20) * 0.01, 29.2 + Math.floor(i / 20) * 0.01, 300 * M, 500)]);
    const blobs = { type: 'MultiPolygon', coordinates: parts };
    const grid: PolygonCoords[] = [];
    // Binary-exact corners (steps of 2⁻¹⁰°): 121.3 + i·0.001 computed two ways differs by an ulp, and such
    // neighbours really do overlap by 1e-14°, which the validator (like PostGIS) rightly reports.
    for (let i = 0; i < 200; i++) grid.push([squareRing(121.5 + (i % 20) / 1024, 29.5 + Math.floor(i / 20) / 1024, 1 / 1024, 500)]);
    const tiles = { type: 'MultiPolygon', coordinates: grid };
    const lake: PolygonCoords = [squareRing(121.3, 29.2, 0.2, 500)];
    const islands: PolygonCoords[] = [];
    for (let i = 0; i < 200; i++) {
      const [cx, cy] = [121.305 + (i % 20) * 0.0095, 29.305 + Math.floor(i / 20) * 0.0095];
      lake.push(outline(rnd, cx, cy, 300 * M, 500));
      islands.push([outline(rnd, cx, cy, 100 * M, 500)]);
    }
    const lakes = { type: 'MultiPolygon', coordinates: [lake, ...islands] };
    for (const [name, g] of [
      ['1 ring × 100 000 vertices', big],
      ['200 parts × 500 vertices, apart', blobs],
      ['200 parts × 500 vertices, sharing edges (grid of tiles)', tiles],
      ['a lake with 200 holes × 500 vertices + 200 islands × 500', lakes],
    ] as const) {
      const res = validateAreaGeometry(g);
      mustBe(res.ok ? 'ok' : res.reason, 'ok', name);
      const c = compare(() => legacyValidateAreaGeometry(g), () => validateAreaGeometry(g), 5, 300);
      console.log(`${name}: new ${c.new.toFixed(1)} ms, old ${c.old.toFixed(1)} ms (best of 5; old skips rings > 2 000 vertices and compares no parts)`);
    }
  }

  {
    // the known slow case: many long, nearly parallel edges (a star with ±30 % random radii)
    // Every edge is a long radial spike next to thousands of others whose boxes overlap it: any box-based
    // broad phase (sweep-and-prune, grid, R-tree) does work quadratic in the local density. See ADR 0013.
    for (const n of [5000, 10000, 20000]) {
      const g = { type: 'Polygon', coordinates: [blob(seededRandom(n), 121.43, 29.29, 5000 * M, n)] };
      mustBe(validateAreaGeometry(g).ok, true, `spiky star ${n}`);
      console.log(`spiky star, ${n} vertices: ${cpuMs(() => validateAreaGeometry(g), 500).toFixed(0)} ms`);
    }
  }
}
