/// <reference types="vitest/config" />
// defineConfig comes from vite, not vitest/config: `npm start` builds with this file after `npm install --omit=dev`,
// where vitest is absent; the reference above types the `test` block for the checker only.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { basemapConfig } from './scripts/basemap-plugin.ts';
import { dataUrlMeta } from './scripts/data-url-plugin.ts';
import { publicGuard } from './scripts/public-guard.ts';

// Served from any path (relative base) so a static deployment can live under a sub-folder. The data's location is
// read at start from index.html's <meta name="tenglong-data-url"> (TENGLONG_DATA_URL fills it at build time), the
// basemaps from its tenglong-basemaps block (data/config/basemaps.json with keys from the environment, docs/basemaps.md).
export default defineConfig({
  base: './',
  plugins: [svelte(), publicGuard(), dataUrlMeta(), basemapConfig()],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  // MapLibre alone is a ~1 080 kB chunk that cannot be split, over Vite's 500 kB warning on every build; what each
  // route downloads is guarded instead by tests/unit/bundle-budget.test.ts (gzip bytes per route, with quotas).
  build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/unit/global-setup.ts'],
    testTimeout: 30000,
  },
});
