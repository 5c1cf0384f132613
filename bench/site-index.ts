// bench/site-index: what the site worker does before it can rank (issue 16), on a built data folder:
//
//   npx tsx bench/site-index.ts --data DIR [--baseline CHECKOUT] [--runs 5]
//
// DIR is a `build-data` output (e.g. /tmp/tl-smap10/data-200000 from bench/scale-map.ts --keep). Reads the file the
// worker streams (internal/sites.fgb, else internal/parcels.fgb), collects the ranking inputs (SiteCollector) and
// builds the site index (buildSiteIndex: partners, the neighbour graph for combined sites, the grower), `--runs`
// times. With `--baseline CHECKOUT` (another checkout of the project, e.g. `git worktree add /tmp/base <commit>`),
// that checkout's buildSiteIndex is run on the same inputs in the same process, alternating with this one, and the
// two indexes must give the same neighbour lists. Also what the worker then posts to the page once (its 'built'
// message: the chain firms' parcels for the overlay) until the page has them by firm: encoded in the worker, cloned
// (node:v8's serializer is the one postMessage uses; its bytes are reported), read back, decoded — for this checkout's
// collection and, with --baseline, that checkout's (which posted objects). Prints a JSON report; nothing is asserted about times.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { deserialize, serialize } from 'node:v8';
import { parseFlags, UsageError } from '../scripts/args.ts';
import { parseChainConfig } from '../src/lib/chain/config.ts';
import { parseChainsFile, parseEnterprisesFile } from '../src/lib/chain/inputs.ts';
import { buildSiteIndex } from '../src/lib/chain/site-index.ts';
import { collectSites } from '../src/lib/chain/site-stream.ts';
import { byFirmFromColumns, toColumns, type ChainParcelColumns } from '../src/lib/chain/chain-parcel-columns.ts';
import type { AreaGeometry, Feature } from '../src/lib/data/schema.ts';
import { readAllFgb } from '../src/lib/data/fgb-read.ts';

type Build = typeof buildSiteIndex;
type Collect = typeof collectSites;

/**
 * The 'built' message as the worker posts it and the page reads it: `encode` (in the worker) → clone bytes →
 * serialise + deserialise → `decode` (the page, into parcels by firm); median time of the whole.
 */
function messageCost<T>(parcels: T[], encode: (p: T[]) => unknown, decode: (m: unknown) => unknown, runs: number): { bytes: number; median_ms: number } {
  let bytes = 0;
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const buf = serialize({ type: 'built', chainParcels: encode(parcels) });
    decode((deserialize(buf) as { chainParcels: unknown }).chainParcels);
    ms.push(performance.now() - t);
    bytes = buf.length;
  }
  return { bytes, median_ms: Math.round(median(ms)) };
}

/** How the page grouped the objects before the columns (src/app/site-ranking.svelte.ts). */
function groupObjects(m: unknown): Map<string, unknown[]> {
  const by = new Map<string, unknown[]>();
  for (const p of m as { enterprise_id: string }[]) {
    const list = by.get(p.enterprise_id);
    if (list) list.push(p);
    else by.set(p.enterprise_id, [p]);
  }
  return by;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function main(): Promise<void> {
  const flags = parseFlags('bench/site-index', process.argv.slice(2), { data: 'string', baseline: 'string', runs: 'string' });
  const dir = flags.str('data');
  if (!dir) throw new UsageError('bench/site-index: --data DIR (a build-data output) is required');
  const runs = flags.int('runs', 1) ?? 5;
  const json = (f: string): unknown => JSON.parse(readFileSync(join(dir, f), 'utf8'));
  const cfg = parseChainConfig(JSON.parse(readFileSync('data/policy/ninghai-2021-2025.json', 'utf8')), 'policy').ranking;
  const firms = parseEnterprisesFile(json('internal/enterprises.json'));
  const chains = parseChainsFile(json('internal/chains.json'));
  const file = existsSync(join(dir, 'internal', 'sites.fgb')) ? 'internal/sites.fgb' : 'internal/parcels.fgb';
  const features = readAllFgb(new Uint8Array(readFileSync(join(dir, file)))) as Feature<AreaGeometry, Record<string, unknown>>[];
  let t = performance.now();
  const collection = await collectSites(features, firms, cfg);
  const collectMs = performance.now() - t;

  const variants: [string, Build][] = [['this', buildSiteIndex]];
  const messages: Record<string, { bytes: number; median_ms: number }> = {
    this: messageCost(collection.chainParcels, toColumns, (m) => byFirmFromColumns(m as ChainParcelColumns), runs),
  };
  const base = flags.str('baseline');
  if (base !== undefined) {
    const mod = (await import(pathToFileURL(resolve(base, 'src/lib/chain/site-index.ts')).href)) as { buildSiteIndex: Build };
    variants.push(['baseline', mod.buildSiteIndex]);
    const stream = (await import(pathToFileURL(resolve(base, 'src/lib/chain/site-stream.ts')).href)) as { collectSites: Collect };
    // The baseline's parcels as its worker posted them (objects); a checkout that posts columns is not this bench's.
    messages['baseline'] = messageCost((await stream.collectSites(features, firms, cfg)).chainParcels as unknown[], (p) => p, groupObjects, runs);
  }
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  const lists = new Map<string, string>();
  for (let r = 0; r < runs; r++) {
    for (const [name, build] of r % 2 ? [...variants].reverse() : variants) {
      t = performance.now();
      const index = build(collection.parcels, firms, chains, cfg);
      times.get(name)!.push(performance.now() - t);
      if (r === 0) lists.set(name, JSON.stringify([...index.neighbours].map(([id, l]) => [id, l.map((p) => p.id)]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1))));
    }
  }
  if (base !== undefined && lists.get('this') !== lists.get('baseline')) throw new Error('bench/site-index: the two indexes have different neighbour lists');
  const ms = Object.fromEntries([...times].map(([name, xs]) => [name, { median_ms: Math.round(median(xs)), runs_ms: xs.map(Math.round) }]));
  const report = {
    bench: 'site-index',
    data: dir,
    file,
    features: features.length,
    kept: collection.parcels.length,
    collect_ms: Math.round(collectMs),
    build: ms,
    chain_parcels: collection.chainParcels.length,
    built_message: messages,
    ...(base !== undefined ? { baseline: base, baseline_over_this: Number((median(times.get('baseline')!) / median(times.get('this')!)).toFixed(2)), same_neighbours: true } : {}),
  };
  console.log(JSON.stringify(report, null, 2));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(e instanceof UsageError ? 2 : 1);
});
