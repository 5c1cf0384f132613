import { describe, expect, it } from 'vitest';
import raw from '../../../data/policy/ninghai-2021-2025.json' with { type: 'json' };
import type { Chain } from '../data/schema.ts';
import { parseChainConfig, type StrengthConfig } from './config.ts';
import { classifyLink, computeChainStrengths, type ChainFirm } from './strength.ts';

const cfg: StrengthConfig = { share_basis: 'value_added_10k', weak_min_firms: 1, strong_min_firms: 10, strong_min_share: 0.1, strong_with_anchor_min_firms: 3 };

const chain: Chain = {
  id: 'c',
  name: { zh: '测试链', en: 'Test chain' },
  // Deliberately out of order: the result must follow `order` upstream → downstream.
  links: [
    { id: 'l3', name: { zh: '三', en: 'three' }, order: 3 },
    { id: 'l1', name: { zh: '一', en: 'one' }, order: 1 },
    { id: 'l2', name: { zh: '二', en: 'two' }, order: 2 },
    { id: 'l4', name: { zh: '四', en: 'four' }, order: 4 },
  ],
};
const firm = (id: string, link: string, va: number, anchor = false): ChainFirm => ({ id, name: `企业${id}`, chain: 'c', link, anchor, value_added_10k: va, revenue_10k: va * 5 });

describe('link strength (worked example)', () => {
  // l1: 12 firms × 10 万元 = 120; l2: 3 firms × 20 = 60 with an anchor; l3: 2 × 10 = 20; l4: none. Chain total 200.
  const firms: ChainFirm[] = [
    ...Array.from({ length: 12 }, (_, i) => firm(`a${i}`, 'l1', 10)),
    firm('b0', 'l2', 20, true),
    firm('b1', 'l2', 20),
    firm('b2', 'l2', 20),
    firm('c0', 'l3', 10),
    firm('c1', 'l3', 10),
    { ...firm('x', 'l1', 999), chain: 'other' }, // another chain: must not count
  ];
  const [c] = computeChainStrengths([chain], firms, cfg);

  it('orders links upstream → downstream and counts firms and shares', () => {
    expect(c!.links.map((l) => l.link)).toEqual(['l1', 'l2', 'l3', 'l4']);
    expect(c!.links.map((l) => l.firms)).toEqual([12, 3, 2, 0]);
    expect(c!.output_10k).toBe(200);
    expect(c!.links.map((l) => l.share)).toEqual([0.6, 0.3, 0.1, 0]);
    expect(c!.links[1]!.anchors).toEqual(['企业b0']);
  });

  it('classifies 强 by count+share, 强 by anchor, 弱 and 缺, with reasons', () => {
    expect(c!.links.map((l) => l.strength)).toEqual(['strong', 'strong', 'weak', 'missing']);
    const verdict = (i: number) => c!.links[i]!.reasons.find((r) => r.code === 'verdict')!.message.zh;
    expect(verdict(0)).toBe('强：企业数 12 ≥ 10 且份额 60.0% ≥ 10.0%');
    expect(verdict(1)).toBe('强：有链主且企业数 3 ≥ 3');
    expect(verdict(2)).toBe('弱：企业数 2 < 10');
    expect(verdict(3)).toBe('缺：企业数 0 < 1');
    expect(c!.links[2]!.reasons.find((r) => r.code === 'share')!.message.zh).toBe('占全链增加值 10.0%');
  });

  it('thresholds are inclusive and the share threshold alone can make a link weak', () => {
    expect(classifyLink(10, 0.1, false, cfg).strength).toBe('strong');
    expect(classifyLink(10, 0.0999, false, cfg).strength).toBe('weak');
    expect(classifyLink(9, 0.9, false, cfg).strength).toBe('weak');
    expect(classifyLink(2, 0.5, true, cfg).strength).toBe('weak');
    expect(classifyLink(1, 0, false, cfg).strength).toBe('weak');
    expect(classifyLink(0, 0, false, cfg).strength).toBe('missing');
  });

  it('revenue basis changes the share (configuration, not code)', () => {
    const rev = computeChainStrengths([chain], [firm('a', 'l1', 10), { ...firm('b', 'l2', 10), revenue_10k: 150 }], { ...cfg, share_basis: 'revenue_10k' });
    // l1 revenue 50, l2 revenue 150 → 25 % and 75 %.
    expect(rev[0]!.links.map((l) => l.share).slice(0, 2)).toEqual([0.25, 0.75]);
  });
});

describe('chains policy section', () => {
  it('parses the shipped thresholds and weights', () => {
    const c = parseChainConfig(raw, 'ninghai');
    expect(c.strength.strong_min_firms).toBe(10);
    expect(Object.values(c.ranking.weights).reduce((a, b) => a + b, 0)).toBe(100);
  });
  it('names the path of a bad value', () => {
    const bad = structuredClone(raw) as unknown as { chains: { ranking: { weights: Record<string, unknown> } } };
    bad.chains.ranking.weights['park'] = 'ten';
    expect(() => parseChainConfig(bad, 'p.json')).toThrow('p.json.chains.ranking.weights.park: expected a number, got "ten"');
  });
});
