// The score of a site for a demand: six weighted parts (area fit, control line, FAR, outside the central area,
// distance to chain partners, preferred park), as bare 0–1 values for the ranking's bounds (partValues, weighted)
// or explained part by part for the answer (scoreSite), and the order of scored sites. No rule check here. Pure.
import { SCORE_PARTS, type RankingConfig } from './config.ts';
import type { DemandInput, NearestPartner, ScorePartResult, SiteParcel } from './site-types.ts';

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

/** The 0–1 value of each score part, in SCORE_PARTS order (no strings: this runs for every fitting parcel). */
export function partValues(p: Pick<SiteParcel, 'area_mu' | 'control_line' | 'far_max' | 'zone' | 'park'>, d: DemandInput, needFar: number, nearestKm: readonly number[], sides: number, cfg: RankingConfig): number[] {
  const fit = Math.min(p.area_mu, d.land_mu) / Math.max(p.area_mu, d.land_mu);
  let dist = 0;
  if (sides > 0) {
    const span = cfg.distance_zero_km - cfg.distance_full_km;
    let sum = 0;
    for (const km of nearestKm) sum += Math.max(0, Math.min(1, (cfg.distance_zero_km - km) / span));
    dist = sum / sides;
  }
  return [
    fit,
    p.control_line > 0 ? 1 : 0,
    p.far_max === null || p.far_max >= needFar ? 1 : 0,
    p.zone === 'central' ? 0 : 1,
    dist,
    d.park === null || p.park === d.park ? 1 : 0,
  ];
}

/** The score: each part's value times its weight, summed. */
export function weighted(values: readonly number[], cfg: RankingConfig): number {
  let score = 0;
  for (let i = 0; i < SCORE_PARTS.length; i++) score += cfg.weights[SCORE_PARTS[i]!] * (values[i] ?? 0);
  return score;
}

/** Scores one parcel for a demand (no rule check), with each part explained. */
export function scoreSite(
  p: SiteParcel,
  d: DemandInput,
  needFar: number,
  nearest: NearestPartner[],
  sides: number,
  cfg: RankingConfig,
): { score: number; parts: ScorePartResult[] } {
  const v = partValues(p, d, needFar, nearest.map((n) => n.km), sides, cfg);
  const w = cfg.weights;
  const parts: ScorePartResult[] = [];
  const add = (i: number, zh: string, en: string) => {
    const part = SCORE_PARTS[i]!;
    const value = v[i] ?? 0;
    parts.push({ part, weight: w[part], value, points: w[part] * value, detail: { zh, en } });
  };
  const fit = v[0] ?? 0;
  add(0, `${f1(p.area_mu)} 亩 / 需求 ${f1(d.land_mu)} 亩，吻合度 ${f2(fit)}`, `${f1(p.area_mu)} mu vs ${f1(d.land_mu)} mu needed, fit ${f2(fit)}`);
  add(
    1,
    p.control_line > 0 ? `位于${p.control_line === 1 ? '一级' : '二级'}工业区块控制线内` : '不在工业区块控制线内',
    p.control_line > 0 ? `Inside a level-${p.control_line} control line` : 'Outside every control line',
  );
  const farOk = v[2] === 1;
  add(
    2,
    p.far_max === null ? `无容积率上限，可达 ${f1(needFar)}` : `容积率上限 ${f1(p.far_max)} ${farOk ? '≥' : '<'} 所需 ${f1(needFar)}`,
    p.far_max === null ? `No FAR cap: ${f1(needFar)} allowed` : `FAR cap ${f1(p.far_max)} ${farOk ? '≥' : '<'} ${f1(needFar)} needed`,
  );
  add(3, p.zone === 'central' ? '位于中心城区限制区' : '不在中心城区限制区', p.zone === 'central' ? 'Inside the central restricted area' : 'Outside the central restricted area');
  if (sides === 0) add(4, '本链无上下游企业可参照', 'No upstream or downstream firms in this chain');
  else {
    const zh = nearest.map((n) => `${n.side === 'upstream' ? '上游' : '下游'} ${f2(n.km)} km`).join('，');
    const en = nearest.map((n) => `${n.side} ${f2(n.km)} km`).join(', ');
    add(4, zh || '无可达伙伴', en || 'no partner reachable');
  }
  const parkV = v[5] === 1;
  add(
    5,
    d.park === null ? '需求未指定园区' : parkV ? `位于意向园区 ${d.park}` : `不在意向园区 ${d.park}（${p.park ?? '园区外'}）`,
    d.park === null ? 'No preferred park' : parkV ? `In the preferred park ${d.park}` : `Not in the preferred park ${d.park} (${p.park ?? 'no park'})`,
  );
  return { score: weighted(v, cfg), parts };
}

/** Score order: higher first, then id ascending (reproducible ties). */
export function scoresBefore(scoreA: number, idA: string, scoreB: number, idB: string): boolean {
  return scoreA > scoreB || (scoreA === scoreB && idA < idB);
}
