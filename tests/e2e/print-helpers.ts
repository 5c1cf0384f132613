// Shared by the print specs: the page under test (an A3 landscape sheet at a fixed scale) and its test hook.
import type { Page } from 'playwright-core';

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
