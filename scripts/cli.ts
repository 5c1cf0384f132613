// The `tenglong` command line. Each command is a thin shell over src/lib and scripts/*: argument parsing,
// file I/O and exit codes live here, numbers do not.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { featureLabel } from '../src/lib/data/ingest.ts';
import { parseCountyConfig } from '../src/lib/geo/place.ts';
import { parsePolicy, type Policy } from '../src/lib/rules/policy.ts';
import { buildData, DEFAULT_MAX_LOSS } from './build-data.ts';
import { runCheck } from './check-cmd.ts';
import { EXTRA_COMMANDS } from './commands.ts';
import { readJsonFile } from './pipeline/files.ts';
import { describeFailure } from './pipeline/failure.ts';
import { PATHS } from './paths.ts';

export const DEFAULTS = PATHS;

const HELP = `tenglong — 腾笼 industrial land tools

Usage:
  tenglong sample [--seed N] [--parcels N] [--out DIR]     generate the sample county (示例数据) as GeoJSON
  tenglong build-data [--src DIR] [--out DIR] [--store DIR] [--crs EPSG:N] [--encoding E] [--county F]
                      [--policy F] [--max-loss 20%] [--force]
                                                           validate, derive and publish indexed FlatGeobuf
  tenglong ensure-data                                     sample + build-data, only if public/data is missing
  tenglong check PARCELS.geojson [--zones F] [--control-lines F] [--policy F] [--crs EPSG:N] [--encoding E]
                 [--county F] [--json]                     check parcels against the campaign's rules
${EXTRA_COMMANDS.map((c) => `  tenglong ${c.usage}`).join('\n')}
Defaults: --src ${DEFAULTS.sampleDir}  --out ${DEFAULTS.dataDir}  --policy ${DEFAULTS.policy}

Exit codes: 0 everything accepted · 3 done, some features or records rejected (each named on stderr and, for
build-data, kept in internal/rejects.json) · 1 nothing done (build-data: the previous data stays published) ·
2 usage error.`;

export interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: string[], booleans: string[] = []): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (v !== undefined) flags.set(k, v);
      else if (booleans.includes(k)) flags.set(k, true);
      else {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('--')) throw new UsageError(`--${k} needs a value`);
        flags.set(k, next);
        i++;
      }
    } else positional.push(a);
  }
  return { positional, flags };
}

class UsageError extends Error {}

function flag(p: Parsed, k: string): string | undefined {
  const v = p.flags.get(k);
  return typeof v === 'string' ? v : undefined;
}
function intFlag(p: Parsed, k: string): number | undefined {
  const v = flag(p, k);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${k} must be a whole number, got "${v}"`);
  return Number(v);
}

export async function loadPolicy(path: string): Promise<Policy> {
  return parsePolicy(await readJsonFile(path), path);
}

/** --max-loss as a share: "20%", "20 %" or "0.2". */
function shareFlag(p: Parsed, k: string): number | undefined {
  const v = flag(p, k);
  if (v === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(v);
  const share = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(share >= 0 && share <= 1)) throw new UsageError(`--${k} must be a share such as 20% or 0.2 (0–100 %), got "${v}"`);
  return share;
}

async function sample(p: Parsed): Promise<void> {
  const { writeSample } = await import('./sample/generate.ts');
  const out = flag(p, 'out') ?? DEFAULTS.sampleDir;
  const opts: { seed?: number; parcels?: number } = {};
  const seed = intFlag(p, 'seed');
  const parcels = intFlag(p, 'parcels');
  if (seed !== undefined) opts.seed = seed;
  if (parcels !== undefined) opts.parcels = parcels;
  const files = await writeSample(out, opts);
  console.log(`示例数据 / sample data written to ${out}: ${files.length} files`);
}

/** Returns 0 (all accepted) or 3 (built, some rejected); refusals throw (exit 1). */
async function build(p: Parsed): Promise<number> {
  const policy = await loadPolicy(flag(p, 'policy') ?? DEFAULTS.policy);
  const crs = flag(p, 'crs');
  const encoding = flag(p, 'encoding');
  const store = flag(p, 'store');
  const countyFile = flag(p, 'county');
  const maxLoss = shareFlag(p, 'max-loss');
  const out = flag(p, 'out') ?? DEFAULTS.dataDir;
  const report = await buildData({
    src: flag(p, 'src') ?? DEFAULTS.sampleDir,
    out,
    policy,
    ...(crs !== undefined ? { crs } : {}),
    ...(encoding !== undefined ? { encoding } : {}),
    ...(store !== undefined ? { store } : {}),
    ...(countyFile !== undefined ? { county: parseCountyConfig(await readJsonFile(countyFile, encoding), countyFile) } : {}),
    maxLoss: maxLoss ?? DEFAULT_MAX_LOSS,
    force: p.flags.get('force') === true,
    log: (l) => console.log(l),
  });
  const rejected = report.rejected;
  for (const r of report.rejects.slice(0, 20)) console.warn(`rejected: ${r.file}: ${featureLabel(r.id, r.index)}: ${r.reason}`);
  if (rejected > 20) console.warn(`… and ${rejected - 20} more in internal/rejects.json`);
  for (const w of report.warnings.slice(0, 20)) console.warn(`warning: ${w}`);
  if (report.warnings.length > 20) console.warn(`… and ${report.warnings.length - 20} more warnings in internal/report.json`);
  console.log(`published ${out} (release ${report.release}; report: internal/report.json${rejected ? `; ${rejected} rejected, kept in internal/rejects.json` : ''})`);
  return rejected > 0 ? 3 : 0;
}

/** Builds the sample county when no data is published yet; 0 or 3 like build-data. */
export async function ensureData(): Promise<number> {
  if (existsSync(join(DEFAULTS.dataDir, 'public', 'manifest.json')) && existsSync(join(DEFAULTS.dataDir, 'internal', 'manifest.json'))) return 0;
  if (!existsSync(join(DEFAULTS.sampleDir, 'parcels.geojson')) || !existsSync(join(DEFAULTS.sampleDir, 'county.json'))) await sample(parseArgs([]));
  return build(parseArgs([]));
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'sample':
        await sample(parseArgs(rest));
        return 0;
      case 'build-data':
        return await build(parseArgs(rest, ['force']));
      case 'ensure-data':
        return await ensureData();
      case 'check': {
        const p = parseArgs(rest, ['json']);
        const file = p.positional[0];
        if (!file) throw new UsageError('check needs a GeoJSON file of parcels');
        const zones = flag(p, 'zones');
        const lines = flag(p, 'control-lines');
        const crs = flag(p, 'crs');
        const encoding = flag(p, 'encoding');
        const countyFile = flag(p, 'county');
        return await runCheck({
          file,
          ...(zones !== undefined ? { zones } : {}),
          ...(lines !== undefined ? { controlLines: lines } : {}),
          ...(crs !== undefined ? { crs } : {}),
          ...(encoding !== undefined ? { encoding } : {}),
          ...(countyFile !== undefined ? { county: parseCountyConfig(await readJsonFile(countyFile, encoding), countyFile) } : {}),
          json: p.flags.get('json') === true,
          policy: await loadPolicy(flag(p, 'policy') ?? DEFAULTS.policy),
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
