// Sweep over axis-aligned boxes: reports every pair of boxes that overlap (touching counts). The validator
// feeds it segment boxes (self-intersection, crossings between rings and parts), ring boxes (holes that may
// interact) and part boxes (MultiPolygon parts that may overlap), so no pair loop over all n² pairs and no
// vertex cap is needed. See docs/adr/0013-geometry-validation.md.
//
// Boxes are sorted by their low end on the sweep axis; each box is compared only with boxes still open on
// that axis (an active list, pruned as the sweep passes their high end) that also share a cell of a uniform
// grid on the other axis. Without the cells, a column of collinear edges — neighbouring parcels along one
// straight boundary, all starting at the same x — would be open at once and compared all with all. Cost:
// O(n log n) for the sort plus the pairs that are open together in one cell, which for polygon outlines is
// close to the pairs whose boxes really overlap. What no box-based method escapes: many long, nearly
// parallel edges close together (a star of thin radial spikes), whose boxes do overlap pairwise.

/**
 * Numbers for one geometry: a plain array when few — a Float64Array's off-heap backing store costs more to
 * allocate than a whole 20-vertex parcel takes to check — and a Float64Array when many (exact size, once,
 * instead of an array regrown by push: a 200 000-vertex MultiPolygon spent half its time growing arrays).
 */
export type Nums = number[] | Float64Array;

/** Room for up to n numbers, to be written strictly in order from index 0 (so a plain array only appends). */
export function numbers(n: number): Nums {
  return n > 4096 ? new Float64Array(n) : new Array<number>(n);
}

/** The first n numbers (a view of a Float64Array, not a copy). */
export function firstNumbers(a: Nums, n: number): Nums {
  if (a instanceof Float64Array) return a.length > n ? a.subarray(0, n) : a;
  if (a.length > n) a.length = n;
  return a;
}

/** Boxes packed four numbers each (minX, minY, maxX, maxY): one allocation per set instead of four. */
export type Boxes = Nums;

/** Number of boxes in a packed array. */
export const boxCount = (b: ArrayLike<number>): number => b.length >> 2;

/** Writes box i. */
export function setBox(b: Boxes, i: number, minX: number, minY: number, maxX: number, maxY: number): void {
  b[4 * i] = minX;
  b[4 * i + 1] = minY;
  b[4 * i + 2] = maxX;
  b[4 * i + 3] = maxY;
}

/** Do box i of a and box j of b share a point? */
export function boxesMeet(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number): boolean {
  return (
    (a[4 * i] as number) <= (b[4 * j + 2] as number) &&
    (b[4 * j] as number) <= (a[4 * i + 2] as number) &&
    (a[4 * i + 1] as number) <= (b[4 * j + 3] as number) &&
    (b[4 * j + 1] as number) <= (a[4 * i + 3] as number)
  );
}

/** Sweep along x unless the boxes are, relative to the extent, longer in x than in y (fewer open at once). */
function sweepAlongX(b: ArrayLike<number>): boolean {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  let sx = 0;
  let sy = 0;
  for (let k = 0; k < b.length; k += 4) {
    const minX = b[k] as number;
    const minY = b[k + 1] as number;
    const maxX = b[k + 2] as number;
    const maxY = b[k + 3] as number;
    if (minX < x0) x0 = minX;
    if (maxX > x1) x1 = maxX;
    if (minY < y0) y0 = minY;
    if (maxY > y1) y1 = maxY;
    sx += maxX - minX;
    sy += maxY - minY;
  }
  // Expected number of open boxes ∝ (sum of extents on the axis) / (total extent on the axis).
  const openX = x1 > x0 ? sx / (x1 - x0) : Infinity;
  const openY = y1 > y0 ? sy / (y1 - y0) : Infinity;
  return openX <= openY;
}

/** Box indices ordered by the value at offset `lo` (insertion sort for the few segments of a typical parcel). */
function orderBy(b: ArrayLike<number>, lo: number, n: number): Nums {
  const order = numbers(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n > 24) return order.sort((i, j) => (b[4 * i + lo] as number) - (b[4 * j + lo] as number));
  for (let i = 1; i < n; i++) {
    const v = order[i] as number;
    const k = b[4 * v + lo] as number;
    let j = i - 1;
    while (j >= 0 && (b[4 * (order[j] as number) + lo] as number) > k) {
      order[j + 1] = order[j] as number;
      j--;
    }
    order[j + 1] = v;
  }
  return order;
}

/** Up to this many boxes one active list is cheapest (a typical parcel has 5–40 segments). */
const SMALL = 32;

/**
 * Calls `visit(i, j)` with i < j once for every pair of boxes that share at least one point. The order of
 * the calls follows the sweep; callers that report one pair must pick it by their own rule (e.g. the
 * smallest), so the answer does not depend on where the sweep happens to meet it first.
 */
export function sweepBoxes(b: ArrayLike<number>, visit: (i: number, j: number) => void): void {
  const n = boxCount(b);
  if (n < 2) return;
  // A typical parcel: any axis will do, and no cells.
  if (n <= SMALL) {
    sweepOneList(b, orderBy(b, 0, n), 0, visit);
    return;
  }
  // Offsets within a box: low end on the sweep axis; its high end is 2 further, the other axis's ends 1 off.
  const lo = sweepAlongX(b) ? 0 : 1;
  const hi = lo + 2;
  const oLo = 1 - lo;
  const oHi = oLo + 2;
  const order = orderBy(b, lo, n);
  let o0 = Infinity;
  let o1 = -Infinity;
  let sum = 0;
  for (let k = 0; k < b.length; k += 4) {
    const a = b[k + oLo] as number;
    const c = b[k + oHi] as number;
    if (a < o0) o0 = a;
    if (c > o1) o1 = c;
    sum += c - a;
  }
  const span = o1 - o0;
  if (!(span > 0)) {
    sweepOneList(b, order, lo, visit);
    return;
  }
  // Cells on the other axis: 16 × the mean extent of a box (measured: small enough to split a column of
  // collinear edges, large enough not to spend the time on the cells), and no more than 2n cells in all.
  const size = Math.max((16 * sum) / n, span / (2 * n));
  const cellOf = (v: number): number => Math.floor((v - o0) / size);
  // Open boxes per cell; a cell's list is compacted in place and its live length kept in `count`.
  const nCells = cellOf(o1) + 1;
  const cells: (number[] | undefined)[] = [];
  for (let c = 0; c < nCells; c++) cells.push(undefined);
  const count = new Array<number>(nCells).fill(0);
  for (const s of order) {
    const sLo = b[4 * s + lo] as number;
    const sOLo = b[4 * s + oLo] as number;
    const sOHi = b[4 * s + oHi] as number;
    const c1 = cellOf(sOHi);
    for (let c = cellOf(sOLo); c <= c1; c++) {
      const open = cells[c];
      if (!open) {
        cells[c] = [s];
        count[c] = 1;
        continue;
      }
      const len = count[c] as number;
      let kept = 0;
      for (let q = 0; q < len; q++) {
        const t = open[q] as number;
        if ((b[4 * t + hi] as number) < sLo) continue; // closed before s opens: prune
        open[kept++] = t;
        const tOLo = b[4 * t + oLo] as number;
        if (tOLo > sOHi || sOLo > (b[4 * t + oHi] as number)) continue;
        // Report the pair only in the cell where their overlap on this axis begins: exactly once.
        if (cellOf(tOLo > sOLo ? tOLo : sOLo) !== c) continue;
        if (t < s) visit(t, s);
        else visit(s, t);
      }
      open[kept++] = s;
      count[c] = kept;
    }
  }
}

/** The plain sweep: one active list, every open box compared on the other axis. */
function sweepOneList(b: ArrayLike<number>, order: Nums, lo: number, visit: (i: number, j: number) => void): void {
  const hi = lo + 2;
  const oLo = 1 - lo;
  const oHi = oLo + 2;
  const active: number[] = [];
  let open = 0;
  for (const s of order) {
    const sLo = b[4 * s + lo] as number;
    const sOLo = b[4 * s + oLo] as number;
    const sOHi = b[4 * s + oHi] as number;
    let kept = 0;
    for (let q = 0; q < open; q++) {
      const t = active[q] as number;
      if ((b[4 * t + hi] as number) < sLo) continue; // closed before s opens: prune
      active[kept++] = t;
      if ((b[4 * t + oLo] as number) <= sOHi && sOLo <= (b[4 * t + oHi] as number)) {
        if (t < s) visit(t, s);
        else visit(s, t);
      }
    }
    active[kept++] = s;
    open = kept;
  }
}
