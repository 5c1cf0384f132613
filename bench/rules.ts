// bench/rules: parcels checked per second with checkParcel (the rules' one entry point) for the sample county and
// a 200 000-parcel generated county, against a naive baseline measured in the same run.
//
// Naive baseline: the same checkParcel over rule layers whose bounding boxes are infinite, so the bbox index never
// rejects anything and every parcel is tested vertex by vertex against every zone and control-line polygon. Same
// code path, same findings (checked on every parcel of the sample county), so the ratio isolates the index.
// The generated county is a rectangle grid across the sample county's extent (the sample generator stops at 6 000
// parcels); floor areas, heights and industries come from a seeded PRNG, so every run checks the same parcels.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAllFgb } from '../src/lib/data/fgb-read.ts';
import type { AreaGeometry, ControlLineProps, Feature, ParcelInternal, PolygonGeometry, ZoneProps } from '../src/lib/data/schema.ts';
import { INDUSTRIES } from '../src/lib/data/schema.ts';
import { buildRuleLayers, checkParcel, type ParcelInput, type RuleLayers } from '../src/lib/rules/check.ts';
import { relateAll } from '../src/lib/rules/relate.ts';
import type { Policy } from '../src/lib/rules/policy.ts';
import { seededRandom } from '../src/lib/util/seeded-random.ts';

export interface BenchRow {
  county: string;
  parcels: number;
  indexed_per_s: number;
  naive_per_s: number;
  /** indexed / naive. */
  ratio: number;
  /** Parcels the naive run covered (all, or a deterministic prefix when capped). */
  naive_parcels: number;
  /** The zone + control-line relation step alone (the part the index speeds up), parcels/s. */
  relate_indexed_per_s: number;
  relate_naive_per_s: number;
}


/** `n` rectangular parcels on a grid over `bbox`, each 80 % of its cell, with seeded attributes. */
export function generateParcels(n: number, bbox: [number, number, number, number], seed = 2025): ParcelInput[] {
  const [w, s, e, nn] = bbox;
  const aspect = (e - w) / (nn - s);
  const cols = Math.ceil(Math.sqrt(n * aspect));
  const rows = Math.ceil(n / cols);
  const dx = (e - w) / cols;
  const dy = (nn - s) / rows;
  const rnd = seededRandom(seed);
  const out: ParcelInput[] = [];
  for (let i = 0; i < n; i++) {
    const x = w + (i % cols) * dx + dx * 0.1;
    const y = s + Math.floor(i / cols) * dy + dy * 0.1;
    const geometry: PolygonGeometry = {
      type: 'Polygon',
      coordinates: [[[x, y], [x + dx * 0.8, y], [x + dx * 0.8, y + dy * 0.8], [x, y + dy * 0.8], [x, y]]],
    };
    out.push({
      id: `G-${i}`,
      geometry,
      floor_area_m2: Math.round(1000 + rnd() * 20000),
      height_m: Math.round(4 + rnd() * 20),
      industry: INDUSTRIES[Math.floor(rnd() * INDUSTRIES.length)]!,
      project: rnd() < 0.2 ? 'new' : 'none',
      grade: (['A', 'B', 'C', 'D'] as const)[Math.floor(rnd() * 4)]!,
      status: 'in_use',
      coverage: Math.round(rnd() * 100) / 100,
      green_ratio: Math.round(rnd() * 30) / 100,
      admin_ratio: Math.round(rnd() * 10) / 100,
    });
  }
  return out;
}

/** The naive layers: every bbox infinite, so nothing is pre-filtered. */
export function unindexedLayers(layers: RuleLayers): RuleLayers {
  const all: [number, number, number, number] = [-Infinity, -Infinity, Infinity, Infinity];
  return {
    ...layers,
    zones: layers.zones.map((z) => ({ ...z, bbox: all })),
    controlLines: layers.controlLines.map((l) => ({ ...l, bbox: all })),
  };
}

function rate(inputs: readonly ParcelInput[], layers: RuleLayers, policy: Policy): number {
  const t0 = performance.now();
  let sink = 0;
  for (const p of inputs) sink += checkParcel(p, layers, policy).findings.length;
  const ms = performance.now() - t0;
  if (sink < 0) throw new Error('unreachable');
  return inputs.length / (ms / 1000);
}

/** Only the step the index serves: relating each parcel to every zone and control line. */
function relateRate(inputs: readonly ParcelInput[], layers: RuleLayers): number {
  const t0 = performance.now();
  let sink = 0;
  for (const p of inputs) sink += relateAll(p.geometry, layers.zones).length + relateAll(p.geometry, layers.controlLines).length;
  const ms = performance.now() - t0;
  if (sink < 0) throw new Error('unreachable');
  return inputs.length / (ms / 1000);
}

export interface RulesBenchOptions {
  dataDir: string;
  policy: Policy;
  generated: number;
  /** Cap on parcels for the naive run of the generated county (its rate is per parcel, so a prefix suffices). */
  naiveCap: number;
  log: (line: string) => void;
}

export function loadSampleInputs(dataDir: string): { inputs: ParcelInput[]; layers: RuleLayers; bbox: [number, number, number, number] } {
  const read = (f: string) => readAllFgb(new Uint8Array(readFileSync(join(dataDir, f))), f);
  const zones = read('public/zones.fgb') as unknown as Feature<AreaGeometry, ZoneProps>[];
  const lines = read('public/control-lines.fgb') as unknown as Feature<AreaGeometry, ControlLineProps>[];
  const parcels = read('internal/parcels.fgb') as unknown as Feature<AreaGeometry, ParcelInternal>[];
  let bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const inputs = parcels.map((f) => {
    const s = f.properties;
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const poly of polys) for (const [x, y] of poly[0] ?? []) bbox = [Math.min(bbox[0], x), Math.min(bbox[1], y), Math.max(bbox[2], x), Math.max(bbox[3], y)];
    return {
      id: s.id,
      geometry: f.geometry,
      floor_area_m2: s.floor_area_m2,
      height_m: s.height_m,
      industry: s.industry,
      standard_land: s.standard_land,
      grade: s.grade ?? null,
      status: s.status,
      coverage: s.coverage,
      green_ratio: s.green_ratio,
      admin_ratio: s.admin_ratio,
    };
  });
  return { inputs, layers: buildRuleLayers(zones, lines), bbox };
}

export function runRulesBench(o: RulesBenchOptions): BenchRow[] {
  const { inputs, layers, bbox } = loadSampleInputs(o.dataDir);
  const naive = unindexedLayers(layers);
  o.log(`zones: ${layers.zones.length}, control lines: ${layers.controlLines.length}`);

  // Same findings with and without the index, on every sample parcel: the baseline does the same job.
  for (const p of inputs) {
    const a = JSON.stringify(checkParcel(p, layers, o.policy));
    const b = JSON.stringify(checkParcel(p, naive, o.policy));
    if (a !== b) throw new Error(`bench: indexed and naive checks disagree on parcel ${p.id}`);
  }

  const rows: BenchRow[] = [];
  // warm-up, then alternate runs (best of 3) so neither variant gets the JIT's or the machine's better moment
  rate(inputs.slice(0, 500), layers, o.policy);
  rate(inputs.slice(0, 500), naive, o.policy);
  let sampleIdx = 0;
  let sampleNaive = 0;
  for (let i = 0; i < 3; i++) {
    sampleIdx = Math.max(sampleIdx, rate(inputs, layers, o.policy));
    sampleNaive = Math.max(sampleNaive, rate(inputs, naive, o.policy));
  }
  rows.push({
    county: 'sample (示例数据)',
    parcels: inputs.length,
    indexed_per_s: sampleIdx,
    naive_per_s: sampleNaive,
    ratio: sampleIdx / sampleNaive,
    naive_parcels: inputs.length,
    relate_indexed_per_s: relateRate(inputs, layers),
    relate_naive_per_s: relateRate(inputs, naive),
  });

  if (o.generated > 0) {
    const t0 = performance.now();
    const gen = generateParcels(o.generated, bbox);
    o.log(`generated ${gen.length} parcels in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    for (const p of gen.slice(0, 2000)) {
      if (JSON.stringify(checkParcel(p, layers, o.policy)) !== JSON.stringify(checkParcel(p, naive, o.policy))) {
        throw new Error(`bench: indexed and naive checks disagree on generated parcel ${p.id}`);
      }
    }
    const idx = rate(gen, layers, o.policy);
    const sub = gen.slice(0, Math.min(gen.length, o.naiveCap));
    const nv = rate(sub, naive, o.policy);
    rows.push({
      county: 'generated',
      parcels: gen.length,
      indexed_per_s: idx,
      naive_per_s: nv,
      ratio: idx / nv,
      naive_parcels: sub.length,
      relate_indexed_per_s: relateRate(gen, layers),
      relate_naive_per_s: relateRate(sub, naive),
    });
  }
  return rows;
}

export function formatTable(rows: BenchRow[]): string {
  const head = ['county', 'parcels', 'checkParcel (bbox index) parcels/s', 'naive (every polygon) parcels/s', 'ratio', 'relation step only: indexed / naive parcels/s', 'ratio'];
  const body = rows.map((r) => [
    r.county,
    String(r.parcels),
    r.indexed_per_s.toFixed(0),
    `${r.naive_per_s.toFixed(0)}${r.naive_parcels < r.parcels ? ` (first ${r.naive_parcels})` : ''}`,
    `${r.ratio.toFixed(2)}×`,
    `${r.relate_indexed_per_s.toFixed(0)} / ${r.relate_naive_per_s.toFixed(0)}`,
    `${(r.relate_indexed_per_s / r.relate_naive_per_s).toFixed(1)}×`,
  ]);
  // CJK characters take two columns in a terminal
  const width = (x: string) => [...x].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const widths = head.map((h, i) => Math.max(width(h), ...body.map((b) => width(b[i]!))));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
