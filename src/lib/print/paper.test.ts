import { describe, expect, it } from 'vitest';
import { cssPxToMm, mmToCssPx, mmToDevicePx, pageLayout } from './paper.ts';

describe('page layout', () => {
  it('converts mm to CSS px at 96 px per inch and to device px at a dpi', () => {
    expect(mmToCssPx(25.4)).toBeCloseTo(96, 12);
    expect(cssPxToMm(96)).toBeCloseTo(25.4, 12);
    expect(mmToDevicePx(420, 300)).toBeCloseTo(4960.63, 2); // A3 long side at 300 dpi
  });
  it('places every box inside the sheet without overlap', () => {
    for (const paper of ['a4', 'a3'] as const) {
      for (const o of ['landscape', 'portrait'] as const) {
        const l = pageLayout(paper, o);
        const [w, h] = o === 'landscape' ? (paper === 'a3' ? [420, 297] : [297, 210]) : paper === 'a3' ? [297, 420] : [210, 297];
        expect(l.page).toEqual({ w, h });
        for (const b of [l.header, l.frame, l.side]) {
          expect(b.x).toBeGreaterThanOrEqual(10);
          expect(b.y).toBeGreaterThanOrEqual(10);
          expect(b.x + b.w).toBeLessThanOrEqual(w - 10 + 1e-9);
          expect(b.y + b.h).toBeLessThanOrEqual(h - 10 + 1e-9);
        }
        expect(l.header.y + l.header.h).toBeLessThanOrEqual(l.frame.y);
        if (o === 'landscape') expect(l.frame.x + l.frame.w).toBeLessThanOrEqual(l.side.x);
        else expect(l.frame.y + l.frame.h).toBeLessThanOrEqual(l.side.y);
      }
    }
    // A3 landscape: 420 − 20 margin − 84.9 column − 4 gap = 311.1 mm of map width
    expect(pageLayout('a3', 'landscape').frame.w).toBeCloseTo(311.1, 6);
  });
});
