// 招引需求清单 (demands) aimed mostly at the chains' weak and missing links, and projects through the lifecycle
// 招引落地 → 建设实施 → 竣工验收 → 投产达产 → 履约监管 (seed §13), many tied to parcels whose status fits the stage.
import type { Demand, Enterprise, Project } from '../../src/lib/data/schema.ts';
import { CHAIN_SPECS } from './chains.ts';
import type { ParcelDraft } from './parcels.ts';
import { clamp, Rng, round } from './rng.ts';

type Stage = Project['stage'];

export function makeDemands(seed: number, enterprises: Enterprise[]): Demand[] {
  const rng = new Rng(seed, 'demands');
  const count = new Map<string, number>();
  for (const e of enterprises) if (e.link) count.set(e.link, (count.get(e.link) ?? 0) + 1);
  const wanted: { chain: string; link: string; profile: string; parks: readonly string[] }[] = [];
  for (const c of CHAIN_SPECS) {
    const links = c.links.map((l) => ({ chain: c.id, link: l.id, profile: l.wanted, parks: c.parks, n: count.get(l.id) ?? 0 }));
    // Two demands for every missing or single-firm link, one more for the thinnest remaining link.
    for (const l of links.filter((x) => x.n <= 1)) wanted.push(l, l);
    const thin = links.filter((x) => x.n > 1).sort((a, b) => a.n - b.n || a.link.localeCompare(b.link))[0];
    if (thin) wanted.push(thin);
  }
  return wanted.map((w, i) => ({
    id: `D-${String(i + 1).padStart(3, '0')}`,
    chain: w.chain,
    link: w.link,
    profile: w.profile,
    land_mu: Math.round(rng.range(15, 150)),
    investment_100m: round(clamp(rng.logNormal(3, 0.7), 0.5, 30), 1),
    park: rng.chance(0.85) ? rng.pick(w.parks) : null,
    status: rng.weighted([['open', 6], ['negotiating', 2.5], ['signed', 1.5]] as const),
  }));
}

const STAGE_WORDS: Record<Stage, string> = {
  attract: '招引项目',
  construct: '新建厂房项目',
  accept: '技改扩能项目',
  produce: '智能化改造项目',
  supervise: '标准地履约项目',
};

/** At least 30 projects; the first groups follow the parcels' statuses, the rest come from the demand list. */
export function makeProjects(seed: number, parcels: ParcelDraft[], enterprises: Enterprise[], demands: Demand[]): Project[] {
  const rng = new Rng(seed, 'projects');
  const firm = new Map(enterprises.map((e) => [e.id, e]));
  const out: Project[] = [];
  const used = new Set<string>();
  const add = (p: ParcelDraft | null, stage: Stage, demand: Demand | null) => {
    const e = p?.enterprise_id ? firm.get(p.enterprise_id) ?? null : null;
    const base = e ? e.name.replace(/(股份)?有限公司$/, '') : `${p?.park ?? demand?.park ?? '宁海'}示例`;
    const link = demand ? CHAIN_SPECS.flatMap((c) => c.links).find((l) => l.id === demand.link) : undefined;
    // A few large projects (≥ 10 亿元) exist, as the 2025 target counts them.
    const investment = round(clamp(rng.chance(0.12) ? rng.range(10, 35) : rng.logNormal(2, 0.8), 0.2, 40), 1);
    if (p) used.add(p.id);
    out.push({
      id: `P-${String(out.length + 1).padStart(3, '0')}`,
      name: `${base}${link && !e ? link.zh : ''}${STAGE_WORDS[stage]}`,
      parcel_id: p?.id ?? null,
      enterprise_id: e?.id ?? null,
      investment_100m: investment,
      stage,
      chain: e?.chain ?? demand?.chain ?? null,
      // A project answering a demand fills that demand's link (强链补链); the others name none.
      link: demand && (e?.chain ?? demand.chain) === demand.chain ? demand.link : null,
      manufacturing: true,
    });
  };
  const pick = (filter: (p: ParcelDraft) => boolean, n: number) =>
    rng.shuffled(parcels.filter((p) => filter(p) && !used.has(p.id))).slice(0, n);
  // A few projects under construction answer a demand of their firm's chain (强链补链 that has landed); the
  // demand is taken in list order, not drawn, so the random stream and everything after it stay as they were.
  let landedForDemand = 0;
  for (const p of pick((p) => p.status === 'under_construction' && p.enterprise_id !== null, 10)) {
    const chain = firm.get(p.enterprise_id ?? '')?.chain ?? null;
    const answered = landedForDemand < 3 && chain ? demands.filter((d) => d.chain === chain)[landedForDemand] ?? null : null;
    if (answered) landedForDemand++;
    add(p, 'construct', answered);
  }
  for (const p of pick((p) => p.status === 'built_not_operating' && p.enterprise_id !== null, 5)) add(p, 'accept', null);
  for (const p of pick((p) => p.status === 'in_use' && p.standard_land && p.enterprise_id !== null, 8)) add(p, 'produce', null);
  for (const p of pick((p) => p.status === 'operating_below_target' && p.enterprise_id !== null, 5)) add(p, 'supervise', null);
  const courted = demands.filter((d) => d.status !== 'open');
  const pool = courted.length ? courted : demands;
  for (const p of pick((p) => p.status === 'for_transfer', 5)) add(p, 'attract', rng.pick(pool));
  for (let i = 0; i < 5; i++) add(null, 'attract', rng.pick(pool));
  // Top up from standard-land parcels in use if a small county left any group short.
  while (out.length < 30) {
    const [p] = pick((q) => q.status === 'in_use' && q.enterprise_id !== null, 1);
    if (!p) throw new Error('sample: not enough parcels for 30 projects');
    add(p, 'produce', null);
  }
  return out;
}
