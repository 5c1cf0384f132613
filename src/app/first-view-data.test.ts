// The first view's reads started early (App.svelte) and taken over by the data store: each file is asked for once, the
// internal manifest only once the session allows it, and the answers are the built sample county's files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const DATA = fileURLToPath(new URL('../../public/data/', import.meta.url));
const PAGE = 'http://127.0.0.1:4173/';

let asked: string[] = [];
let internalStatus = 200;
/** Serve public/manifest.json without `context_tiles`, as a build made before them. */
let withoutContextTiles = false;

/** The built sample county over fetch: `data/<path>` from public/data, internal/ refused with `internalStatus`. */
async function fakeFetch(input: string | URL | Request): Promise<Response> {
  const url = new URL(String(input));
  const path = url.pathname.replace(/^\/data\//, '');
  asked.push(path);
  if (path.startsWith('internal/') && internalStatus !== 200) return new Response('no', { status: internalStatus });
  if (path === 'public/manifest.json' && withoutContextTiles) {
    const { context_tiles: _dropped, ...rest } = JSON.parse(readFileSync(join(DATA, path), 'utf8')) as Record<string, unknown>;
    return new Response(JSON.stringify(rest), { status: 200, headers: { 'content-type': 'application/json' } });
  }
  const type = path.endsWith('.json') ? 'application/json' : 'application/octet-stream';
  return new Response(readFileSync(join(DATA, path)), { status: 200, headers: { 'content-type': type } });
}

type Module = typeof import('./first-view-data.ts');
/** A fresh copy of the module (its state is per page) with the fakes in place. */
async function load(): Promise<Module> {
  vi.resetModules();
  return import('./first-view-data.ts');
}

const publicManifest = JSON.parse(readFileSync(join(DATA, 'public/manifest.json'), 'utf8')) as { layers: Record<string, { count: number }>; context_tiles?: unknown };
const files = (names: string[]) => names.filter((name) => publicManifest.layers[name]).map((name) => `public/${name}.fgb`);
/** What the first view reads as features when the build has context tiles: the blocks and the town names. */
const contextFiles = files(['low-efficiency-blocks', 'base-towns']);
/** What it then leaves to the tiles, read as features only when a rule asks (DataStore). */
const drawnFiles = files(['control-lines', 'zones', 'base-county', 'base-water', 'base-roads']);
const count = (path: string) => asked.filter((p) => p === path).length;

beforeEach(() => {
  asked = [];
  internalStatus = 200;
  withoutContextTiles = false;
  // data-files.ts reads the data folder from the page's <meta> tags: none here, so `data/` beside the page.
  vi.stubGlobal('document', { querySelector: () => null, baseURI: PAGE });
  vi.stubGlobal('fetch', vi.fn(fakeFetch));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('first view reads', () => {
  it('reads the public files at once, the internal manifest once the session allows, and hands each over unasked again', async () => {
    expect(publicManifest.context_tiles).toBeDefined();
    expect(contextFiles.length).toBe(2);
    const m = await load();
    let allow!: (ok: boolean) => void;
    m.startFirstViewReads(new Promise<boolean>((r) => (allow = r)));
    await vi.waitFor(() => expect(contextFiles.every((f) => count(f) === 1)).toBe(true));
    expect(count('internal/manifest.json')).toBe(0);
    allow(true);
    await vi.waitFor(() => expect(count('internal/manifest.json')).toBe(1));

    const reads = m.takeFirstViewReads();
    const { manifest, internal } = await reads.manifests;
    const context = await reads.context;
    expect(internal.ok).toBe(true);
    expect(manifest.layers['parcels']?.count).toBe(publicManifest.layers['parcels']?.count);
    // The decoded layers are the files' features: as many as the pipeline counted into the manifest.
    expect(context.listed.blocks.length).toBe(publicManifest.layers['low-efficiency-blocks']?.count);
    expect(context.listed.towns.length).toBe(publicManifest.layers['base-towns']?.count);
    // The layers drawn from tiles are not read: the store asks for zones and control lines when a rule needs them.
    expect(context.drawn).toBeNull();
    expect(drawnFiles.filter((f) => count(f) > 0)).toEqual([]);
    // Nothing was asked twice: one GET per file, the store's included.
    expect([...new Set(asked)].length).toBe(asked.length);
    expect(asked.length).toBe(2 + contextFiles.length);
  });

  it('reads every context layer as features for a build without context tiles (made before them), each once', async () => {
    withoutContextTiles = true;
    expect(drawnFiles.length).toBeGreaterThanOrEqual(3);
    const m = await load();
    m.startFirstViewReads(Promise.resolve(true));
    const reads = m.takeFirstViewReads();
    const { manifest } = await reads.manifests;
    const context = await reads.context;
    expect(manifest.context_tiles).toBeUndefined();
    expect(context.drawn?.zones.length).toBe(publicManifest.layers['zones']?.count);
    expect(context.drawn?.controlLines.length).toBe(publicManifest.layers['control-lines']?.count);
    expect(context.drawn?.base.roads.length).toBe(publicManifest.layers['base-roads']?.count ?? 0);
    expect(context.listed.blocks.length).toBe(publicManifest.layers['low-efficiency-blocks']?.count);
    expect([...contextFiles, ...drawnFiles].filter((f) => count(f) !== 1)).toEqual([]);
  });

  it('reads everything afresh when taken if the session did not allow internal/ when it was known (a login came first)', async () => {
    const m = await load();
    m.startFirstViewReads(Promise.resolve(false));
    await vi.waitFor(() => expect(contextFiles.every((f) => count(f) === 1)).toBe(true));
    expect(count('internal/manifest.json')).toBe(0);
    const reads = m.takeFirstViewReads();
    const { internal } = await reads.manifests;
    await reads.context;
    expect(internal.ok).toBe(true);
    expect(count('internal/manifest.json')).toBe(1);
    // The build may have changed while the login page showed: the public files are asked for again, once.
    expect(count('public/manifest.json')).toBe(2);
    expect(contextFiles.every((f) => count(f) === 2)).toBe(true);
  });

  it('hands a refused internal manifest over as it came (HTTP 401), without asking again', async () => {
    internalStatus = 401;
    const m = await load();
    m.startFirstViewReads(Promise.resolve(true));
    const { internal } = await m.takeFirstViewReads().manifests;
    expect(internal.ok).toBe(false);
    if (!internal.ok) expect(String(internal.error)).toMatch(/internal\/manifest\.json: HTTP 401/);
    expect(count('internal/manifest.json')).toBe(1);
  });

  it('reads by itself when nothing was started, and afresh on a second take; a start after a take does nothing', async () => {
    const m = await load();
    const first = m.takeFirstViewReads();
    await first.context;
    expect(count('public/manifest.json')).toBe(1);
    // A start would ask for the public manifest at once (fetch is called synchronously): nothing was asked.
    m.startFirstViewReads(Promise.resolve(true));
    expect(count('public/manifest.json')).toBe(1);
    const second = m.takeFirstViewReads();
    await second.manifests;
    await second.context;
    expect(count('public/manifest.json')).toBe(2);
    // Had the start read the internal manifest (once its session promise settled, long before now), this would be 3.
    expect(count('internal/manifest.json')).toBe(2);
  });

  it('reports a missing public manifest to the taker, and not before (no unhandled rejection)', async () => {
    const fetchMock = vi.fn(async (input: string | URL | Request) => {
      asked.push(String(input));
      return new Response('missing', { status: 404 });
    });
    vi.stubGlobal('fetch', fetchMock);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const m = await load();
      m.startFirstViewReads(Promise.resolve(true));
      await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
      // The refusals settle in microtasks; Node reports an unhandled one before the next macrotask runs.
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
      const reads = m.takeFirstViewReads();
      await expect(reads.manifests).rejects.toThrow(/public\/manifest\.json: HTTP 404/);
      await expect(reads.context).rejects.toThrow(/public\/manifest\.json: HTTP 404/);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
