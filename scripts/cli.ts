// The `tenglong` command line. Each command is a thin shell over src/lib and scripts/*: argument parsing,
// file I/O and exit codes live here, numbers do not.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { featureLabel } from '../src/lib/data/ingest.ts';
import { parseCountyConfig } from '../src/lib/geo/place.ts';
import { parsePolicy, type Policy } from '../src/lib/rules/policy.ts';
import { buildData, DEFAULT_MAX_LOSS } from './build-data.ts';
import { runCheck } from './check-cmd.ts';
import { EXTRA_COMMANDS } from './commands.ts';
import { readJsonFile } from './pipeline/files.ts';
import { describeFailure } from './pipeline/failure.ts';
import { parseFlags, UsageError, type Flags, type FlagSpec } from './args.ts';
import { parseEncodingName } from '../src/lib/data/encoding.ts';
import { PATHS } from './paths.ts';

export const DEFAULTS = PATHS;

const HELP = `tenglong — 腾笼 industrial land tools

Usage:
  tenglong sample [--seed N] [--parcels N | --scale N] [--out DIR] [--delivered DIR2 [--join-by-credit-code]]
                                                           generate the sample county (示例数据) as GeoJSON; with
                                                           --delivered also as a county delivers it (Shapefile, .xlsx);
                                                           --scale N cuts its parcels into N (same places, for benches)
  tenglong build-data [--src DIR] [--out DIR] [--store DIR] [--crs EPSG:N] [--encoding E] [--county F]
                      [--policy F] [--mapping F] [--max-loss 20%] [--force]
                                                           validate, derive and publish indexed FlatGeobuf;
                                                           DIR may hold a county's own files (Shapefile, zip,
                                                           GeoPackage, .xlsx/.csv) read through mapping.json
  tenglong ensure-data                                     sample + build-data, only if public/data is missing
  tenglong check PARCELS [--zones F] [--control-lines F] [--policy F] [--crs EPSG:N] [--encoding E]
                 [--county F] [--mapping F] [--json]       check parcels against the campaign's rules (GeoJSON,
                                                           or a county's own Shapefile/zip/GeoPackage via mapping)
${EXTRA_COMMANDS.map((c) => `  tenglong ${c.usage}`).join('\n')}
Defaults: --src ${DEFAULTS.sampleDir}  --out ${DEFAULTS.dataDir}  --policy ${DEFAULTS.policy}

Exit codes: 0 everything accepted · 3 done, some features or records rejected (each named on stderr and, for
build-data, kept in internal/rejects.json) · 1 nothing done (build-data: the previous data stays published) ·
2 usage error.`;

export async function loadPolicy(path: string): Promise<Policy> {
  return parsePolicy(await readJsonFile(path), path);
}

/** --max-loss as a share: "20%", "20 %" or "0.2". */
function shareFlag(f: Flags, k: string): number | undefined {
  const v = f.str(k);
  if (v === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(v);
  const share = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(share >= 0 && share <= 1)) throw new UsageError(`--${k} must be a share such as 20% or 0.2 (0–100 %), got "${v}"`);
  return share;
}

/** --encoding checked before anything is read, so a typo is a usage error naming the accepted names. */
function encodingFlag(f: Flags): string | undefined {
  const v = f.str('encoding');
  if (v === undefined) return undefined;
  try {
    parseEncodingName(v);
  } catch (e) {
    throw new UsageError(`--encoding: ${e instanceof Error ? e.message : String(e)}`);
  }
  return v;
}

const SAMPLE_FLAGS: FlagSpec = { seed: 'string', parcels: 'string', scale: 'string', out: 'string', delivered: 'string', 'join-by-credit-code': 'boolean' };
const BUILD_FLAGS: FlagSpec = {
  src: 'string',
  out: 'string',
  store: 'string',
  crs: 'string',
  encoding: 'string',
  county: 'string',
  policy: 'string',
  mapping: 'string',
  'max-loss': 'string',
  force: 'boolean',
};
const CHECK_FLAGS: FlagSpec = { zones: 'string', 'control-lines': 'string', policy: 'string', crs: 'string', encoding: 'string', county: 'string', mapping: 'string', json: 'boolean' };

async function sample(f: Flags): Promise<void> {
  const { writeSample } = await import('./sample/generate.ts');
  const out = f.str('out') ?? DEFAULTS.sampleDir;
  const opts: { seed?: number; parcels?: number } = {};
  const seed = f.int('seed');
  const parcels = f.int('parcels');
  if (seed !== undefined) opts.seed = seed;
  if (parcels !== undefined) opts.parcels = parcels;
  const scale = f.int('scale');
  if (scale !== undefined) {
    // The sample county's layout with its parcels cut to N (scripts/sample/scale.ts): for measuring at scale.
    if (parcels !== undefined) throw new UsageError('sample: --scale N cuts the default sample county to N parcels; it does not take --parcels');
    const { writeScaledSample } = await import('./sample/scale.ts');
    const files = await writeScaledSample(out, scale, seed === undefined ? {} : { seed });
    console.log(`示例数据 / sample data with ${scale} parcels (the sample county's parcels cut into pieces) written to ${out}: ${files.length} files`);
    return;
  }
  const files = await writeSample(out, opts);
  console.log(`示例数据 / sample data written to ${out}: ${files.length} files`);
  const delivered = f.str('delivered');
  if (delivered !== undefined) {
    const { writeDeliveredCounty } = await import('./sample/delivered.ts');
    const written = await writeDeliveredCounty(out, delivered, f.bool('join-by-credit-code') ? 'credit_code' : 'id');
    console.log(`示例数据 / sample data as a county delivers it (zipped GBK Shapefile in EPSG:4549, .xlsx, mapping.json) written to ${delivered}: ${written.length} files`);
  }
}

/** "rejected: file: feature P-3: reason" (a side file's entry is a record). */
function rejectLine(r: { file: string; id: string | null; index: number; reason: string }): string {
  // Layers (GeoJSON, Shapefile, GeoPackage, FlatGeobuf) hold features; side files and tables hold records.
  const layer = /\.(geojson|shp|gpkg|fgb)$/i.test(r.file) || /\.gpkg\//i.test(r.file);
  const label = layer ? featureLabel(r.id, r.index) : featureLabel(r.id, r.index).replace(/^feature/, 'record');
  return `rejected: ${r.file}: ${label}: ${r.reason}`;
}

const SHOWN_REJECTS = 20;

/** Returns 0 (all accepted) or 3 (built, some rejected); refusals throw (exit 1). Rejects are named as they come. */
async function build(f: Flags): Promise<number> {
  const encoding = encodingFlag(f);
  const maxLoss = shareFlag(f, 'max-loss');
  const policy = await loadPolicy(f.str('policy') ?? DEFAULTS.policy);
  const crs = f.str('crs');
  const store = f.str('store');
  const countyFile = f.str('county');
  const mapping = f.str('mapping');
  const out = f.str('out') ?? DEFAULTS.dataDir;
  let shown = 0;
  const report = await buildData({
    src: f.str('src') ?? DEFAULTS.sampleDir,
    out,
    policy,
    ...(crs !== undefined ? { crs } : {}),
    ...(encoding !== undefined ? { encoding } : {}),
    ...(store !== undefined ? { store } : {}),
    ...(mapping !== undefined ? { mapping } : {}),
    ...(countyFile !== undefined ? { county: parseCountyConfig(await readJsonFile(countyFile), countyFile) } : {}),
    maxLoss: maxLoss ?? DEFAULT_MAX_LOSS,
    force: f.bool('force'),
    log: (l) => console.log(l),
    onReject: (r) => {
      if (shown++ < SHOWN_REJECTS) console.warn(rejectLine(r));
    },
  });
  const rejected = report.rejected;
  if (rejected > SHOWN_REJECTS) console.warn(`… and ${rejected - SHOWN_REJECTS} more in internal/rejects.json`);
  for (const w of report.warnings.slice(0, 20)) console.warn(`warning: ${w}`);
  if (report.warnings.length > 20) console.warn(`… and ${report.warnings.length - 20} more warnings in internal/report.json`);
  console.log(`published ${out} (release ${report.release}; report: internal/report.json${rejected ? `; ${rejected} rejected, kept in internal/rejects.json` : ''})`);
  return rejected > 0 ? 3 : 0;
}

/** Builds the sample county when no data is published yet; 0 or 3 like build-data. */
export async function ensureData(): Promise<number> {
  if (existsSync(join(DEFAULTS.dataDir, 'public', 'manifest.json')) && existsSync(join(DEFAULTS.dataDir, 'internal', 'manifest.json'))) return 0;
  if (!existsSync(join(DEFAULTS.sampleDir, 'parcels.geojson')) || !existsSync(join(DEFAULTS.sampleDir, 'county.json'))) {
    await sample(parseFlags('sample', [], SAMPLE_FLAGS));
  }
  return build(parseFlags('build-data', [], BUILD_FLAGS));
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'sample':
        await sample(parseFlags('sample', rest, SAMPLE_FLAGS));
        return 0;
      case 'build-data':
        return await build(parseFlags('build-data', rest, BUILD_FLAGS));
      case 'ensure-data':
        parseFlags('ensure-data', rest, {});
        return await ensureData();
      case 'check': {
        const f = parseFlags('check', rest, CHECK_FLAGS, 1);
        const file = f.positionals[0];
        if (!file) throw new UsageError('check needs a GeoJSON file of parcels (or a county\'s own Shapefile, zip, GeoPackage or FlatGeobuf)');
        const encoding = encodingFlag(f);
        const zones = f.str('zones');
        const lines = f.str('control-lines');
        const crs = f.str('crs');
        const countyFile = f.str('county');
        const mapping = f.str('mapping');
        return await runCheck({
          file,
          ...(mapping !== undefined ? { mapping } : {}),
          ...(zones !== undefined ? { zones } : {}),
          ...(lines !== undefined ? { controlLines: lines } : {}),
          ...(crs !== undefined ? { crs } : {}),
          ...(encoding !== undefined ? { encoding } : {}),
          ...(countyFile !== undefined ? { county: parseCountyConfig(await readJsonFile(countyFile), countyFile) } : {}),
          json: f.bool('json'),
          policy: await loadPolicy(f.str('policy') ?? DEFAULTS.policy),
          dataDir: DEFAULTS.dataDir,
          out: (l) => process.stdout.write(l + '\n'),
          err: (l) => process.stderr.write(l + '\n'),
        });
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(HELP);
        return 0;
      default: {
        const extra = EXTRA_COMMANDS.find((c) => c.name === cmd);
        if (!extra) throw new UsageError(`unknown command "${cmd}"`);
        return await extra.run(rest);
      }
    }
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`tenglong: ${e.message}\n\n${HELP}`);
      return 2;
    }
    console.error(`tenglong: ${describeFailure(e, cmd)}`);
    return 1;
  }
}
