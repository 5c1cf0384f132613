// The per-route bundle budget: builds the app with Vite's JS API into a temporary folder (never dist/, which the
// e2e tests serve), then, for each route of src/App.svelte, adds up the gzip bytes of every JS chunk the route
// loads — the entry, the route's lazily imported page (and data store), and their static imports, transitively —
// and compares them with the quotas in bundle-budget.json. A route over its quota fails, so the size is guarded
// here rather than by Vite's chunk-size warning. Workers (MapLibre's, the planner's check worker) are JS the
// route fetches too, but from a separate bundle, so they have a quota of their own.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Manifest, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import budget from './bundle-budget.json' with { type: 'json' };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface RouteBudget {
  /** Manifest keys of what the route imports: index.html and the modules App.svelte imports lazily for it. */
  entries: string[];
  /** Quota for the main-thread JS chunks, gzip bytes. */
  js: number;
  /** Quota for the worker scripts those chunks reference, gzip bytes. */
  workers: number;
}
const routes: Record<string, RouteBudget> = budget.routes;

interface Measured {
  chunks: string[];
  js: number;
  workers: number;
  workerFiles: string[];
}

let outDir = '';
let manifest: Manifest = {};
/** Output file name → ids of the modules bundled into it (only main-build chunks; workers are built apart). */
const modulesOf = new Map<string, string[]>();

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'tenglong-bundle-'));
  // Vitest sets NODE_ENV=test, with which Vite and the Svelte plugin build in development mode (dev checks kept,
  // larger chunks): measure what `npm run build` ships.
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    const result = await build({
      root: ROOT,
      configFile: join(ROOT, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true, manifest: true, copyPublicDir: false },
    });
    for (const out of Array.isArray(result) ? result : [result]) {
      if (!('output' in out)) continue;
      for (const file of out.output as (Rolldown.OutputChunk | Rolldown.OutputAsset)[]) {
        if (file.type === 'chunk') modulesOf.set(file.fileName, file.moduleIds);
      }
    }
  } finally {
    process.env['NODE_ENV'] = nodeEnv;
  }
  manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
}, 180_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

const gzipSize = (file: string): number => gzipSync(readFileSync(join(outDir, file))).length;

/** Manifest keys of `entries` and of every chunk they import statically, transitively. */
function closure(entries: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the build manifest`);
    seen.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const entry of entries) visit(entry);
  return seen;
}

function measure(route: RouteBudget): Measured {
  const seen = closure(route.entries);
  const chunks = [...seen].map((key) => manifest[key]!.file).sort();
  const workerFiles = [...new Set([...seen].flatMap((key) => manifest[key]!.assets ?? []))].filter((f) => /\.m?js$/.test(f)).sort();
  return {
    chunks,
    js: chunks.reduce((sum, f) => sum + gzipSize(f), 0),
    workers: workerFiles.reduce((sum, f) => sum + gzipSize(f), 0),
    workerFiles,
  };
}

describe('bundle budget per route', () => {
  it('knows every page App.svelte loads lazily', () => {
    const lazy = manifest['index.html']?.dynamicImports ?? [];
    // Counted: a route's entries and every chunk they import statically. App.svelte also imports, ahead of the page,
    // a few modules the page imports itself (the first view's data reads, the map factory): counted already.
    const budgeted = new Set(Object.values(routes).flatMap((r) => [...r.entries, ...closure(r.entries)]));
    // A new lazily imported page must get a route (and a quota) here, or its bytes would go uncounted.
    expect(lazy.filter((key) => !budgeted.has(key))).toEqual([]);
    expect(lazy.length).toBeGreaterThan(Object.keys(routes).length - 1);
  });

  it('keeps each route within its quota', () => {
    const lines: string[] = [];
    const over: string[] = [];
    for (const [name, route] of Object.entries(routes)) {
      const m = measure(route);
      lines.push(`${name.padEnd(8)} js ${String(m.js).padStart(8)} / ${route.js}  workers ${String(m.workers).padStart(8)} / ${route.workers}  (${m.chunks.length} chunks)`);
      if (m.js > route.js) over.push(`${name}: ${m.js} gzip bytes of JS > quota ${route.js} (${m.chunks.join(', ')})`);
      if (m.workers > route.workers) over.push(`${name}: ${m.workers} gzip bytes of workers > quota ${route.workers} (${m.workerFiles.join(', ')})`);
    }
    console.info(`gzip bytes per route (measured / quota):\n${lines.join('\n')}`);
    expect(over).toEqual([]);
  });

  it('does not send proj4 to the prospect (site) route', () => {
    const site = routes['site'];
    expect(site).toBeDefined();
    const { chunks } = measure(site!);
    const withProj4 = chunks.filter((file) => (modulesOf.get(file) ?? []).some((id) => /[\\/]node_modules[\\/]proj4[\\/]/.test(id)));
    // Guard against the check passing vacuously: module ids must be known for every chunk of the route.
    expect(chunks.filter((file) => !modulesOf.has(file))).toEqual([]);
    expect(withProj4).toEqual([]);
  });

  it('ships no test hooks: they exist only in the e2e build (src/app/test-hooks.ts)', () => {
    const js = readdirSync(join(outDir, 'assets')).filter((f) => /\.m?js$/.test(f));
    expect(js.length).toBeGreaterThan(3);
    const withHooks = js.filter((f) => /__tenglong(Test|Print)|addTestHooks/.test(readFileSync(join(outDir, 'assets', f), 'utf8')));
    expect(withHooks).toEqual([]);
  });
});
