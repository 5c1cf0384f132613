// Paper sizes and the page layout of a printed map, all in millimetres. The browser lays the page out in
// CSS pixels, which print at exactly 96 per inch (CSS Values §6.2: 1in = 96px = 25.4mm), so a length in mm
// here is a length on paper, whatever pixel ratio the map image is rendered at.

export const PAPERS = ['a4', 'a3'] as const;
export type Paper = (typeof PAPERS)[number];
export const ORIENTATIONS = ['landscape', 'portrait'] as const;
export type Orientation = (typeof ORIENTATIONS)[number];

/** ISO 216 sizes, portrait, [width, height] in mm. */
export const PAPER_MM: Record<Paper, readonly [number, number]> = { a4: [210, 297], a3: [297, 420] };

export const MM_PER_INCH = 25.4;
export const CSS_PX_PER_INCH = 96;

export function mmToCssPx(mm: number): number {
  return (mm * CSS_PX_PER_INCH) / MM_PER_INCH;
}
export function cssPxToMm(px: number): number {
  return (px * MM_PER_INCH) / CSS_PX_PER_INCH;
}
/** Device pixels needed to cover `mm` of paper at `dpi`. */
export function mmToDevicePx(mm: number, dpi: number): number {
  return (mm / MM_PER_INCH) * dpi;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PageLayout {
  paper: Paper;
  orientation: Orientation;
  /** Whole sheet, mm. */
  page: { w: number; h: number };
  /** Title and subtitle band. */
  header: Box;
  /** The map image. */
  frame: Box;
  /** Legend, scale bar, north arrow, QR code, figures, date and source. */
  side: Box;
  /** 'right' on landscape sheets (a column), 'bottom' on portrait ones (a band). */
  sideAt: 'right' | 'bottom';
}

/** Margin round the sheet; most office printers cannot print the outer 4–5 mm. */
export const PAGE_MARGIN_MM = 10;
const GAP_MM = 4;

/** Where everything goes on a sheet. Sizes scale with the paper so A3 is A4 enlarged (√2), not A4 with more air. */
export function pageLayout(paper: Paper, orientation: Orientation): PageLayout {
  const [pw, ph] = PAPER_MM[paper];
  const page = orientation === 'portrait' ? { w: pw, h: ph } : { w: ph, h: pw };
  const k = paper === 'a3' ? Math.SQRT2 : 1;
  const m = PAGE_MARGIN_MM;
  const headerH = round1(16 * k);
  const header: Box = { x: m, y: m, w: page.w - 2 * m, h: headerH };
  const top = m + headerH + GAP_MM;
  const bodyH = page.h - m - top;
  if (orientation === 'landscape') {
    const sideW = round1(60 * k);
    const frame: Box = { x: m, y: top, w: page.w - 2 * m - sideW - GAP_MM, h: bodyH };
    const side: Box = { x: frame.x + frame.w + GAP_MM, y: top, w: sideW, h: bodyH };
    return { paper, orientation, page, header, frame, side, sideAt: 'right' };
  }
  const sideH = round1(62 * k);
  const frame: Box = { x: m, y: top, w: page.w - 2 * m, h: bodyH - sideH - GAP_MM };
  const side: Box = { x: m, y: frame.y + frame.h + GAP_MM, w: page.w - 2 * m, h: sideH };
  return { paper, orientation, page, header, frame, side, sideAt: 'bottom' };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
