// `tenglong bench [rules] [--parcels N] [--naive-cap N] [--quick]` (and `npm run bench`): the benchmarks in bench/.
// Speeds are reported as ratios against a baseline measured in the same process, never asserted in tests.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePolicy } from '../src/lib/rules/policy.ts';
import { parseFlags, UsageError } from '../scripts/args.ts';
import type { CliCommand } from '../scripts/commands.ts';
import { formatTable, runRulesBench } from './rules.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export const benchCommand: CliCommand = {
  name: 'bench',
  usage: 'bench [rules] [--parcels N] [--naive-cap N] [--quick]',
  async run(argv) {
    const flags = parseFlags('bench', argv, { parcels: 'string', 'naive-cap': 'string', quick: 'boolean' }, 1);
    const which = flags.positionals[0] ?? 'rules';
    if (which !== 'rules') throw new UsageError(`bench: unknown benchmark "${which}" (known: rules)`);
    const quick = flags.bool('quick');
    const policyPath = join(ROOT, 'data', 'policy', 'ninghai-2021-2025.json');
    const policy = parsePolicy(JSON.parse(await readFile(policyPath, 'utf8')), policyPath);
    const t0 = performance.now();
    const rows = runRulesBench({
      dataDir: join(ROOT, 'public', 'data'),
      policy,
      generated: flags.int('parcels', 1) ?? (quick ? 20_000 : 200_000),
      naiveCap: flags.int('naive-cap', 1) ?? (quick ? 20_000 : 50_000),
      log: (l) => console.log(l),
    });
    console.log(`\nbench/rules — checkParcel, node ${process.version}, ${((performance.now() - t0) / 1000).toFixed(1)} s in all\n`);
    console.log(formatTable(rows));
    return 0;
  },
};
