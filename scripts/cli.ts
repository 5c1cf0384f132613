// The `tenglong` command line. Each command is a thin shell over src/lib and scripts/*: argument parsing,
// file I/O and exit codes live here, numbers do not.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePolicy, type Policy } from '../src/lib/rules/policy.ts';
import { buildData } from './build-data.ts';
import { runCheck } from './check-cmd.ts';
import { EXTRA_COMMANDS } from './commands.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const DEFAULTS = {
  sampleDir: join(ROOT, 'data', 'sample'),
  dataDir: join(ROOT, 'public', 'data'),
  policy: join(ROOT, 'data', 'policy', 'ninghai-2021-2025.json'),
};

const HELP = `tenglong — 腾笼 industrial land tools

Usage:
  tenglong sample [--seed N] [--parcels N] [--out DIR]     generate the sample county (示例数据) as GeoJSON
  tenglong build-data [--src DIR] [--out DIR] [--crs EPSG:N] [--policy F]
                                                           validate, derive and write indexed FlatGeobuf
  tenglong ensure-data                                     sample + build-data, only if public/data is missing
  tenglong check PARCELS.geojson [--zones F] [--control-lines F] [--policy F] [--crs EPSG:N] [--json]
                                                           check parcels against the campaign's rules
${EXTRA_COMMANDS.map((c) => `  tenglong ${c.usage}`).join('\n')}
Defaults: --src ${DEFAULTS.sampleDir}  --out ${DEFAULTS.dataDir}  --policy ${DEFAULTS.policy}`;

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
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: cannot read policy (${e instanceof Error ? e.message : String(e)})`);
  }
  return parsePolicy(raw, path);
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

async function build(p: Parsed): Promise<void> {
  const policy = await loadPolicy(flag(p, 'policy') ?? DEFAULTS.policy);
  const crs = flag(p, 'crs');
  const report = await buildData({
    src: flag(p, 'src') ?? DEFAULTS.sampleDir,
    out: flag(p, 'out') ?? DEFAULTS.dataDir,
    policy,
    ...(crs !== undefined ? { crs } : {}),
    log: (l) => console.log(l),
  });
  const rejected = report.rejects.length;
  console.log(`wrote ${flag(p, 'out') ?? DEFAULTS.dataDir} (report: internal/report.json${rejected ? `, ${rejected} rejected features in internal/rejects.json` : ''})`);
  for (const r of report.rejects.slice(0, 20)) console.warn(`rejected: ${r.file} feature ${r.id ?? `#${r.index}`}: ${r.reason}`);
  if (rejected > 20) console.warn(`… and ${rejected - 20} more in internal/rejects.json`);
  for (const w of report.warnings.slice(0, 20)) console.warn(`warning: ${w}`);
}

export async function ensureData(): Promise<void> {
  if (existsSync(join(DEFAULTS.dataDir, 'public', 'manifest.json')) && existsSync(join(DEFAULTS.dataDir, 'internal', 'manifest.json'))) return;
  if (!existsSync(join(DEFAULTS.sampleDir, 'parcels.geojson'))) await sample(parseArgs([]));
  await build(parseArgs([]));
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'sample':
        await sample(parseArgs(rest));
        return 0;
      case 'build-data':
        await build(parseArgs(rest));
        return 0;
      case 'ensure-data':
        await ensureData();
        return 0;
      case 'check': {
        const p = parseArgs(rest, ['json']);
        const file = p.positional[0];
        if (!file) throw new UsageError('check needs a GeoJSON file of parcels');
        const zones = flag(p, 'zones');
        const lines = flag(p, 'control-lines');
        const crs = flag(p, 'crs');
        return await runCheck({
          file,
          ...(zones !== undefined ? { zones } : {}),
          ...(lines !== undefined ? { controlLines: lines } : {}),
          ...(crs !== undefined ? { crs } : {}),
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
    console.error(`tenglong: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
