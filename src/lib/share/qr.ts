// QR codes for share links and print sheets, generated here without network: qrcode-generator computes the
// module matrix; here it becomes an SVG path (one rectangle run per dark stretch of a row) that the share
// dialog draws as markup and offers as a file, and an SVG data URL the print sheet shows as an image (and its
// PNG export paints on a canvas).
import qrcode from 'qrcode-generator';

export interface QrMatrix {
  /** Modules per side. */
  size: number;
  dark: (row: number, col: number) => boolean;
}

/** Error correction M (15 %): a printed sheet survives a crease; links of ~80 characters stay version 5–6. */
export function qrMatrix(text: string, level: 'L' | 'M' | 'Q' | 'H' = 'M'): QrMatrix {
  const qr = qrcode(0, level);
  qr.addData(text, 'Byte');
  qr.make();
  const size = qr.getModuleCount();
  return { size, dark: (r, c) => qr.isDark(r, c) };
}

/** SVG path data in module units, offset by `margin` modules (the quiet zone, 4 by the standard). */
export function qrPath(m: QrMatrix, margin = 4): string {
  const parts: string[] = [];
  for (let r = 0; r < m.size; r++) {
    let c = 0;
    while (c < m.size) {
      if (!m.dark(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < m.size && m.dark(r, c)) c++;
      parts.push(`M${start + margin} ${r + margin}h${c - start}v1h${start - c}z`);
    }
  }
  return parts.join('');
}

/** A standalone SVG document (white background, black modules), `px` pixels wide. */
export function qrSvg(text: string, px = 256, margin = 4): string {
  return svgDocument(qrMatrix(text), px, margin);
}

/**
 * The SVG document as a data URL for an `<img>` (the print sheet's QR code), `cellPx` pixels per module so
 * its intrinsic size is whole pixels per module: rasterised at that size (a canvas copy, a PNG export at
 * nearest-neighbour scaling) every module stays a sharp square a phone reads at arm's length.
 */
export function qrDataUrl(text: string, cellPx = 4, margin = 4): string {
  const m = qrMatrix(text);
  const svg = svgDocument(m, (m.size + 2 * margin) * cellPx, margin);
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function svgDocument(m: QrMatrix, px: number, margin: number): string {
  const n = m.size + 2 * margin;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px}" height="${px}" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges">` +
    `<rect width="${n}" height="${n}" fill="#fff"/><path d="${qrPath(m, margin)}" fill="#000"/></svg>`
  );
}
