// bench/batch-rules: the batch check over a built county with the zones and control lines held whole (as before) and
// read tile by tile as the parcels come (RuleTiles, what the check worker does when the page has not read them):
//
//   npx tsx bench/batch-rules.ts --data DIR [--mosaic N] [--runs 3]
//
// DIR is a `build-data` output (e.g. /tmp/tl-smap/data-200000 from bench/scale-map.ts --keep). The parcels are streamed
// from DIR/internal/parcels.fgb in 64 KB chunks through runBatch, as the worker streams them; the zones and control
// lines are DIR's own, read from memory through the same byte-source interface the worker reads HTTP ranges through.
// A generated county keeps the sample's 4 zones and 18 control lines, which a province would not: --mosaic N adds an
// N × N mosaic of small zones over the parcels' extent (as a plan's zoning mosaic), each 0.4 of its cell wide,
// alternating central and adjusted-use, written as an indexed file like the pipeline's. Both ways run alternately,
// --runs times each; the verdicts must be the same (compared whole). Reports parcels/s both ways and their ratio, and
// the features held: all of them whole, the most held at once by tile. Nothing about time is asserted.
import { closeSync, createReadStream, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseFlags, UsageError } from '../scripts/args.ts';
import { memoryByteSource } from '../src/lib/data/byte-source.ts';
import { readAllFgb, readFgbHeader, streamFgb } from '../src/lib/data/fgb-read.ts';
import { writeIndexedFgb } from '../src/lib/data/fgb-write.ts';
import type { AreaGeometry, ControlLineProps, Feature, ZoneProps } from '../src/lib/data/schema.ts';
import { runBatch, type BatchParcel, type ParcelIssues } from '../src/lib/draw/batch.ts';
import { buildRuleLayers } from '../src/lib/rules/check.ts';
import type { ExistingParcel } from '../src/lib/rules/parcel-findings.ts';
import { parsePolicy } from '../src/lib/rules/policy.ts';
import { RuleTiles, type RuleLayersFor, type RuleTileStats } from '../src/lib/rules/rule-tiles.ts';

const ROOT = resolve(new URL('..', import.meta.url).pathname);

async function* parcelsOf(file: string): AsyncGenerator<BatchParcel> {
  const chunks = createReadStream(file, { highWaterMark: 64 * 1024 }) as AsyncIterable<Uint8Array>;
  for await (const f of streamFgb(chunks, file)) yield { geometry: f.geometry as AreaGeometry, props: f.properties as unknown as ExistingParcel };
}

/** The N × N mosaic of zones over `box`, with the county's own zones. */
function mosaic(own: Feature[], box: [number, number, number, number], n: number): Feature[] {
  const out = [...own];
  const w = (box[2] - box[0]) / n;
  const h = (box[3] - box[1]) / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = box[0] + (i + 0.3) * w;
      const y = box[1] + (j + 0.3) * h;
      const ring = [[x, y], [x + 0.4 * w, y], [x + 0.4 * w, y + 0.4 * h], [x, y + 0.4 * h], [x, y]];
      const central = (i + j) % 2 === 0;
      out.push({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [ring] },
        properties: { id: `M-${i}-${j}`, name: `mosaic ${i},${j}`, kind: central ? 'central' : 'adjusted-use', approximate: true },
      } as unknown as Feature);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const flags = parseFlags('bench/batch-rules', process.argv.slice(2), { data: 'string', mosaic: 'string', runs: 'string' });
  const dir = flags.str('data');
  if (!dir) throw new UsageError('bench/batch-rules: --data DIR (a build-data output) is required');
  const runs = flags.int('runs', 1) ?? 3;
  const n = flags.int('mosaic', 0) ?? 0;
  const parcelsFile = join(dir, 'internal', 'parcels.fgb');
  if (!existsSync(parcelsFile)) throw new UsageError(`bench/batch-rules: ${parcelsFile} does not exist`);
  const policy = parsePolicy(JSON.parse(readFileSync(join(ROOT, 'data/policy/ninghai-2021-2025.json'), 'utf8')));
  let zonesFile: Uint8Array = new Uint8Array(readFileSync(join(dir, 'public', 'zones.fgb')));
  const linesFile = new Uint8Array(readFileSync(join(dir, 'public', 'control-lines.fgb')));
  // The parcels file's header (its count and envelope), from its first bytes only.
  const first = new Uint8Array(1 << 20);
  const fd = openSync(parcelsFile, 'r');
  const got = readSync(fd, first, 0, first.length, 0);
  closeSync(fd);
  const header = await readFgbHeader(memoryByteSource(first.subarray(0, got), parcelsFile));
  if (n > 0) {
    if (!header.envelope) throw new Error(`${parcelsFile}: no envelope in its header`);
    zonesFile = writeIndexedFgb(mosaic(readAllFgb(zonesFile), header.envelope, n));
  }
  const total = header.featuresCount;

  const way = async (kind: 'whole' | 'tiles'): Promise<{ ms: number; results: ParcelIssues[]; tiles: RuleTileStats | null; held: number }> => {
    const t = performance.now();
    let rules: RuleLayersFor;
    let tiles: RuleTiles | null = null;
    let held = 0;
    if (kind === 'whole') {
      const zones = readAllFgb(zonesFile) as unknown as Feature<AreaGeometry, ZoneProps>[];
      const lines = readAllFgb(linesFile) as unknown as Feature<AreaGeometry, ControlLineProps>[];
      rules = buildRuleLayers(zones, lines);
      held = zones.length + lines.length;
    } else {
      tiles = new RuleTiles({ zones: memoryByteSource(zonesFile, 'zones.fgb'), controlLines: memoryByteSource(linesFile, 'control-lines.fgb') });
      rules = tiles;
    }
    const results = await runBatch({ parcels: parcelsOf(parcelsFile), total, rules, policy }, { every: 10_000, onProgress: () => undefined });
    if (!results) throw new Error('the run was cancelled');
    return { ms: performance.now() - t, results, tiles: tiles ? { ...tiles.stats } : null, held: tiles ? tiles.stats.peakFeatures : held };
  };

  const times = { whole: [] as number[], tiles: [] as number[] };
  let last: Record<'whole' | 'tiles', Awaited<ReturnType<typeof way>> | null> = { whole: null, tiles: null };
  for (let r = 0; r < runs; r++) {
    for (const kind of r % 2 ? (['tiles', 'whole'] as const) : (['whole', 'tiles'] as const)) {
      const got = await way(kind);
      times[kind].push(got.ms);
      last = { ...last, [kind]: got };
      console.error(`[batch-rules] run ${r + 1} ${kind}: ${(got.ms / 1000).toFixed(2)} s, ${got.results.length} parcels with issues, ${got.held} features held`);
    }
  }
  const w = last.whole!;
  const t = last.tiles!;
  const same = JSON.stringify(w.results) === JSON.stringify(t.results);
  if (!same) throw new Error('the verdicts differ between the whole layers and the tiles');
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  const perS = (ms: number) => Math.round(total / (ms / 1000));
  console.log(
    JSON.stringify(
      {
        bench: 'batch-rules',
        date: new Date().toISOString(),
        node: process.version,
        data: dir,
        parcels: total,
        zones_and_lines: w.held,
        mosaic: n,
        runs,
        same_verdicts: same,
        parcels_with_issues: w.results.length,
        whole: { median_ms: Math.round(median(times.whole)), parcels_per_s: perS(median(times.whole)), features_held: w.held },
        tiles: { median_ms: Math.round(median(times.tiles)), parcels_per_s: perS(median(times.tiles)), features_held_peak: t.held, ...t.tiles },
        ratio_tiles_over_whole_time: Number((median(times.tiles) / median(times.whole)).toFixed(2)),
      },
      null,
      2,
    ),
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof UsageError ? e.message : e);
  process.exit(e instanceof UsageError ? 2 : 1);
});
