// The topological rules of docs/adr/0013-geometry-validation.md, on a structurally sound geometry (rings
// closed, ≥ 4 positions, finite, not all collinear). Returns the first problem as a short message, or null.
// Order: each ring (self-intersection, zero area), then each polygon's rings against each other (holes
// inside the shell, holes apart), its net area, shared edges and interior connectivity, then the parts of
// a MultiPolygon against each other. Within a rule the smallest indices are reported, never "whichever the
// sweep met first", so the message does not depend on where in the data the problem sits.
import type { Contacts, Near, RingPairContacts } from './validate-contacts.ts';
import { findContacts } from './validate-contacts.ts';
import { samePolygon } from './validate-duplicate.ts';
import type { FlatGeometry } from './validate-flat.ts';
import { polygonsOverlapAt, relateRings } from './validate-relate.ts';
import { sweepBoxes } from './sweep.ts';

/** A ring whose |area| is below this (deg², ≈ 1 cm² at 29°N) counts as zero area. */
const ZERO_AREA_DEG2 = 1e-14;
/** Net area (shell minus holes) at or below this fraction of the shell's is round-off, i.e. zero. */
const NET_AREA_ROUND_OFF = 1e-12;

/** Coordinates in messages: 12 significant digits (≈ 1e-10° or 0.1 mm in metres), no float noise. */
const num = (v: number): number => Number(v.toPrecision(12));
const near = (g: FlatGeometry, at: Near): string => `[${num(at[0] + g.ox)}, ${num(at[1] + g.oy)}]`;
const atPos = (g: FlatGeometry, i: number): string => near(g, [g.x[i] as number, g.y[i] as number]);

const NONE: readonly [number, RingPairContacts][] = [];

export function topologyProblem(g: FlatGeometry, multi: boolean): string | null {
  const c = findContacts(g);
  const intra = c.pairs.size > 0 ? touchingByPolygon(g, c) : null;
  for (let p = 0; p < g.polyCount; p++) {
    const problem = polygonProblem(g, c, p, multi, intra?.get(p) ?? NONE);
    if (problem) return problem;
  }
  return g.polyCount > 1 ? partsProblem(g, c) : null;
}

/** Contacts between rings of the same polygon, grouped by polygon, in ring-pair order. */
function touchingByPolygon(g: FlatGeometry, c: Contacts): Map<number, [number, RingPairContacts][]> {
  const intra = new Map<number, [number, RingPairContacts][]>();
  for (const [key, pc] of c.pairs) {
    const p = g.ringPoly[Math.floor(key / g.ringCount)] as number;
    if (p !== g.ringPoly[key % g.ringCount]) continue;
    const list = intra.get(p);
    if (list) list.push([key, pc]);
    else intra.set(p, [[key, pc]]);
  }
  for (const list of intra.values()) list.sort((a, b) => a[0] - b[0]);
  return intra;
}

/** "ring 2", or "polygon 1 ring 2" in a MultiPolygon. */
function ringLabel(g: FlatGeometry, r: number, multi: boolean): string {
  const p = g.ringPoly[r] as number;
  return `${multi ? `polygon ${p} ` : ''}ring ${r - (g.polyRingStart[p] as number)}`;
}

/** Segment k of ring r named by the index of its first position, as in the input (repeated points counted). */
const segmentLabel = (g: FlatGeometry, r: number, k: number): number => (g.segA[(g.ringSegStart[r] as number) + k] as number) - (g.ringStart[r] as number);

function polygonProblem(g: FlatGeometry, c: Contacts, p: number, multi: boolean, touching: readonly [number, RingPairContacts][]): string | null {
  const r0 = g.polyRingStart[p] as number;
  const r1 = g.polyRingStart[p + 1] as number;
  for (let r = r0; r < r1; r++) {
    const hit = c.self[r];
    if (hit) return `${ringLabel(g, r, multi)} self-intersects at segment ${segmentLabel(g, r, hit.s)}/${segmentLabel(g, r, hit.t)} near ${near(g, hit.at)}`;
    if (Math.abs(g.ringArea[r] as number) < ZERO_AREA_DEG2) return `${ringLabel(g, r, multi)} has zero area`;
  }
  return r1 - r0 > 1 ? holesProblem(g, c, p, multi, touching) : null;
}

/** Holes against the shell and each other, net area, shared edges, connectivity. */
function holesProblem(g: FlatGeometry, c: Contacts, p: number, multi: boolean, touching: readonly [number, RingPairContacts][]): string | null {
  const r0 = g.polyRingStart[p] as number;
  const r1 = g.polyRingStart[p + 1] as number;
  const ring = (r: number): string => ringLabel(g, r, multi);
  const where = multi ? `polygon ${p}: ` : '';

  let sharedEdge: string | null = null;
  for (let h = r0 + 1; h < r1; h++) {
    const rel = relateRings(g, c, r0, h);
    const hole = `${ring(h)} (a hole)`;
    const shell = `${ring(r0)} (the shell)`;
    if (rel.kind === 'overlap') return `${hole} crosses ${shell}${rel.at ? ` near ${near(g, rel.at)}` : ''}`;
    if (rel.kind === 'equal') return `${hole} duplicates ${shell}`;
    if (rel.kind === 'contains') return `${hole} encloses ${shell}`;
    if (rel.kind === 'disjoint') return `${hole} lies outside ${shell}${rel.at ? `: position ${near(g, rel.at)}` : ''}`;
    if (rel.shared) sharedEdge ??= `${hole} shares an edge with ${shell} near ${near(g, rel.shared)}`;
  }

  // Holes whose boxes meet, in index order.
  const pairs: [number, number][] = [];
  sweepBoxes(g.ringBox.slice(4 * (r0 + 1), 4 * r1), (i, j) => pairs.push([i + 1, j + 1]));
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [i, j] of pairs) {
    const rel = relateRings(g, c, r0 + i, r0 + j);
    if (rel.kind === 'overlap') return `${where}holes ${i} and ${j} overlap${rel.at ? ` near ${near(g, rel.at)}` : ''}`;
    if (rel.kind === 'equal') return `${where}hole ${j} duplicates hole ${i}`;
    if (rel.kind === 'inside') return `${where}hole ${j} lies inside hole ${i}`;
    if (rel.kind === 'contains') return `${where}hole ${i} lies inside hole ${j}`;
    if (rel.shared) sharedEdge ??= `${where}holes ${i} and ${j} share an edge near ${near(g, rel.shared)}`;
  }

  // Holes are now inside the shell and apart, so shell minus holes is the polygon's area.
  const shellArea = Math.abs(g.ringArea[r0] as number);
  let holesArea = 0;
  for (let h = r0 + 1; h < r1; h++) holesArea += Math.abs(g.ringArea[h] as number);
  if (shellArea - holesArea <= Math.max(ZERO_AREA_DEG2, shellArea * NET_AREA_ROUND_OFF)) return `${where}holes remove all of the polygon's area`;

  if (sharedEdge) return sharedEdge;
  return disconnectedAt(g, r0, touching, where);
}

/**
 * Rings of a polygon may touch at single points, but not in a loop: rings and touch points form a graph,
 * and a cycle in it (two rings touching twice, or three rings touching pairwise) encloses part of the
 * interior and cuts it off. Union-find over rings and points; the touch that closes a loop is reported.
 */
function disconnectedAt(g: FlatGeometry, r0: number, touching: readonly [number, RingPairContacts][], where: string): string | null {
  if (touching.length === 0) return null;
  const parent: number[] = [];
  const node = new Map<string, number>();
  const id = (k: string): number => {
    let n = node.get(k);
    if (n === undefined) {
      n = parent.length;
      parent.push(n);
      node.set(k, n);
    }
    return n;
  };
  const find = (n: number): number => {
    while (parent[n] !== n) {
      const up = parent[parent[n] as number] as number;
      parent[n] = up;
      n = up;
    }
    return n;
  };
  const seen = new Set<string>();
  for (const [key, pc] of touching) {
    const rings = [Math.floor(key / g.ringCount), key % g.ringCount];
    const points = [...new Set([...pc.splits.values()].flat())].sort((a, b) => a - b);
    for (const i of points) {
      const pointKey = `p${g.x[i]},${g.y[i]}`;
      for (const r of rings) {
        const incidence = `${r}|${pointKey}`;
        if (seen.has(incidence)) continue;
        seen.add(incidence);
        const a = find(id(`r${r}`));
        const b = find(id(pointKey));
        if (a === b) return `${where}interior is disconnected: ring ${r - r0} touches the other rings again at ${atPos(g, i)}`;
        parent[a] = b;
      }
    }
  }
  return null;
}

/** MultiPolygon parts: interiors apart (touching at points or along edges is fine), no duplicates. */
function partsProblem(g: FlatGeometry, c: Contacts): string | null {
  const boxes: number[] = [];
  for (let p = 0; p < g.polyCount; p++) {
    const shell = 4 * (g.polyRingStart[p] as number);
    boxes.push(g.ringBox[shell] as number, g.ringBox[shell + 1] as number, g.ringBox[shell + 2] as number, g.ringBox[shell + 3] as number);
  }
  const pairs: [number, number][] = [];
  sweepBoxes(boxes, (i, j) => pairs.push([i, j]));
  // The later part is the one reported ("polygon 3 overlaps polygon 1"); earliest such part first.
  pairs.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  for (const [p, q] of pairs) {
    const at = polygonsOverlapAt(g, c, p, q);
    if (!at) continue;
    return samePolygon(g, p, q) ? `polygon ${q} duplicates polygon ${p}` : `polygon ${q} overlaps polygon ${p} near ${near(g, at)}`;
  }
  return null;
}
