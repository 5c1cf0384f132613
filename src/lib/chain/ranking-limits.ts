// How much the app's 招商 ranking reads without asking (data/config/ranking.json, issue 16): over the whole territory
// the site worker reads every parcel of the sites file, which for a province is hundreds of MB held in the tab. Above
// the limit the chains panel asks first and offers the map's view (按当前地图范围找地). Parsed strictly: a wrong
// value names the file and the field. Pure.

export interface RankingLimits {
  /** Parcels in the sites file above which the whole territory's ranking is read only when the user asks for it. */
  whole_territory_ask_over: number;
}

const KEYS = new Set(['$comment', 'source', 'whole_territory_ask_over']);

export function parseRankingLimits(raw: unknown, file: string): RankingLimits {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${file}: expected an object`);
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!KEYS.has(k)) throw new Error(`${file}: ${k}: unknown key (known: whole_territory_ask_over)`);
  const over = r['whole_territory_ask_over'];
  if (typeof over !== 'number' || !Number.isInteger(over) || over < 0) {
    throw new Error(`${file}: whole_territory_ask_over: expected a whole number of parcels ≥ 0, got ${JSON.stringify(over)}`);
  }
  if (typeof r['source'] !== 'string' || r['source'].trim() === '') throw new Error(`${file}: source: say where the limit comes from`);
  return { whole_territory_ask_over: over };
}

/** Whether the whole territory's ranking waits to be asked for: `total` parcels to read, null when not known yet. */
export function wholeRankingAsks(total: number | null, limits: RankingLimits): boolean {
  return total !== null && total > limits.whole_territory_ask_over;
}
