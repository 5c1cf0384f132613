// `tenglong bench [rules] [--parcels N] [--naive-cap N] [--quick]` (and `npm run bench`): the benchmarks in bench/.
// Speeds are reported as ratios against a baseline measured in the same process, never asserted in tests.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePolicy } from '../src/lib/rules/policy.ts';
import type { CliCommand } from '../scripts/commands.ts';
import { formatTable, runRulesBench } from './rules.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

function intOpt(argv: string[], name: string, dflt: number): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const v = argv[i + 1];
  if (v === undefined || !/^\d+$/.test(v)) throw new Error(`bench: --${name} needs a whole number, got ${JSON.stringify(v)}`);
  return Number(v);
}

export const benchCommand: CliCommand = {
  name: 'bench',
  usage: 'bench [rules] [--parcels N] [--naive-cap N] [--quick]',
  async run(argv) {
    const valued = new Set(['--parcels', '--naive-cap']);
    const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && valued.has(argv[i - 1]!)));
    const unknown = argv.filter((a) => a.startsWith('--') && !valued.has(a) && a !== '--quick');
    if (unknown.length) throw new Error(`bench: unknown option ${unknown.join(' ')}`);
    const which = positional[0] ?? 'rules';
    if (which !== 'rules') throw new Error(`bench: unknown benchmark "${which}" (known: rules)`);
    const quick = argv.includes('--quick');
    const policyPath = join(ROOT, 'data', 'policy', 'ninghai-2021-2025.json');
    const policy = parsePolicy(JSON.parse(await readFile(policyPath, 'utf8')), policyPath);
    const t0 = performance.now();
    const rows = runRulesBench({
      dataDir: join(ROOT, 'public', 'data'),
      policy,
      generated: intOpt(argv, 'parcels', quick ? 20_000 : 200_000),
      naiveCap: intOpt(argv, 'naive-cap', quick ? 20_000 : 50_000),
      log: (l) => console.log(l),
    });
    console.log(`\nbench/rules — checkParcel, node ${process.version}, ${((performance.now() - t0) / 1000).toFixed(1)} s in all\n`);
    console.log(formatTable(rows));
    return 0;
  },
};
