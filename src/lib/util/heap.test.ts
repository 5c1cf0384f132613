import { describe, expect, it } from 'vitest';
import { Heap } from './heap.ts';
import { seededRandom } from './seeded-random.ts';

describe('Heap', () => {
  it('pops in comparator order, whether built from a list or pushed one by one', () => {
    const rnd = seededRandom(7);
    const xs = Array.from({ length: 500 }, () => Math.floor(rnd() * 100));
    const sorted = [...xs].sort((a, b) => b - a);
    const built = new Heap<number>((a, b) => a > b, [...xs]);
    const pushed = new Heap<number>((a, b) => a > b);
    for (const x of xs) pushed.push(x);
    for (const h of [built, pushed]) {
      expect(h.size).toBe(xs.length);
      const out: number[] = [];
      while (h.size > 0) {
        expect(h.peek()).toBe(sorted[out.length]);
        out.push(h.pop()!);
      }
      expect(out).toEqual(sorted);
      expect(h.pop()).toBeUndefined();
    }
  });

  it('orders by any key: keys held outside the heap, ties broken by the comparator', () => {
    const key = [3, 1, 3, 2];
    const h = new Heap<number>((a, b) => key[a]! > key[b]! || (key[a] === key[b] && a < b), [0, 1, 2, 3]);
    expect([h.pop(), h.pop(), h.pop(), h.pop()]).toEqual([0, 2, 3, 1]);
  });
});
