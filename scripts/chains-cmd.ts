// `tenglong chains [--json]`: every chain link with its computed strength (强/弱/缺) and the reasons.
import { computeChainStrengths } from '../src/lib/chain/strength.ts';
import { STRENGTH_ZH } from '../src/lib/chain/strength.ts';
import type { CliCommand } from './commands.ts';
import { parseFlags } from './args.ts';
import { CHAIN_DEFAULTS, loadChainData } from './sites-cmd.ts';

export async function runChains(argv: string[], out: (s: string) => void): Promise<number> {
  const flags = parseFlags('chains', argv, { json: 'boolean', data: 'string', policy: 'string' });
  const dataDir = flags.str('data') ?? CHAIN_DEFAULTS.data;
  const policyPath = flags.str('policy') ?? CHAIN_DEFAULTS.policy;
  const d = await loadChainData(dataDir, policyPath);
  const result = computeChainStrengths(d.chains, d.firms, d.config.strength);
  if (flags.bool('json')) {
    const links = result.flatMap((c) =>
      c.links.map((l) => ({
        chain: l.chain,
        link: l.link,
        order: l.order,
        name: l.name,
        strength: l.strength,
        strength_zh: STRENGTH_ZH[l.strength],
        firms: l.firms,
        anchors: l.anchors,
        output_10k: l.output_10k,
        share: l.share,
        reasons: l.reasons,
        demands: d.demands.filter((x) => x.chain === l.chain && x.link === l.link).map((x) => x.id),
      })),
    );
    out(JSON.stringify({ sample: true, share_basis: d.config.strength.share_basis, links }));
    return 0;
  }
  for (const c of result) {
    out(`${c.name.zh} (${c.chain})  示例数据 / sample data`);
    for (const l of c.links) {
      const v = l.reasons.find((r) => r.code === 'verdict');
      out(`  ${l.order}. ${STRENGTH_ZH[l.strength]} ${l.name.zh.padEnd(12)} firms ${String(l.firms).padStart(3)}  share ${(l.share * 100).toFixed(1).padStart(5)}%  ${v?.message.zh ?? ''}`);
    }
  }
  return 0;
}

export const chainsCommand: CliCommand = {
  name: 'chains',
  usage: 'chains [--json] [--data DIR] [--policy F]            every chain link with its computed strength and reasons',
  run: (argv) => runChains(argv, (s) => console.log(s)),
};
