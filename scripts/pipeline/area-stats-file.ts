// internal/area-stats.json: the statistics of the county and of each town, park and low-efficiency block, folded
// parcel by parcel as the build derives them (AreaStatsFold, the function the statistics panel and `tenglong stats`
// use), so the panel shows them without reading the county's parcels (issue 16), with each area's parcels' bounding
// box, so the print page fits and lays out a town, park or block atlas without them too. Memory: one fold per area.
import { writeFile } from 'node:fs/promises';
import { AreaStatsFold, compareNames, type AreaStats, type AreaStatsFile, type StatsEnterprise, type StatsParcelProps } from '../../src/lib/stats/area-stats.ts';

export class AreaStatsWriter {
  readonly #county = new AreaStatsFold();
  readonly #towns = new Map<string, AreaStatsFold>();
  readonly #parks = new Map<string, AreaStatsFold>();
  readonly #blocks = new Map<string, AreaStatsFold>();
  /** Each firm's 亩 over the county: the denominator of its land share (firmLand). */
  readonly #land = new Map<string, number>();

  /** `bbox` = the parcel's box [w, s, e, n]: each area's box is their union (the print page fits areas by it). */
  add(p: StatsParcelProps, bbox?: readonly [number, number, number, number]): void {
    this.#county.add(p, bbox);
    const into = (m: Map<string, AreaStatsFold>, key: string | null | undefined) => {
      if (!key) return;
      let f = m.get(key);
      if (!f) m.set(key, (f = new AreaStatsFold()));
      f.add(p, bbox);
    };
    into(this.#towns, p.town);
    into(this.#parks, p.park);
    into(this.#blocks, p.low_eff_block);
    const e = p.enterprise_id;
    if (e) this.#land.set(e, (this.#land.get(e) ?? 0) + p.area_mu_planar);
  }

  result(enterprises: ReadonlyMap<string, StatsEnterprise>): AreaStatsFile {
    const all = (m: Map<string, AreaStatsFold>): Record<string, AreaStats> =>
      Object.fromEntries([...m.keys()].sort(compareNames).map((k) => [k, m.get(k)!.result(enterprises, this.#land)]));
    return {
      names: { towns: [...this.#towns.keys()].sort(compareNames), parks: [...this.#parks.keys()].sort(compareNames) },
      county: this.#county.result(enterprises, this.#land),
      towns: all(this.#towns),
      parks: all(this.#parks),
      blocks: all(this.#blocks),
    };
  }

  async write(path: string, enterprises: ReadonlyMap<string, StatsEnterprise>): Promise<void> {
    await writeFile(path, JSON.stringify(this.result(enterprises)));
  }
}
