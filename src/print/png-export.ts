// PNG export of one printed sheet at print resolution. The browser cannot rasterise HTML to a file, so this
// walks the sheet's DOM and repaints what it shows on a canvas at dpi/96 device px per CSS px: filled and
// bordered boxes (swatches, scale bar, frame), images (the map at its own resolution, the QR code with
// nearest-neighbour scaling), the north arrow SVG, and every text node in its computed font at the position
// the layout gave it. It covers exactly the elements a PrintSheet uses, not general HTML.
import type { RenderedMap } from './renderer.ts';

function isVisibleColour(c: string): boolean {
  return c !== '' && c !== 'transparent' && !/rgba\([^)]*,\s*0\)$/.test(c);
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error(`could not load ${src.slice(0, 40)}`));
    img.src = src;
  });
}

export async function renderSheetToCanvas(sheet: HTMLElement, dpi: number): Promise<HTMLCanvasElement> {
  const s = dpi / 96;
  const origin = sheet.getBoundingClientRect();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(origin.width * s);
  canvas.height = Math.round(origin.height * s);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context');
  ctx.scale(s, s);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, origin.width, origin.height);
  const rel = (r: DOMRect) => ({ x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height });

  const walk = async (el: Element): Promise<void> => {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') return;
    const r = rel(el.getBoundingClientRect());
    if (isVisibleColour(cs.backgroundColor)) {
      ctx.fillStyle = cs.backgroundColor;
      ctx.fillRect(r.x, r.y, r.w, r.h);
    }
    for (const side of ['Top', 'Right', 'Bottom', 'Left'] as const) {
      const w = parseFloat(cs.getPropertyValue(`border-${side.toLowerCase()}-width`));
      const c = cs.getPropertyValue(`border-${side.toLowerCase()}-color`);
      const style = cs.getPropertyValue(`border-${side.toLowerCase()}-style`);
      if (!(w > 0) || style === 'none' || !isVisibleColour(c)) continue;
      ctx.strokeStyle = c;
      ctx.lineWidth = w;
      ctx.setLineDash(style === 'dashed' ? [w * 3, w * 2] : []);
      ctx.beginPath();
      if (side === 'Top') (ctx.moveTo(r.x, r.y + w / 2), ctx.lineTo(r.x + r.w, r.y + w / 2));
      if (side === 'Bottom') (ctx.moveTo(r.x, r.y + r.h - w / 2), ctx.lineTo(r.x + r.w, r.y + r.h - w / 2));
      if (side === 'Left') (ctx.moveTo(r.x + w / 2, r.y), ctx.lineTo(r.x + w / 2, r.y + r.h));
      if (side === 'Right') (ctx.moveTo(r.x + r.w - w / 2, r.y), ctx.lineTo(r.x + r.w - w / 2, r.y + r.h));
      ctx.stroke();
    }
    ctx.setLineDash([]);
    if (el instanceof HTMLImageElement) {
      ctx.imageSmoothingEnabled = cs.imageRendering !== 'pixelated';
      ctx.drawImage(await loadImage(el.src), r.x, r.y, r.w, r.h);
      ctx.imageSmoothingEnabled = true;
      return;
    }
    if (el instanceof SVGSVGElement) {
      const xml = new XMLSerializer().serializeToString(el);
      const img = await loadImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`);
      const m = new DOMMatrix(cs.transform === 'none' ? undefined : cs.transform);
      const w = (el as unknown as HTMLElement).clientWidth || r.w;
      const h = (el as unknown as HTMLElement).clientHeight || r.h;
      ctx.save();
      ctx.translate(r.x + r.w / 2, r.y + r.h / 2);
      ctx.rotate(Math.atan2(m.b, m.a));
      ctx.drawImage(img, -w / 2, -h / 2, w, h);
      ctx.restore();
      return;
    }
    for (const node of el.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) drawText(node as Text, cs);
      else if (node instanceof Element) await walk(node);
    }
  };

  const drawText = (node: Text, cs: CSSStyleDeclaration): void => {
    const text = node.data;
    if (text.trim() === '') return;
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    ctx.fillStyle = cs.color;
    ctx.textBaseline = 'middle';
    const halo = cs.textShadow !== 'none';
    const range = document.createRange();
    // One range per character: wrapped lines and justified gaps land where the layout put them.
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (ch.trim() === '') continue;
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const b = range.getBoundingClientRect();
      if (b.width === 0) continue;
      const x = b.left - origin.left;
      const y = b.top - origin.top + b.height / 2;
      if (halo) {
        ctx.strokeStyle = '#fff';
        ctx.lineWidth = 3;
        ctx.strokeText(ch, x, y);
      }
      ctx.fillText(ch, x, y);
    }
  };

  await walk(sheet);
  return canvas;
}

/** Renders the sheet and downloads it as a PNG. The map image is already at `dpi`; it is drawn 1:1. */
export async function exportSheetPng(sheet: HTMLElement, _map: RenderedMap, filename: string, dpi: number): Promise<void> {
  const canvas = await renderSheetToCanvas(sheet, dpi);
  const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob failed'))), 'image/png'));
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
