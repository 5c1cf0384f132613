// bench/site-area: the 招商 ranking over the whole territory against the ranking within an area (issue 16: a province
// is ranked by area), as the site worker does each, on a built data folder, in one process:
//
//   npx tsx bench/site-area.ts --data DIR [--area W,S,E,N] [--demand D-004] [--runs 3] [--reach-km KM]
//
// DIR is a `build-data` output (e.g. /tmp/tl-smap/data-200000 from bench/scale-map.ts --keep). The area defaults to a
// zoom-14 view (about 1 300 × 800 px) round the app's default centre, 121.45°E 29.36°N.
// - whole: internal/sites.fgb streamed whole (streamFgb over the file, 1 MB chunks, as the worker streams its fetch),
//   collected (SiteCollector), the zones and control lines read whole, the site index built, the demand ranked;
// - area: the sites file read by the area grown by the partner reach through its R-tree, part by part
//   (readFgbBboxInParts, over the file by offset: the worker's range reads), collected within the area, the zones
//   and control lines read by the box of the area's candidates (RuleTiles), the index built, the demand ranked.
// Alternating, median of --runs: time to the first ranking, parcels read and kept, bytes read, and the heap held
// by what was kept. The area's ranking must equal the one over the whole file filtered to the area in memory
// (collectSites with the area over every feature): the bench fails if it does not. Times are reported, never asserted.
// --reach-km sets distance_zero_km (and distance_full_km to a tenth of it) for both ways: a generated county keeps the
// sample's extent (~20 × 33 km), so at N parcels it is N / 4 000 times as dense as a real one and the policy's 25 km
// reaches all of it; a shorter reach gives the area the share of the file a real province's density would.
import { createReadStream, existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseFlags, UsageError } from '../scripts/args.ts';
import { loadChainData } from '../scripts/sites-cmd.ts';
import { demandInput } from '../src/lib/chain/inputs.ts';
import { rankSites } from '../src/lib/chain/rank.ts';
import { buildSiteIndex } from '../src/lib/chain/site-index.ts';
import { SiteCollector, SiteRanker } from '../src/lib/chain/site-stream.ts';
import { areaReadBox, type SiteArea } from '../src/lib/chain/site-area.ts';
import type { ByteSource } from '../src/lib/data/byte-source.ts';
import { readAllFgb, streamFgb } from '../src/lib/data/fgb-read.ts';
import { readFgbBboxInParts } from '../src/lib/data/fgb-read-parts.ts';
import type { AreaGeometry, ControlLineProps, Feature, ZoneProps } from '../src/lib/data/schema.ts';
import { bboxOf, unionBbox } from '../src/lib/geo/shape.ts';
import { buildRuleLayers } from '../src/lib/rules/check.ts';
import { RuleTiles } from '../src/lib/rules/rule-tiles.ts';
import { siteAreaParam } from '../src/lib/url/params.ts';

type P = Feature<AreaGeometry, Record<string, unknown>>;

/** A file read by offset (what the worker's HTTP range reads are), counting bytes and reads. */
async function fileByteSource(path: string): Promise<ByteSource & { close(): Promise<void> }> {
  const fh = await open(path, 'r');
  const size = (await fh.stat()).size;
  const out = {
    label: path,
    bytesRead: 0,
    requestCount: 0,
    size: async () => size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = new Uint8Array(n);
      if (n > 0) await fh.read(buf, 0, n, offset);
      out.bytesRead += n;
      out.requestCount++;
      return buf;
    },
    close: () => fh.close(),
  };
  return out;
}

async function* fileChunks(path: string, counter: { bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const c of createReadStream(path, { highWaterMark: 1 << 20 })) {
    counter.bytes += (c as Buffer).length;
    yield c as Buffer;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const gc = (globalThis as { gc?: () => void }).gc;
/** The JS heap and the typed arrays' buffers (outside the heap: the packed outlines, PackedOutlines), after a GC. */
const heapMb = () => {
  gc?.();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1e6;
};

interface Run {
  ms: number;
  read: number;
  kept: number;
  candidates: number;
  bytes: number;
  heldMb: number;
  top: string[];
}

async function main(): Promise<void> {
  const flags = parseFlags('bench/site-area', process.argv.slice(2), { data: 'string', area: 'string', demand: 'string', runs: 'string', 'reach-km': 'string' });
  const dir = flags.str('data');
  if (!dir) throw new UsageError('bench/site-area: --data DIR is required (a build-data output)');
  const data = resolve(dir);
  const sitesPath = join(data, 'internal', 'sites.fgb');
  if (!existsSync(sitesPath)) throw new UsageError(`bench/site-area: ${sitesPath} is missing (a build before the sites file?)`);
  // Zoom 14 at 29.36°N: 360 / (256 · 2^14) ° a pixel east–west, × cos φ north–south (web Mercator, near enough).
  const pxDeg = 360 / (256 * 2 ** 14);
  const defArea: SiteArea = [121.45 - 650 * pxDeg, 29.36 - 400 * pxDeg * Math.cos((29.36 * Math.PI) / 180), 121.45 + 650 * pxDeg, 29.36 + 400 * pxDeg * Math.cos((29.36 * Math.PI) / 180)];
  const areaRaw = flags.str('area');
  const area = areaRaw === undefined ? defArea : siteAreaParam.parse(areaRaw);
  if (!area) throw new UsageError(`bench/site-area: --area must be west,south,east,north, got "${areaRaw ?? ''}"`);
  const runs = flags.int('runs', 1) ?? 3;
  const demandId = flags.str('demand') ?? 'D-004';
  const d = await loadChainData(data, resolve('data/policy/ninghai-2021-2025.json'));
  const reachRaw = flags.str('reach-km');
  const reach = reachRaw === undefined ? null : Number(reachRaw);
  if (reach !== null && !(reach > 0)) throw new UsageError(`bench/site-area: --reach-km must be a positive number, got "${reachRaw ?? ''}"`);
  const cfg = reach === null ? d.config.ranking : { ...d.config.ranking, distance_zero_km: reach, distance_full_km: reach / 10 };
  const demand = d.demands.find((x) => x.id === demandId);
  if (!demand) throw new UsageError(`bench/site-area: no demand ${demandId}`);
  const input = demandInput(demand, d.firms);
  const zonesPath = join(data, 'public', 'zones.fgb');
  const linesPath = join(data, 'public', 'control-lines.fgb');

  async function whole(): Promise<Run> {
    const h0 = heapMb();
    const t0 = performance.now();
    const counter = { bytes: 0 };
    const c = new SiteCollector(d.firms, cfg);
    for await (const f of streamFgb(fileChunks(sitesPath, counter))) c.add(f as P);
    const layers = buildRuleLayers(
      readAllFgb(new Uint8Array(await readFile(zonesPath))) as unknown as Feature<AreaGeometry, ZoneProps>[],
      readAllFgb(new Uint8Array(await readFile(linesPath))) as unknown as Feature<AreaGeometry, ControlLineProps>[],
    );
    const got = c.result();
    const ranker = new SiteRanker(got, d.firms, d.chains, layers, cfg);
    const r = ranker.rank(input, 10, d.policy).ranking;
    const ms = performance.now() - t0;
    return { ms, read: got.seen, kept: got.parcels.length, candidates: ranker.index.candidates.length, bytes: counter.bytes, heldMb: heapMb() - h0, top: r.candidates.map((x) => x.members.join('+')) };
  }

  async function within(): Promise<Run & { ranking: ReturnType<typeof rankSites> }> {
    const h0 = heapMb();
    const t0 = performance.now();
    const sites = await fileByteSource(sitesPath);
    const zones = await fileByteSource(zonesPath);
    const lines = await fileByteSource(linesPath);
    const c = new SiteCollector(d.firms, cfg, area);
    for await (const f of readFgbBboxInParts(sites, areaReadBox(area!, cfg))) c.add(f as P);
    const got = c.result();
    const box = unionBbox(got.parcels.flatMap((p) => (p.geometry ? [bboxOf(p.geometry)] : [])));
    const layers = box ? await new RuleTiles({ zones, controlLines: lines }).near(box) : buildRuleLayers([], []);
    const ranker = new SiteRanker(got, d.firms, d.chains, layers, cfg);
    const ranking = ranker.rank(input, 10, d.policy).ranking;
    const ms = performance.now() - t0;
    const bytes = sites.bytesRead + zones.bytesRead + lines.bytesRead;
    await Promise.all([sites.close(), zones.close(), lines.close()]);
    return { ms, read: got.seen, kept: got.parcels.length, candidates: ranker.index.candidates.length, bytes, heldMb: heapMb() - h0, top: ranking.candidates.map((x) => x.members.join('+')), ranking };
  }

  const w: Run[] = [];
  const a: (Run & { ranking: ReturnType<typeof rankSites> })[] = [];
  for (let i = 0; i < runs; i++) {
    w.push(await whole());
    a.push(await within());
    console.error(`[site-area] run ${i + 1}: whole ${w[i]!.ms.toFixed(0)} ms (${w[i]!.read} read, ${w[i]!.candidates} candidates), area ${a[i]!.ms.toFixed(0)} ms (${a[i]!.read} read, ${a[i]!.candidates} candidates)`);
  }

  // The check: the area's ranking = the whole file filtered to the area in memory.
  const all = readAllFgb(new Uint8Array(await readFile(sitesPath))) as P[];
  const c = new SiteCollector(d.firms, cfg, area);
  for (const f of all) c.add(f);
  const layers = buildRuleLayers(
    readAllFgb(new Uint8Array(await readFile(zonesPath))) as unknown as Feature<AreaGeometry, ZoneProps>[],
    readAllFgb(new Uint8Array(await readFile(linesPath))) as unknown as Feature<AreaGeometry, ControlLineProps>[],
  );
  const want = rankSites(buildSiteIndex(c.result().parcels, d.firms, d.chains, cfg), input, { top: 10, policy: d.policy, layers, cfg });
  const same = JSON.stringify(want) === JSON.stringify(a[0]!.ranking);
  const sum = (rs: Run[]) => ({
    first_ranking_ms: Math.round(median(rs.map((r) => r.ms))),
    parcels_read: rs[0]!.read,
    kept: rs[0]!.kept,
    candidates: rs[0]!.candidates,
    bytes_read_mb: Number((rs[0]!.bytes / 1e6).toFixed(1)),
    held_mb: Number(median(rs.map((r) => r.heldMb)).toFixed(1)),
    top3: rs[0]!.top.slice(0, 3),
  });
  const report = {
    data: data,
    demand: demandId,
    area,
    reach_km: cfg.distance_zero_km,
    runs,
    whole: sum(w),
    area_ranking: sum(a),
    whole_over_area: Number((median(w.map((r) => r.ms)) / median(a.map((r) => r.ms))).toFixed(2)),
    area_equals_whole_file_filtered: same,
    heap_measured_after_gc: gc !== undefined,
  };
  console.log(JSON.stringify(report, null, 2));
  if (!same) {
    console.error('[site-area] the area ranking read by range differs from the whole file filtered to the area');
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof UsageError ? e.message : e);
  process.exitCode = e instanceof UsageError ? 2 : 1;
});
