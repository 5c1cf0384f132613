#!/usr/bin/env node
// `npm run test:e2e`: find a browser, make sure data and the build exist, then run the browser specs.
// Missing Chromium is an error, never a skip: a green run must mean the specs ran.
//
//   npm run test:e2e                  everything
//   npm run test:e2e -- parcel        extra args go to vitest (here: only files matching "parcel")
//   E2E_SKIP_BUILD=1 npm run test:e2e reuse the current data and dist-e2e/ (quick re-runs)
//
// The app is built with `--mode e2e` into dist-e2e/: only that build carries the test hooks the specs read
// (src/app/test-hooks.ts); `npm start` and `npm run build` make dist/ without them.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findChromium } from './chromium-path.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const node = process.execPath;
// The specs, the global set-up and the helpers read the build from here.
process.env.E2E_DIST_DIR ??= 'dist-e2e';

/** Runs a step with inherited output; returns its exit code (1 if it could not start). */
function step(label, args, env = process.env) {
  console.log(`\n[e2e] ${label}: node ${args.join(' ')}`);
  const r = spawnSync(node, args, { cwd: root, stdio: 'inherit', env });
  if (r.error) console.error(`[e2e] ${label} could not start: ${r.error.message}`);
  if (r.signal) console.error(`[e2e] ${label} was killed by ${r.signal}`);
  return r.status ?? 1;
}

const found = await findChromium();
if ('error' in found) {
  console.error(`[e2e] ${found.error}`);
  process.exit(1);
}
console.log(`[e2e] Chromium: ${found.path}`);

if (process.env.E2E_SKIP_BUILD !== '1') {
  const data = step('ensure data', ['bin/tenglong.mjs', 'ensure-data']);
  if (data !== 0) {
    console.error('[e2e] `tenglong ensure-data` failed: the specs need the sample data. See the output above.');
    process.exit(data);
  }
  const build = step('build', ['node_modules/vite/bin/vite.js', 'build', '--mode', 'e2e', '--outDir', process.env.E2E_DIST_DIR, '--emptyOutDir']);
  if (build !== 0) {
    console.error(`[e2e] \`vite build --mode e2e\` failed: the specs run against ${process.env.E2E_DIST_DIR}/. See the output above.`);
    process.exit(build);
  }
}

const code = step(
  'browser specs',
  ['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)],
  { ...process.env, CHROME_PATH: found.path },
);
process.exit(code);
