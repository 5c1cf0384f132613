// Link strength 强 / 弱 / 缺, computed from the enterprises in each link: how many firms, what share of the
// chain's output (value added or revenue, per the policy) they produce, and whether an anchor (链主) firm is
// among them. Thresholds come from the policy's `chains.strength`; every verdict carries its reasons.
import type { Chain, Enterprise } from '../data/schema.ts';
import type { StrengthConfig } from './config.ts';

export type Strength = 'strong' | 'weak' | 'missing';
export const STRENGTH_ZH: Record<Strength, string> = { strong: '强', weak: '弱', missing: '缺' };

export type ChainFirm = Pick<Enterprise, 'id' | 'name' | 'chain' | 'link' | 'anchor' | 'value_added_10k' | 'revenue_10k'>;

export interface Reason {
  code: 'firms' | 'share' | 'anchor' | 'verdict';
  values: Record<string, number | string | boolean>;
  message: { zh: string; en: string };
}

export interface LinkStrength {
  chain: string;
  link: string;
  order: number;
  name: { zh: string; en: string };
  firms: number;
  anchors: string[];
  /** Output of the link's firms, 万元 (the policy's share basis). */
  output_10k: number;
  /** Share of the chain's output, 0–1 (0 when the chain has no output). */
  share: number;
  strength: Strength;
  reasons: Reason[];
  enterprise_ids: string[];
}

export interface ChainStrength {
  chain: string;
  name: { zh: string; en: string };
  output_10k: number;
  links: LinkStrength[];
}

const pct = (x: number) => (x * 100).toFixed(1);

/** One link's verdict from its numbers (exported for worked-number tests). */
export function classifyLink(firms: number, share: number, anchor: boolean, cfg: StrengthConfig): { strength: Strength; reasons: Reason[] } {
  const reasons: Reason[] = [
    {
      code: 'firms',
      values: { firms },
      message: { zh: `链上企业 ${firms} 家`, en: `${firms} firm${firms === 1 ? '' : 's'} in this link` },
    },
    {
      code: 'share',
      values: { share, basis: cfg.share_basis },
      message: {
        zh: `占全链${cfg.share_basis === 'value_added_10k' ? '增加值' : '营业收入'} ${pct(share)}%`,
        en: `${pct(share)}% of the chain's ${cfg.share_basis === 'value_added_10k' ? 'value added' : 'revenue'}`,
      },
    },
    {
      code: 'anchor',
      values: { anchor },
      message: anchor ? { zh: '有链主企业', en: 'Has an anchor (链主) firm' } : { zh: '无链主企业', en: 'No anchor (链主) firm' },
    },
  ];
  let strength: Strength;
  let verdict: { zh: string; en: string };
  if (firms < cfg.weak_min_firms) {
    strength = 'missing';
    verdict = { zh: `缺：企业数 ${firms} < ${cfg.weak_min_firms}`, en: `Missing: ${firms} firms < ${cfg.weak_min_firms}` };
  } else if (anchor && firms >= cfg.strong_with_anchor_min_firms) {
    strength = 'strong';
    verdict = {
      zh: `强：有链主且企业数 ${firms} ≥ ${cfg.strong_with_anchor_min_firms}`,
      en: `Strong: an anchor firm and ${firms} ≥ ${cfg.strong_with_anchor_min_firms} firms`,
    };
  } else if (firms >= cfg.strong_min_firms && share >= cfg.strong_min_share) {
    strength = 'strong';
    verdict = {
      zh: `强：企业数 ${firms} ≥ ${cfg.strong_min_firms} 且份额 ${pct(share)}% ≥ ${pct(cfg.strong_min_share)}%`,
      en: `Strong: ${firms} ≥ ${cfg.strong_min_firms} firms and share ${pct(share)}% ≥ ${pct(cfg.strong_min_share)}%`,
    };
  } else {
    strength = 'weak';
    const why: string[] = [];
    const whyEn: string[] = [];
    if (firms < cfg.strong_min_firms) {
      why.push(`企业数 ${firms} < ${cfg.strong_min_firms}`);
      whyEn.push(`${firms} < ${cfg.strong_min_firms} firms`);
    }
    if (share < cfg.strong_min_share) {
      why.push(`份额 ${pct(share)}% < ${pct(cfg.strong_min_share)}%`);
      whyEn.push(`share ${pct(share)}% < ${pct(cfg.strong_min_share)}%`);
    }
    if (anchor) {
      why.push(`有链主但企业数 < ${cfg.strong_with_anchor_min_firms}`);
      whyEn.push(`anchor present but fewer than ${cfg.strong_with_anchor_min_firms} firms`);
    }
    verdict = { zh: `弱：${why.join('，')}`, en: `Weak: ${whyEn.join(', ')}` };
  }
  reasons.push({ code: 'verdict', values: { strength }, message: verdict });
  return { strength, reasons };
}

export function computeChainStrengths(chains: readonly Chain[], firms: readonly ChainFirm[], cfg: StrengthConfig): ChainStrength[] {
  const byLink = new Map<string, ChainFirm[]>();
  for (const f of firms) {
    if (!f.chain || !f.link) continue;
    const k = `${f.chain}\u0000${f.link}`;
    const arr = byLink.get(k);
    if (arr) arr.push(f);
    else byLink.set(k, [f]);
  }
  const out = (f: ChainFirm) => Math.max(0, f[cfg.share_basis] || 0);
  return chains.map((c) => {
    const links = [...c.links].sort((a, b) => a.order - b.order);
    const members = links.map((l) => byLink.get(`${c.id}\u0000${l.id}`) ?? []);
    const total = members.reduce((s, m) => s + m.reduce((t, f) => t + out(f), 0), 0);
    return {
      chain: c.id,
      name: c.name,
      output_10k: total,
      links: links.map((l, i) => {
        const m = members[i] ?? [];
        const output = m.reduce((t, f) => t + out(f), 0);
        const share = total > 0 ? output / total : 0;
        const anchors = m.filter((f) => f.anchor).map((f) => f.name);
        const { strength, reasons } = classifyLink(m.length, share, anchors.length > 0, cfg);
        return {
          chain: c.id,
          link: l.id,
          order: l.order,
          name: l.name,
          firms: m.length,
          anchors,
          output_10k: output,
          share,
          strength,
          reasons,
          enterprise_ids: m.map((f) => f.id),
        };
      }),
    };
  });
}
