// Where the e2e tests find a Chromium. Shared by run.mjs (plain Node, before Vitest starts) and browser.ts.
// Browsers cannot be downloaded on these machines, so a system Chromium comes first and playwright-core's
// own download location is only used if someone put a browser there by other means.
import { existsSync } from 'node:fs';

export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const NO_CHROMIUM_MESSAGE =
  'No Chromium found. Install it: sudo apt-get install chromium fonts-noto-cjk, or set CHROME_PATH=/path/to/chrome';

/**
 * @returns {Promise<{ path: string } | { error: string }>} the first usable browser, or why there is none
 */
export async function findChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv !== undefined && fromEnv !== '') {
    // An explicit choice that is wrong must not be papered over by a different browser.
    return existsSync(fromEnv) ? { path: fromEnv } : { error: `CHROME_PATH=${fromEnv} does not exist. ${NO_CHROMIUM_MESSAGE}` };
  }
  for (const candidate of SYSTEM_CHROMIUM_PATHS) if (existsSync(candidate)) return { path: candidate };
  try {
    const { chromium } = await import('playwright-core');
    const registry = chromium.executablePath();
    if (registry && existsSync(registry)) return { path: registry };
  } catch {
    // playwright-core missing or unable to name its registry path: fall through to the message
  }
  return { error: NO_CHROMIUM_MESSAGE };
}
