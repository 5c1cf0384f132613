// bench/build: peak memory and parcels/s of `tenglong build-data` on generated counties of 50 000, 200 000 and
// 500 000 parcels (the targets: 500 000 in < 1.5 GB and < 3 minutes on a 2-core machine).
//
//   npx tsx bench/build.ts [--parcels 50000,200000,500000] [--baseline DIR] [--keep]
//
// Each county is the sample county's layers (control lines, zones, blocks, base layers, chains) with its parcels
// replaced by a seeded grid of rectangles over the sample extent and one firm per four parcels; parcels.geojson is
// written as a stream. The build runs as the real binary under GNU time (`/usr/bin/time -f "%M %e"`: peak resident
// memory of the build process, wall seconds). With --baseline DIR (a checkout of an earlier commit with its own
// node_modules) the same files are built by that version too, in the same run, so the two can be compared.
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlags } from '../scripts/args.ts';
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
  parcels: number;
  exit: number;
  peak_rss_mb: number;
  seconds: number;
  parcels_per_s: number;
  note: string;
}

function timed(version: string, checkout: string, src: string, out: string, store: string | null, n: number): Run {
  const args = ['-f', 'TIME %M %e', process.execPath, join(checkout, 'bin', 'tenglong.mjs'), 'build-data', '--src', src, '--out', out, ...(store ? ['--store', store] : [])];
  // A 20-minute cap: the earlier version needed 11 minutes before dying at 474 000 parcels.
  const r = spawnSync('/usr/bin/time', args, { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 20 * 60_000, env: { ...process.env, NODE_OPTIONS: '' } });
  const m = /TIME (\d+) ([\d.]+)/.exec(r.stderr ?? '');
  const kb = m ? Number(m[1]) : NaN;
  const seconds = m ? Number(m[2]) : NaN;
  const lastLine = (r.stderr ?? '').split('\n').filter((l) => l && !l.startsWith('TIME') && !l.startsWith('rejected') && !l.startsWith('warning')).pop() ?? '';
  return {
    version,
    parcels: n,
    exit: r.status ?? -1,
    peak_rss_mb: Math.round(kb / 1024),
    seconds,
    parcels_per_s: Math.round(n / seconds),
    note: r.status === 0 || r.status === 3 ? '' : lastLine.slice(0, 160),
  };
}

function main(): void {
  if (!existsSync('/usr/bin/time')) throw new Error('bench/build needs GNU time (/usr/bin/time; Debian: apt-get install time)');
  if (!existsSync(join(SAMPLE, 'county.json'))) throw new Error('bench/build needs the sample county: run `npx tenglong ensure-data` first');
  const flags = parseFlags('bench/build', process.argv.slice(2), { parcels: 'string', baseline: 'string', keep: 'boolean' });
  const sizes = (flags.str('parcels') ?? '50000,200000,500000').split(',').map(Number);
  const baseline = flags.str('baseline');
  const work = mkdtempSync(join(tmpdir(), 'tenglong-bench-build-'));
  const rows: Run[] = [];
  try {
    for (const n of sizes) {
      const src = join(work, `county-${n}`);
      writeCounty(src, n);
      console.error(`county of ${n} parcels written`);
      rows.push(timed('this', ROOT, src, join(work, `out-${n}`, 'data'), join(work, `store-${n}`), n));
      console.error(JSON.stringify(rows.at(-1)));
      if (baseline) {
        rows.push(timed('baseline', resolve(baseline), src, join(work, `base-out-${n}`, 'data'), null, n));
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
  console.log('version   parcels   exit  peak RSS   time      parcels/s');
  for (const r of rows) {
    console.log(`${r.version.padEnd(9)} ${String(r.parcels).padStart(7)}   ${String(r.exit).padStart(4)}  ${String(r.peak_rss_mb).padStart(5)} MB  ${r.seconds.toFixed(1).padStart(6)} s  ${String(r.parcels_per_s).padStart(8)}  ${r.note}`);
  }
  console.log(JSON.stringify(rows));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
