// The policy the app runs on, parsed once: the thresholds (DataStore.policy) and the 招商 block (chains strength and
// ranking) come from this one parse, so the map, the chains panel and the dashboard cannot read different copies.
import policyJson from '../../data/policy/ninghai-2021-2025.json';
import rankingJson from '../../data/config/ranking.json';
import type { ChainConfig } from '../lib/chain/config.ts';
import { parseRankingLimits, type RankingLimits } from '../lib/chain/ranking-limits.ts';
import { parsePolicy, type Policy } from '../lib/rules/policy.ts';

const SOURCE = 'data/policy/ninghai-2021-2025.json';

export const APP_POLICY: Policy = parsePolicy(policyJson, SOURCE);

/** The policy's chains block; the app ships a policy with one (the chains panel and the dashboard need it). */
export const APP_CHAINS: ChainConfig = (() => {
  if (!APP_POLICY.chains) throw new Error(`${SOURCE}: no "chains" block (the 招商 strength and ranking thresholds)`);
  return APP_POLICY.chains;
})();

/** How much the 招商 ranking reads without asking (data/config/ranking.json). */
export const APP_RANKING_LIMITS: RankingLimits = parseRankingLimits(rankingJson, 'data/config/ranking.json');
