// Shared by the print specs: the page under test (an A3 landscape sheet at a fixed scale), its test hook, and the
// parcels counted and bounded per town, park or firm from the served parcels file, read in Node (not through the page).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';

export const TITLE = '宁海县跃龙街道工业用地现状图';
export const SCALE = 10000;
export const CENTRE: [number, number] = [121.43, 29.3];
export const PRINT_PATH = `/#/print?c=${CENTRE[0].toFixed(5)},${CENTRE[1].toFixed(5)}&z=14.00&paper=a3&orient=landscape&scale=${SCALE}&title=${encodeURIComponent(TITLE)}`;

export async function waitForPrintReady(page: Page, timeout = 55_000): Promise<void> {
  await page.waitForSelector('[data-testid=print-page][data-ready="true"]', { state: 'attached', timeout });
}

/** window.__tenglongPrint, exposed by the print page for measurements the DOM cannot give. */
export interface Hook {
  unproject(x: number, y: number): [number, number] | null;
  frame(): { w: number; h: number };
  pages(): { key: string; title: string; view: { center: [number, number]; zoom: number; bearing: number }; scale: number }[];
  /** The DataStore's countyStatus: 'idle' while the page has not read the whole county. */
  countyStatus(): string;
}

const PARCELS_FILE = fileURLToPath(new URL('../../public/data/internal/parcels.fgb', import.meta.url));

export interface Tally {
  count: number;
  /** [w, s, e, n] of the parcels' coordinates. */
  box: [number, number, number, number];
}
/** Parcels counted and bounded per key (town, park, firm; null = left out), from internal/parcels.fgb read in Node. */
export function tally(key: (p: Record<string, unknown>) => string | null): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const f of readAllFgb(new Uint8Array(readFileSync(PARCELS_FILE)))) {
    const k = key(f.properties as Record<string, unknown>);
    if (!k) continue;
    let t = out.get(k);
    if (!t) out.set(k, (t = { count: 0, box: [Infinity, Infinity, -Infinity, -Infinity] }));
    t.count++;
    const walk = (c: unknown): void => {
      if (typeof (c as number[])[0] === 'number') {
        const [x, y] = c as [number, number];
        t.box = [Math.min(t.box[0], x), Math.min(t.box[1], y), Math.max(t.box[2], x), Math.max(t.box[3], y)];
      } else for (const k2 of c as unknown[]) walk(k2);
    };
    walk((f.geometry as { coordinates: unknown }).coordinates);
  }
  return out;
}

/** A non-empty string field, else null (a key for tally). */
export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
