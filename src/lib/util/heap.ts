// The one binary heap of the code base. The site ranking uses it twice: as a queue of entry numbers keyed by their
// score bound (built in linear time from every entry, most never taken) and as a queue of grown and resolved sites
// in score order. Pure.

/** Binary heap; `first(a, b)` is true when a comes out before b (a max-heap when it is `a > b`). */
export class Heap<T> {
  private readonly a: T[];

  /** `items` (taken over, not copied) are arranged into a heap in linear time. */
  constructor(
    private readonly first: (x: T, y: T) => boolean,
    items: T[] = [],
  ) {
    this.a = items;
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  get size(): number {
    return this.a.length;
  }

  peek(): T | undefined {
    return this.a[0];
  }

  push(x: T): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.first(a[i]!, a[parent]!)) break;
      const t = a[i]!;
      a[i] = a[parent]!;
      a[parent] = t;
      i = parent;
    }
  }

  pop(): T | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      this.down(0);
    }
    return top;
  }

  private down(i: number): void {
    const a = this.a;
    const n = a.length;
    const first = this.first;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && first(a[l]!, a[m]!)) m = l;
      if (r < n && first(a[r]!, a[m]!)) m = r;
      if (m === i) return;
      const t = a[i]!;
      a[i] = a[m]!;
      a[m] = t;
      i = m;
    }
  }
}
