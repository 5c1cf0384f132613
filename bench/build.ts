// bench/build: peak memory and parcels/s of `tenglong build-data` on generated counties of 50 000, 200 000 and
// 500 000 parcels (the targets: 500 000 in < 1.5 GB and < 3 minutes on a 2-core machine), and 1 000 000 for
// issue 16 (`--parcels 1000000`).
//
//   npx tsx bench/build.ts [--parcels 50000,200000,500000] [--generator grid|sample] [--baseline DIR] [--keep]
//                          [--json FILE]
//
// Two ways to make a county (the same layers either way: the sample county's control lines, zones, blocks, base
// layers, chains):
// - `grid` (default): the parcels replaced by a seeded grid of rectangles over the sample extent and one firm per four
//   parcels; parcels.geojson is written as a stream.
// - `sample`: `tenglong sample --scale N` — the sample county's own parcels cut into N pieces (same places and
//   attributes, the sample's firms and registers), the "large generated county".
// The build runs as the real binary under GNU time (`/usr/bin/time -f "%M %e"`: peak resident memory of the largest
// process of the build — bin/tenglong.mjs runs the CLI in a child node, which is the one that counts —, wall
// seconds); the process tree's summed VmRSS is also sampled from /proc every 200 ms, in case the build ever spreads
// over several processes. What was written is listed by folder (public/, internal/) and file type. With --baseline DIR
// (a checkout of an earlier commit with its own node_modules) the same files are built by that version too, in the
// same run, so the two can be compared.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlags, UsageError } from '../scripts/args.ts';
import { seededRandom } from '../src/lib/util/seeded-random.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const SAMPLE = join(ROOT, 'data', 'sample');
const INDUSTRIES = ['general', 'textiles', 'plastics', 'rubber', 'auto_parts', 'moulds', 'photovoltaic', 'stationery_sports', 'new_materials'];
const STATUSES: [string, number][] = [['in_use', 0.8], ['idle', 0.05], ['used_not_full', 0.04], ['built_not_operating', 0.03], ['operating_below_target', 0.03], ['supplied_not_used', 0.03], ['under_construction', 0.02]];


/** A county folder of `n` grid parcels over the sample extent, written as a stream (one feature per line). */
export function writeCounty(dir: string, n: number, seed = 2021): void {
  mkdirSync(dir, { recursive: true });
  for (const f of ['control-lines.geojson', 'low-efficiency-blocks.geojson', 'zones.geojson', 'base-county.geojson', 'base-water.geojson', 'base-towns.geojson', 'base-roads.geojson', 'chains.json', 'county.json']) {
    copyFileSync(join(SAMPLE, f), join(dir, f));
  }
  const county = JSON.parse(readFileSync(join(SAMPLE, 'county.json'), 'utf8')) as { extent: [number, number, number, number] };
  // Stay 0.06° inside the extent (the sample's margin is 0.05°), on land near the parks as well as off them.
  const [w, s, e, nn] = [county.extent[0] + 0.06, county.extent[1] + 0.06, county.extent[2] - 0.06, county.extent[3] - 0.06];
  const cols = Math.ceil(Math.sqrt((n * (e - w)) / (nn - s)));
  const rows = Math.ceil(n / cols);
  const dx = (e - w) / cols;
  const dy = (nn - s) / rows;
  const rnd = seededRandom(seed);
  const firms = Math.max(1, Math.floor(n / 4));
  const fd = openSync(join(dir, 'parcels.geojson'), 'w');
  writeSync(fd, '{"type":"FeatureCollection","name":"parcels","features":[\n');
  let buf: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = w + (i % cols) * dx + dx * 0.1;
    const y = s + Math.floor(i / cols) * dy + dy * 0.1;
    const r7 = (v: number) => Math.round(v * 1e7) / 1e7;
    const ring = [[x, y], [x + dx * 0.8, y], [x + dx * 0.8, y + dy * 0.8], [x, y + dy * 0.8], [x, y]].map(([a, b]) => [r7(a!), r7(b!)]);
    let u = rnd();
    const status = STATUSES.find(([, p]) => (u -= p) < 0)?.[0] ?? 'in_use';
    const vacant = status === 'idle' ? rnd() < 0.8 : rnd() < 0.05;
    const built = !['supplied_not_used'].includes(status);
    const floor = built ? Math.round(2000 + rnd() * 20000) : 0;
    const props = {
      id: `G-${String(i).padStart(7, '0')}`,
      land_use: rnd() < 0.9 ? 'industrial' : 'warehouse',
      status,
      enterprise_id: vacant ? null : `F-${Math.floor(rnd() * firms)}`,
      floor_area_m2: floor,
      tall_floor_area_m2: built && rnd() < 0.1 ? Math.round(floor * 0.3) : null,
      height_m: built ? Math.round(60 + rnd() * 200) / 10 : null,
      coverage: built ? Math.round(30 + rnd() * 30) / 100 : null,
      green_ratio: built ? Math.round(5 + rnd() * 15) / 100 : null,
      admin_ratio: built ? Math.round(2 + rnd() * 6) / 100 : null,
      standard_land: rnd() < 0.2,
      dilapidated: rnd() < 0.01,
      banned_industry: false,
      industry: INDUSTRIES[Math.floor(rnd() * INDUSTRIES.length)],
      town: '跃龙街道',
      park: null,
      name: `示例地块 ${i}`,
    };
    buf.push(JSON.stringify({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: props }) + (i < n - 1 ? ',\n' : '\n'));
    if (buf.length >= 2000) {
      writeSync(fd, buf.join(''));
      buf = [];
    }
  }
  writeSync(fd, buf.join('') + ']}\n');
  closeSync(fd);
  const efd = openSync(join(dir, 'enterprises.json'), 'w');
  writeSync(efd, '{"enterprises":[\n');
  for (let i = 0; i < firms; i++) {
    const firm = {
      id: `F-${i}`,
      name: `示例企业 ${i}`,
      above_scale: rnd() < 0.4,
      industry: INDUSTRIES[Math.floor(rnd() * INDUSTRIES.length)],
      tax_10k: Math.round(rnd() * 2000),
      value_added_10k: Math.round(rnd() * 8000),
      revenue_10k: Math.round(rnd() * 40000),
      rd_10k: Math.round(rnd() * 800),
      energy_tce: Math.round(rnd() * 3000),
      emissions_t: Math.round(rnd() * 50),
      co2_t: Math.round(rnd() * 8000),
      employees: Math.round(rnd() * 400),
    };
    writeSync(efd, JSON.stringify(firm) + (i < firms - 1 ? ',\n' : '\n'));
  }
  writeSync(efd, ']}\n');
  closeSync(efd);
}

interface Run {
  version: string;
  generator: Generator;
  parcels: number;
  exit: number;
  /** GNU time %M: peak RSS of the largest process of the build (the CLI's child node). */
  peak_rss_mb: number;
  /** The whole process tree (time, the bin/tenglong.mjs wrapper, the CLI and anything it starts), VmRSS summed, sampled every 200 ms: the highest sample. */
  peak_tree_rss_mb: number;
  seconds: number;
  parcels_per_s: number;
  /** Bytes written, by top folder (public, internal) and file type (extension). */
  written: Record<string, Record<string, number>>;
  note: string;
}

type Generator = 'grid' | 'sample';

/** VmRSS (kB) of `pid` and all its descendants, from /proc; 0 when it is gone. */
function treeRssKb(root: number): number {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces and parentheses: read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  let kb = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      // gone
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return kb;
}

/** Bytes under `dir` (links followed: --out is a link into the store) by top folder and extension. */
function writtenBytes(dir: string): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  if (!existsSync(dir)) return out;
  const root = realpathSync(dir);
  for (const top of readdirSync(root)) {
    const by: Record<string, number> = {};
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else {
          const ext = /\.([^.]+)$/.exec(e.name)?.[1] ?? '(none)';
          by[ext] = (by[ext] ?? 0) + statSync(p).size;
        }
      }
    };
    if (statSync(join(root, top)).isDirectory()) walk(join(root, top));
    else by[/\.([^.]+)$/.exec(top)?.[1] ?? '(none)'] = statSync(join(root, top)).size;
    out[top] = by;
  }
  return out;
}

async function timed(version: string, generator: Generator, checkout: string, src: string, out: string, store: string | null, n: number): Promise<Run> {
  const args = ['-f', 'TIME %M %e', process.execPath, join(checkout, 'bin', 'tenglong.mjs'), 'build-data', '--src', src, '--out', out, ...(store ? ['--store', store] : [])];
  const child = spawn('/usr/bin/time', args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (t: string) => {
    stderr = (stderr + t).slice(-1 << 20);
  });
  let peakTreeKb = 0;
  const poll = setInterval(() => {
    if (child.pid !== undefined) peakTreeKb = Math.max(peakTreeKb, treeRssKb(child.pid));
  }, 200);
  // A 30-minute cap: the earlier version needed 11 minutes before dying at 474 000 parcels.
  const cap = setTimeout(() => child.kill('SIGTERM'), 30 * 60_000);
  const status = await new Promise<number>((done) => child.on('close', (code) => done(code ?? -1)));
  clearInterval(poll);
  clearTimeout(cap);
  const m = /TIME (\d+) ([\d.]+)/.exec(stderr);
  const kb = m ? Number(m[1]) : NaN;
  const seconds = m ? Number(m[2]) : NaN;
  const lastLine = stderr.split('\n').filter((l) => l && !l.startsWith('TIME') && !l.startsWith('rejected') && !l.startsWith('warning')).pop() ?? '';
  return {
    version,
    generator,
    parcels: n,
    exit: status,
    peak_rss_mb: Math.round(kb / 1024),
    peak_tree_rss_mb: Math.round(peakTreeKb / 1024),
    seconds,
    parcels_per_s: Math.round(n / seconds),
    written: status === 0 || status === 3 ? writtenBytes(out) : {},
    note: status === 0 || status === 3 ? '' : lastLine.slice(0, 160),
  };
}

function writeSampleCounty(dir: string, n: number): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'tenglong.mjs'), 'sample', '--scale', String(n), '--out', dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`tenglong sample --scale ${n} failed: ${(r.stderr || r.stdout).trim().split('\n').pop() ?? ''}`);
}

const mb = (b: number) => (b / 1e6).toFixed(1);

function writtenLine(w: Record<string, Record<string, number>>): string {
  return Object.entries(w)
    .map(([top, by]) => {
      const total = Object.values(by).reduce((a, b) => a + b, 0);
      const parts = Object.entries(by)
        .sort((a, b) => b[1] - a[1])
        .map(([ext, b]) => `${ext} ${mb(b)}`)
        .join(', ');
      return `${top} ${mb(total)} MB (${parts})`;
    })
    .join('; ');
}

async function main(): Promise<void> {
  if (!existsSync('/usr/bin/time')) throw new Error('bench/build needs GNU time (/usr/bin/time; Debian: apt-get install time)');
  if (!existsSync(join(SAMPLE, 'county.json'))) throw new Error('bench/build needs the sample county: run `npx tenglong ensure-data` first');
  const flags = parseFlags('bench/build', process.argv.slice(2), { parcels: 'string', generator: 'string', baseline: 'string', keep: 'boolean', json: 'string' });
  const sizes = (flags.str('parcels') ?? '50000,200000,500000').split(',').map(Number);
  const generator = (flags.str('generator') ?? 'grid') as Generator;
  if (generator !== 'grid' && generator !== 'sample') throw new UsageError(`bench/build: --generator is grid or sample, got "${String(generator)}"`);
  const baseline = flags.str('baseline');
  const work = mkdtempSync(join(tmpdir(), 'tenglong-bench-build-'));
  const rows: Run[] = [];
  try {
    for (const n of sizes) {
      const src = join(work, `county-${n}`);
      const t0 = performance.now();
      if (generator === 'grid') writeCounty(src, n);
      else writeSampleCounty(src, n);
      console.error(`county of ${n} parcels written (${generator}, ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      rows.push(await timed('this', generator, ROOT, src, join(work, `out-${n}`, 'data'), join(work, `store-${n}`), n));
      console.error(JSON.stringify(rows.at(-1)));
      if (baseline) {
        rows.push(await timed('baseline', generator, resolve(baseline), src, join(work, `base-out-${n}`, 'data'), null, n));
        console.error(JSON.stringify(rows.at(-1)));
      }
      rmSync(join(work, `out-${n}`), { recursive: true, force: true });
      rmSync(join(work, `store-${n}`), { recursive: true, force: true });
      rmSync(join(work, `base-out-${n}`), { recursive: true, force: true });
      if (!flags.bool('keep')) rmSync(src, { recursive: true, force: true });
    }
  } finally {
    if (!flags.bool('keep')) rmSync(work, { recursive: true, force: true });
  }
  console.log('version   county   parcels   exit  peak RSS  tree RSS   time      parcels/s');
  for (const r of rows) {
    console.log(
      `${r.version.padEnd(9)} ${r.generator.padEnd(6)} ${String(r.parcels).padStart(7)}   ${String(r.exit).padStart(4)}  ${String(r.peak_rss_mb).padStart(5)} MB  ${String(r.peak_tree_rss_mb).padStart(5)} MB  ${r.seconds.toFixed(1).padStart(6)} s  ${String(r.parcels_per_s).padStart(8)}  ${r.note}`,
    );
  }
  console.log('\nwritten (MB):');
  for (const r of rows) if (r.exit === 0 || r.exit === 3) console.log(`${r.version.padEnd(9)} ${String(r.parcels).padStart(7)}  ${writtenLine(r.written)}`);
  console.log(JSON.stringify(rows));
  const json = flags.str('json');
  if (json !== undefined) writeFileSync(json, JSON.stringify(rows, null, 2) + '\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(`bench/build: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(e instanceof UsageError ? 2 : 1);
  });
}
